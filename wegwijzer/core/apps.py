from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "wegwijzer.core"
    verbose_name = _("Site")

    def ready(self) -> None:
        from wegwijzer.core import signals

        signals.connect()


class WegwijzerAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "wegwijzer.core.admin_site.WegwijzerAdminSite"
