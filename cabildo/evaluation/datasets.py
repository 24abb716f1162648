"""Open datasets of the evaluation app: indicators with their measurements, and the figures of
the published yearly evaluations (no personal data in either)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cabildo.core.models import Entity
from cabildo.core.registry import ParticipaSection, PublicDataset
from cabildo.evaluation.models import Measurement


class MeasurementDatasetSerializer(serializers.Serializer):
    id = serializers.IntegerField(label=_("id"), help_text=_("Identificador de la medición."))
    indicator = serializers.CharField(
        source="indicator.name", label=_("indicador"), help_text=_("Nombre del indicador.")
    )
    management_activity = serializers.CharField(
        source="indicator.management_activity",
        label=_("actividad de gestión"),
        help_text=_("Actividad de gestión de la matriz de seguimiento."),
    )
    goal = serializers.CharField(
        source="indicator.goal", label=_("meta"), help_text=_("Meta de la actividad de gestión.")
    )
    unit = serializers.CharField(
        source="indicator.unit", label=_("unidad de medida"), help_text=_("Unidad de medida.")
    )
    numerator_description = serializers.CharField(
        source="indicator.numerator_description",
        label=_("numerador (descripción)"),
        help_text=_("Qué cuenta el numerador."),
    )
    denominator_description = serializers.CharField(
        source="indicator.denominator_description",
        label=_("denominador (descripción)"),
        help_text=_("Qué cuenta el denominador."),
    )
    target = serializers.DecimalField(
        source="indicator.target",
        max_digits=6,
        decimal_places=2,
        label=_("meta numérica (%)"),
        help_text=_("Valor esperado del indicador, en porcentaje."),
    )
    periodicity = serializers.CharField(
        source="indicator.get_periodicity_display",
        label=_("periodicidad"),
        help_text=_("Mensual, trimestral, semestral o anual."),
    )
    responsible = serializers.CharField(
        source="indicator.responsible",
        label=_("responsable"),
        help_text=_("Dependencia o dependencias responsables."),
    )
    year = serializers.IntegerField(label=_("vigencia"), help_text=_("Año de la medición."))
    period = serializers.IntegerField(
        label=_("periodo"), help_text=_("Número del periodo dentro del año (1 si es anual).")
    )
    period_start = serializers.DateField(
        label=_("inicio del periodo"), help_text=_("Primer día del periodo medido.")
    )
    period_end = serializers.DateField(
        label=_("fin del periodo"), help_text=_("Último día del periodo medido.")
    )
    numerator = serializers.DecimalField(
        max_digits=12, decimal_places=2, label=_("numerador"), help_text=_("Valor del numerador.")
    )
    denominator = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        label=_("denominador"),
        help_text=_("Valor del denominador."),
    )
    value = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        label=_("resultado (%)"),
        help_text=_("Numerador / denominador × 100; vacío si el denominador es cero."),
    )


def indicator_measurements(entity: Entity | None) -> QuerySet[Measurement]:
    """The current version of each measurement (replaced versions are not published)."""
    return (
        Measurement.objects.for_entity(entity)
        .current()
        .filter(indicator__is_active=True)
        .select_related("indicator")
        .order_by("indicator__order", "indicator__pk", "year", "period")
    )


class EvaluationFigureSerializer(serializers.Serializer):
    year = serializers.IntegerField(label=_("vigencia"), help_text=_("Año evaluado."))
    breakdown = serializers.CharField(
        label=_("desagregación"),
        help_text=_(
            "Dependencia, fase del ciclo, procedimiento, grupo de valor, canal o nivel de "
            "incidencia."
        ),
    )
    category = serializers.CharField(
        label=_("categoría"), help_text=_("Valor de la desagregación.")
    )
    planned = serializers.IntegerField(
        label=_("actividades programadas"), help_text=_("Actividades del plan no canceladas.")
    )
    done = serializers.IntegerField(
        label=_("actividades realizadas"),
        help_text=_(
            "Actividades en las que se involucró a la ciudadanía (realizadas o reportadas)."
        ),
    )


def evaluation_figures(entity: Entity | None) -> list[dict[str, Any]]:
    """The breakdowns of every published evaluation (a constant number of queries per year)."""
    from cabildo.evaluation import selectors

    if entity is None:
        return []
    rows: list[dict[str, Any]] = []
    for year in selectors.published_years(entity=entity):
        result = selectors.yearly_evaluation(entity=entity, year=year, with_reports=False)
        for breakdown in result.breakdowns:
            rows.extend(
                {
                    "year": year,
                    "breakdown": str(breakdown.title),
                    "category": row.label,
                    "planned": row.planned,
                    "done": row.done,
                }
                for row in breakdown.rows
            )
    return rows


DATASETS = [
    PublicDataset(
        slug="indicadores-participacion",
        title=_("Indicadores del plan de participación y sus mediciones"),
        description=_(
            "Matriz de seguimiento: actividad de gestión, meta, unidad de medida, indicador, "
            "responsable, periodicidad y el valor medido en cada periodo."
        ),
        serializer_class=MeasurementDatasetSerializer,
        queryset=indicator_measurements,
        section=ParticipaSection.SOCIAL_CONTROL,
        filterset_fields=("year", "period"),
        order=40,
    ),
    PublicDataset(
        slug="evaluacion-plan-participacion",
        title=_("Evaluación del plan de participación"),
        description=_(
            "Actividades programadas y realizadas de cada vigencia evaluada y publicada, por "
            "dependencia, fase, procedimiento, grupo de valor, canal y nivel de incidencia."
        ),
        serializer_class=EvaluationFigureSerializer,
        queryset=evaluation_figures,
        section=ParticipaSection.ACCOUNTABILITY,
        order=41,
    ),
]
