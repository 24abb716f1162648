"""What an uploaded file really is, judged by its bytes (never by its name).

Each module keeps its own allow-list and size limit and asks this one function for the type.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TEXT = "text/plain"
DOC = "application/msword"  # legacy Office (OLE2 container)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

EXTENSIONS = {
    PDF: "pdf",
    PNG: "png",
    JPEG: "jpg",
    TEXT: "txt",
    DOC: "doc",
    DOCX: "docx",
    XLSX: "xlsx",
    PPTX: "pptx",
    ODT: "odt",
    ODS: "ods",
}

_OOXML_PARTS = (
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
    ("ppt/presentation.xml", PPTX),
)
_ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": ODT,
    "application/vnd.oasis.opendocument.spreadsheet": ODS,
}


def _read_all(source: Any) -> bytes:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source)
    source.seek(0)
    try:
        return source.read()
    finally:
        source.seek(0)


def _zip_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                odf = archive.read("mimetype").decode("ascii", "replace").strip()
                if odf in _ODF_TYPES:
                    return _ODF_TYPES[odf]
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    if "[Content_Types].xml" in names:
        for part, content_type in _OOXML_PARTS:
            if part in names:
                return content_type
    return None


def detect_content_type(source: Any, *, allow_text: bool = False) -> str | None:
    """The MIME type of ``source`` (bytes or a file object) from its content, or ``None``
    when it is of no known type. Plain text (UTF-8, no NUL bytes) only with ``allow_text``."""
    data = _read_all(source)
    if not data:
        return None
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return DOC
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    if allow_text and b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return TEXT
    return None
