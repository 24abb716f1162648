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


def _bomb(path, name: str, *, size: int, extra: dict[str, bytes] | None = None) -> None:
    """A real ZIP whose entry ``name`` expands to ``size`` bytes of zeros (~1 MB on disk for
    1 GB), written in chunks so the test itself stays small in memory."""
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for extra_name, content in (extra or {}).items():
            archive.writestr(extra_name, content)
        with archive.open(name, "w", force_zip64=True) as entry:
            for _ in range(size // len(chunk)):
                entry.write(chunk)


@pytest.fixture(scope="module")
def gigabyte_bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")
    odt = folder / "odt.zip"
    _bomb(odt, "mimetype", size=1024**3)
    return [odt]


def test_a_zip_entry_of_one_gigabyte_is_refused_in_bounded_memory(gigabyte_bombs):
    import tracemalloc

    for path in gigabyte_bombs:
        upload = SimpleUploadedFile("informe.odt", path.read_bytes())
        assert upload.size < 5 * 1024 * 1024  # an ordinary attachment by its size
        tracemalloc.start()
        try:
            assert uploads.detect_content_type(upload) is None
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 50 * 1024 * 1024, peak
        assert upload.tell() == 0


def test_the_mimetype_entry_is_read_in_a_few_bytes_only():
    # Small enough to pass the ratio rule, large enough to matter if read whole.
    odt = _zip({"mimetype": b"application/vnd.oasis.opendocument.text" + b" " * 900_000})
    import tracemalloc

    tracemalloc.start()
    try:
        assert uploads.detect_content_type(odt) == uploads.ODT
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < len(odt) + 512 * 1024


@pytest.mark.parametrize(
    "limits",
    [
        {"ZIP_MAX_ENTRIES": 2},
        {"ZIP_MAX_ENTRY_SIZE": 999},
        {"ZIP_MAX_TOTAL_SIZE": 2500},
        {"ZIP_MAX_RATIO": 2, "ZIP_RATIO_FROM": 0},
    ],
)
def test_archive_limits(monkeypatch, limits):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in ("[Content_Types].xml", "word/document.xml", "a"):
            archive.writestr(name, b"x" * 1000)
    docx = buffer.getvalue()
    assert uploads.detect_content_type(docx) == uploads.DOCX
    for name, value in limits.items():
        monkeypatch.setattr(uploads, name, value)
    assert uploads.detect_content_type(docx) is None


def test_text_is_streamed_in_chunks_across_a_split_character():
    text = ("a" * (uploads.CHUNK - 1) + "ñ" * 10).encode()  # "ñ" straddles the chunk border
    assert uploads.detect_content_type(SimpleUploadedFile("x.txt", text), allow_text=True) == (
        uploads.TEXT
    )
