from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem


class WorkdaysConfig(AppConfig):
    name = "cabildo.workdays"
    label = "workdays"
    verbose_name = _("Calendario de días hábiles")
    public_nav = [
        NavItem(_("Calculadora de plazos"), "workdays:calculator", order=80),
    ]
    staff_nav = [
        NavItem(
            _("Días de cierre"), "workdays:closure_day_list", "workdays.view_closureday", order=95
        ),
    ]
