from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """The general consultation: its cases (the plan de participación's consultation, a
    policy's draft) are concrete models in their own apps built on the abstract ones here."""

    name = "cabildo.consultations"
    label = "consultations"
    verbose_name = _("Consultas ciudadanas")
