from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem


class ExecutionConfig(AppConfig):
    name = "cabildo.execution"
    label = "execution"
    verbose_name = _("Ejecución del plan")
    desk_sections = "cabildo.execution.desk.sections"
    public_nav = [NavItem(_("Eventos"), "execution:public_list", order=35)]
    staff_nav = [
        NavItem(_("Eventos"), "execution:event_list", "execution.view_event", order=35),
        NavItem(
            _("Aportes"), "execution:contribution_list", "execution.view_contribution", order=36
        ),
        NavItem(
            _("Compromisos"),
            "execution:commitment_list",
            "execution.view_commitment",
            order=37,
        ),
    ]
