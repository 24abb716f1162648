"""Open dataset of PQRSD statistics: counts by year, month, class, channel and status. Only
aggregates: no filing number, subject, text or requester data."""

from __future__ import annotations

from django.db.models import Count, IntegerField, QuerySet
from django.db.models.functions import Cast, ExtractMonth
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cabildo.core.models import Entity
from cabildo.core.registry import ParticipaSection, PublicDataset
from cabildo.pqrs.models import Channel, ImportedYearCount, Petition, Status


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
    sub_channel = serializers.CharField(
        source="sub_channel__name",
        allow_null=True,
        label=_("subcanal"),
        help_text=_(
            "Punto de atención dentro del canal (p. ej. Ventanilla única CAM), si se registró."
        ),
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
        .values("year", "month", "kind__name", "channel", "sub_channel__name", "status")
        .annotate(total=Count("id"))
        .order_by("year", "month", "kind__name", "channel", "sub_channel__name", "status")
    )


class ImportedCountDatasetSerializer(serializers.Serializer):
    year = serializers.IntegerField(
        label=_("año"), help_text=_("Año al que corresponde la cifra importada.")
    )
    channel = serializers.SerializerMethodField(
        label=_("canal"), help_text=_("Canal de recepción al que Cabildo asigna la fila.")
    )
    label = serializers.CharField(
        label=_("fila del informe"), help_text=_("Como la nombra el informe de origen.")
    )
    sub_channel = serializers.CharField(
        source="sub_channel.name",
        allow_null=True,
        default=None,
        label=_("subcanal"),
        help_text=_("Subcanal del catálogo de la entidad, vacío si la fila no tiene uno."),
    )
    count = serializers.IntegerField(
        label=_("cantidad"), help_text=_("Comunicaciones recibidas ese año por esa fila.")
    )
    source = serializers.CharField(
        label=_("fuente"), help_text=_("Informe o documento del que se tomó la cifra.")
    )

    def get_channel(self, row: ImportedYearCount) -> str:
        return str(row.get_channel_display())


def imported_counts(entity: Entity | None) -> QuerySet:
    return (
        ImportedYearCount.objects.for_entity(entity)
        .select_related("sub_channel")
        .order_by("year", "channel", "label")
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
    PublicDataset(
        slug="pqrsd-cifras-historicas",
        title=_("PQRSD: cifras anuales anteriores al sistema"),
        description=_(
            "Comunicaciones recibidas por canal y subcanal en los años anteriores a Cabildo, "
            "importadas de los informes de atención al ciudadano. Son agregados anuales, no "
            "peticiones: no están en el conjunto de estadísticas de PQRSD."
        ),
        serializer_class=ImportedCountDatasetSerializer,
        queryset=imported_counts,
        section=ParticipaSection.SOCIAL_CONTROL,
        filterset_fields=("year", "channel"),
        order=41,
    ),
]
