"""Reads of territories: one query, tree order computed in Python."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from cabildo.core.models import Entity
from cabildo.core.sorting import natural_sorted
from cabildo.territories.models import Territory


@dataclass(frozen=True)
class TreeNode:
    territory: Territory
    depth: int


def territory_list(*, entity: Entity) -> QuerySet[Territory]:
    return (
        Territory.objects.for_entity(entity)
        .select_related("parent")
        .annotate(children_count=Count("children"))
        .order_by("name")
    )


def territory_tree(*, entity: Entity) -> list[TreeNode]:
    """All territories of the entity in depth-first order, with their depth (one query)."""
    rows = list(territory_list(entity=entity))
    by_parent: dict[int | None, list[Territory]] = {}
    ids = {t.pk for t in rows}
    for t in rows:
        parent = t.parent_id if t.parent_id in ids else None
        by_parent.setdefault(parent, []).append(t)
    result: list[TreeNode] = []
    visited: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for t in natural_sorted(by_parent.get(parent, []), key=lambda t: t.name):
            if t.pk in visited:
                continue
            visited.add(t.pk)
            result.append(TreeNode(t, depth))
            walk(t.pk, depth + 1)

    walk(None, 0)
    # Rows left out by a corrupted cycle are still listed at the root.
    for t in rows:
        if t.pk not in visited:
            visited.add(t.pk)
            result.append(TreeNode(t, 0))
    return result


def territory_choices(*, entity: Entity) -> list[tuple[int, str]]:
    """(pk, indented label) in tree order, for select widgets."""
    return [
        (node.territory.pk, "— " * node.depth + str(node.territory))
        for node in territory_tree(entity=entity)
    ]


def descendant_ids(*, territory: Territory) -> set[int]:
    """The territory and all its subdivisions (one query)."""
    rows = list(Territory.objects.for_entity(territory.entity_id).values_list("pk", "parent_id"))
    children: dict[int | None, list[int]] = {}
    for pk, parent in rows:
        children.setdefault(parent, []).append(pk)
    result = {territory.pk}
    stack = [territory.pk]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in result:
                result.add(child)
                stack.append(child)
    return result
