from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem


class PrivacyConfig(AppConfig):
    name = "cabildo.privacy"
    label = "privacy"
    verbose_name = _("Protección de datos personales")
    staff_nav = [
        NavItem(
            _("Derechos de los titulares"),
            "privacy:data_subjects",
            "privacy.manage_data_subjects",
            order=97,
        ),
    ]
    public_nav = [NavItem(_("Tratamiento de datos personales"), "privacy:policy", order=90)]
