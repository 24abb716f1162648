"""Reads of grupos de valor: lists with constant queries and the characterization indicator."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from cabildo.bodies.selectors import percent
from cabildo.core.models import Entity
from cabildo.stakeholders.models import StakeholderGroup, StakeholderType


def group_list(
    *, entity: Entity, search: str = "", type_id: int | None = None
) -> QuerySet[StakeholderGroup]:
    qs = (
        StakeholderGroup.objects.for_entity(entity)
        .select_related("type", "territory")
        .order_by("name")
    )
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(interests__icontains=search))
    if type_id:
        qs = qs.filter(type_id=type_id)
    return qs


def type_list(*, entity: Entity) -> QuerySet[StakeholderType]:
    return (
        StakeholderType.objects.for_entity(entity)
        .annotate(groups_count=Count("groups"))
        .order_by("order", "name")
    )


@dataclass(frozen=True)
class CharacterizationIndicator:
    year: int
    characterized: int
    total: int

    @property
    def percent(self) -> int:
        return percent(self.characterized, self.total)


def characterization_indicator(*, entity: Entity, year: int) -> CharacterizationIndicator:
    """Grupos de valor caracterizados / total for a year (one query).

    The total counts the groups registered in the entity's catalogue; a group counts as
    characterized when its characterization date falls in the year.
    """
    totals = StakeholderGroup.objects.for_entity(entity).aggregate(
        total=Count("pk"),
        characterized=Count("pk", filter=Q(characterized_on__year=year)),
    )
    return CharacterizationIndicator(
        year=year, characterized=totals["characterized"], total=totals["total"]
    )
