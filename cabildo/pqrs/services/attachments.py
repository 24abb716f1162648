"""Checks of the files attached to a petition: type by content, size, number."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cabildo.core import uploads

MAX_ATTACHMENT_SIZE = 5 * 1024 * 1024
MAX_ATTACHMENTS = 5
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt",
}


@dataclass
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    extension: str


def _sniff(content: bytes) -> str | None:
    content_type = uploads.detect_content_type(content, allow_text=True)
    return content_type if content_type in ALLOWED_TYPES else None


def attachment_check(upload: Any) -> CheckedFile:
    """Check a file by its bytes (never by its name): allow-list of types and a size limit."""
    name = str(getattr(upload, "name", "") or "anexo")[-200:]
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(
            _("El archivo «%(name)s» supera el tamaño máximo de %(max)s MB.")
            % {"name": name, "max": MAX_ATTACHMENT_SIZE // (1024 * 1024)}
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    content = upload.read(MAX_ATTACHMENT_SIZE + 1)
    if len(content) > MAX_ATTACHMENT_SIZE:
        raise ValidationError(
            _("El archivo «%(name)s» supera el tamaño máximo de %(max)s MB.")
            % {"name": name, "max": MAX_ATTACHMENT_SIZE // (1024 * 1024)}
        )
    if not content:
        raise ValidationError(_("El archivo «%(name)s» está vacío.") % {"name": name})
    content_type = _sniff(content)
    if content_type is None:
        raise ValidationError(
            _(
                "El archivo «%(name)s» no es de un tipo permitido. Se aceptan PDF, JPEG, PNG, "
                "Word (DOCX) y texto plano."
            )
            % {"name": name}
        )
    uploads.virus_scan(content)
    return CheckedFile(name, content, content_type, ALLOWED_TYPES[content_type])


def too_many_attachments_message() -> str:
    return ngettext(
        "Puede adjuntar como máximo %(n)s archivo.",
        "Puede adjuntar como máximo %(n)s archivos.",
        MAX_ATTACHMENTS,
    ) % {"n": MAX_ATTACHMENTS}


def attachments_check(uploads: Iterable[Any]) -> list[CheckedFile]:
    """Check every file; errors are raised under the ``attachments`` key (every channel reads
    them as a dict: form field, API ``errors``)."""
    uploads = list(uploads or [])
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": [too_many_attachments_message()]})
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(attachment_check(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"attachments": errors})
    return checked
