"""Open datasets of the participation plan: its activities and the citizens' observations with
the entity's answers (no names, emails or other personal data)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import connection
from django.db.models import Case, CharField, F, OuterRef, QuerySet, Subquery, Value, When
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cabildo.core.drf import FilterSet
from cabildo.core.models import Entity
from cabildo.core.registry import ParticipaSection, PublicDataset
from cabildo.plans.models import (
    PUBLIC_STATUSES,
    Channel,
    Observation,
    PlannedActivity,
    PlanVersion,
)


class PlanActivityDatasetSerializer(serializers.Serializer):
    id = serializers.IntegerField(label=_("id"), help_text=_("Identificador de la actividad."))
    plan_year = serializers.IntegerField(
        source="version.plan.year", label=_("vigencia"), help_text=_("Año del plan.")
    )
    version = serializers.IntegerField(
        source="version.number",
        label=_("versión del plan"),
        help_text=_("Número de la última versión publicada del plan."),
    )
    plan_status = serializers.CharField(
        source="version.get_status_display",
        label=_("estado del plan"),
        help_text=_("En consulta, ajustado, aprobado, en ejecución o cerrado."),
    )
    name = serializers.CharField(label=_("actividad"), help_text=_("Nombre de la actividad."))
    description = serializers.CharField(label=_("descripción"), help_text=_("Qué se hará."))
    goal = serializers.CharField(label=_("meta"), help_text=_("Meta de la actividad."))
    unit = serializers.CharField(label=_("unidad de medida"), help_text=_("Unidad de la meta."))
    indicator = serializers.CharField(
        label=_("indicador"), help_text=_("Indicador con el que se mide la actividad.")
    )
    phase = serializers.CharField(
        source="get_phase_display",
        label=_("fase del ciclo de la gestión"),
        help_text=_("Diagnóstico, formulación, implementación o evaluación y seguimiento."),
    )
    procedure = serializers.CharField(
        source="get_procedure_display",
        label=_("procedimiento"),
        help_text=_("Planeación participativa, control social o promoción de la participación."),
    )
    incidence_level = serializers.CharField(
        source="get_incidence_level_display",
        label=_("nivel de incidencia"),
        help_text=_("Informar, consultar, colaborar, co-decidir o controlar."),
    )
    area = serializers.CharField(
        source="area.name", label=_("dependencia"), help_text=_("Dependencia responsable.")
    )
    body = serializers.CharField(
        source="body.name",
        default="",
        label=_("instancia de participación"),
        help_text=_("Instancia en la que se realiza, si la hay."),
    )
    other_space = serializers.CharField(
        label=_("otro espacio"), help_text=_("Espacio de participación distinto a una instancia.")
    )
    stakeholder_groups = serializers.SerializerMethodField(
        label=_("grupos de valor"), help_text=_("Grupos de valor convocados, separados por «;».")
    )
    channels = serializers.CharField(
        source="channels_display",
        label=_("canales"),
        help_text=_("Presencial, virtual o mixto; si son varios, separados por «;»."),
    )
    mechanism = serializers.CharField(
        source="get_mechanism_display",
        label=_("mecanismo"),
        help_text=_("Mecanismo de participación (foro, mesa de trabajo, encuesta…)."),
    )
    budget = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        label=_("presupuesto (COP)"),
        help_text=_("Presupuesto asignado, en pesos colombianos."),
    )
    start_date = serializers.DateField(
        label=_("fecha de inicio"), help_text=_("Fecha de inicio prevista (AAAA-MM-DD).")
    )
    end_date = serializers.DateField(
        label=_("fecha de finalización"),
        help_text=_("Fecha de finalización prevista (AAAA-MM-DD)."),
    )
    is_accountability = serializers.BooleanField(
        label=_("rendición de cuentas"),
        help_text=_("Si la actividad hace parte de la estrategia de rendición de cuentas."),
    )

    def get_stakeholder_groups(self, obj: PlannedActivity) -> str:
        return "; ".join(sorted(group.name for group in obj.stakeholder_groups.all()))


def plan_activities(entity: Entity | None) -> QuerySet[PlannedActivity]:
    """Activities of the latest public version of each plan of the entity."""
    latest_public = (
        PlanVersion.objects.filter(plan=OuterRef("version__plan"), status__in=PUBLIC_STATUSES)
        .order_by("-number")
        .values("pk")[:1]
    )
    return (
        PlannedActivity.objects.for_entity(entity)
        .filter(version__status__in=PUBLIC_STATUSES, version=Subquery(latest_public))
        .select_related("version__plan", "area", "body")
        .prefetch_related("stakeholder_groups")
        .order_by("-version__plan__year", "order", "pk")
    )


class ObservationDatasetSerializer(serializers.Serializer):
    id = serializers.IntegerField(label=_("id"), help_text=_("Identificador de la observación."))
    plan_year = serializers.IntegerField(
        source="consultation.version.plan.year",
        label=_("vigencia"),
        help_text=_("Año del plan consultado."),
    )
    received_on = serializers.DateField(
        label=_("fecha de recepción"), help_text=_("Día en que se recibió (AAAA-MM-DD).")
    )
    activity = serializers.CharField(
        source="activity.name",
        default="",
        label=_("actividad comentada"),
        help_text=_("Actividad del plan a la que se refiere; vacío si es sobre el plan general."),
    )
    stakeholder_group = serializers.CharField(
        source="stakeholder_group.name",
        default="",
        label=_("grupo de valor"),
        help_text=_("Grupo de valor que declaró quien observa (no su identidad)."),
    )
    text = serializers.CharField(label=_("observación"), help_text=_("Texto de la observación."))
    answered = serializers.BooleanField(
        label=_("respondida"), help_text=_("Si la entidad ya publicó su respuesta.")
    )
    viability = serializers.CharField(
        source="public_viability",
        label=_("viabilidad"),
        help_text=_("Respuesta de la entidad: viable, parcialmente viable o no viable."),
    )
    justification = serializers.CharField(
        source="public_justification",
        label=_("respuesta de la entidad"),
        help_text=_("Justificación publicada por la entidad."),
    )
    answered_at = serializers.DateTimeField(
        label=_("fecha de respuesta"), help_text=_("Fecha y hora en que se publicó la respuesta.")
    )
    changed_activity = serializers.CharField(
        source="changed_activity_name",
        label=_("actividad ajustada"),
        help_text=_("Actividad ajustada o creada a partir de la observación."),
    )


def _viability_label() -> Case:
    from cabildo.plans.models import Viability

    return Case(
        *[When(viability=value, then=Value(str(label))) for value, label in Viability.choices],
        default=Value(""),
        output_field=CharField(),
    )


def _if_answered(expression: Any) -> Case:
    return Case(
        When(answered_at__isnull=False, then=expression),
        default=Value(""),
        output_field=CharField(),
    )


def plan_observations(entity: Entity | None) -> QuerySet[Observation]:
    """Observations not hidden by moderation; the answer only once the entity published it."""
    from django.db.models.functions import TruncDate

    return (
        Observation.objects.for_entity(entity)
        .visible()
        .select_related("consultation__version__plan", "activity", "stakeholder_group")
        .annotate(
            received_on=TruncDate("created_at"),
            answered=Case(
                When(answered_at__isnull=False, then=Value(True)),
                default=Value(False),
            ),
            public_viability=_if_answered(_viability_label()),
            public_justification=_if_answered(F("justification")),
            changed_activity_name=_if_answered(F("changed_activity__name")),
        )
        .order_by("created_at", "pk")
    )


def with_channel(queryset: QuerySet[PlannedActivity], value: str) -> QuerySet[PlannedActivity]:
    """The activities whose ``channels`` list holds ``value`` (a Channel value). PostgreSQL
    asks its jsonb ``@>``; SQLite has no JSON containment, so it looks for the quoted value in
    the list's JSON text (``"presencial"``: the quotes keep one value from matching inside
    another)."""
    if connection.features.supports_json_field_contains:
        return queryset.filter(channels__contains=[value])
    return queryset.filter(channels__icontains=f'"{value}"')


class PlanActivityDatasetFilter(FilterSet):
    """The activities dataset's filters: its fields, and ``channel`` — one of the activity's
    channels (django-filter builds no filter for a value inside a JSON list). An unknown
    channel is a 400 naming the field, never a 500 or an empty answer."""

    channel = django_filters.ChoiceFilter(
        choices=Channel.choices,
        method="filter_channel",
        label=_("canal"),
    )

    class Meta:
        model = PlannedActivity
        fields = ("version__plan__year", "phase", "mechanism")

    def filter_channel(
        self, queryset: QuerySet[PlannedActivity], name: str, value: str
    ) -> QuerySet[PlannedActivity]:
        return with_channel(queryset, value) if value else queryset


DATASETS = [
    PublicDataset(
        slug="actividades-plan-participacion",
        title=_("Actividades del plan de participación ciudadana"),
        description=_(
            "Actividades de la última versión publicada de cada plan anual de participación: "
            "fase, dependencia, instancia, grupos de valor, canal, mecanismo, presupuesto y "
            "fechas."
        ),
        serializer_class=PlanActivityDatasetSerializer,
        queryset=plan_activities,
        section=ParticipaSection.PLANNING,
        filterset_fields=("version__plan__year", "phase", "channel", "mechanism"),
        filterset_class=PlanActivityDatasetFilter,
        order=10,
    ),
    PublicDataset(
        slug="observaciones-plan-participacion",
        title=_("Observaciones ciudadanas al plan y sus respuestas"),
        description=_(
            "Observaciones recibidas en la consulta ciudadana del plan de participación, con "
            "la respuesta publicada por la entidad. Sin datos de quien observa."
        ),
        serializer_class=ObservationDatasetSerializer,
        queryset=plan_observations,
        section=ParticipaSection.CONSULTATION,
        filterset_fields=("consultation__version__plan__year",),
        order=11,
    ),
]
