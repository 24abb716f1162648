"""Open dataset of the published events (the public calendar of participation activities)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cabildo.core.models import Entity
from cabildo.core.registry import ParticipaSection, PublicDataset
from cabildo.execution.models import Event


class EventDatasetSerializer(serializers.Serializer):
    id = serializers.IntegerField(label=_("id"), help_text=_("Identificador del evento."))
    title = serializers.CharField(label=_("título"), help_text=_("Nombre del evento."))
    description = serializers.CharField(
        label=_("descripción"), help_text=_("De qué trata el evento.")
    )
    starts_at = serializers.DateTimeField(
        label=_("inicio"), help_text=_("Fecha y hora de inicio (hora de Colombia).")
    )
    ends_at = serializers.DateTimeField(
        label=_("finalización"), help_text=_("Fecha y hora de finalización (hora de Colombia).")
    )
    modality = serializers.CharField(
        source="get_modality_display",
        label=_("modalidad"),
        help_text=_("Presencial, virtual o mixta."),
    )
    place = serializers.CharField(label=_("lugar"), help_text=_("Nombre del lugar."))
    address = serializers.CharField(label=_("dirección"), help_text=_("Dirección del lugar."))
    link = serializers.CharField(
        label=_("enlace de conexión"), help_text=_("Enlace de los eventos virtuales o mixtos.")
    )
    capacity = serializers.IntegerField(
        label=_("cupo"), help_text=_("Número máximo de personas inscritas; vacío si no hay límite.")
    )
    is_cancelled = serializers.BooleanField(
        label=_("cancelado"), help_text=_("Si el evento fue cancelado.")
    )
    activity = serializers.CharField(
        source="activity.name",
        default="",
        label=_("actividad del plan"),
        help_text=_("Actividad del plan de participación que el evento ejecuta."),
    )
    area = serializers.CharField(
        source="activity.area.name",
        default="",
        label=_("dependencia"),
        help_text=_("Dependencia responsable de la actividad."),
    )


def published_events(entity: Entity | None) -> QuerySet[Event]:
    return (
        Event.objects.for_entity(entity)
        .public()
        .select_related("activity__area")
        .order_by("starts_at", "pk")
    )


DATASETS = [
    PublicDataset(
        slug="eventos-participacion",
        title=_("Eventos de participación ciudadana"),
        description=_(
            "Encuentros, foros, mesas y demás eventos publicados por la entidad: fechas, "
            "modalidad, lugar, cupo y la actividad del plan que ejecutan."
        ),
        serializer_class=EventDatasetSerializer,
        queryset=published_events,
        section=ParticipaSection.COLLABORATION,
        filterset_fields=("modality", "is_cancelled"),
        order=20,
    ),
]
