"""Evidence uploads: an allow-list of types checked by content (magic bytes), and a size cap."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cabildo.core import uploads

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

ALLOWED_TYPES = {uploads.PDF, uploads.PNG, uploads.JPEG, uploads.DOCX, uploads.XLSX, uploads.PPTX}


def sniff_content_type(upload: Any) -> str:
    """The content type of an allowed file, judged by its bytes; raises ValidationError."""
    size = getattr(upload, "size", None)
    if size is None or size == 0:
        raise ValidationError(_("El archivo está vacío."))
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("El archivo supera el tamaño máximo de %(mb)s MB.")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    content_type = uploads.detect_content_type(upload)
    if content_type in ALLOWED_TYPES:
        uploads.virus_scan(upload)
        return content_type
    raise ValidationError(
        _(
            "Tipo de archivo no permitido. Se aceptan PDF, imágenes PNG o JPEG y documentos "
            "de Word, Excel o PowerPoint."
        )
    )
