from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem


class AuditConfig(AppConfig):
    name = "cabildo.audit"
    label = "audit"
    verbose_name = _("Auditoría")
    staff_nav = [
        NavItem(_("Actividad reciente"), "audit:activity", "audit.view_activity", order=95),
        NavItem(_("Registro de accesos"), "audit:access_log", "audit.view_accesslog", order=96),
    ]

    def ready(self) -> None:
        from cabildo.audit import signals  # noqa: F401
