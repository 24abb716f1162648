from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem


class PlansConfig(AppConfig):
    name = "cabildo.plans"
    label = "plans"
    verbose_name = _("Plan de participación")
    public_nav = [NavItem(_("Plan de participación"), "plans:public_list", order=30)]
    staff_nav = [
        NavItem(
            _("Plan de participación"), "plans:plan_list", "plans.view_participationplan", order=30
        )
    ]
    desk_sections = "cabildo.plans.desk.sections"
