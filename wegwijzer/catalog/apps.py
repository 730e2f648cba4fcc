from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "wegwijzer.catalog"
    verbose_name = _("Tool catalogue")

    def ready(self) -> None:
        from wegwijzer.catalog import models as m
        from wegwijzer.catalog import search, signals
        from wegwijzer.catalog.content_schema import ToolEntry
        from wegwijzer.catalog.public_pages import sample_paths
        from wegwijzer.core import public_pages
        from wegwijzer.core.content import ContentKind, register

        register(
            ContentKind(
                "tools",
                "tools.yaml",
                ToolEntry,
                m.Tool,
                order=60,
                many_to_many={"providers": "organisations", "forms": "forms"},
                after_load=search.rebuild_index,
            )
        )
        signals.connect()
        public_pages.register(sample_paths)
