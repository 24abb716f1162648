"""What an uploaded file really is, judged by its bytes (never by its name).

Each module keeps its own allow-list and size limit and asks ``detect_content_type`` for the
type; stored names come from ``generated_name`` (nothing the user typed), files are served by
permission-checked views through ``file_response``, and ``virus_scan`` asks ClamAV when
``settings.CLAMAV_SOCKET`` is set.
"""

from __future__ import annotations

import codecs
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


# Bytes read to recognise a signature, and the chunk size of every streamed read.
HEAD_BYTES = 8
CHUNK = 64 * 1024

# Limits of an archive (DOCX, XLSX, PPTX, ODT, ODS are ZIP files). Only the central directory
# and at most MIMETYPE_MAX_BYTES of one entry are ever read; an archive whose entries declare
# more than these is refused as a possible zip bomb before anything else (imports, ClamAV,
# whoever opens it later) decompresses it.
ZIP_MAX_ENTRIES = 5_000
ZIP_MAX_ENTRY_SIZE = 200 * 1024 * 1024
ZIP_MAX_TOTAL_SIZE = 400 * 1024 * 1024
# Office XML compresses 10-30 times; sheets of repeated empty cells more. Only entries larger
# than ZIP_RATIO_FROM bytes are judged by their ratio.
ZIP_MAX_RATIO = 200
ZIP_RATIO_FROM = 1024 * 1024
MIMETYPE_MAX_BYTES = 100


class _Rewound:
    """A seekable binary stream over ``source`` (bytes or a file object), rewound to the
    start on entry and on exit; nothing is read here."""

    def __init__(self, source: Any) -> None:
        self.source = source

    def __enter__(self) -> Any:
        if isinstance(self.source, (bytes, bytearray, memoryview)):
            return io.BytesIO(self.source)
        self.source.seek(0)
        return self.source

    def __exit__(self, *exc: object) -> None:
        if not isinstance(self.source, (bytes, bytearray, memoryview)):
            self.source.seek(0)


def _chunks(stream: Any) -> Any:
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            return
        yield chunk


def zip_within_limits(archive: zipfile.ZipFile) -> bool:
    """The archive's entries (as its central directory declares them) are within the limits.
    Reading an entry never gives more than its declared size, so this bounds any later read."""
    entries = archive.infolist()
    if len(entries) > ZIP_MAX_ENTRIES:
        return False
    total = 0
    for entry in entries:
        size = entry.file_size
        total += size
        if size > ZIP_MAX_ENTRY_SIZE or total > ZIP_MAX_TOTAL_SIZE:
            return False
        if size > ZIP_RATIO_FROM and size > ZIP_MAX_RATIO * max(entry.compress_size, 1):
            return False
    return True


def _zip_type(stream: Any) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            if not zip_within_limits(archive):
                logger.warning("Upload refused: an archive over the size or ratio limits")
                return None
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    head = entry.read(MIMETYPE_MAX_BYTES)
                odf = head.decode("ascii", "replace").strip()
                if odf in _ODF_TYPES:
                    return _ODF_TYPES[odf]
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, RuntimeError):
        return None
    if "[Content_Types].xml" in names:
        for part, content_type in _OOXML_PARTS:
            if part in names:
                return content_type
    return None


def _is_text(stream: Any) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in _chunks(stream):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_content_type(source: Any, *, allow_text: bool = False) -> str | None:
    """The MIME type of ``source`` (bytes or a file object) from its content, or ``None``
    when it is of no known type. Plain text (UTF-8, no NUL bytes) only with ``allow_text``.
    Reads the first bytes, an archive's directory, or (text) streams in chunks: never the
    whole file at once."""
    with _Rewound(source) as stream:
        head = stream.read(HEAD_BYTES)
        if not head:
            return None
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            return DOC
        if head.startswith(b"PK\x03\x04"):
            stream.seek(0)
            return _zip_type(stream)
        if allow_text:
            stream.seek(0)
            return TEXT if _is_text(stream) else None
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

CLAMD_CHUNK = CHUNK
CLAMD_TIMEOUT_SECONDS = 30


class ScanUnavailable(Exception):
    """clamd is configured but did not answer."""


def clamd_instream(source: Any, *, socket_path: str, timeout: float = CLAMD_TIMEOUT_SECONDS) -> str:
    """Send ``source`` (bytes or a file object, streamed in chunks) to clamd with the INSTREAM
    command over its unix socket and return its answer (``"stream: OK"`` or
    ``"stream: <signature> FOUND"``)."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn, _Rewound(source) as data:
            conn.settimeout(timeout)
            conn.connect(socket_path)
            conn.sendall(b"zINSTREAM\0")
            for chunk in _chunks(data):  # CLAMD_CHUNK bytes at a time
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
        answer = clamd_instream(source, socket_path=socket_path)
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
