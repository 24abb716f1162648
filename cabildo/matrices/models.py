"""An import of a matrix waiting for confirmation, and the audit record once applied."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cabildo.core.models import TenantModel


class MatrixImportStatus(models.TextChoices):
    READING = "leyendo", _("Leyendo el archivo")
    PENDING = "pendiente", _("Pendiente de confirmar")
    FAILED = "con_errores", _("Con errores")
    APPLYING = "aplicando", _("Aplicando")
    APPLIED = "aplicada", _("Aplicada")
    DISCARDED = "descartada", _("Descartada")


class MatrixImport(TenantModel):
    """A matrix read from a file (instancias, grupos de valor, plan de mejoramiento,
    indicators, measurements, autodiagnóstico), waiting for the official who uploaded it to
    confirm; see :mod:`cabildo.matrices.services`.

    ``rows`` holds the file's cells as read (``{"row", "key", "cells"}``), so nothing touches
    the matrix until the confirmation, and a background job can read a large file and report
    its progress. Once applied (or discarded) the row stays as the audit record of the import:
    who, which file, how many rows did what, and the reason given for the changes.
    """

    invalidates_public_pages = False  # no public page lists imports

    kind = models.CharField(_("matriz"), max_length=40)
    target = models.PositiveIntegerField(_("objeto"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importada por"),
    )
    file_name = models.CharField(_("archivo"), max_length=255, blank=True)
    rows = models.JSONField(_("filas leídas"), default=list, blank=True)
    # What the file says besides its rows (a letterhead: document code, approval date).
    meta = models.JSONField(_("datos del membrete"), default=dict, blank=True)
    errors = models.JSONField(_("errores"), default=list, blank=True)
    # A large file waits here until the background job reads it (then it is emptied).
    upload = models.BinaryField(_("archivo cargado"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("estado"),
        max_length=20,
        choices=MatrixImportStatus.choices,
        default=MatrixImportStatus.PENDING,
    )
    progress = models.PositiveSmallIntegerField(_("avance (%)"), default=0)
    reason = models.TextField(_("motivo de los cambios"), blank=True)
    withdraw_absent = models.BooleanField(_("retirar las filas ausentes"), default=False)
    created_count = models.PositiveIntegerField(_("nuevas"), default=0)
    updated_count = models.PositiveIntegerField(_("modificadas"), default=0)
    unchanged_count = models.PositiveIntegerField(_("sin cambios"), default=0)
    withdrawn_count = models.PositiveIntegerField(_("retiradas"), default=0)
    created_at = models.DateTimeField(_("leída en"), auto_now_add=True)
    applied_at = models.DateTimeField(_("aplicada en"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["rows", "errors", "meta", "upload"])

    class Meta:
        verbose_name = _("importación de una matriz")
        verbose_name_plural = _("importaciones de matrices")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} · {self.file_name}"
