from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "wegwijzer.knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from wegwijzer.core import public_pages
        from wegwijzer.core.content import ContentKind, register
        from wegwijzer.knowledge import content_schema as s
        from wegwijzer.knowledge import models as m
        from wegwijzer.knowledge.public_pages import sample_paths

        register(
            ContentKind(
                "organisations", "organisations.yaml", s.OrganisationEntry, m.Organisation, order=10
            )
        )
        register(
            ContentKind(
                "forms",
                "forms.yaml",
                s.FormEntry,
                m.FormOfBehaviour,
                order=20,
                many_to_many={"related": "forms"},
            )
        )
        register(ContentKind("signals", "signals.yaml", s.SignalEntry, m.Signal, order=30))
        register(ContentKind("facts", "facts.yaml", s.FactEntry, m.Fact, order=40))
        register(
            ContentKind(
                "contacts",
                "contacts.yaml",
                s.ContactEntry,
                m.HelpContact,
                order=50,
                foreign_keys={"organisation": "organisations"},
            )
        )
        public_pages.register(sample_paths)
