from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wegwijzer.catalog import models
from wegwijzer.catalog.fields import ChoiceSetField
from wegwijzer.core.admin import ContentAdmin, ReviewStatusFilter


@admin.register(models.Tool)
class ToolAdmin(ContentAdmin):
    list_display = [
        "title_nl",
        "kind",
        "basis",
        "cost",
        "status",
        "checked_on",
        "review_by",
        "overdue",
    ]
    list_filter = ["status", "kind", "basis", "cost", ReviewStatusFilter]
    search_fields = ["key", "title_nl", "title_en", "summary_nl", "providers__name"]
    filter_horizontal = ["providers", "forms"]
    readonly_fields = ["created_at", "updated_at"]
    # the admin would otherwise give this integer-based field a number input
    formfield_overrides = {
        ChoiceSetField: {"widget": forms.CheckboxSelectMultiple},
        models.models.URLField: {"assume_scheme": "https"},
    }
    fieldsets = [
        (None, {"fields": ["key", "status", "kind", "providers", "link"]}),
        (
            _("Dutch"),
            {
                "fields": [
                    "title_nl",
                    "summary_nl",
                    "description_nl",
                    "duration_nl",
                    "cost_note_nl",
                    "recognition_note_nl",
                ]
            },
        ),
        (
            _("English"),
            {
                "fields": [
                    "title_en",
                    "summary_en",
                    "description_en",
                    "duration_en",
                    "cost_note_en",
                    "recognition_note_en",
                ]
            },
        ),
        (
            _("For whom and where"),
            {"fields": ["audiences", "settings", "age_min", "age_max", "forms", "languages"]},
        ),
        (
            _("Basis and recognition"),
            {"fields": ["basis", "recognition_body", "recognition_level", "recognition_date"]},
        ),
        (_("Cost"), {"fields": ["cost"]}),
        ContentAdmin.source_fieldset,
    ]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True
