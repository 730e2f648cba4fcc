from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "wegwijzer.assistant"
    verbose_name = _("Incident assistant")

    def ready(self) -> None:
        from wegwijzer.assistant import content_schema as s
        from wegwijzer.assistant import models as m
        from wegwijzer.assistant.public_pages import sample_paths
        from wegwijzer.assistant.selectors import check_loaded_rules
        from wegwijzer.core import public_pages
        from wegwijzer.core.content import ContentKind, register

        register(
            ContentKind(
                "assistant_questions",
                "assistant_questions.yaml",
                s.QuestionEntry,
                m.AssistantQuestion,
                order=70,
            )
        )
        register(
            ContentKind(
                "assistant_steps",
                "assistant_steps.yaml",
                s.StepEntry,
                m.AssistantStep,
                order=71,
                many_to_many={"superseded_by": "assistant_steps", "contacts": "contacts"},
                extra_fields=lambda entry: {"contact_order": list(entry.contacts)},
            )
        )
        register(
            ContentKind(
                "assistant_never_do",
                "assistant_never_do.yaml",
                s.NeverDoEntry,
                m.AssistantNeverDo,
                order=72,
            )
        )
        register(
            ContentKind(
                "assistant_guides",
                "assistant_guides.yaml",
                s.GuideEntry,
                m.AssistantGuide,
                order=73,
                many_to_many={"show_with": "assistant_steps"},
                after_load=check_loaded_rules,
            )
        )
        public_pages.register(sample_paths)
