"""XLSX export and import of the plan matrix (seed 002's seguimiento columns and more)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from cabildo.core.models import Area
from cabildo.plans import services
from cabildo.plans.models import (
    Channel,
    CyclePhase,
    IncidenceLevel,
    Mechanism,
    PlannedActivity,
    PlanVersion,
    Procedure,
)
from cabildo.plans.selectors import body_model, stakeholder_group_model, version_activities

# The exact header row, in Spanish (the format officials already use, seed 002).
HEADERS = (
    "ACTIVIDAD",
    "META",
    "UNIDAD DE MEDIDA",
    "INDICADOR",
    "RESPONSABLE",
    "PERIODICIDAD",
    "DEPENDENCIA",
    "FASE",
    "PROCEDIMIENTO",
    "NIVEL DE INCIDENCIA",
    "ESPACIO",
    "GRUPOS DE VALOR",
    "CANAL",
    "MECANISMO",
    "FECHA INICIO",
    "FECHA FIN",
    "PRESUPUESTO",
)
MAX_ROWS = 2000
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _date(value: date | None) -> Any:
    return value if value else None


def workbook(version: PlanVersion) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan de participación"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for activity in version_activities(version=version):
        sheet.append(
            [
                activity.name,
                activity.goal,
                activity.unit,
                activity.indicator,
                activity.responsible,
                activity.periodicity,
                activity.area.name,
                activity.get_phase_display(),
                activity.get_procedure_display(),
                activity.get_incidence_level_display(),
                activity.space_label,
                "; ".join(str(g) for g in activity.stakeholder_groups.all()),
                activity.get_channel_display(),
                activity.get_mechanism_display(),
                _date(activity.start_date),
                _date(activity.end_date),
                float(activity.budget),
            ]
        )
    for index in range(1, len(HEADERS) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 24
    for row in sheet.iter_rows(min_row=2, min_col=15, max_col=16):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"
    return book


def response(version: PlanVersion) -> HttpResponse:
    buffer = io.BytesIO()
    workbook(version).save(buffer)
    name = slugify(f"plan-participacion-{version.plan.year}-v{version.number}")
    result = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPE)
    result["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return result


@dataclass
class CellError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    errors: list[CellError] = field(default_factory=list)


def _norm(value: Any) -> str:
    return slugify(str(value or "").strip())


def _choice_map(choices: Any) -> dict[str, str]:
    mapping = {}
    for value, label in choices.choices:
        mapping[_norm(value)] = value
        mapping[_norm(label)] = value
    return mapping


def _parse_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def import_matrix(*, version: PlanVersion, file: Any, user: Any = None) -> ImportResult:
    """Validate every row first; save all rows only if none has an error."""
    result = ImportResult()
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception:
        result.errors.append(CellError(0, "", _("El archivo no es un libro XLSX válido.")))
        return result
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        result.errors.append(CellError(1, "", _("El archivo está vacío.")))
        return result
    header = [str(c or "").strip().upper() for c in rows[0]][: len(HEADERS)]
    header += [""] * (len(HEADERS) - len(header))
    for index, (expected, found) in enumerate(zip(HEADERS, header, strict=True)):
        if expected != found:
            result.errors.append(
                CellError(
                    1,
                    get_column_letter(index + 1),
                    _(
                        "Encabezado incorrecto: se esperaba «%(expected)s» y se encontró "
                        "«%(found)s»."
                    )
                    % {"expected": expected, "found": found or _("(vacío)")},
                )
            )
    if result.errors:
        return result
    data_rows = [r for r in rows[1:] if any(c not in (None, "") for c in r)]
    if len(data_rows) > MAX_ROWS:
        result.errors.append(
            CellError(0, "", _("El archivo supera el máximo de %(n)s filas.") % {"n": MAX_ROWS})
        )
        return result
    if not services.is_editable(version):
        result.errors.append(
            CellError(0, "", _("La versión no admite cambios en su estado actual."))
        )
        return result
    entity_id = version.entity_id
    areas = {_norm(a.name): a for a in Area.objects.for_entity(entity_id)}
    areas.update({_norm(a.acronym): a for a in Area.objects.for_entity(entity_id) if a.acronym})
    bodies = {}
    for body in body_model().objects.filter(entity_id=entity_id):
        bodies[_norm(body.name)] = body
        if getattr(body, "acronym", ""):
            bodies[_norm(body.acronym)] = body
    groups = {_norm(g): g for g in stakeholder_group_model().objects.filter(entity_id=entity_id)}
    phases, procedures = _choice_map(CyclePhase), _choice_map(Procedure)
    levels, channels, mechanisms = (
        _choice_map(IncidenceLevel),
        _choice_map(Channel),
        _choice_map(Mechanism),
    )
    prepared: list[dict[str, Any]] = []
    for offset, raw in enumerate(data_rows, start=2):
        values = dict(zip(HEADERS, list(raw) + [None] * (len(HEADERS) - len(raw)), strict=False))
        errors: list[CellError] = []

        def err(column: str, message: str, row: int = offset, bucket: list = errors) -> None:
            letter = get_column_letter(HEADERS.index(column) + 1)
            bucket.append(CellError(row, f"{letter} ({column})", message))

        def text(column: str, values: dict = values) -> str:
            value = values.get(column)
            return "" if value is None else str(value).strip()

        data: dict[str, Any] = {
            "name": text("ACTIVIDAD"),
            "goal": text("META"),
            "unit": text("UNIDAD DE MEDIDA"),
            "indicator": text("INDICADOR"),
            "responsible": text("RESPONSABLE"),
            "periodicity": text("PERIODICIDAD"),
            "body": None,
            "other_space": "",
        }
        if not data["name"]:
            err("ACTIVIDAD", _("La actividad es obligatoria."))
        area = areas.get(_norm(text("DEPENDENCIA")))
        if area is None:
            err(
                "DEPENDENCIA",
                _("No existe la dependencia «%(v)s» en la entidad.") % {"v": text("DEPENDENCIA")},
            )
        data["area"] = area
        for column, mapping, key in (
            ("FASE", phases, "phase"),
            ("PROCEDIMIENTO", procedures, "procedure"),
            ("NIVEL DE INCIDENCIA", levels, "incidence_level"),
            ("CANAL", channels, "channel"),
            ("MECANISMO", mechanisms, "mechanism"),
        ):
            value = mapping.get(_norm(text(column)))
            if value is None:
                err(column, _("Valor no reconocido: «%(v)s».") % {"v": text(column)})
            data[key] = value
        space = text("ESPACIO")
        if not space:
            err("ESPACIO", _("Indique la instancia o el otro espacio."))
        elif _norm(space) in bodies:
            data["body"] = bodies[_norm(space)]
        else:
            data["other_space"] = space
        chosen_groups = []
        for name in [n.strip() for n in text("GRUPOS DE VALOR").split(";") if n.strip()]:
            group = groups.get(_norm(name))
            if group is None:
                err("GRUPOS DE VALOR", _("No existe el grupo de valor «%(v)s».") % {"v": name})
            else:
                chosen_groups.append(group)
        data["stakeholder_groups"] = chosen_groups
        for column, key in (("FECHA INICIO", "start_date"), ("FECHA FIN", "end_date")):
            try:
                data[key] = _parse_date(values.get(column))
            except ValueError:
                err(column, _("Fecha no válida (use DD/MM/AAAA)."))
                data[key] = None
        if data["start_date"] and data["end_date"] and data["end_date"] < data["start_date"]:
            err(
                "FECHA FIN",
                _("La fecha de finalización no puede ser anterior a la fecha de inicio."),
            )
        budget_raw = values.get("PRESUPUESTO")
        try:
            budget = (
                Decimal(str(budget_raw).replace(",", "").strip())
                if budget_raw not in (None, "")
                else Decimal(0)
            )
            if budget < 0:
                err("PRESUPUESTO", _("El presupuesto no puede ser negativo."))
        except InvalidOperation:
            err("PRESUPUESTO", _("El presupuesto debe ser un número."))
            budget = Decimal(0)
        data["budget"] = budget
        if not errors:
            candidate = PlannedActivity(
                entity_id=entity_id,
                version=version,
                **{k: v for k, v in data.items() if k != "stakeholder_groups"},
            )
            try:
                candidate.full_clean(exclude=["version"])
            except ValidationError as exc:
                for field_name, messages in exc.message_dict.items():
                    column = {
                        "other_space": "ESPACIO",
                        "end_date": "FECHA FIN",
                        "budget": "PRESUPUESTO",
                        "name": "ACTIVIDAD",
                    }.get(field_name, "ACTIVIDAD")
                    for message in messages:
                        err(column, message)
        result.errors.extend(errors)
        prepared.append(data)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for data in prepared:
                services.save_activity(version=version, data=data, user=user)
    except ValidationError as exc:
        result.errors.append(CellError(0, "", "; ".join(exc.messages)))
        return result
    result.created = len(prepared)
    return result
