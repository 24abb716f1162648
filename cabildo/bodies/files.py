"""Minutes files: an allow-list checked by content (magic bytes), and a size limit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cabildo.core import uploads

MAX_MINUTES_BYTES = 10 * 1024 * 1024

# Allowed types and the file-name extensions each may carry.
_EXTENSIONS = {
    uploads.PDF: {"pdf"},
    uploads.PNG: {"png"},
    uploads.JPEG: {"jpg", "jpeg"},
    uploads.DOC: {"doc"},
    uploads.DOCX: {"docx"},
    uploads.ODT: {"odt"},
}


def validate_minutes_file(file: Any) -> None:
    if not file:
        return
    # Files already stored were validated when uploaded.
    if getattr(file, "_committed", False):
        return
    size = getattr(file, "size", 0) or 0
    if size > MAX_MINUTES_BYTES:
        raise ValidationError(_("El acta no puede superar 10 MB."))
    content_type = uploads.detect_content_type(file)
    extension = (file.name or "").rsplit(".", 1)[-1].lower() if "." in (file.name or "") else ""
    if content_type not in _EXTENSIONS or extension not in _EXTENSIONS[content_type]:
        raise ValidationError(
            _(
                "Formato de acta no permitido: suba un PDF, una imagen PNG o JPG, o un "
                "documento DOCX, ODT o DOC."
            )
        )
    uploads.virus_scan(file)
