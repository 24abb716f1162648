"""Open datasets: the answered questions of the accountability process, the veedurías'
answered observations and the improvement actions. No personal data: no names or emails of
citizens or veedores (the veeduría is an organisation)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cabildo.accountability import law
from cabildo.accountability.models import (
    ImprovementAction,
    ObservationStatus,
    Question,
    QuestionStatus,
    VeeduriaObservation,
)
from cabildo.core.models import Entity
from cabildo.core.registry import ParticipaSection, PublicDataset


class QuestionDatasetSerializer(serializers.Serializer):
    id = serializers.IntegerField(label=_("id"), help_text=_("Identificador de la pregunta."))
    space = serializers.CharField(
        source="space.name", label=_("espacio de diálogo"), help_text=_("Audiencia o espacio.")
    )
    year = serializers.IntegerField(
        source="space.strategy.year", label=_("vigencia"), help_text=_("Año de la estrategia.")
    )
    kind = serializers.CharField(
        source="get_kind_display", label=_("tipo"), help_text=_("Pregunta o propuesta.")
    )
    channel = serializers.CharField(
        source="get_channel_display",
        label=_("canal"),
        help_text=_("Formulario web, formato en papel o intervención en el evento."),
    )
    text = serializers.CharField(
        label=_("pregunta o propuesta"), help_text=_("Lo que se preguntó.")
    )
    received_on = serializers.DateField(
        label=_("recibida el"), help_text=_("Fecha de recepción (AAAA-MM-DD).")
    )
    due_date = serializers.DateField(
        label=_("vencimiento"),
        help_text=format_lazy(
            _("Último día para responder: {days} días hábiles (Ley 1757 de 2015, art. 56)."),
            days=law.ANSWER_TERM_DAYS,
        ),
    )
    area = serializers.CharField(
        source="area.name", default="", label=_("dependencia"), help_text=_("Quién respondió.")
    )
    answer = serializers.CharField(label=_("respuesta"), help_text=_("Respuesta escrita."))
    answered_on = serializers.DateField(
        label=_("respondida el"), help_text=_("Fecha de la respuesta (AAAA-MM-DD).")
    )
    on_time = serializers.SerializerMethodField(
        label=_("dentro del término"), help_text=_("Si se respondió a más tardar al vencimiento.")
    )

    def get_on_time(self, obj: Question) -> bool:
        return bool(obj.answered_on and obj.answered_on <= obj.due_date)


def answered_questions(entity: Entity | None) -> QuerySet[Question]:
    return (
        Question.objects.for_entity(entity)
        .filter(status=QuestionStatus.ANSWERED)
        .select_related("space__strategy", "area")
        .order_by("received_on", "pk")
    )


class VeeduriaObservationDatasetSerializer(serializers.Serializer):
    id = serializers.IntegerField(label=_("id"), help_text=_("Identificador de la observación."))
    veeduria = serializers.CharField(
        source="veeduria.name", label=_("veeduría"), help_text=_("Veeduría que la presentó.")
    )
    item = serializers.CharField(
        source="item.reference",
        label=_("objeto vigilado"),
        help_text=_("Número del contrato o código del programa o proyecto."),
    )
    item_kind = serializers.CharField(
        source="item.get_kind_display",
        label=_("tipo de objeto"),
        help_text=_("Programa, proyecto o contrato."),
    )
    text = serializers.CharField(label=_("observación"), help_text=_("Lo que observó la veeduría."))
    received_on = serializers.DateField(label=_("recibida el"), help_text=_("AAAA-MM-DD."))
    due_date = serializers.DateField(
        label=_("vencimiento"),
        help_text=format_lazy(
            _("Último día para responder ({days} días hábiles)."), days=law.OBSERVATION_TERM_DAYS
        ),
    )
    answer = serializers.CharField(label=_("respuesta"), help_text=_("Respuesta de la entidad."))
    answered_on = serializers.DateField(label=_("respondida el"), help_text=_("AAAA-MM-DD."))


def answered_observations(entity: Entity | None) -> QuerySet[VeeduriaObservation]:
    return (
        VeeduriaObservation.objects.for_entity(entity)
        .filter(status=ObservationStatus.ANSWERED)
        .select_related("veeduria", "item")
        .order_by("received_on", "pk")
    )


class ActionDatasetSerializer(serializers.Serializer):
    id = serializers.IntegerField(label=_("id"), help_text=_("Identificador de la acción."))
    origin = serializers.SerializerMethodField(
        label=_("origen"),
        help_text=_("Espacio de diálogo u observación de veeduría de la que se derivó."),
    )
    description = serializers.CharField(label=_("acción"), help_text=_("Qué hará la entidad."))
    area = serializers.CharField(
        source="owner_area.name",
        label=_("dependencia responsable"),
        help_text=_("Quién la cumple."),
    )
    due_date = serializers.DateField(label=_("fecha límite"), help_text=_("AAAA-MM-DD."))
    status = serializers.CharField(
        source="get_status_display",
        label=_("estado"),
        help_text=_("Pendiente, en curso o cumplida."),
    )
    completed_on = serializers.DateField(label=_("cumplida el"), help_text=_("AAAA-MM-DD."))
    follow_up = serializers.CharField(label=_("seguimiento"), help_text=_("Notas de avance."))

    def get_origin(self, obj: ImprovementAction) -> str:
        if obj.space is not None:
            return obj.space.name
        observation = obj.observation
        if observation is None:  # the model requires a space or an observation
            return ""
        return f"{observation.veeduria.name} · {observation.item.reference}"


def improvement_actions(entity: Entity | None) -> QuerySet[ImprovementAction]:
    return (
        ImprovementAction.objects.for_entity(entity)
        .select_related("space", "owner_area", "observation__veeduria", "observation__item")
        .order_by("due_date", "pk")
    )


DATASETS = [
    PublicDataset(
        slug="preguntas-rendicion-de-cuentas",
        title=_("Preguntas y respuestas de rendición de cuentas"),
        description=format_lazy(
            _(
                "Preguntas y propuestas de la ciudadanía en las audiencias y espacios de diálogo, "
                "con la respuesta escrita, su fecha y si llegó dentro de los {days} días hábiles."
            ),
            days=law.ANSWER_TERM_DAYS,
        ),
        serializer_class=QuestionDatasetSerializer,
        queryset=answered_questions,
        section=ParticipaSection.ACCOUNTABILITY,
        filterset_fields=("kind", "channel"),
        order=10,
    ),
    PublicDataset(
        slug="observaciones-veedurias",
        title=_("Observaciones de las veedurías ciudadanas"),
        description=_(
            "Observaciones de las veedurías sobre programas, proyectos y contratos, con la "
            "respuesta de la entidad."
        ),
        serializer_class=VeeduriaObservationDatasetSerializer,
        queryset=answered_observations,
        section=ParticipaSection.SOCIAL_CONTROL,
        order=10,
    ),
    PublicDataset(
        slug="acciones-de-mejora-rendicion",
        title=_("Acciones de mejora de rendición de cuentas y control social"),
        description=_(
            "Acciones correctivas adoptadas en las audiencias y por las observaciones de las "
            "veedurías, con responsable, fecha límite y estado."
        ),
        serializer_class=ActionDatasetSerializer,
        queryset=improvement_actions,
        section=ParticipaSection.ACCOUNTABILITY,
        filterset_fields=("status",),
        order=11,
    ),
]
