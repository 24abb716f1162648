import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cabildo.core import uploads


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n...", uploads.PDF),
        (b"\x89PNG\r\n\x1a\n....", uploads.PNG),
        (b"\xff\xd8\xff\xe0....", uploads.JPEG),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", uploads.DOC),
        (_zip({"[Content_Types].xml": b"x", "word/document.xml": b"x"}), uploads.DOCX),
        (_zip({"[Content_Types].xml": b"x", "xl/workbook.xml": b"x"}), uploads.XLSX),
        (_zip({"[Content_Types].xml": b"x", "ppt/presentation.xml": b"x"}), uploads.PPTX),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), uploads.ODT),
        (_zip({"anything.txt": b"x"}), None),  # a plain zip is not a document
        (b"PK\x03\x04 not really a zip", None),
        (b"MZ\x90\x00 an executable", None),
        (b"", None),
    ],
)
def test_detect_by_content(content, expected):
    assert uploads.detect_content_type(content) == expected


def test_name_never_matters_and_file_position_is_restored():
    upload = SimpleUploadedFile("informe.pdf", b"\x7fELF binary")
    assert uploads.detect_content_type(upload) is None
    upload = SimpleUploadedFile("foto.exe", b"\x89PNG\r\n\x1a\nrest")
    assert uploads.detect_content_type(upload) == uploads.PNG
    assert upload.read(4) == b"\x89PNG"


def test_text_only_when_allowed():
    assert uploads.detect_content_type("Petición de información".encode()) is None
    assert uploads.detect_content_type("Petición".encode(), allow_text=True) == uploads.TEXT
    assert uploads.detect_content_type(b"a\x00b", allow_text=True) is None
    assert uploads.detect_content_type(b"\xff\xfe\xfa", allow_text=True) is None
