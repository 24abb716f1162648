from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem


class StakeholdersConfig(AppConfig):
    name = "cabildo.stakeholders"
    label = "stakeholders"
    verbose_name = _("Grupos de valor")
    open_datasets = "cabildo.stakeholders.datasets.DATASETS"
    staff_nav = [
        NavItem(
            _("Grupos de valor"), "stakeholders:list", "stakeholders.view_stakeholdergroup", 61
        ),
    ]
    desk_sections = "cabildo.stakeholders.desk.sections"

    def ready(self) -> None:
        from cabildo.stakeholders import signals  # noqa: F401
