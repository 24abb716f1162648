from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "cabildo.stakeholders"
    label = "stakeholders"
    verbose_name = _("Grupos de valor")
