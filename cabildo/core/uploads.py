"""What an uploaded file really is, judged by its bytes (never by its name).

Each module keeps its own allow-list and size limit and asks ``detect_content_type`` for the
type; stored names come from ``generated_name`` (nothing the user typed), files are served by
permission-checked views through ``file_response``, and ``virus_scan`` asks ClamAV when
``settings.CLAMAV_SOCKET`` is set.
"""

from __future__ import annotations

import io
import logging
import socket
import struct
import uuid
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

logger = logging.getLogger(__name__)

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


# --------------------------------------------------------------------------- storing and serving

# Types a browser may show in the page; everything else is always downloaded.
INLINE_TYPES = frozenset({PDF, PNG, JPEG})


def generated_name(content_type: str, *, folder: str = "") -> str:
    """A storage name that keeps nothing the user typed: ``<folder>/<uuid>.<ext>``, the
    extension taken from the type detected in the bytes."""
    extension = EXTENSIONS.get(content_type, "bin")
    name = f"{uuid.uuid4().hex}.{extension}"
    return f"{folder.strip('/')}/{name}" if folder else name


def download_name(original: str, content_type: str) -> str:
    """The name offered to whoever downloads the file: the original base name (no folders,
    no control characters), with the extension of its real type."""
    base = (original or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')
    stem = base.rsplit(".", 1)[0].strip(" .") or "archivo"
    return f"{stem[:120]}.{EXTENSIONS.get(content_type, 'bin')}"


def file_response(file: Any, *, filename: str, content_type: str) -> FileResponse:
    """Serve a stored file from a permission-checked view: PDF and images inline, anything
    else as an attachment, always with ``nosniff`` and a sandboxing CSP."""
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError, OSError) as exc:
        from django.utils.translation import gettext as _

        raise Http404(_("El archivo no está disponible.")) from exc
    safe_type = content_type if content_type in EXTENSIONS else "application/octet-stream"
    response = FileResponse(
        handle,
        as_attachment=safe_type not in INLINE_TYPES,
        filename=download_name(filename, safe_type),
        content_type=safe_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------- optional ClamAV

CLAMD_CHUNK = 64 * 1024
CLAMD_TIMEOUT_SECONDS = 30


class ScanUnavailable(Exception):
    """clamd is configured but did not answer."""


def clamd_instream(data: bytes, *, socket_path: str, timeout: float = CLAMD_TIMEOUT_SECONDS) -> str:
    """Send ``data`` to clamd with the INSTREAM command over its unix socket and return its
    answer (``"stream: OK"`` or ``"stream: <signature> FOUND"``)."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(socket_path)
            conn.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CLAMD_CHUNK):
                chunk = data[start : start + CLAMD_CHUNK]
                conn.sendall(struct.pack("!L", len(chunk)) + chunk)
            conn.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0"):
                part = conn.recv(4096)
                if not part:
                    break
                answer += part
    except OSError as exc:
        raise ScanUnavailable(str(exc)) from exc
    return answer.rstrip(b"\0").decode("utf-8", "replace").strip()


def virus_scan(source: Any) -> None:
    """Scan the file with ClamAV when ``settings.CLAMAV_SOCKET`` is set (never required).

    Raises ``ValidationError`` with a Spanish message when clamd finds something, and also
    when it is configured but does not answer (a configured scan is never skipped silently).
    """
    from django.conf import settings
    from django.utils.translation import gettext as _

    socket_path = getattr(settings, "CLAMAV_SOCKET", "")
    if not socket_path:
        return
    try:
        answer = clamd_instream(_read_all(source), socket_path=socket_path)
    except ScanUnavailable as exc:
        logger.error("ClamAV at %s did not answer: %s", socket_path, exc)
        raise ValidationError(
            _("No fue posible revisar el archivo en busca de virus. Intente más tarde.")
        ) from exc
    if answer.endswith("FOUND"):
        logger.warning("ClamAV refused an upload: %s", answer)
        raise ValidationError(
            _("El archivo fue rechazado porque contiene un virus o software malicioso.")
        )
    if not answer.endswith("OK"):
        logger.error("ClamAV answered %r", answer)
        raise ValidationError(
            _("No fue posible revisar el archivo en busca de virus. Intente más tarde.")
        )
