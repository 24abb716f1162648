"""The one import/export layer of Cabildo's matrices (XLSX and CSV, Spanish headers).

A matrix is described by a list of :class:`Column` (header, key, parser, kind). Writing gives
real cell types (dates as dates in the Colombian ``DD/MM/AAAA`` format, numbers and
percentages as numbers), a bold header row that is frozen and filtered, column widths, and
optional letterhead rows above the header (the seeds' formats). CSV goes through
:mod:`tablib` (UTF-8 with BOM so Excel in Spanish keeps the accents; ``,`` or ``;``).

Reading never saves anything: :func:`read_table` returns the parsed rows and *every* error
found, by row and column, in Spanish, in one pass. It accepts XLSX or CSV judged by the bytes,
finds the header row under a letterhead, and refuses quickly what is not a matrix: an empty
file, a zip that is not a workbook, a workbook that would inflate beyond a sane size, a sheet
without the expected headers (naming the sheets it has), a file with more rows than allowed.
Trailing empty rows, even a million of them, end the reading.

Text cells that start with ``=``, ``+``, ``-`` or ``@`` are written as text cells, so no
spreadsheet evaluates them (formula injection) and they read back unchanged.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import tablib
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cabildo.core import formulas

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 2000
# A 5 MB workbook of text inflates ~10×; far beyond that it is a zip bomb, not a matrix.
MAX_INFLATED_BYTES = 80 * 1024 * 1024
# Rows searched for the header row (a letterhead comes first in the seeds' formats).
HEADER_SEARCH_ROWS = 20
# Consecutive empty rows that end a sheet (files "used" down to row 1,048,576).
EMPTY_ROWS_END = 1000
DATE_FORMAT = "DD/MM/YYYY"


def fold(text: Any) -> str:
    """Lower case, without accents or repeated spaces: for lenient matching."""
    raw = " ".join(str(text or "").split()).lower()
    return "".join(c for c in unicodedata.normalize("NFKD", raw) if not unicodedata.combining(c))


class ParseError(ValueError):
    """A cell's value cannot be read; the message is the Spanish text shown to the user."""


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = []
        if self.row:
            where.append(_("fila %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("columna %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


# ---------------------------------------------------------------- parsers


def parse_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ParseError(_("Debe ser un número."))
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "").replace("$", "")
    # Colombian "1.234.567,89" and plain "1234567.89" are both accepted.
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        text = text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ParseError(_("Debe ser un número.")) from exc
    if not number.is_finite():
        raise ParseError(_("Debe ser un número."))
    return number


def parse_int(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = _number(value)
    except ParseError as exc:
        raise ParseError(_("Debe ser un número entero.")) from exc
    if number != number.to_integral_value() or number < 0:
        raise ParseError(_("Debe ser un número entero no negativo."))
    return int(number)


def parse_decimal(value: Any) -> Decimal | None:
    """A non-negative amount (pesos): ``1.234.567,50``, ``1234567.5`` or a number cell."""
    if value in (None, ""):
        return None
    number = _number(value)
    if number < 0:
        raise ParseError(_("No puede ser negativo."))
    return number.quantize(Decimal("0.01"))


def parse_percent(value: Any) -> Decimal | None:
    """A share between 0 and 1: a percentage cell (0.45), ``45 %`` or ``45``."""
    if value in (None, ""):
        return None
    text = str(value)
    had_sign = "%" in text
    number = _number(text.replace("%", "")) if had_sign else _number(value)
    if had_sign or number > 1:
        number = number / 100
    if number < 0 or number > 1:
        raise ParseError(_("Debe ser un porcentaje entre 0 % y 100 %."))
    return number


def parse_date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ParseError(
        _("Fecha no válida «%(value)s»: use DD/MM/AAAA (por ejemplo 31/12/2025).") % {"value": text}
    )


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    key = fold(value)
    # Spanish and English words: a file written while the interface was in English says "Yes".
    if key in {"si", "s", "x", "true", "1", "verdadero", "yes", "y"}:
        return True
    if key in {"no", "n", "false", "0", "falso", ""}:
        return False
    raise ParseError(_("Escriba «Sí» o «No»."))


def choice_parser(choices: Iterable[tuple[str, Any]]) -> Callable[[Any], str]:
    """Accept a choice's value or its Spanish label, ignoring case and accents."""
    pairs = list(choices)
    lookup = {}
    for value, label in pairs:
        lookup[fold(value)] = value
        lookup[fold(label)] = value

    def parse(raw: Any) -> str:
        if raw in (None, ""):
            return ""
        key = fold(raw)
        if key not in lookup:
            allowed = ", ".join(str(label) for _v, label in pairs)
            raise ParseError(
                _("Valor no válido «%(value)s». Valores permitidos: %(allowed)s.")
                % {"value": parse_text(raw), "allowed": allowed}
            )
        return lookup[key]

    return parse


def multi_parser(parse: Callable[[Any], Any], separator: str = ";") -> Callable[[Any], list]:
    """Several values in one cell, separated by ``;``: every bad one is named."""

    def parse_many(raw: Any) -> list:
        found, bad = [], []
        for part in str(raw or "").split(separator):
            if not part.strip():
                continue
            try:
                value = parse(part.strip())
            except ParseError as exc:
                bad.append(str(exc))
                continue
            if value not in found:
                found.append(value)
        if bad:
            raise ParseError(" ".join(bad))
        return found

    return parse_many


def lookup_parser(
    objects: Iterable[Any], keys: Callable[[Any], Iterable[str]], not_found: str
) -> Callable[[Any], Any]:
    """Find a row by any of its names (folded); unknown or ambiguous names are errors."""
    index: dict[str, list[Any]] = {}
    for obj in objects:
        for key in {fold(k) for k in keys(obj) if k}:
            index.setdefault(key, []).append(obj)

    def parse(raw: Any) -> Any:
        if raw in (None, ""):
            return None
        found = index.get(fold(raw), [])
        if not found:
            raise ParseError(not_found % {"value": parse_text(raw)})
        if len(found) > 1:
            raise ParseError(
                _("«%(value)s» es ambiguo: indique también el tipo (p. ej. «Comuna 1»).")
                % {"value": parse_text(raw)}
            )
        return found[0]

    return parse


def area_parser(entity_id: int) -> Callable[[Any], Any]:
    """A dependencia of the entity by its name or acronym."""
    from cabildo.core.models import Area

    return lookup_parser(
        Area.objects.for_entity(entity_id),
        lambda a: [a.name, a.acronym],
        _("No existe la dependencia «%(value)s» en la entidad."),
    )


def yes_no(value: bool) -> str:
    return _("Sí") if value else _("No")


# Cell kinds follow from the parser unless a column names one.
_KINDS: dict[Callable[[Any], Any], str] = {
    parse_date: "date",
    parse_int: "int",
    parse_decimal: "decimal",
    parse_percent: "percent",
}
_NUMBER_FORMATS = {"date": DATE_FORMAT, "int": "0", "decimal": "#,##0.00", "percent": "0%"}


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    parse: Callable[[Any], Any] = parse_text
    required: bool = False
    export: Callable[[Any], Any] | None = None
    kind: str = ""
    width: int = 0
    aliases: tuple[str, ...] = ()
    # Several columns may share a header ("Calificación" of the component, then of the
    # category): each names which occurrence of that header it is, counting from the left
    # (1, 2…). A header that no two columns share leaves it at 0.
    occurrence: int = 0

    @property
    def cell_kind(self) -> str:
        return self.kind or _KINDS.get(self.parse, "text")

    def names(self) -> set[str]:
        return {fold(self.header), *(fold(a) for a in self.aliases)}


def choice_column(
    header: str, key: str, choices: Iterable[tuple[str, Any]], **options: Any
) -> Column:
    """A column of a ``TextChoices`` field: written as the Spanish label, read as either."""
    pairs = list(choices)
    labels = dict(pairs)
    return Column(
        header,
        key,
        choice_parser(pairs),
        export=lambda value: labels.get(value, value or ""),
        **options,
    )


# ---------------------------------------------------------------- the file's language


def file_language() -> translation.override:
    """The language of every matrix file: Spanish (``LANGUAGE_CODE``), whatever the
    interface's. Headers are the seeds' Spanish column names and values the Spanish labels
    ("Sí", "Trimestral", "Diciembre"), so a file exported by an official working in English
    reads like one exported in Spanish, and imports in either language. Write under it."""
    return translation.override(settings.LANGUAGE_CODE)


def _any_language(variants: list[tuple[str, Column]]) -> Callable[[Any], Any]:
    """A parser that reads a cell in any interface language: the current one first (its
    error message is the one shown), then the others, each under its own language."""

    def parse(raw: Any) -> Any:
        current = translation.get_language()
        ordered = sorted(variants, key=lambda v: v[0] != current)
        first: ParseError | None = None
        for code, column in ordered:
            try:
                if code == current:
                    return column.parse(raw)
                with translation.override(code):
                    return column.parse(raw)
            except ParseError as exc:
                first = first or exc
        assert first is not None
        raise first

    return parse


def bilingual_columns(build: Callable[[], Sequence[Column]]) -> list[Column]:
    """The columns of a matrix file, built by ``build`` in every language of the interface:
    headers as written (Spanish, :func:`file_language`), the other languages' headers as
    aliases, and values read in any language (a choice's English label, "Yes", "Quarterly").
    Exporting in one language and importing in another thus never fails on a header or a
    label. Export functions are the Spanish ones; call them under :func:`file_language`."""
    with file_language():
        base = list(build())
    variants: list[tuple[str, dict[str, Column]]] = []
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:  # built above (lookups query the database)
            variants.append((code, {c.key: c for c in base}))
            continue
        with translation.override(code):
            variants.append((code, {c.key: c for c in build()}))
    taken = set().union(*(c.names() for c in base)) if base else set()
    found = []
    for column in base:
        own = [(code, cols[column.key]) for code, cols in variants if column.key in cols]
        aliases = list(column.aliases)
        for _code, other in own:
            for name in (str(other.header), *other.aliases):
                # Another column's Spanish name is never an alias of this one.
                if fold(name) not in taken or fold(name) in column.names():
                    aliases.append(name)
        found.append(
            dataclasses.replace(
                column,
                header=str(column.header),
                aliases=tuple(dict.fromkeys(aliases)),
                parse=_any_language(own) if len(own) > 1 else column.parse,
                kind=column.cell_kind,
            )
        )
    return found


# ---------------------------------------------------------------- writing


def _cell_value(column: Column, value: Any) -> Any:
    if column.export is not None:
        value = column.export(value)
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date() if column.cell_kind == "date" else value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (bool, int, float, datetime.date)):
        return value
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    return str(value)  # lazy translations, model instances


def cell_value(column: Column, value: Any) -> Any:
    """The value of the cell a column writes for ``value`` (a date, a number, text)."""
    return _cell_value(column, value)


def dataset(*, columns: Sequence[Column], rows: Iterable[dict[str, Any]]) -> tablib.Dataset:
    """The matrix as a :class:`tablib.Dataset` of typed cell values (header = Spanish)."""
    data = tablib.Dataset(headers=[str(c.header) for c in columns])
    for row in rows:
        data.append([_cell_value(c, row.get(c.key)) for c in columns])
    return data


def write_xlsx(
    *,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[dict[str, Any]],
    letterhead: Sequence[Sequence[Any]] = (),
    footer: Sequence[Sequence[Any]] = (),
) -> bytes:
    """One sheet: letterhead rows, the header (frozen, filtered), the rows, footer rows."""
    data = dataset(columns=columns, rows=rows)
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(title)
    for line in letterhead:
        sheet.append([None if v is None else str(v) for v in line])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    header_row = len(letterhead) + 1
    sheet.append(list(data.headers))
    fill = PatternFill("solid", fgColor="DDE7F5")
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values in data:
        sheet.append(list(values))
        for column, cell in zip(columns, sheet[sheet.max_row], strict=False):
            kind = column.cell_kind
            if kind in _NUMBER_FORMATS and cell.value is not None and cell.value != "":
                cell.number_format = _NUMBER_FORMATS[kind]
            elif formulas.is_formula_like(cell.value):
                cell.data_type = "s"  # text, never a formula
    last = get_column_letter(len(columns))
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{last}{max(sheet.max_row, header_row)}"
    if footer:
        sheet.append([])
        for line in footer:
            sheet.append([None if v is None else str(v) for v in line])
    for index, column in enumerate(columns, start=1):
        width = column.width or min(60, max(12, len(str(column.header)) + 4))
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_csv(
    *, columns: Sequence[Column], rows: Iterable[dict[str, Any]], delimiter: str = ","
) -> bytes:
    """UTF-8 with BOM (Excel in Spanish reads the accents); dates DD/MM/AAAA, decimal point."""
    data = dataset(columns=columns, rows=rows)
    typed = list(data)
    data.wipe()
    data.headers = [str(c.header) for c in columns]
    for values in typed:
        # Dates as DD/MM/AAAA; formula-like text with the apostrophe no spreadsheet evaluates
        # (read back without it: see _grid_of_csv).
        data.append(
            [
                v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else formulas.csv_cell(v)
                for v in values
            ]
        )
    return ("\ufeff" + data.export("csv", delimiter=delimiter)).encode("utf-8")


def _sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Hoja1"


# ---------------------------------------------------------------- reading


@dataclass
class Table:
    """What a file held: parsed rows ``(row_number, values)`` and every error found."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    # The same rows' cells as read, before parsing (column key → cell value).
    raw: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    header_row: int = 0
    extra_headers: list[str] = field(default_factory=list)
    # The rows above the header (a letterhead: entity, document code, approval date).
    preamble: list[tuple] = field(default_factory=list)
    # Column key → "C (Header)", for errors found later (model validation).
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _read_bytes(file: Any) -> bytes:
    if isinstance(file, (bytes, bytearray)):
        return bytes(file)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_IMPORT_BYTES + 1)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _grid_of_xlsx(data: bytes) -> tuple[list[tuple[str, Iterator[tuple]]], str | None]:
    """The sheets as ``(name, row iterator)``, or an error message."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return [], _("El archivo no es un libro de Excel (.xlsx) válido.")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        return [], _(
            "El archivo es un .zip pero no un libro de Excel (.xlsx): abra la matriz en Excel y "
            "guárdela como «Libro de Excel»."
        )
    if sum(i.file_size for i in infos) > MAX_INFLATED_BYTES:
        return [], _("El libro es demasiado grande al descomprimirlo; no parece una matriz.")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged workbook
        return [], _("El archivo no es un libro de Excel (.xlsx) válido.")
    sheets = []
    for sheet in book.worksheets:
        if getattr(sheet, "sheet_state", "visible") != "visible":
            continue
        sheet.reset_dimensions()  # do not trust a declared A1:Z1048576
        sheets.append((sheet.title, sheet.iter_rows(values_only=True)))
    return sheets, None


def _grid_of_csv(data: bytes) -> tuple[list[tuple[str, Iterator[tuple]]], str | None]:
    if b"\x00" in data[:4096]:
        return [], _("El archivo no es un libro de Excel (.xlsx) ni un CSV.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" in Spanish Windows
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [("CSV", (tuple(formulas.csv_text(v) for v in row) for row in reader))], None


def _blank(values: Sequence[Any] | None) -> bool:
    return values is None or all(v is None or str(v).strip() == "" for v in values)


def _find_header(
    rows: Iterator[tuple], columns: Sequence[Column]
) -> tuple[int, tuple, list[tuple], list[tuple]] | None:
    """Search the first rows for the one naming most columns:
    ``(number, header, rows above it, rows read after it)``."""
    wanted = set().union(*(c.names() for c in columns))
    best: tuple[int, int, tuple] | None = None
    seen: list[tuple] = []
    for number, values in enumerate(rows, start=1):
        values = tuple(values or ())
        seen.append(values)
        hits = sum(1 for v in values if fold(v) in wanted)
        if hits and (best is None or hits > best[0]):
            best = (hits, number, values)
        if number >= HEADER_SEARCH_ROWS or (best and hits == len(columns)):
            break
    if best is None:
        return None
    return best[1], best[2], seen[: best[1] - 1], seen[best[1] :]


def read_table(
    *,
    file: Any,
    columns: Sequence[Column],
    sheet_name: str = "",
    max_rows: int = MAX_IMPORT_ROWS,
    allow_extra: bool = False,
    skip: Callable[[tuple], bool] | None = None,
    row_key: str = "",
) -> Table:
    """Read and parse a matrix; every error at once. Nothing here saves anything.

    ``allow_extra`` accepts columns of other names (a format with extra columns after the
    known ones); ``skip`` tells rows that are not data (a letterhead repeated on each page,
    a signature block); rows that repeat the header row are always skipped. With
    ``row_key`` (a column key), a row whose cell of that column is empty is not data either
    (a total row, a heading row of a group)."""
    table = Table()
    size = getattr(file, "size", None)
    if size and size > MAX_IMPORT_BYTES:
        table.errors.append(CellError(0, "", _("El archivo supera el tamaño máximo de 5 MB.")))
        return table
    data = _read_bytes(file)
    if len(data) > MAX_IMPORT_BYTES:
        table.errors.append(CellError(0, "", _("El archivo supera el tamaño máximo de 5 MB.")))
        return table
    if not data.strip(b"\xef\xbb\xbf \r\n\t"):
        table.errors.append(CellError(0, "", _("El archivo está vacío.")))
        return table
    reader = _grid_of_xlsx if data.startswith(b"PK") else _grid_of_csv
    sheets, problem = reader(data)
    if problem:
        table.errors.append(CellError(0, "", problem))
        return table
    chosen = None
    for name, rows in sorted(sheets, key=lambda s: fold(s[0]) != fold(sheet_name)):
        found = _find_header(rows, columns)
        if found is not None:
            chosen = (name, rows, found)
            break
    if chosen is None:
        names = ", ".join(f"«{name}»" for name, _rows in sheets)
        expected = " | ".join(str(c.header) for c in columns)
        if reader is _grid_of_csv:
            message = _(
                "El archivo no es un libro de Excel (.xlsx) ni un CSV con la fila de "
                "encabezados de la matriz. Se esperaban estas columnas: %(expected)s."
            )
        else:
            message = _(
                "No se encontró la fila de encabezados de la matriz en ninguna hoja "
                "(%(sheets)s). Se esperaban estas columnas: %(expected)s."
            )
        table.errors.append(
            CellError(0, "", message % {"sheets": names or _("ninguna"), "expected": expected})
        )
        return table
    _name, rows, (header_number, header, preamble, pending) = chosen
    table.header_row = header_number
    table.preamble = preamble
    positions = _positions(table, header_number, header, columns, allow_extra)
    table.labels = {c.key: column_label(positions[c.key], c) for c in columns if c.key in positions}
    _parse_rows(
        table, header_number, pending, rows, columns, positions, max_rows, skip, header, row_key
    )
    return table


def _positions(
    table: Table,
    header_number: int,
    header: tuple,
    columns: Sequence[Column],
    allow_extra: bool,
) -> dict[str, int]:
    positions: dict[str, int] = {}
    # A header shared by several columns goes to them in their order of occurrence.
    by_name: dict[str, list[Column]] = {}
    for known in sorted(columns, key=lambda c: c.occurrence):
        for name in known.names():
            by_name.setdefault(name, []).append(known)
    for index, raw in enumerate(header):
        key = fold(raw)
        if not key:
            continue
        letter = get_column_letter(index + 1)
        named = by_name.get(key, [])
        column: Column | None = next(
            (c for c in named if c.key not in positions), named[-1] if named else None
        )
        if column is None:
            if allow_extra:
                table.extra_headers.append(parse_text(raw))
                continue
            table.errors.append(
                CellError(
                    header_number,
                    letter,
                    _("Encabezado desconocido «%(header)s».") % {"header": parse_text(raw)},
                )
            )
        elif column.key in positions:
            table.errors.append(
                CellError(
                    header_number,
                    letter,
                    _("La columna «%(header)s» está repetida.") % {"header": column.header},
                )
            )
        else:
            positions[column.key] = index
    for column in columns:
        if column.required and column.key not in positions:
            table.errors.append(
                CellError(
                    header_number,
                    "",
                    _("Falta la columna obligatoria «%(header)s» en la fila de encabezados.")
                    % {"header": column.header},
                )
            )
    return positions


def column_label(index: int, column: Column) -> str:
    return f"{get_column_letter(index + 1)} ({column.header})"


def _parse_rows(
    table: Table,
    header_number: int,
    pending: list[tuple],
    rows: Iterator[tuple],
    columns: Sequence[Column],
    positions: dict[str, int],
    max_rows: int,
    skip: Callable[[tuple], bool] | None = None,
    header: tuple = (),
    row_key: str = "",
) -> None:
    empty_run = 0
    counted = 0
    stream = _chain(pending, rows)
    header_key = [fold(v) for v in header]
    for number, values in enumerate(stream, start=header_number + 1):
        if _blank(values):
            empty_run += 1
            if empty_run >= EMPTY_ROWS_END:
                break
            continue
        empty_run = 0
        if [fold(v) for v in values][: len(header_key)] == header_key or (skip and skip(values)):
            continue
        counted += 1
        if counted > max_rows:
            table.errors.append(
                CellError(
                    number,
                    "",
                    _("El archivo tiene demasiadas filas (máximo %(n)s).") % {"n": max_rows},
                )
            )
            break
        cells: dict[str, Any] = {}
        for column in columns:
            index = positions.get(column.key)
            if index is None:
                continue
            raw = values[index] if index < len(values) else None
            cells[column.key] = raw.strip() if isinstance(raw, str) else raw
        if row_key and cells.get(row_key) in (None, ""):
            continue
        parsed, errors = parse_cells(columns, cells, number, table.labels)
        table.errors.extend(errors)
        table.raw.append((number, cells))
        table.rows.append((number, parsed))


def parse_cells(
    columns: Sequence[Column], cells: dict[str, Any], number: int, labels: dict[str, str]
) -> tuple[dict[str, Any], list[CellError]]:
    """Parse one row's cells (column key → cell value as read); every error of the row.
    Stored cells of a pending import are parsed again with this when it is applied."""
    parsed: dict[str, Any] = {}
    errors: list[CellError] = []
    for column in columns:
        if column.key not in cells:
            continue
        raw = cells[column.key]
        label = labels.get(column.key, str(column.header))
        if column.required and raw in (None, ""):
            errors.append(CellError(number, label, _("Este dato es obligatorio.")))
            continue
        try:
            parsed[column.key] = column.parse(raw)
        except ParseError as exc:
            errors.append(CellError(number, label, str(exc)))
    return parsed, errors


def _chain(first: list[tuple], rest: Iterator[tuple]) -> Iterator[tuple]:
    yield from first
    yield from rest


def read_workbook(
    *, file: Any, columns: Sequence[Column]
) -> tuple[list[tuple[int, dict[str, Any]]], list[CellError]]:
    """Parse every data row; return ``(rows, errors)``. Rows are ``(row_number, values)``."""
    table = read_table(file=file, columns=columns)
    return table.rows, table.errors


def model_errors(exc: Any, row: int, headers: dict[str, str], default: str = "") -> list[CellError]:
    """Translate a model ValidationError into cell errors (field → column header)."""
    found = []
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            for message in messages:
                found.append(CellError(row, headers.get(name, default), message))
    else:
        for message in exc.messages:
            found.append(CellError(row, default, message))
    return found
