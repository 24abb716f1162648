from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExecutionConfig(AppConfig):
    name = "cabildo.execution"
    label = "execution"
    verbose_name = _("Ejecución del plan")
