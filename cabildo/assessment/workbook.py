"""XLSX in the Función Pública workbook layout: autodiagnóstico import/export, plan export.

Sheet "Autodiagnóstico", columns: Componente | Calificación | Categoría | Calificación |
Actividades de gestión | Puntaje | Observaciones. The import finds the columns by their
headers (any order, other columns between; the repeated "Calificación" is assigned left to
right) and reads only the activity, its score and its observations. It is all-or-nothing: any
error (wrong sheet, score outside 0–100, text in a score cell, unknown activity) is reported by
row and column and nothing is saved; otherwise :func:`import_preview` shows what changes and
:func:`import_confirm` writes it, only if the assessment has not changed since.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core import signing
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

if TYPE_CHECKING:
    from cabildo.accounts.models import User

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
# Columns the import reads; the others (component, category and their ratings) are computed
# on export and only located. Observaciones may be missing: the observations are then kept.
_REQUIRED_SLOTS = (COL_ACTIVITY - 1, COL_SCORE - 1)


def header_columns(row: tuple[Any, ...] | list[Any]) -> dict[int, int] | None:
    """Where each of HEADERS is in ``row``: ``{slot: column index}`` (slot = index in
    HEADERS), or ``None`` when the row is not the header (no activity or score column).

    Columns may come in any order, with other columns between them. A header name that
    repeats ("Calificación": the component's, then the category's) is assigned left to
    right: its first column to its first slot, the second to the second."""
    slots: dict[int, int] = {}
    for index, cell in enumerate(row or ()):
        name = _normalise(cell)
        if not name:
            continue
        slot = next(
            (s for s, names in enumerate(_EXPECTED) if name in names and s not in slots), None
        )
        if slot is not None:
            slots[slot] = index
    return slots if all(s in slots for s in _REQUIRED_SLOTS) else None


def _find_header(rows: Iterator[tuple[Any, ...]]) -> tuple[int, dict[int, int]] | None:
    """Index of the header row (the official workbook has title rows above it) and its
    columns, reading only the first rows of ``rows``; the iterator is left just after it."""
    for index, row in enumerate(itertools.islice(rows, HEADER_SEARCH_ROWS)):
        slots = header_columns(tuple(row or ()))
        if slots is not None:
            return index, slots
    return None


def _data_rows(
    rows: Iterator[tuple[Any, ...]], start: int, slots: dict[int, int]
) -> Iterator[tuple[int, list[Any]]]:
    """``(row number, 7 cells in HEADERS' order)`` of the rows after the header (a missing
    column reads ``None``), up to the first run of EMPTY_ROWS_END blank rows; raises
    ``OverflowError`` past MAX_IMPORT_ROWS rows."""
    blank_run = 0
    for count, (number, row) in enumerate(enumerate(rows, start=start), start=1):
        if count > MAX_IMPORT_ROWS:
            raise OverflowError(number)
        found = tuple(row or ())
        cells = [
            found[slots[s]] if s in slots and slots[s] < len(found) else None
            for s in range(len(HEADERS))
        ]
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
    header = _find_header(rows)
    if header is None:
        errors.append(
            ImportError_(
                1,
                "A–G",
                _("Encabezados inesperados. Se esperaban: %(cols)s.")
                % {"cols": " | ".join(HEADERS)},
            )
        )
        return {}, errors
    header_index, slots = header
    activities = {_normalise(a.text): a for a in assessment.catalogue_version.activities.all()}
    values: dict[int, services.ScoreInput] = {}
    activity_col = get_column_letter(slots[COL_ACTIVITY - 1] + 1)
    try:
        _collect(
            rows,
            header_index + 2,
            slots,
            activities,
            values,
            errors,
            str(assessment.catalogue_version),
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
    slots: dict[int, int],
    activities: dict[str, Any],
    values: dict[int, services.ScoreInput],
    errors: list[ImportError_],
    catalogue: str,
) -> None:
    # Errors name the file's own column letters (the columns may have moved).
    score_col = get_column_letter(slots[COL_SCORE - 1] + 1)
    activity_col = get_column_letter(slots[COL_ACTIVITY - 1] + 1)
    has_observations = COL_OBS - 1 in slots
    for index, cells in _data_rows(rows, start, slots):
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
        if not has_observations:
            values[activity.pk] = services.ScoreInput(score=score, observations=None)
            continue
        values[activity.pk] = services.ScoreInput(
            score=score, observations="" if observations is None else str(observations)
        )


@dataclass(frozen=True)
class ScoreChange:
    """One activity whose score or observations the import changes (the preview's row)."""

    code: str
    activity: str
    old_score: int | None
    new_score: int | None
    old_observations: str
    new_observations: str

    @property
    def score_changed(self) -> bool:
        return self.old_score != self.new_score

    @property
    def observations_changed(self) -> bool:
        return self.old_observations != self.new_observations


@dataclass(frozen=True)
class ImportPreview:
    """What an import would write, before anything is written."""

    values: dict[int, services.ScoreInput]
    changes: list[ScoreChange]
    unchanged: int
    fingerprint: str


def _fingerprint(assessment: SelfAssessment) -> str:
    """A digest of the assessment's scores and observations: a preview applies only to the
    state it was computed on."""
    rows = assessment.scores.order_by("activity_id").values_list(
        "activity_id", "score", "observations"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def import_preview(*, assessment: SelfAssessment, data: bytes) -> ImportPreview:
    """Read the workbook and compare it with the assessment, field by field; raises
    ValidationError listing every error of the file. Writes nothing."""
    services._ensure_open(assessment)
    values, errors = parse_workbook(assessment=assessment, data=data)
    if errors:
        raise ValidationError([str(e) for e in errors])
    # Activities missing from the workbook become blank (the workbook is the whole record).
    scores = list(assessment.scores.select_related("activity").order_by("activity__order"))
    for score in scores:
        values.setdefault(score.activity_id, services.ScoreInput(score=None, observations=""))
    changes: list[ScoreChange] = []
    for row in scores:
        item = values[row.activity_id]
        new_score = scoring.validate_score(item.score)
        new_obs = row.observations if item.observations is None else item.observations.strip()
        if new_score == row.score and new_obs == row.observations:
            continue
        changes.append(
            ScoreChange(
                code=row.activity.code,
                activity=row.activity.text,
                old_score=row.score,
                new_score=new_score,
                old_observations=row.observations,
                new_observations=new_obs,
            )
        )
    return ImportPreview(
        values=values,
        changes=changes,
        unchanged=len(scores) - len(changes),
        fingerprint=_fingerprint(assessment),
    )


PREVIEW_SIGNING_NAMESPACE = "cabildo.assessment.workbook-import"
PREVIEW_MAX_AGE = 60 * 60  # a preview is confirmed within the hour or read again


def preview_token(*, assessment: SelfAssessment, preview: ImportPreview) -> str:
    """The preview's values, signed, for the confirmation form (nothing kept on the server)."""
    values = {str(k): [v.score, v.observations] for k, v in preview.values.items()}
    payload = {"a": assessment.pk, "f": preview.fingerprint, "v": values}
    return signing.dumps(payload, salt=PREVIEW_SIGNING_NAMESPACE, compress=True)


def _invalid_preview() -> str:
    return _("La vista previa no es válida. Cargue el archivo de nuevo.")


@transaction.atomic
def import_confirm(*, assessment: SelfAssessment, user: User | None, token: str) -> int:
    """Write the values of a preview (:func:`preview_token`) if the assessment has not
    changed since; raises ValidationError otherwise. Returns the rows changed."""
    try:
        payload = signing.loads(token, salt=PREVIEW_SIGNING_NAMESPACE, max_age=PREVIEW_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ValidationError(
            _("La vista previa caducó (más de una hora). Cargue el archivo de nuevo.")
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationError(
            _("La vista previa no es válida. Cargue el archivo de nuevo.")
        ) from exc
    if payload.get("a") != assessment.pk:
        raise ValidationError(_("La vista previa no es válida. Cargue el archivo de nuevo."))
    locked = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    if payload.get("f") != _fingerprint(locked):
        raise ValidationError(
            _(
                "El autodiagnóstico cambió después de la vista previa. Cargue el archivo de "
                "nuevo para ver los cambios sobre los puntajes actuales."
            )
        )
    values = {
        int(k): services.ScoreInput(score=v[0], observations=v[1]) for k, v in payload["v"].items()
    }
    return services.scores_update(assessment=assessment, user=user, values=values)


@transaction.atomic
def import_assessment(*, assessment: SelfAssessment, user: User | None, data: bytes) -> int:
    """Import scores and observations at once (no preview); raises ValidationError listing
    every error."""
    preview = import_preview(assessment=assessment, data=data)
    return services.scores_update(assessment=assessment, user=user, values=preview.values)
