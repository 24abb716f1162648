"""The autodiagnóstico as the Función Pública workbook reads, on the shared matrix engine.

Sheet "Autodiagnóstico", columns:

    Componente | Calificación | Categoría | Calificación | Actividades de gestión | Puntaje |
    Observaciones

The two "Calificación" columns share their header: the first is the component's, the second
the category's (:attr:`cabildo.core.tabular.Column.occurrence`). A row is one activity of the
MIPG catalogue in this self-assessment, recognised by the text of "Actividades de gestión"
(the key: a file that never came from Cabildo, or the workbook of another year, reads the
same). Only the score and the observations are read; the component, the category and their
ratings are computed on export. Rows without an activity (the total row, a heading) are not
data. Reading, the preview field by field, the one transaction and the audit record are the
engine's (:mod:`cabildo.matrices.services`): nothing is saved until the official confirms, and
any error in the file saves nothing.
"""

from __future__ import annotations

import io
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.styles import PatternFill

from cabildo.assessment import scoring, selectors
from cabildo.assessment.models import ActivityScore, SelfAssessment
from cabildo.assessment.plan_matrix import activity_matcher
from cabildo.core.tabular import Column, ParseError, file_language
from cabildo.matrices.adapters import MatrixAdapter

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
# Columns (1-based) coloured by the level of their value on export.
_LEVEL_COLUMNS = {2: "component_rating", 4: "category_rating", 6: "score"}


def parse_score(value: Any) -> int | None:
    """A score cell: blank, or a whole number from 0 to 100."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return scoring.validate_score(value)
    except (TypeError, ValueError) as exc:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise ParseError(
                _("El puntaje %(v)s está fuera del rango 0 a 100 o no es entero.") % {"v": value}
            ) from exc
        raise ParseError(
            _("«%(v)s» no es un puntaje; escriba un número entero de 0 a 100.") % {"v": value}
        ) from exc


def _rating(value: Any) -> Any:
    """A computed rating as read back (never compared): kept as the cell holds it."""
    return value


class AssessmentMatrix(MatrixAdapter):
    """One row per activity of the self-assessment (``target``): its score and observations."""

    kind = "autodiagnostico"
    title = gettext_lazy("Autodiagnóstico")
    sheet_name = SHEET_NAME
    permission = "assessment.change_selfassessment"
    # The official workbook may carry columns of its own (notes, evidence): they are ignored.
    allow_extra = True
    # The activity is the key; a file without CLAVE is the Función Pública workbook.
    with_key = False
    row_key = "activity"
    export_only = ("component", "component_rating", "category", "category_rating", "activity")

    @cached_property
    def assessment(self) -> SelfAssessment:
        return get_object_or_404(
            SelfAssessment.objects.for_entity(self.entity).select_related(
                "entity", "catalogue_version"
            ),
            pk=self.target,
        )

    @cached_property
    def _activities(self) -> list[Any]:
        return list(self.assessment.catalogue_version.activities.order_by("order"))

    def permission_object(self) -> Any:
        return self.assessment

    def back_url(self) -> str:
        return reverse("assessment:detail", kwargs={"pk": self.assessment.pk})

    def refusal(self) -> str:
        if self.assessment.is_closed:
            from cabildo.assessment.services import CLOSED_MESSAGE

            return str(CLOSED_MESSAGE)
        return ""

    def data_columns(self) -> list[Column]:
        return [
            Column(HEADERS[0], "component", width=40, aliases=("Componentes",)),
            Column(HEADERS[1], "component_rating", _rating, kind="decimal", occurrence=1),
            Column(HEADERS[2], "category", width=40, aliases=("Categorías",)),
            Column(HEADERS[3], "category_rating", _rating, kind="decimal", occurrence=2),
            Column(
                HEADERS[4],
                "activity",
                activity_matcher(self._activities),
                required=True,
                export=lambda a: a.text,
                width=80,
            ),
            Column(HEADERS[5], "score", parse_score, kind="int", width=10),
            Column(HEADERS[6], "observations", width=40),
        ]

    def objects(self) -> list[ActivityScore]:
        sheet = selectors.assessment_sheet(assessment=self.assessment)
        found = []
        self._groups: dict[int, tuple[Any, Any, Any, Any]] = {}
        for component in sheet.components:
            for category in component.categories:
                for score in category.scores:
                    self._groups[score.activity_id] = (
                        component.component.name,
                        component.rating,
                        category.category.name,
                        category.rating,
                    )
                    found.append(score)
        self._total = (sheet.total, sheet.total_level)
        return found

    def values_of(self, obj: ActivityScore) -> dict[str, Any]:
        if not hasattr(self, "_groups"):
            self.objects()
        component, component_rating, category, category_rating = self._groups.get(
            obj.activity_id, ("", None, "", None)
        )
        return {
            "component": component,
            "component_rating": component_rating,
            "category": category,
            "category_rating": category_rating,
            "activity": obj.activity,
            "score": obj.score,
            "observations": obj.observations,
        }

    def natural_key(self, values: dict[str, Any]) -> Any:
        activity = values.get("activity")
        return activity.pk if activity is not None else None

    def name_of(self, values: dict[str, Any]) -> str:
        activity = values.get("activity")
        return f"{activity.code} · {activity.text[:100]}" if activity is not None else ""

    def check(self, *, obj: Any, values: dict[str, Any]) -> None:
        if obj is not None:
            return
        activity = values.get("activity")
        if activity is not None and self.assessment.scores.filter(activity=activity).exists():
            message = _("La actividad ya aparece en otra fila del archivo: va una sola vez.")
        else:
            message = _("La actividad no pertenece a este autodiagnóstico.")
        raise ValidationError({"activity": message})

    def save(
        self, *, obj: Any, values: dict[str, Any], changed: set[str], user: Any, reason: str
    ) -> Any:
        from cabildo.assessment import services

        if obj is None:  # refused by check(); never reached
            raise ValidationError(_("La actividad no pertenece a este autodiagnóstico."))
        score = values.get("score") if "score" in changed else obj.score
        observations = values.get("observations") or "" if "observations" in changed else None
        services.scores_update(
            assessment=self.assessment,
            user=user,
            values={obj.activity_id: services.ScoreInput(score=score, observations=observations)},
        )

    def filename(self) -> str:
        return f"autodiagnostico-{self.assessment.year}"

    def footer(self) -> list[list[Any]]:
        total, level = getattr(self, "_total", (None, None))
        return [
            [
                _("Calificación total"),
                f"{Decimal(total):.1f}" if total is not None else "",
                str(level.label) if level is not None else "",
            ]
        ]

    def export_xlsx(self) -> bytes:
        """The engine's workbook (frozen, filtered header, typed cells), its ratings and
        scores coloured by level as in the Función Pública workbook."""
        rows = self.export_rows()  # also computes the total for the footer
        data = super().export_xlsx()
        book = load_workbook(io.BytesIO(data))
        sheet = book.active
        for number, row in enumerate(rows, start=2):
            for column, key in _LEVEL_COLUMNS.items():
                level = scoring.level_for(row.get(key))
                if level is not None:
                    fill = PatternFill("solid", fgColor=level.colour.lstrip("#"))
                    sheet.cell(row=number, column=column).fill = fill
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def export_assessment(*, assessment: SelfAssessment) -> bytes:
    """The autodiagnóstico workbook, in Spanish whatever the interface's language."""
    with file_language():
        return AssessmentMatrix(entity=assessment.entity, target=assessment.pk).export_xlsx()
