"""XLSX in the Función Pública workbook layout: autodiagnóstico import/export, plan export.

Sheet "Autodiagnóstico", columns: Componente | Calificación | Categoría | Calificación |
Actividades de gestión | Puntaje | Observaciones. Import is all-or-nothing: any error (wrong
sheet, score outside 0–100, text in a score cell, unknown activity) is reported by row and
column and nothing is saved.
"""

from __future__ import annotations

import io
import itertools
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cabildo.assessment import scoring, selectors, services
from cabildo.assessment.models import SelfAssessment
from cabildo.core import uploads
from cabildo.core.tabular import file_language

SHEET_NAME = "Autodiagnóstico"
HEADERS = [
    "Componente",
    "Calificación",
    "Categoría",
    "Calificación",
    "Actividades de gestión",
    "Puntaje",
    "Observaciones",
]
COL_COMPONENT, COL_COMP_RATING, COL_CATEGORY, COL_CAT_RATING, COL_ACTIVITY, COL_SCORE, COL_OBS = (
    range(1, 8)
)
HEADER_ROW = 1
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_BYTES = 5 * 1024 * 1024
# Reading stops at the first run of this many empty rows (a sheet of a million empty rows costs
# nothing) and refuses more than MAX_IMPORT_ROWS rows after the header (the catalogue has a few
# hundred activities).
EMPTY_ROWS_END = 200
MAX_IMPORT_ROWS = 2000


def _fill(level: scoring.Level | None) -> PatternFill | None:
    if level is None:
        return None
    return PatternFill("solid", fgColor=level.colour.lstrip("#"))


def _normalise(text: Any) -> str:
    value = unicodedata.normalize("NFKC", str(text or ""))
    return " ".join(value.split()).casefold()


def export_assessment(*, assessment: SelfAssessment) -> bytes:
    """The workbook in Spanish whatever the interface's language (a matrix file's language,
    :func:`cabildo.core.tabular.file_language`): the total row and level names too."""
    with file_language():
        return _export_assessment(assessment=assessment)


def _export_assessment(*, assessment: SelfAssessment) -> bytes:
    sheet_data = selectors.assessment_sheet(assessment=assessment)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    ws.append(HEADERS)
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for component in sheet_data.components:
        for category in component.categories:
            for score in category.scores:
                ws.append(
                    [
                        component.component.name,
                        float(component.rating) if component.rating is not None else None,
                        category.category.name,
                        float(category.rating) if category.rating is not None else None,
                        score.activity.text,
                        score.score,
                        score.observations or None,
                    ]
                )
                row = ws.max_row
                for col, level in (
                    (COL_COMP_RATING, component.level),
                    (COL_CAT_RATING, category.level),
                    (COL_SCORE, score.level),
                ):
                    fill = _fill(level)
                    if fill:
                        ws.cell(row=row, column=col).fill = fill
                for col in (COL_COMPONENT, COL_CATEGORY, COL_ACTIVITY, COL_OBS):
                    ws.cell(row=row, column=col).alignment = Alignment(
                        wrap_text=True, vertical="top"
                    )
    for col, width in zip(range(1, 8), (40, 14, 40, 14, 80, 10, 40), strict=True):
        ws.column_dimensions[get_column_letter(col)].width = width
    total_row = ws.max_row + 2
    ws.cell(row=total_row, column=1, value=_("Calificación total")).font = Font(bold=True)
    if sheet_data.total is not None:
        ws.cell(row=total_row, column=2, value=float(sheet_data.total))
        level = sheet_data.total_level
        ws.cell(row=total_row, column=3, value=str(level.label) if level is not None else "")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class ImportError_:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        # Errors about the whole file (size, format) have no row or column: message only.
        if not self.row:
            return self.message
        if not self.column:
            return _("Fila %(row)s: %(msg)s") % {"row": self.row, "msg": self.message}
        return _("Fila %(row)s, columna %(col)s: %(msg)s") % {
            "row": self.row,
            "col": self.column,
            "msg": self.message,
        }


HEADER_SEARCH_ROWS = 30
# The official workbook says "Componentes"; ours says "Componente". Both are accepted.
_EXPECTED = [{_normalise(h), _normalise(h) + "s"} for h in HEADERS]


def _find_header(rows: Iterator[tuple[Any, ...]]) -> int | None:
    """Index of the header row (the official workbook has title rows above it), reading only
    the first rows of ``rows``; the iterator is left just after the header."""
    for index, row in enumerate(itertools.islice(rows, HEADER_SEARCH_ROWS)):
        row = tuple(row or ())
        cells = [_normalise(c) for c in list(row[:7]) + [None] * (7 - len(row[:7]))]
        if all(cell in expected for cell, expected in zip(cells, _EXPECTED, strict=True)):
            return index
    return None


def _data_rows(rows: Iterator[tuple[Any, ...]], start: int) -> Iterator[tuple[int, list[Any]]]:
    """``(row number, 7 cells)`` of the rows after the header, up to the first run of
    EMPTY_ROWS_END blank rows; raises ``OverflowError`` past MAX_IMPORT_ROWS rows."""
    blank_run = 0
    for count, (number, row) in enumerate(enumerate(rows, start=start), start=1):
        if count > MAX_IMPORT_ROWS:
            raise OverflowError(number)
        cells = list(row or ())[:7]
        cells += [None] * (7 - len(cells))
        if all(c is None or not str(c).strip() for c in cells):
            blank_run += 1
            if blank_run >= EMPTY_ROWS_END:
                return
            continue
        blank_run = 0
        yield number, cells


def _parse_score(value: Any) -> int | None:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
    return scoring.validate_score(value)


def parse_workbook(
    *, assessment: SelfAssessment, data: bytes
) -> tuple[dict[int, services.ScoreInput], list[ImportError_]]:
    """Read scores by activity id; collect every error (nothing is written here)."""
    errors: list[ImportError_] = []
    if len(data) > MAX_IMPORT_BYTES:
        errors.append(ImportError_(0, "", _("El archivo supera el tamaño máximo de 5 MB.")))
        return {}, errors
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if not uploads.zip_within_limits(archive):
                raise ValueError("archive over the limits")
        wb = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except Exception:  # openpyxl raises several types for non-xlsx input
        errors.append(ImportError_(0, "", _("El archivo no es un libro de Excel (.xlsx) válido.")))
        return {}, errors
    sheet_name = next((n for n in wb.sheetnames if _normalise(n) == _normalise(SHEET_NAME)), None)
    if sheet_name is None:
        errors.append(
            ImportError_(
                0,
                "",
                _("El libro no tiene la hoja «%(sheet)s» (hojas encontradas: %(found)s).")
                % {"sheet": SHEET_NAME, "found": ", ".join(wb.sheetnames)},
            )
        )
        return {}, errors
    ws = wb[sheet_name]
    ws.reset_dimensions()  # do not trust a declared A1:XFD1048576
    rows = ws.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None:
        errors.append(ImportError_(1, "A", _("La hoja está vacía.")))
        return {}, errors
    rows = itertools.chain([first], rows)
    header_index = _find_header(rows)
    if header_index is None:
        errors.append(
            ImportError_(
                1,
                "A–G",
                _("Encabezados inesperados. Se esperaban: %(cols)s.")
                % {"cols": " | ".join(HEADERS)},
            )
        )
        return {}, errors
    activities = {_normalise(a.text): a for a in assessment.catalogue_version.activities.all()}
    values: dict[int, services.ScoreInput] = {}
    activity_col = get_column_letter(COL_ACTIVITY)
    try:
        _collect(
            rows, header_index + 2, activities, values, errors, str(assessment.catalogue_version)
        )
    except OverflowError:  # the file is not the workbook: one clear message, not 2,000
        return {}, [
            ImportError_(
                header_index + 2 + MAX_IMPORT_ROWS,
                "",
                _("La hoja tiene demasiadas filas (máximo %(n)s).") % {"n": MAX_IMPORT_ROWS},
            )
        ]
    if not values and not errors:
        errors.append(ImportError_(2, activity_col, _("La hoja no tiene actividades.")))
    return values, errors


def _collect(
    rows: Iterator[tuple[Any, ...]],
    start: int,
    activities: dict[str, Any],
    values: dict[int, services.ScoreInput],
    errors: list[ImportError_],
    catalogue: str,
) -> None:
    score_col = get_column_letter(COL_SCORE)
    activity_col = get_column_letter(COL_ACTIVITY)
    for index, cells in _data_rows(rows, start):
        activity_text = cells[COL_ACTIVITY - 1]
        if activity_text is None or not str(activity_text).strip():
            continue  # blank separator or the total row
        activity = activities.get(_normalise(activity_text))
        if activity is None:
            errors.append(
                ImportError_(
                    index,
                    activity_col,
                    _("La actividad no corresponde al catálogo «%(v)s».") % {"v": catalogue},
                )
            )
            continue
        if activity.pk in values:
            errors.append(ImportError_(index, activity_col, _("La actividad está repetida.")))
            continue
        raw = cells[COL_SCORE - 1]
        try:
            score = _parse_score(raw)
        except (TypeError, ValueError):
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                message = _("El puntaje %(v)s está fuera del rango 0 a 100 o no es entero.") % {
                    "v": raw
                }
            else:
                message = _("«%(v)s» no es un puntaje; escriba un número entero de 0 a 100.") % {
                    "v": raw
                }
            errors.append(ImportError_(index, score_col, message))
            continue
        observations = cells[COL_OBS - 1]
        values[activity.pk] = services.ScoreInput(
            score=score, observations="" if observations is None else str(observations)
        )


@transaction.atomic
def import_assessment(*, assessment: SelfAssessment, user: Any, data: bytes) -> int:
    """Import scores and observations; raises ValidationError listing every error."""
    services._ensure_open(assessment)
    values, errors = parse_workbook(assessment=assessment, data=data)
    if errors:
        raise ValidationError([str(e) for e in errors])
    # Activities missing from the workbook become blank (the workbook is the whole record).
    for score in assessment.scores.all():
        values.setdefault(score.activity_id, services.ScoreInput(score=None, observations=""))
    return services.scores_update(assessment=assessment, user=user, values=values)
