from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem


class BodiesConfig(AppConfig):
    name = "cabildo.bodies"
    label = "bodies"
    verbose_name = _("Instancias de participación")
    staff_nav = [
        NavItem(_("Instancias"), "bodies:list", "bodies.view_participationbody", 62),
        NavItem(_("Sistema municipal"), "bodies:overview", "bodies.view_overview", 63),
    ]
    public_nav = [
        NavItem(_("Instancias de participación"), "bodies:directory", None, 30),
        NavItem(_("Sistema municipal de participación"), "bodies:public_overview", None, 31),
    ]
