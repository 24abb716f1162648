"""Open dataset of the grupos de valor, aggregated: a group's record holds an internal contact,
so only counts by type, territory and zone are published."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cabildo.core.models import Entity
from cabildo.core.registry import ParticipaSection, PublicDataset
from cabildo.stakeholders.models import StakeholderGroup, Zone


class StakeholderDatasetSerializer(serializers.Serializer):
    type = serializers.CharField(
        source="type__name", label=_("tipo de grupo de valor"), help_text=_("Tipo de grupo.")
    )
    territory = serializers.CharField(
        source="territory__name",
        default="",
        label=_("territorio"),
        help_text=_("Territorio de los grupos; vacío si no está definido."),
    )
    zone = serializers.SerializerMethodField(
        label=_("zona"), help_text=_("Urbana, rural o ambas; vacío si no está definida.")
    )
    groups = serializers.IntegerField(
        label=_("grupos"), help_text=_("Número de grupos de valor identificados.")
    )
    characterized = serializers.IntegerField(
        label=_("grupos caracterizados"),
        help_text=_("Grupos con fecha de caracterización registrada."),
    )
    estimated_size = serializers.IntegerField(
        label=_("población estimada"),
        help_text=_("Suma del tamaño estimado de los grupos que lo registran."),
    )

    def get_zone(self, row: dict) -> str:
        return str(dict(Zone.choices).get(row["zone"], row["zone"] or ""))


def stakeholder_summary(entity: Entity | None) -> QuerySet:
    return (
        StakeholderGroup.objects.for_entity(entity)
        .values("type__name", "territory__name", "zone")
        .annotate(
            groups=Count("id"),
            characterized=Count("id", filter=Q(characterized_on__isnull=False)),
            estimated_size=Sum("estimated_size", default=0),
        )
        .order_by("type__name", "territory__name", "zone")
    )


DATASETS = [
    PublicDataset(
        slug="grupos-de-valor",
        title=_("Grupos de valor identificados"),
        description=_(
            "Cuántos grupos de valor ha identificado y caracterizado la entidad, por tipo, "
            "territorio y zona, con su población estimada. Cifras agregadas."
        ),
        serializer_class=StakeholderDatasetSerializer,
        queryset=stakeholder_summary,
        section=ParticipaSection.DIAGNOSIS,
        filterset_fields=("zone",),
        order=50,
    ),
]
