"""Reads of grupos de valor: lists with constant queries and the characterization indicator."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from cabildo.bodies.selectors import percent
from cabildo.core.models import Entity
from cabildo.stakeholders import catalogues
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
        qs = qs.filter(Q(name__icontains=search) | Q(notes__icontains=search))
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
    def percent(self) -> int | None:
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


@dataclass
class Demographic:
    """One demographic variable across the entity's groups: people per category (the sum of
    the groups' parts), the groups that reported it and the people they cover."""

    key: str
    label: Any
    rows: list[dict[str, Any]] = field(default_factory=list)
    groups: int = 0
    covered: int = 0

    @property
    def total(self) -> int:
        return sum(row["count"] for row in self.rows)


def coverage(*, entity: Entity) -> dict[str, Any]:
    """Coverage and demographics of the grupos de valor (one query). Each group's parts add
    up to its estimated size (``StakeholderGroup.clean``), so each variable's total equals the
    people of the groups that reported it."""
    groups = list(
        StakeholderGroup.objects.for_entity(entity).values_list("composition", "estimated_size")
    )
    variables = []
    for variable in catalogues.COUNTED:
        sums = dict.fromkeys(variable.codes, 0)
        demographic = Demographic(key=variable.key, label=variable.label)
        for composition, size in groups:
            counts = (composition or {}).get(variable.key)
            if not counts:
                continue
            demographic.groups += 1
            demographic.covered += size or 0
            for code, n in counts.items():
                sums[code] = sums.get(code, 0) + n
        demographic.rows = [
            {
                "code": code,
                "label": variable.label_of(code),
                "count": n,
                "percent": percent(n, demographic.covered),
            }
            for code, n in sums.items()
        ]
        variables.append(demographic)
    return {
        "groups": len(groups),
        "with_size": sum(1 for _c, size in groups if size is not None),
        "people": sum(size or 0 for _c, size in groups),
        "variables": variables,
    }
