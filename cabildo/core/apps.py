from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem


class CoreConfig(AppConfig):
    name = "cabildo.core"
    label = "core"
    verbose_name = _("Entidades y dependencias")
    staff_nav = [
        NavItem(_("Dependencias"), "core:area_list", "core.view_area", order=90),
        NavItem(_("Datos de la entidad"), "core:entity_update", "core.change_entity", order=96),
    ]
