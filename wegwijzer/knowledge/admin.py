from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.admin import ContentAdmin, ReviewStatusFilter
from wegwijzer.knowledge import models


@admin.register(models.FormOfBehaviour)
class FormOfBehaviourAdmin(ContentAdmin):
    list_display = ["name_nl", "key", "group", "checked_on", "review_by", "overdue"]
    list_filter = ["group", ReviewStatusFilter]
    search_fields = ["key", "name_nl", "name_en", "definition_nl"]
    filter_horizontal = ["related"]
    fieldsets = [
        (None, {"fields": ["key", "group", "order", "related"]}),
        (
            _("Dutch"),
            {"fields": ["name_nl", "summary_nl", "definition_nl", "synonyms_nl", "examples_nl"]},
        ),
        (
            _("English"),
            {"fields": ["name_en", "summary_en", "definition_en", "synonyms_en", "examples_en"]},
        ),
        ContentAdmin.source_fieldset,
    ]


@admin.register(models.Signal)
class SignalAdmin(ContentAdmin):
    list_display = ["title_nl", "kind", "order", "checked_on", "review_by", "overdue"]
    list_filter = ["kind", ReviewStatusFilter]
    search_fields = ["key", "title_nl", "description_nl"]
    fieldsets = [
        (None, {"fields": ["key", "kind", "order"]}),
        (_("Dutch"), {"fields": ["title_nl", "description_nl"]}),
        (_("English"), {"fields": ["title_en", "description_en"]}),
        ContentAdmin.source_fieldset,
    ]


@admin.register(models.Fact)
class FactAdmin(ContentAdmin):
    list_display = ["__str__", "figure", "year", "checked_on", "review_by", "overdue"]
    search_fields = ["key", "statement_nl", "source_title"]
    fieldsets = [
        (None, {"fields": ["key", "order", "figure", "year"]}),
        (_("Dutch"), {"fields": ["statement_nl"]}),
        (_("English"), {"fields": ["statement_en"]}),
        (
            _("Source and review"),
            {
                "fields": [
                    "source_title",
                    "source_publisher",
                    "source_url",
                    "checked_on",
                    "review_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]


@admin.register(models.Organisation)
class OrganisationAdmin(ContentAdmin):
    list_display = ["name", "website", "contributed_to_guide", "checked_on", "review_by", "overdue"]
    list_filter = ["contributed_to_guide", ReviewStatusFilter]
    search_fields = ["key", "name"]
    fieldsets = [
        (None, {"fields": ["key", "name", "website", "contributed_to_guide"]}),
        (_("Dutch"), {"fields": ["description_nl"]}),
        (_("English"), {"fields": ["description_en"]}),
        ContentAdmin.source_fieldset,
    ]


@admin.register(models.HelpContact)
class HelpContactAdmin(ContentAdmin):
    list_display = ["name_nl", "phone", "emergency", "checked_on", "review_by", "overdue"]
    list_filter = ["emergency", ReviewStatusFilter]
    search_fields = ["key", "name_nl", "phone"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["key", "order", "organisation", "emergency", "phone", "website"]}),
        (
            _("Dutch"),
            {"fields": ["name_nl", "purpose_nl", "when_to_call_nl", "audience_nl", "hours_nl"]},
        ),
        (
            _("English"),
            {"fields": ["name_en", "purpose_en", "when_to_call_en", "audience_en", "hours_en"]},
        ),
        ContentAdmin.source_fieldset,
    ]
