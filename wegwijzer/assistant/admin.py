from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wegwijzer.assistant import models
from wegwijzer.core.admin import ContentAdmin, ReviewStatusFilter


@admin.register(models.AssistantQuestion)
class AssistantQuestionAdmin(ContentAdmin):
    """Texts only: the questions and their values are fixed (the API uses them)."""

    list_display = ["question_nl", "key", "order", "checked_on", "review_by", "overdue"]
    search_fields = ["key", "question_nl", "question_en"]
    readonly_fields = [*ContentAdmin.readonly_fields, "key"]
    fieldsets = [
        (None, {"fields": ["key", "order", "options"]}),
        (
            _("Dutch"),
            {
                "fields": [
                    "question_nl",
                    "hint_nl",
                    "short_nl",
                    "default_role_nl",
                    "default_board_nl",
                ]
            },
        ),
        (
            _("English"),
            {
                "fields": [
                    "question_en",
                    "hint_en",
                    "short_en",
                    "default_role_en",
                    "default_board_en",
                ]
            },
        ),
        ContentAdmin.source_fieldset,
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.AssistantStep)
class AssistantStepAdmin(ContentAdmin):
    list_display = [
        "key",
        "title_nl",
        "phase",
        "order",
        "certain_only",
        "checked_on",
        "review_by",
        "overdue",
    ]
    list_filter = ["phase", ReviewStatusFilter]
    search_fields = ["key", "title_nl", "title_en", "how_nl"]
    filter_horizontal = ["contacts", "superseded_by"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "key",
                    "phase",
                    "order",
                    "when",
                    "certain_only",
                    "superseded_by",
                    "contacts",
                    "contact_when",
                ]
            },
        ),
        (_("Dutch"), {"fields": ["title_nl", "why_nl", "how_nl", "if_unsure_nl"]}),
        (_("English"), {"fields": ["title_en", "why_en", "how_en", "if_unsure_en"]}),
        (_("Notes"), {"fields": ["notes"]}),
        (
            _("Source and review"),
            {
                "fields": [
                    "source_title",
                    "source_url",
                    "more_sources",
                    "checked_on",
                    "review_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]


@admin.register(models.AssistantNeverDo)
class AssistantNeverDoAdmin(ContentAdmin):
    list_display = ["__str__", "key", "order", "checked_on", "review_by", "overdue"]
    search_fields = ["key", "text_nl", "text_en"]
    fieldsets = [
        (None, {"fields": ["key", "order", "when"]}),
        (_("Dutch"), {"fields": ["text_nl"]}),
        (_("English"), {"fields": ["text_en"]}),
        ContentAdmin.source_fieldset,
    ]


@admin.register(models.AssistantGuide)
class AssistantGuideAdmin(ContentAdmin):
    list_display = ["title_nl", "key", "order", "checked_on", "review_by", "overdue"]
    search_fields = ["key", "title_nl", "title_en"]
    filter_horizontal = ["show_with"]
    fieldsets = [
        (None, {"fields": ["key", "order", "show_with"]}),
        (_("Dutch"), {"fields": ["title_nl", "intro_nl", "items_nl"]}),
        (_("English"), {"fields": ["title_en", "intro_en", "items_en"]}),
        ContentAdmin.source_fieldset,
    ]
