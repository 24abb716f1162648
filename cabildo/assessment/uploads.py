"""Evidence uploads: an allow-list of types checked by content (magic bytes), and a size cap."""

from __future__ import annotations

import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

OOXML = {
    "docx": ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}


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
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            names = []
        finally:
            upload.seek(0)
        for prefix, content_type in OOXML.values():
            if "[Content_Types].xml" in names and any(n.startswith(prefix) for n in names):
                return content_type
    raise ValidationError(
        _(
            "Tipo de archivo no permitido. Se aceptan PDF, imágenes PNG o JPEG y documentos "
            "de Word, Excel o PowerPoint."
        )
    )
