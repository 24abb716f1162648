"""Small helpers to write and read characterization matrices (XLSX, Spanish headers).

Reading never saves anything: it returns the parsed rows and every error found, by row
and column, so the import can be all-or-nothing.
"""

from __future__ import annotations

import datetime
import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 2000


def fold(text: Any) -> str:
    """Lower case, without accents or repeated spaces: for lenient matching."""
    raw = " ".join(str(text or "").split()).lower()
    return "".join(c for c in unicodedata.normalize("NFKD", raw) if not unicodedata.combining(c))


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    parse: Callable[[Any], Any]
    required: bool = False
    export: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    message: str


class ParseError(ValueError):
    pass


# ---------------------------------------------------------------- parsers


def parse_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_int(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = float(str(value).replace(",", ".").strip())
    except ValueError as exc:
        raise ParseError(_("Debe ser un número entero.")) from exc
    if not number.is_integer() or number < 0:
        raise ParseError(_("Debe ser un número entero no negativo."))
    return int(number)


def parse_date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ParseError(
        _("Fecha no válida «%(value)s»: use AAAA-MM-DD o DD/MM/AAAA.") % {"value": text}
    )


def parse_bool(value: Any) -> bool:
    key = fold(value)
    if key in {"si", "s", "x", "true", "1", "verdadero"}:
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


def yes_no(value: bool) -> str:
    return _("Sí") if value else _("No")


# ---------------------------------------------------------------- workbook I/O


def write_workbook(*, title: str, columns: list[Column], rows: Iterable[dict[str, Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([str(c.header) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        values = []
        for column in columns:
            value = row.get(column.key)
            if column.export is not None:
                value = column.export(value)
            if value is None:
                value = ""
            elif not isinstance(value, (int, float, datetime.date, str)):
                value = str(value)  # lazy translations, model instances
            values.append(value)
        sheet.append(values)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_workbook(
    *, file: Any, columns: list[Column]
) -> tuple[list[tuple[int, dict[str, Any]]], list[CellError]]:
    """Parse every data row; return ``(rows, errors)``. Rows are ``(row_number, values)``."""
    errors: list[CellError] = []
    if getattr(file, "size", 0) and file.size > MAX_IMPORT_BYTES:
        return [], [CellError(0, "", _("El archivo supera el tamaño máximo de 5 MB."))]
    try:
        file.seek(0)
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a non-XLSX file
        return [], [CellError(0, "", _("El archivo no es un libro de Excel (.xlsx) válido."))]
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    header_row = next(iterator, None) or ()
    headers = [fold(h) for h in header_row]
    positions: dict[str, int] = {}
    for column in columns:
        key = fold(column.header)
        if key in headers:
            positions[column.key] = headers.index(key)
        elif column.required:
            errors.append(
                CellError(
                    1,
                    column.header,
                    _("Falta la columna obligatoria «%(header)s» en la fila de encabezados.")
                    % {"header": column.header},
                )
            )
    known = {fold(c.header) for c in columns}
    for header, raw in zip(headers, header_row, strict=False):
        if header and header not in known:
            errors.append(
                CellError(
                    1,
                    parse_text(raw),
                    _("Encabezado desconocido «%(header)s».") % {"header": parse_text(raw)},
                )
            )
    if errors:
        workbook.close()
        return [], errors
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, raw_row in enumerate(iterator, start=2):
        if number - 1 > MAX_IMPORT_ROWS:
            errors.append(
                CellError(
                    number,
                    "",
                    _("El archivo tiene demasiadas filas (máximo %(n)s).") % {"n": MAX_IMPORT_ROWS},
                )
            )
            break
        if raw_row is None or all(v in (None, "") for v in raw_row):
            continue
        values: dict[str, Any] = {}
        for column in columns:
            position = positions.get(column.key)
            raw = raw_row[position] if position is not None and position < len(raw_row) else None
            if column.required and raw in (None, ""):
                errors.append(CellError(number, column.header, _("Este dato es obligatorio.")))
                continue
            try:
                values[column.key] = column.parse(raw)
            except ParseError as exc:
                errors.append(CellError(number, column.header, str(exc)))
        rows.append((number, values))
    workbook.close()
    return rows, errors


def model_errors(exc: Any, row: int, headers: dict[str, str]) -> list[CellError]:
    """Translate a model ValidationError into cell errors (field → column header)."""
    found = []
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            for message in messages:
                found.append(CellError(row, headers.get(field, ""), message))
    else:
        for message in exc.messages:
            found.append(CellError(row, "", message))
    return found
