"""The plan de mejoramiento as the approved workbook reads (seed 003, Cartago's PC.PL.002).

The sheet starts with a letterhead (entity and NIT, document code, title, approval date),
then the five columns of the seed, in this order and with these names:

    CATEGORÍAS | ACTIVIDADES DE GESTIÓN | DISEÑE ALTERNATIVAS DE MEJORA | FECHA |
    EVALUACIÓN DE LA EFICACIA DE LAS ACCIONES IMPLEMENTADAS

FECHA is a duration ("5 meses", counted from the approval date) or a date. Cabildo's own
columns (RESPONSABLE, ESTADO, AVANCE, CÓDIGO) come only after those five, so the export still
reads as the seed. Importing matches each row to the MIPG activity catalogue of the plan's
self-assessment by the text of ACTIVIDADES DE GESTIÓN (or by CÓDIGO when present; by CLAVE for a
file exported from Cabildo), skips the letterhead and header that a multi-page document
repeats, and goes through the shared preview of :mod:`cabildo.matrices` (nothing is saved
until the official confirms; all rows or none).
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cabildo.assessment import selectors
from cabildo.assessment.models import (
    ActionStatus,
    ImprovementAction,
    ImprovementPlan,
    ManagementActivity,
)
from cabildo.core.tabular import (
    Column,
    ParseError,
    Table,
    area_parser,
    choice_column,
    fold,
    lookup_parser,
    parse_date,
    parse_percent,
)
from cabildo.matrices.adapters import KEY_HEADER, MatrixAdapter

if TYPE_CHECKING:
    from cabildo.accounts.models import User

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
    return ImprovementPlanMatrix(entity=plan.entity, target=plan.pk).export_xlsx()


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


class ImprovementPlanMatrix(MatrixAdapter):
    """Seed 003's five columns, then Cabildo's (RESPONSABLE, ESTADO, AVANCE, CÓDIGO, CLAVE).
    A row is an action of the plan: by CLAVE, else by its MIPG activity (CÓDIGO or text)."""

    kind = "plan-de-mejoramiento"
    prefix = "M"
    title = gettext_lazy("Plan de mejoramiento")
    sheet_name = "Plan de mejoramiento"
    permission = "assessment.change_improvementplan"
    allow_extra = True
    export_only = ("category", "evaluation", "code")

    @cached_property
    def plan(self) -> ImprovementPlan:
        return get_object_or_404(
            ImprovementPlan.objects.for_entity(self.entity).select_related("assessment", "entity"),
            pk=self.target,
        )

    def permission_object(self) -> Any:
        return self.plan

    def back_url(self) -> str:
        return reverse("assessment:plan_detail", kwargs={"pk": self.plan.pk})

    def data_columns(self) -> list[Column]:
        return columns(self.plan)

    def columns(self) -> list[Column]:
        # The seed's columns first: the key goes last, after Cabildo's own.
        return [*self.data_columns(), Column(KEY_HEADER, "key", width=10)]

    def objects(self) -> list[ImprovementAction]:
        return list(selectors.plan_actions(plan=self.plan))

    def values_of(self, obj: ImprovementAction) -> dict[str, Any]:
        return {
            "category": obj.activity.category.name,
            "activity": obj.activity,
            "improvement_alternative": obj.improvement_alternative,
            "deadline": Deadline(months=obj.deadline_months, date=obj.deadline),
            "evaluation": _evaluation(obj),
            "area": obj.area,
            "status": obj.status,
            "progress": Decimal(obj.progress) / 100,
            "code": obj.activity,
        }

    def export_rows(self) -> list[dict[str, Any]]:
        rows = super().export_rows()
        previous = None
        for row in rows:
            # As in the seed: the category is written on the first row of its group.
            category = row["category"]
            row["category"] = category if category != previous else ""
            previous = category
        return rows

    def natural_key(self, values: dict[str, Any]) -> Any:
        activity = values.get("code") or values.get("activity")
        return activity.pk if activity is not None else None

    def name_of(self, values: dict[str, Any]) -> str:
        activity = values.get("code") or values.get("activity")
        return activity.text[:120] if activity is not None else ""

    def skip(self) -> Any:
        self._skipped: list[tuple] = []

        def skip(values: tuple) -> bool:
            if _is_not_data(values):
                self._skipped.append(values)  # a letterhead repeated on a later page
                return True
            return False

        return skip

    def letterhead(self) -> list[list[Any]]:
        plan, entity = self.plan, self.entity
        approved = plan.approved_on.strftime("%d/%m/%Y") if plan.approved_on else ""
        return [
            [f"{entity.name} Nit: {entity.nit}"],
            [f"CÓDIGO: {plan.document_code}", f"VERSIÓN: {plan.document_version}"],
            [TITLE, None, f"FECHA DE APROBACIÓN: {approved}"],
            [],
        ]

    def footer(self) -> list[list[Any]]:
        plan = self.plan
        return [
            ["Elaboró:", plan.prepared_by_name, plan.prepared_by_role],
            ["Aprobó:", plan.approved_by_body, plan.approval_act],
        ]

    def filename(self) -> str:
        return f"plan-de-mejoramiento-{self.plan.assessment.year}"

    def check(self, *, obj: Any, values: dict[str, Any]) -> None:
        activity = values.get("code") or values.get("activity")
        if obj is not None and activity is not None and activity.pk != obj.activity_id:
            raise ValidationError(
                {
                    "activity": _(
                        "La fila con CLAVE es la acción de otra actividad de gestión: la "
                        "actividad no se cambia; agregue una fila sin CLAVE para otra."
                    )
                }
            )
        deadline = values.get("deadline")
        if deadline is not None and deadline.date is not None:
            # The one rule for plausible dates, before the preview (the service applies it too).
            errors = ImprovementAction.date_errors(
                start_date=obj.start_date if obj is not None else None, deadline=deadline.date
            )
            if errors:
                raise ValidationError(errors)
        status = values.get("status") or ""
        progress = values.get("progress")
        percent = round(progress * 100) if progress is not None else None
        if status == ActionStatus.DONE and percent not in (None, 100):
            raise ValidationError(
                {"progress": _("Una acción cumplida debe tener un avance del cien por ciento.")}
            )
        if status == ActionStatus.PENDING and percent not in (None, 0):
            raise ValidationError(
                {"progress": _("Una acción pendiente no puede tener avance; márquela en curso.")}
            )

    def meta(self, table: Table) -> dict[str, Any]:
        found = _letterhead(table.preamble + getattr(self, "_skipped", []))
        if found.get("approved_on"):
            found["approved_on"] = found["approved_on"].isoformat()
        return found

    def apply_meta(self, meta: dict[str, Any], user: User | None) -> None:
        """The letterhead's code and approval date fill the plan's when it has none."""
        from cabildo.assessment import services

        plan = self.plan
        approved = meta.get("approved_on")
        code = meta.get("document_code")
        if (code and not plan.document_code) or (approved and not plan.approved_on):
            services.plan_update(
                plan=plan,
                document_code=plan.document_code or code or "",
                document_version=plan.document_version,
                prepared_by_name=plan.prepared_by_name,
                prepared_by_role=plan.prepared_by_role,
                prepared_on=plan.prepared_on,
                approved_by_body=plan.approved_by_body,
                approval_act=plan.approval_act,
                approved_on=plan.approved_on or datetime.date.fromisoformat(str(approved)),
            )

    def save(
        self, *, obj: Any, values: dict[str, Any], changed: set[str], user: User | None, reason: str
    ) -> Any:
        from cabildo.assessment import services

        action = obj
        if action is None:
            activity = values.get("code") or values.get("activity")
            action = ImprovementAction(
                entity_id=self.plan.entity_id, plan=self.plan, activity=activity
            )
            action.full_clean()
            action.save()
        else:
            action = ImprovementAction.objects.select_related("plan").get(pk=action.pk)
        if changed & {"improvement_alternative", "deadline", "area"}:
            deadline = values.get("deadline") or Deadline()
            if "deadline" not in changed:
                deadline = Deadline(months=action.deadline_months, date=action.deadline)
            services.action_update(
                action=action,
                improvement_alternative=(
                    values.get("improvement_alternative") or ""
                    if "improvement_alternative" in changed
                    else action.improvement_alternative
                ),
                area=values.get("area") if "area" in changed else action.area,
                responsible=action.responsible,
                start_date=action.start_date,
                deadline=deadline.date,
                deadline_months=deadline.months,
                expected_evidence=action.expected_evidence,
            )
        if changed & {"status", "progress"}:
            status = values.get("status") or action.status
            progress = values.get("progress") if "progress" in changed else None
            percent = round(progress * 100) if progress is not None else action.progress
            if status == ActionStatus.PENDING and "progress" not in changed:
                percent = 0
            if status == ActionStatus.DONE and "progress" not in changed:
                percent = 100
            services.action_track(action=action, user=user, status=status, progress=percent)
        return action


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
