"""Reads of contributions: the staff list (``filters.ContributionFilterSet`` filters it further)
and those of the events held in a period."""

from __future__ import annotations

from datetime import date as date_type
from datetime import datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from cabildo.core.models import Entity
from cabildo.execution.models import (
    Contribution,
    Event,
)


def contributions_in_period(
    *, entity: Entity, start: date_type, end: date_type
) -> QuerySet[Contribution]:
    """Contributions raised in events held from ``start`` to ``end`` (both included): the one
    rule for "the period's contributions" (the indicators, the dashboard, the list by year)."""
    return Contribution.objects.for_entity(entity).filter(
        event__starts_at__gte=timezone.make_aware(datetime.combine(start, time.min)),
        event__starts_at__lte=timezone.make_aware(datetime.combine(end, time.max)),
    )


def contribution_list(
    *,
    entity: Entity,
    event: Event | None = None,
    year: int | None = None,
) -> QuerySet[Contribution]:
    """The entity's contributions (of one event, of the events held in one year), newest first;
    ``filters.ContributionFilterSet`` filters them further (the list page and the API)."""
    if year is not None:
        qs = contributions_in_period(
            entity=entity, start=date_type(year, 1, 1), end=date_type(year, 12, 31)
        )
    else:
        qs = Contribution.objects.for_entity(entity)
    qs = qs.select_related("event", "event__activity", "event__activity__area", "stakeholder_group")
    if event is not None:
        qs = qs.filter(event=event)
    return qs.order_by("-created_at", "-pk")
