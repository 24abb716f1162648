"""Minutes files: an allow-list checked by content (magic bytes), and a size limit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_MINUTES_BYTES = 10 * 1024 * 1024

_SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),  # legacy Office (OLE2)
    (b"PK\x03\x04", "zip"),  # DOCX / ODT: a zip container, checked below
]
_EXTENSIONS = {
    "pdf": {"pdf"},
    "png": {"png"},
    "jpg": {"jpg", "jpeg"},
    "doc": {"doc"},
    "zip": {"docx", "odt"},
}


def sniff_kind(head: bytes) -> str | None:
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def _zip_is_document(file: Any) -> bool:
    import zipfile

    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)
    return "word/document.xml" in names or "content.xml" in names


def validate_minutes_file(file: Any) -> None:
    if not file:
        return
    # Files already stored were validated when uploaded.
    if getattr(file, "_committed", False):
        return
    size = getattr(file, "size", 0) or 0
    if size > MAX_MINUTES_BYTES:
        raise ValidationError(_("El acta no puede superar 10 MB."))
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    kind = sniff_kind(head)
    extension = (file.name or "").rsplit(".", 1)[-1].lower() if "." in (file.name or "") else ""
    if kind is None or extension not in _EXTENSIONS[kind]:
        raise ValidationError(
            _(
                "Formato de acta no permitido: suba un PDF, una imagen PNG o JPG, o un "
                "documento DOCX, ODT o DOC."
            )
        )
    if kind == "zip" and not _zip_is_document(file):
        raise ValidationError(_("El archivo no es un documento DOCX u ODT válido."))
