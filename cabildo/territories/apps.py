from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem


class TerritoriesConfig(AppConfig):
    name = "cabildo.territories"
    label = "territories"
    verbose_name = _("Territorios")
    staff_nav = [
        NavItem(_("Territorios"), "territories:list", "territories.view_territory", 60),
    ]

    def ready(self) -> None:
        from cabildo.territories import rules  # noqa: F401
