from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from cabildo.core.models import Area, Entity


def entity_list() -> QuerySet[Entity]:
    return Entity.objects.filter(is_active=True).order_by("name")


def area_list(*, entity: Entity) -> QuerySet[Area]:
    return (
        Area.objects.for_entity(entity)
        .select_related("parent")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def _folded(text: str) -> str:
    """Lower case without accents: "Itagüí" and "itagui" match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class EntityDirectory:
    entities: list[Entity]
    departments: list[str]
    total: int


def entity_directory(*, q: str = "", department: str = "", kind: str = "") -> EntityDirectory:
    """The active entities matching the directory's search (name, municipality or department,
    accents and case ignored), department and kind; with the departments to choose from.

    One query of a few short columns: 1,102 municipalities fit in memory many times over, and
    folding accents in Python gives the same answer on PostgreSQL and SQLite."""
    rows = list(
        Entity.objects.filter(is_active=True)
        .with_canonical_host()
        .only("name", "short_name", "slug", "kind", "department_name", "municipality_name")
        .order_by("name")
    )
    departments = sorted({e.department_name for e in rows if e.department_name}, key=_folded)
    words = _folded(q).split()
    found = [
        e
        for e in rows
        if (not department or e.department_name == department)
        and (not kind or e.kind == kind)
        and all(
            w in _folded(f"{e.name} {e.short_name} {e.municipality_name} {e.department_name}")
            for w in words
        )
    ]
    return EntityDirectory(entities=found, departments=departments, total=len(rows))
