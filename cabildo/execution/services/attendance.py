"""Writes of attendance sheets: scanned evidence of who attended an event."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.core import uploads
from cabildo.execution.models import AttendanceSheet, Event

if TYPE_CHECKING:
    from cabildo.accounts.models import User


SHEET_TYPES = {uploads.PDF, uploads.PNG, uploads.JPEG}
DEFAULT_SHEET_MAX_BYTES = 10 * 1024 * 1024


def sheet_max_bytes() -> int:
    from django.conf import settings

    return int(getattr(settings, "ATTENDANCE_SHEET_MAX_BYTES", DEFAULT_SHEET_MAX_BYTES))


@transaction.atomic
def attendance_sheet_upload(
    *, event: Event, upload: Any, description: str = "", user: User | None = None
) -> AttendanceSheet:
    """Keep a scanned attendance sheet (PDF, PNG or JPEG, judged by its bytes) as evidence."""
    size = getattr(upload, "size", None) or 0
    limit = sheet_max_bytes()
    if size == 0:
        raise ValidationError({"file": _("El archivo está vacío.")})
    if size > limit:
        raise ValidationError(
            {
                "file": _("El archivo supera el tamaño máximo de %(mb)s MB.")
                % {"mb": round(limit / (1024 * 1024), 1)}
            }
        )
    content_type = uploads.detect_content_type(upload)
    if content_type not in SHEET_TYPES:
        raise ValidationError(
            {
                "file": _(
                    "La planilla debe ser un PDF o una imagen PNG o JPEG escaneada; el archivo "
                    "enviado no lo es."
                )
            }
        )
    original = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:255]
    sheet = AttendanceSheet(
        entity_id=event.entity_id,
        event=event,
        content_type=content_type,
        original_name=original,
        size=size,
        description=(description or "").strip(),
        uploaded_by=user,
    )
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    sheet.file.save(
        f"evento-{event.pk}-planilla-{stamp}.{uploads.EXTENSIONS[content_type]}",
        upload,
        save=False,
    )
    sheet.full_clean()
    sheet.save()
    return sheet
