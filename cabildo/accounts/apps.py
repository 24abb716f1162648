from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cabildo.accounts"
    label = "accounts"
    verbose_name = _("Usuarios y roles")

    def ready(self) -> None:
        from cabildo.accounts import signals  # noqa: F401
