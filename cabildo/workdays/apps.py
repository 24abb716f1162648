from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem, ParticipaSection, PublicLink


class WorkdaysConfig(AppConfig):
    name = "cabildo.workdays"
    label = "workdays"
    verbose_name = _("Calendario de días hábiles")
    participa_links = [
        PublicLink(
            ParticipaSection.SOCIAL_CONTROL,
            _("Calculadora de plazos"),
            "workdays:calculator",
            _("Calcule en días hábiles la fecha límite para responder una petición."),
            order=80,
        ),
    ]
    public_nav = [
        NavItem(_("Calculadora de plazos"), "workdays:calculator", order=80),
    ]
    staff_nav = [
        NavItem(
            _("Días de cierre"), "workdays:closure_day_list", "workdays.view_closureday", order=95
        ),
    ]
