"""Open dataset of PQRSD statistics: counts by year, month, class, channel and status. Only
aggregates: no filing number, subject, text or requester data."""

from __future__ import annotations

from django.db.models import Count, IntegerField, QuerySet
from django.db.models.functions import Cast, ExtractMonth
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cabildo.core.models import Entity
from cabildo.core.registry import ParticipaSection, PublicDataset
from cabildo.pqrs.models import Channel, Petition, Status


class PetitionStatsDatasetSerializer(serializers.Serializer):
    year = serializers.IntegerField(label=_("año"), help_text=_("Año de radicación."))
    month = serializers.IntegerField(label=_("mes"), help_text=_("Mes de radicación (1 a 12)."))
    kind = serializers.CharField(
        source="kind__name",
        label=_("tipo de petición"),
        help_text=_("Petición, queja, reclamo, sugerencia, denuncia…"),
    )
    channel = serializers.SerializerMethodField(
        label=_("canal"), help_text=_("Canal por el que se recibió.")
    )
    status = serializers.SerializerMethodField(
        label=_("estado"), help_text=_("Radicada, asignada, en trámite, respondida o cerrada.")
    )
    total = serializers.IntegerField(
        label=_("cantidad"), help_text=_("Número de PQRSD con esas características.")
    )

    def get_channel(self, row: dict) -> str:
        return str(dict(Channel.choices).get(row["channel"], row["channel"]))

    def get_status(self, row: dict) -> str:
        return str(dict(Status.choices).get(row["status"], row["status"]))


def petition_statistics(entity: Entity | None) -> QuerySet:
    """One row per year, month, class, channel and status that has petitions."""
    return (
        Petition.objects.for_entity(entity)
        .annotate(month=Cast(ExtractMonth("filed_at"), IntegerField()))
        .values("year", "month", "kind__name", "channel", "status")
        .annotate(total=Count("id"))
        .order_by("year", "month", "kind__name", "channel", "status")
    )


DATASETS = [
    PublicDataset(
        slug="estadisticas-pqrsd",
        title=_("Estadísticas de PQRSD"),
        description=_(
            "Número de peticiones, quejas, reclamos, sugerencias y denuncias recibidas por año, "
            "mes, tipo, canal y estado. Solo cifras agregadas, sin datos de los peticionarios."
        ),
        serializer_class=PetitionStatsDatasetSerializer,
        queryset=petition_statistics,
        section=ParticipaSection.SOCIAL_CONTROL,
        filterset_fields=("year", "channel", "status"),
        order=40,
    ),
]
