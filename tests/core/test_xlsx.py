"""The streaming XLSX writer: files open in openpyxl and give back what was written."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cabildo.core import xlsx


def _write(build) -> bytes:
    buffer = io.BytesIO()
    with xlsx.XlsxWriter(buffer) as book:
        build(book)
    return buffer.getvalue()


def _values(data: bytes, title: str | None = None) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[title] if title else workbook.active
    return list(sheet.iter_rows(values_only=True))


TRICKY = [
    "Petición de información",
    "Año, señal, ÑANDÚ, güero",
    "Tom & Jerry <b>negrita</b> > 3",
    "comillas \"dobles\" y 'simples'",
    "  espacios a los lados  ",
    "línea 1\nlínea 2\ttab",
    "emoji 🎉 y 中文",
]


def test_exact_round_trip_row_by_row():
    rows = [
        TRICKY[:4],
        TRICKY[4:],
        ["", None, "x"],
        [1, -2, 3.5, Decimal("10.25"), True, False, 0],
        [datetime.date(2025, 3, 1), datetime.datetime(2025, 3, 1, 10, 5), "2025-03-01 10:05"],
    ]
    data = _write(lambda book: book.sheet("Datos").rows(rows))
    read = _values(data)
    width = max(len(row) for row in rows)
    expected = [
        TRICKY[:4],
        TRICKY[4:],
        [None, None, "x"],
        [1, -2, 3.5, 10.25, True, False, 0],
        ["2025-03-01", "2025-03-01 10:05:00", "2025-03-01 10:05"],
    ]
    assert read == [tuple(row + [None] * (width - len(row))) for row in expected]


def test_plain_text_batches_take_the_fast_path_and_read_back_the_same():
    rows = [[f"ALC-2025-{n:06d}", "Secretaría de Gobierno", "", "sí"] for n in range(2500)]
    data = _write(lambda book: book.sheet("Rápido").rows(rows))
    assert _values(data) == [(row[0], row[1], None, row[3]) for row in rows]


def test_a_bad_cell_in_a_batch_of_plain_text_is_handled_alone():
    rows = [["uno", "dos"]] * 999 + [["a\x00b", " c "], ["x" * 40_000, "ok"]]
    data = _write(lambda book: book.sheet("Mixto").rows(rows))
    read = _values(data)
    assert read[:999] == [("uno", "dos")] * 999
    assert read[999] == ("ab", " c ")
    assert read[1000] == ("x" * xlsx.MAX_CELL_CHARS, "ok")


def test_illegal_control_characters_are_removed():
    data = _write(
        lambda book: book.sheet("Control").row(
            ["a\x00b\x01c\x08d\x0be\x0cf\x1fg", "\x00", "ok\ufffe"]
        )
    )
    assert _values(data) == [("abcdefg", None, "ok")]


def test_very_long_strings_are_capped():
    long_text = "ñ" * (xlsx.MAX_CELL_CHARS + 100)
    data = _write(lambda book: book.sheet("Largo").row([long_text, "&" * 40_000]))
    assert _values(data) == [("ñ" * xlsx.MAX_CELL_CHARS, "&" * xlsx.MAX_CELL_CHARS)]


def test_excel_escape_sequences_in_text_are_escaped():
    data = _write(lambda book: book.sheet("Escape").row(["a_x000D_b"]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "a_x005F_x000D_b" in sheet  # Excel reads it back as the literal text


def test_several_sheets_bold_header_frozen_pane_and_widths():
    def build(book):
        first = book.sheet("PQRSD 2025", column_widths=[20, None, 12], freeze_header=True)
        first.header(["radicado", "estado", "año"])
        first.rows([["ALC-1", "Radicada", 2025]])
        second = book.sheet("Resumen & notas")
        second.header(["total"])
        second.row([1])

    data = _write(build)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["PQRSD 2025", "Resumen & notas"]
    first = workbook["PQRSD 2025"]
    assert [c.value for c in first[1]] == ["radicado", "estado", "año"]
    assert all(cell.font.b for cell in first[1])
    assert not first["A2"].font.b
    assert first.freeze_panes == "A2"
    assert first.column_dimensions["A"].width == 20
    assert first.column_dimensions["C"].width == 12
    assert _values(data, "Resumen & notas") == [("total",), (1,)]
    assert workbook["Resumen & notas"]["A1"].font.b


def test_zip_is_valid_with_the_expected_parts():
    data = _write(lambda book: book.sheet("Hoja").row(["a"]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
    assert {
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
    } <= names


def test_stream_to_a_non_seekable_sink_gives_a_valid_workbook():
    rows = ([f"fila {n}", n] for n in range(5000))
    spec = xlsx.SheetSpec(title="Flujo", header=["texto", "número"], rows=rows)
    chunks = list(xlsx.stream_workbook([spec], chunk_bytes=1024))
    assert len(chunks) > 1  # handed out while written, not at the end
    data = b"".join(chunks)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
    read = _values(data)
    assert read[0] == ("texto", "número")
    assert read[1:] == [(f"fila {n}", n) for n in range(5000)]


@pytest.mark.parametrize(
    "row",
    ["una cadena", b"bytes", 42, {"a": 1}, (x for x in "ab")],
    ids=["str", "bytes", "int", "dict", "generator"],
)
def test_a_row_that_is_not_a_list_or_tuple_is_refused(row):
    with pytest.raises(TypeError, match="must be a list or tuple"):
        _write(lambda book: book.sheet("Mal").rows([["bien"], row]))


@pytest.mark.parametrize(
    ("value", "error"),
    [(object(), TypeError), (b"bytes", TypeError), (float("nan"), ValueError)],
    ids=["object", "bytes", "nan"],
)
def test_a_cell_of_an_unsupported_value_is_refused(value, error):
    with pytest.raises(error):
        _write(lambda book: book.sheet("Mal").row(["ok", value]))


@pytest.mark.parametrize("title", ["", "a" * 32, "a/b", "x[1]", "'citas'", "¿qué?"])
def test_invalid_sheet_titles_are_refused(title):
    with pytest.raises(ValueError, match="title"):
        _write(lambda book: book.sheet(title))


def test_duplicate_sheet_titles_and_empty_workbooks_are_refused():
    with pytest.raises(ValueError, match="already"):
        _write(lambda book: (book.sheet("Hoja"), book.sheet("HOJA")))
    with pytest.raises(ValueError, match="at least one sheet"):
        _write(lambda book: None)


def test_a_finished_sheet_cannot_be_written():
    def build(book):
        first = book.sheet("Uno")
        book.sheet("Dos")
        first.row(["tarde"])

    with pytest.raises(ValueError, match="finished"):
        _write(build)
