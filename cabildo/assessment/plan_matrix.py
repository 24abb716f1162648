"""The plan de mejoramiento as the approved workbook reads (seed 003, Cartago's PC.PL.002).

The sheet starts with a letterhead (entity and NIT, document code, title, approval date),
then the five columns of the seed, in this order and with these names:

    CATEGORÍAS | ACTIVIDADES DE GESTIÓN | DISEÑE ALTERNATIVAS DE MEJORA | FECHA |
    EVALUACIÓN DE LA EFICACIA DE LAS ACCIONES IMPLEMENTADAS

FECHA is a duration ("5 meses", counted from the approval date) or a date. Cabildo's own
columns (RESPONSABLE, ESTADO, AVANCE, CÓDIGO) come only after those five, so the export still
reads as the seed. Importing matches each row to the MIPG activity catalogue of the plan's
self-assessment by the text of ACTIVIDADES DE GESTIÓN (or by CÓDIGO when present), skips the
letterhead and header that a multi-page document repeats, and is all or nothing.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cabildo.assessment import selectors
from cabildo.assessment.models import (
    ActionStatus,
    ImprovementAction,
    ImprovementPlan,
    ManagementActivity,
)
from cabildo.core.tabular import (
    CellError,
    Column,
    ParseError,
    area_parser,
    choice_column,
    fold,
    lookup_parser,
    parse_date,
    parse_percent,
    read_table,
    write_xlsx,
)

TITLE = "PLAN DE MEJORAMIENTO POLÍTICA PARTICIPACIÓN CIUDADANA"
SEED_HEADERS = (
    "CATEGORÍAS",
    "ACTIVIDADES DE GESTIÓN",
    "DISEÑE ALTERNATIVAS DE MEJORA",
    "FECHA",
    "EVALUACIÓN DE LA EFICACIA DE LAS ACCIONES IMPLEMENTADAS",
)
_MONTHS = re.compile(r"^(\d{1,2})\s*(mes|meses)$")
# Letterhead and signature lines, as a multi-page document repeats them between rows.
_NOT_DATA = ("pagina ", "codigo:", "codigo ", "fecha de aprobacion", "plan de mejoramiento")
_SIGNATURES = ("elaboro", "aprobo", "reviso")


@dataclass(frozen=True)
class Deadline:
    months: int | None = None
    date: datetime.date | None = None


def parse_deadline(value: Any) -> Deadline:
    """'5 meses', '1 mes' or a date (cell or DD/MM/AAAA)."""
    if value in (None, ""):
        return Deadline()
    found = _MONTHS.match(fold(value))
    if found:
        months = int(found.group(1))
        if not 1 <= months <= 36:
            raise ParseError(_("El plazo debe ser de 1 a 36 meses."))
        return Deadline(months=months)
    try:
        return Deadline(date=parse_date(value))
    except ParseError as exc:
        raise ParseError(
            _("Escriba un plazo como «5 meses» o una fecha DD/MM/AAAA (se encontró «%(v)s»).")
            % {"v": value}
        ) from exc


def deadline_text(deadline: Deadline) -> str:
    if deadline.months:
        return _("%(n)s meses") % {"n": deadline.months} if deadline.months > 1 else _("1 mes")
    return deadline.date.strftime("%d/%m/%Y") if deadline.date else ""


def _is_not_data(values: tuple) -> bool:
    cells = [fold(v) for v in values if v not in (None, "")]
    if not cells:
        return False
    if any(c.startswith(_SIGNATURES) for c in cells[:1]):
        return True
    return all(
        c.startswith(_NOT_DATA) or " nit:" in c or c.startswith("nit:") or c == fold(TITLE)
        for c in cells
    )


def activity_matcher(activities: list[ManagementActivity]) -> Any:
    """Find the catalogue activity by its text: exact (folded), else a near match."""
    by_text = {fold(a.text): a for a in activities}

    def parse(raw: Any) -> ManagementActivity | None:
        if raw in (None, ""):
            return None
        key = fold(raw)
        if key in by_text:
            return by_text[key]
        close = difflib.get_close_matches(key, list(by_text), n=1, cutoff=0.85)
        if close:
            return by_text[close[0]]
        raise ParseError(
            _(
                "La actividad de gestión no está en el catálogo MIPG del autodiagnóstico: "
                "«%(value)s…»."
            )
            % {"value": str(raw)[:80]}
        )

    return parse


def columns(plan: ImprovementPlan) -> list[Column]:
    activities = list(
        ManagementActivity.objects.filter(version=plan.assessment.catalogue_version)
        .select_related("category")
        .order_by("order")
    )
    return [
        Column(SEED_HEADERS[0], "category", width=35),
        Column(
            SEED_HEADERS[1],
            "activity",
            activity_matcher(activities),
            required=True,
            export=lambda a: a.text,
            width=60,
        ),
        Column(SEED_HEADERS[2], "improvement_alternative", width=60),
        Column(SEED_HEADERS[3], "deadline", parse_deadline, export=deadline_text, width=14),
        Column(SEED_HEADERS[4], "evaluation", width=40),
        Column(
            "RESPONSABLE",
            "area",
            area_parser(plan.entity_id),
            export=lambda a: a.name if a else "",
            width=30,
        ),
        choice_column("ESTADO", "status", ActionStatus.choices, width=14),
        Column("AVANCE", "progress", parse_percent, width=10),
        Column(
            "CÓDIGO",
            "code",
            lookup_parser(
                activities,
                lambda a: [a.code],
                _("El código «%(value)s» no está en el catálogo MIPG del autodiagnóstico."),
            ),
            export=lambda a: a.code,
            width=10,
        ),
    ]


def _evaluation(action: ImprovementAction) -> str:
    review = getattr(action, "review", None)
    if review is None:
        return _("Verificar la eficacia de la acción implementada")
    return f"{review.get_result_display()} ({review.reviewed_on:%d/%m/%Y}): {review.justification}"


def export_xlsx(*, plan: ImprovementPlan) -> bytes:
    entity = plan.entity
    approved = plan.approved_on.strftime("%d/%m/%Y") if plan.approved_on else ""
    letterhead = [
        [f"{entity.name} Nit: {entity.nit}"],
        [f"CÓDIGO: {plan.document_code}", f"VERSIÓN: {plan.document_version}"],
        [TITLE, None, f"FECHA DE APROBACIÓN: {approved}"],
        [],
    ]
    footer = [
        ["Elaboró:", plan.prepared_by_name, plan.prepared_by_role],
        ["Aprobó:", plan.approved_by_body, plan.approval_act],
    ]
    rows = []
    previous_category = None
    for action in selectors.plan_actions(plan=plan):
        category = action.activity.category.name
        rows.append(
            {
                # As in the seed: the category is written on the first row of its group.
                "category": category if category != previous_category else "",
                "activity": action.activity,
                "improvement_alternative": action.improvement_alternative,
                "deadline": Deadline(months=action.deadline_months, date=action.deadline),
                "evaluation": _evaluation(action),
                "area": action.area,
                "status": action.status,
                "progress": action.progress / 100,
                "code": action.activity,
            }
        )
        previous_category = category
    return write_xlsx(
        title="Plan de mejoramiento",
        columns=columns(plan),
        rows=rows,
        letterhead=letterhead,
        footer=footer,
    )


@dataclass
class ImportResult:
    errors: list[CellError] = field(default_factory=list)
    created: int = 0
    updated: int = 0


_CODE = re.compile(r"c[oó]digo:?\s*([A-Za-z0-9.\-]+)", re.IGNORECASE)
_APPROVED = re.compile(r"aprobaci[oó]n:?\s*(\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE)


def _letterhead(preamble: list[tuple]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for row in preamble:
        for cell in row:
            text = str(cell or "")
            if (match := _CODE.search(text)) and "document_code" not in found:
                found["document_code"] = match.group(1)
            if (match := _APPROVED.search(text)) and "approved_on" not in found:
                found["approved_on"] = parse_date(match.group(1))
    return found


@transaction.atomic
def plan_matrix_import(*, plan: ImprovementPlan, file: Any, user: Any = None) -> ImportResult:
    """Create or update the plan's actions from the workbook; all rows or none."""
    from cabildo.assessment import services

    skipped: list[tuple] = []

    def skip(values: tuple) -> bool:
        if _is_not_data(values):
            skipped.append(values)
            return True
        return False

    table = read_table(file=file, columns=columns(plan), allow_extra=True, skip=skip)
    result = ImportResult(errors=list(table.errors))
    label = table.labels
    seen: dict[int, int] = {}
    prepared = []
    for number, values in table.rows:
        activity = values.get("code") or values.get("activity")
        if activity is None:
            continue  # already reported (required, unknown)
        if activity.pk in seen:
            result.errors.append(
                CellError(
                    number,
                    label.get("activity", ""),
                    _("La actividad de gestión ya aparece en la fila %(row)s.")
                    % {"row": seen[activity.pk]},
                )
            )
            continue
        seen[activity.pk] = number
        status = values.get("status") or ""
        progress = values.get("progress")
        percent = round(progress * 100) if progress is not None else None
        if status == ActionStatus.DONE and percent not in (None, 100):
            result.errors.append(
                CellError(
                    number,
                    label.get("progress", ""),
                    _("Una acción cumplida debe tener un avance del cien por ciento."),
                )
            )
        prepared.append((number, activity, values, status, percent))
    if result.errors:
        return result
    existing = {a.activity_id: a for a in plan.actions.all()}
    try:
        with transaction.atomic():
            header = _letterhead(table.preamble + skipped)
            if (header.get("document_code") and not plan.document_code) or (
                header.get("approved_on") and not plan.approved_on
            ):
                services.plan_update(
                    plan=plan,
                    document_code=plan.document_code or header.get("document_code", ""),
                    document_version=plan.document_version,
                    prepared_by_name=plan.prepared_by_name,
                    prepared_by_role=plan.prepared_by_role,
                    prepared_on=plan.prepared_on,
                    approved_by_body=plan.approved_by_body,
                    approval_act=plan.approval_act,
                    approved_on=plan.approved_on or header.get("approved_on"),
                )
            for _number, activity, values, status, percent in prepared:
                action = existing.get(activity.pk)
                if action is None:
                    action = ImprovementAction(
                        entity_id=plan.entity_id, plan=plan, activity=activity
                    )
                    action.full_clean()
                    action.save()
                    result.created += 1
                else:
                    result.updated += 1
                deadline = values.get("deadline") or Deadline()
                services.action_update(
                    action=action,
                    improvement_alternative=values.get("improvement_alternative") or "",
                    area=values.get("area") if "area" in values else action.area,
                    responsible=action.responsible,
                    start_date=action.start_date,
                    deadline=deadline.date,
                    deadline_months=deadline.months,
                    expected_evidence=action.expected_evidence,
                )
                if status and (status != action.status or percent != action.progress):
                    services.action_track(
                        action=action,
                        user=user,
                        status=status,
                        progress=percent if percent is not None else action.progress,
                    )
    except ValidationError as exc:
        result.errors.append(CellError(0, "", "; ".join(exc.messages)))
        result.created = result.updated = 0
    return result


@transaction.atomic
def plan_start_from_previous(*, plan: ImprovementPlan) -> int:
    """Carry last year's actions into a new plan: the same activities (by catalogue code),
    their alternatives, responsible areas and durations; fields already filled are kept."""
    previous = (
        ImprovementPlan.objects.for_entity(plan.entity_id)
        .filter(assessment__year__lt=plan.assessment.year)
        .order_by("-assessment__year")
        .first()
    )
    if previous is None:
        raise ValidationError(_("No hay un plan de mejoramiento de una vigencia anterior."))
    catalogue = {
        a.code: a
        for a in ManagementActivity.objects.filter(version=plan.assessment.catalogue_version)
    }
    current = {a.activity.code: a for a in plan.actions.select_related("activity")}
    carried = 0
    for old in previous.actions.select_related("activity", "area"):
        activity = catalogue.get(old.activity.code)
        if activity is None:
            continue
        action = current.get(old.activity.code)
        if action is None:
            action = ImprovementAction(entity_id=plan.entity_id, plan=plan, activity=activity)
        if not action.improvement_alternative:
            action.improvement_alternative = old.improvement_alternative
        if action.area_id is None:
            action.area = old.area
        if action.deadline is None and action.deadline_months is None:
            action.deadline_months = old.deadline_months
        action.full_clean()
        action.save()
        carried += 1
    return carried
