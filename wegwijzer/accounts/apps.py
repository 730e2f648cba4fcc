from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wegwijzer.accounts"
    verbose_name = _("Accounts and security")

    def ready(self) -> None:
        from wegwijzer.accounts import signals  # noqa: F401  (connects the handlers)
