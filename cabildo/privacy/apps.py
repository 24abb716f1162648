from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "cabildo.privacy"
    label = "privacy"
    verbose_name = _("Protección de datos personales")
