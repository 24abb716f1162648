"""Append-only log of sensitive reads and actions (Ley 1581, MIPG internal control).

The change history of domain rows lives in django-simple-history; this log records what the
history cannot see: who logged in (or failed to), who exported personal data, who downloaded
an attachment, who changed someone's role. Rows are never changed or deleted through the ORM.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cabildo.core.models import Entity, TenantQuerySet

USER_AGENT_MAX_LENGTH = 300
TARGET_REPR_MAX_LENGTH = 200
DETAIL_MAX_LENGTH = 500


class AccessAction(models.TextChoices):
    LOGIN = "login", _("Inicio de sesión")
    LOGIN_FAILED = "login_failed", _("Intento de inicio de sesión fallido")
    LOGOUT = "logout", _("Cierre de sesión")
    LOCKOUT = "lockout", _("Bloqueo por intentos fallidos")
    ROLE_CHANGE = "role_change", _("Cambio de rol")
    PERSONAL_DATA_EXPORT = "personal_data_export", _("Exportación de datos personales")
    PERSONAL_DATA_VIEW = "personal_data_view", _("Consulta de datos personales")
    ATTACHMENT_DOWNLOAD = "attachment_download", _("Descarga de adjunto")
    DATA_SUBJECT_REQUEST = "data_subject_request", _("Atención de derechos del titular")
    ANONYMIZATION = "anonymization", _("Anonimización")
    TWO_FACTOR_ENABLED = "two_factor_enabled", _("Segundo factor activado")
    TWO_FACTOR_DISABLED = "two_factor_disabled", _("Segundo factor desactivado")


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a row of the access log."""


class AccessLogQuerySet(TenantQuerySet["AccessLog"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The access log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The access log is append-only.")


class AccessLog(models.Model):
    """One sensitive read or action. ``entity`` is empty for events outside an entity."""

    entity = models.ForeignKey(
        Entity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_logs",
        verbose_name=_("entidad"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_logs",
        verbose_name=_("usuario"),
    )
    action = models.CharField(_("acción"), max_length=30, choices=AccessAction.choices)
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tipo de objeto"),
    )
    target_id = models.CharField(_("identificador del objeto"), max_length=64, blank=True)
    target_repr = models.CharField(_("objeto"), max_length=TARGET_REPR_MAX_LENGTH, blank=True)
    detail = models.CharField(_("detalle"), max_length=DETAIL_MAX_LENGTH, blank=True)
    ip = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True)
    user_agent = models.CharField(_("navegador"), max_length=USER_AGENT_MAX_LENGTH, blank=True)
    at = models.DateTimeField(_("fecha y hora"), default=timezone.now, db_index=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("registro de acceso")
        verbose_name_plural = _("registros de acceso")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["entity", "-at"], name="accesslog_entity_at"),
            models.Index(fields=["action", "-at"], name="accesslog_action_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The access log is append-only.")
