from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem, PersonalDataSource


class PrivacyConfig(AppConfig):
    name = "cabildo.privacy"
    label = "privacy"
    verbose_name = _("Protección de datos personales")
    personal_data = [
        PersonalDataSource(
            "privacy.consent",
            _("Autorizaciones de tratamiento de datos"),
            email="subject_email",
            name="subject_name",
            other=("guardian_name",),
            show=("purpose", "policy_version", "given_at"),
        ),
    ]
    staff_nav = [
        NavItem(
            _("Derechos de los titulares"),
            "privacy:data_subjects",
            "privacy.manage_data_subjects",
            order=97,
        ),
    ]
    public_nav = [NavItem(_("Tratamiento de datos personales"), "privacy:policy", order=90)]
