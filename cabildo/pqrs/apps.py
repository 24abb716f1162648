from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PqrsConfig(AppConfig):
    name = "cabildo.pqrs"
    label = "pqrs"
    verbose_name = _("PQRSD")
