from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchdataConfig(AppConfig):
    """Installed only for its ``generate_data`` command (no models, no URLs)."""

    name = "cabildo.benchdata"
    label = "benchdata"
    verbose_name = _("Datos sintéticos")
