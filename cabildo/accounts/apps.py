from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem


class AccountsConfig(AppConfig):
    name = "cabildo.accounts"
    label = "accounts"
    verbose_name = _("Usuarios y roles")
    staff_nav = [
        NavItem(_("Mi escritorio"), "accounts:desk", "accounts.view_desk", order=0),
        NavItem(
            _("Usuarios y roles"), "accounts:membership_list", "accounts.view_membership", order=95
        ),
    ]

    def ready(self) -> None:
        from cabildo.accounts import signals  # noqa: F401
