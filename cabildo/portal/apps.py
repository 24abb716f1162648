from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem


class PortalConfig(AppConfig):
    name = "cabildo.portal"
    label = "portal"
    verbose_name = _("Portal Participa")
    public_nav = [
        NavItem(_("Participa"), "portal:participa", order=10),
        NavItem(_("Canales de atención"), "portal:channels", order=85),
        NavItem(_("Datos abiertos"), "opendata:index", order=90),
    ]
    staff_nav = [
        NavItem(
            _("Canales de atención"),
            "portal:channel_list",
            "portal.view_attentionchannel",
            order=90,
        ),
    ]
