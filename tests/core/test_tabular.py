"""The shared import/export layer: typed cells, CSV for Excel in Spanish, malformed files."""

import datetime
import io
import time
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from cabildo.core.tabular import (
    Column,
    ParseError,
    choice_parser,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_percent,
    read_table,
    write_csv,
    write_xlsx,
)

COLUMNS = [
    Column("Nombre", "name", required=True),
    Column("Fecha", "date", parse_date),
    Column("Cantidad", "count", parse_int),
    Column("Presupuesto", "budget", parse_decimal),
    Column("Avance", "progress", parse_percent),
    Column("Canal", "channel", choice_parser([("virtual", "Virtual"), ("mixto", "Mixto")])),
]
ROW = {
    "name": "Foro de jóvenes",
    "date": datetime.date(2025, 3, 31),
    "count": 12,
    "budget": Decimal("1500000.50"),
    "progress": Decimal("0.45"),
    "channel": "virtual",
}


def _book(rows, *, title="Hoja", extra_sheets=()):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name in extra_sheets:
        book.create_sheet(name)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_has_real_cell_types_frozen_filtered_header_and_widths():
    content = write_xlsx(title="Matriz", columns=COLUMNS, rows=[ROW], letterhead=[["ENTIDAD"]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "ENTIDAD"
    assert [c.value for c in sheet[2]][:2] == ["Nombre", "Fecha"]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:F3"
    assert sheet["B3"].is_date and sheet["B3"].number_format == "DD/MM/YYYY"
    assert sheet["C3"].value == 12 and sheet["D3"].value == 1500000.5
    assert sheet["E3"].value == 0.45 and sheet["E3"].number_format == "0%"
    assert sheet.column_dimensions["A"].width >= 12


def test_formula_like_text_is_written_as_text_and_reads_back_unchanged():
    row = dict(ROW, name='=HYPERLINK("http://x")')
    content = write_xlsx(title="Matriz", columns=COLUMNS, rows=[row])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].data_type == "s"
    table = read_table(file=content, columns=COLUMNS)
    assert table.errors == []
    assert table.rows[0][1]["name"] == row["name"]


def test_xlsx_round_trip_is_the_identity():
    table = read_table(file=write_xlsx(title="M", columns=COLUMNS, rows=[ROW]), columns=COLUMNS)
    assert table.errors == []
    assert table.rows == [(2, ROW)]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_has_bom_and_reads_back(delimiter):
    content = write_csv(columns=COLUMNS, rows=[ROW], delimiter=delimiter)
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0] == delimiter.join(c.header for c in COLUMNS)
    assert "31/03/2025" in text and "jóvenes" in text
    table = read_table(file=content, columns=COLUMNS)
    assert table.errors == []
    assert table.rows == [(2, ROW)]


def test_every_error_at_once_by_row_and_column_and_header_under_a_letterhead():
    content = _book(
        [
            ["ALCALDÍA DE CARTAGO"],
            [],
            ["Nombre", "Fecha", "Cantidad", "Presupuesto", "Avance", "Canal", "Color"],
            ["", "31/02/2025", "muchos", "-3", "150 %", "Satelital"],
            ["Bien", "01/02/2025", 3, 10, 0.5, "Mixto"],
        ]
    )
    table = read_table(file=content, columns=COLUMNS)
    where = {(e.row, e.column) for e in table.errors}
    assert (3, "G") in where  # unknown header, reported with the cell errors
    assert {
        (4, "A (Nombre)"),
        (4, "B (Fecha)"),
        (4, "C (Cantidad)"),
        (4, "D (Presupuesto)"),
        (4, "E (Avance)"),
        (4, "F (Canal)"),
    } <= where
    assert table.header_row == 3


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "vacío"),
        (b"\x00\x01\x02binary", "ni un CSV"),
        (b"hola", "ni un CSV"),
        (b"PK\x03\x04 not really", "no es un libro de Excel"),
    ],
)
def test_malformed_files_get_a_clear_spanish_error(content, fragment):
    table = read_table(file=content, columns=COLUMNS)
    assert table.rows == []
    assert fragment in table.errors[0].message


def test_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("leame.txt", "hola")
    table = read_table(file=buffer.getvalue(), columns=COLUMNS)
    assert "es un .zip pero no un libro de Excel" in table.errors[0].message


def test_a_zip_bomb_is_refused_before_inflating():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (90 * 1024 * 1024))
    started = time.monotonic()
    table = read_table(file=buffer.getvalue(), columns=COLUMNS)
    assert "demasiado grande" in table.errors[0].message
    assert time.monotonic() - started < 2


def test_wrong_sheet_names_the_sheets_and_the_expected_headers():
    content = _book([["Otra cosa", "Nada"]], title="Resumen", extra_sheets=["Notas"])
    table = read_table(file=content, columns=COLUMNS)
    assert "«Resumen», «Notas»" in table.errors[0].message
    assert "Nombre | Fecha" in table.errors[0].message


def test_the_matrix_is_found_on_its_named_sheet():
    book = Workbook()
    book.active.title = "Portada"
    book.active.append(["Plan 2025"])
    sheet = book.create_sheet("Matriz")
    sheet.append([c.header for c in COLUMNS])
    sheet.append(["Foro", None, None, None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(file=buffer.getvalue(), columns=COLUMNS, sheet_name="Matriz")
    assert table.errors == []
    assert table.rows[0][1]["name"] == "Foro"


def test_missing_required_header():
    table = read_table(file=_book([["Fecha", "Cantidad"], [None, 1]]), columns=COLUMNS)
    assert any("Falta la columna obligatoria «Nombre»" in e.message for e in table.errors)


def test_a_million_empty_rows_end_quickly():
    book = Workbook()
    sheet = book.active
    sheet.append([c.header for c in COLUMNS])
    sheet.append(["Foro"])
    # The last "used" cell at Excel's last row: a blank that makes readers walk a million rows.
    sheet.cell(row=1_048_576, column=1, value=" ")
    buffer = io.BytesIO()
    book.save(buffer)
    started = time.monotonic()
    table = read_table(file=buffer.getvalue(), columns=COLUMNS)
    assert time.monotonic() - started < 2
    assert table.errors == []
    assert [values["name"] for _n, values in table.rows] == ["Foro"]


def test_too_many_rows():
    rows = [[c.header for c in COLUMNS]] + [[f"Fila {i}"] for i in range(12)]
    table = read_table(file=_book(rows), columns=COLUMNS, max_rows=10)
    assert "demasiadas filas" in table.errors[-1].message


def test_too_big():
    table = read_table(file=b"x" * (5 * 1024 * 1024 + 1), columns=COLUMNS)
    assert "5 MB" in table.errors[0].message


@pytest.mark.parametrize(
    ("parse", "raw", "expected"),
    [
        (parse_decimal, "1.234.567,50", Decimal("1234567.50")),
        (parse_decimal, "1234567.5", Decimal("1234567.50")),
        (parse_percent, "45 %", Decimal("0.45")),
        (parse_percent, 45, Decimal("0.45")),
        (parse_percent, 0.45, Decimal("0.45")),
        (parse_int, "7", 7),
        (parse_bool, "sí", True),
        (parse_date, "2025-12-31", datetime.date(2025, 12, 31)),
    ],
)
def test_parsers(parse, raw, expected):
    assert parse(raw) == expected


@pytest.mark.parametrize(
    ("parse", "raw"), [(parse_int, "1.5"), (parse_percent, "120 %"), (parse_bool, "quizá")]
)
def test_parsers_refuse(parse, raw):
    with pytest.raises(ParseError):
        parse(raw)


SHARED = [
    Column("Componente", "component"),
    Column("Calificación", "component_rating", parse_int, occurrence=1),
    Column("Categoría", "category"),
    Column("Calificación", "category_rating", parse_int, occurrence=2),
]


def _sheet(*rows) -> bytes:
    return _book([list(row) for row in rows])


def test_columns_sharing_a_header_are_told_apart_by_their_order_of_occurrence():
    """The autodiagnóstico has two «Calificación»: the component's, then the category's."""
    data = _sheet(
        ["Componente", "Calificación", "Categoría", "Calificación"], ["C1", 10, "Cat", 20]
    )
    table = read_table(file=data, columns=SHARED)
    assert table.errors == []
    assert table.rows == [
        (2, {"component": "C1", "component_rating": 10, "category": "Cat", "category_rating": 20})
    ]
    assert table.labels["category_rating"] == "D (Calificación)"
    # Moved: the first «Calificación» from the left is still the first occurrence.
    moved = _sheet(
        ["  CALIFICACIÓN ", "Categoría", "Calificación", "Componente"], [1, "Cat", 2, "C1"]
    )
    table = read_table(file=moved, columns=SHARED)
    assert table.rows[0][1]["component_rating"] == 1
    assert table.rows[0][1]["category_rating"] == 2
    # A third one is a repeated column, as for any header.
    third = _sheet(
        ["Componente", "Calificación", "Categoría", "Calificación", "Calificación"],
        ["C1", 1, "Cat", 2, 3],
    )
    errors = read_table(file=third, columns=SHARED).errors
    assert [(e.row, e.column) for e in errors] == [(1, "E")]
    assert "repetida" in errors[0].message


def test_rows_without_their_key_cell_are_not_data():
    data = _sheet(
        ["Componente", "Calificación", "Categoría", "Calificación"],
        ["C1", 10, "Cat", 20],
        ["Calificación total", "no es un número", None, None],
    )
    table = read_table(file=data, columns=SHARED, row_key="category")
    assert table.errors == [] and len(table.rows) == 1
    assert read_table(file=data, columns=SHARED).errors  # without row_key it is a row
