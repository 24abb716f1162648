from __future__ import annotations

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
