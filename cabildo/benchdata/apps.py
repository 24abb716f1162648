from django.apps import AppConfig


class BenchdataConfig(AppConfig):
    """Installed only for its ``generate_data`` command (no models, no URLs)."""

    name = "cabildo.benchdata"
    label = "benchdata"
    verbose_name = "Datos sintéticos"
