"""Reads of the execution app (constant number of queries on lists)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cabildo.core.models import Entity
from cabildo.execution.models import (
    Commitment,
    Contribution,
    Event,
    Registration,
    RegistrationStatus,
)


def _with_counts(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.annotate(
        confirmed=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
        ),
        waitlisted=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
    )


def event_list(*, entity: Entity) -> QuerySet[Event]:
    return _with_counts(
        Event.objects.for_entity(entity).select_related("activity", "activity__area")
    ).order_by("-starts_at", "pk")


def public_upcoming(*, entity: Entity) -> QuerySet[Event]:
    return _with_counts(
        Event.objects.for_entity(entity)
        .public()
        .filter(ends_at__gte=timezone.now())
        .select_related("activity")
    ).order_by("starts_at", "pk")


def public_feed(*, entity: Entity) -> QuerySet[Event]:
    return Event.objects.for_entity(entity).public().order_by("starts_at", "pk")


def registration_list(*, event: Event) -> QuerySet[Registration]:
    return event.registrations.select_related("stakeholder_group", "territory").order_by(
        "status", "created_at", "pk"
    )


def attendance_counts(*, event: Event) -> dict[str, list[dict]]:
    """People who attended, by grupo de valor and by territory (two queries)."""
    attended = event.registrations.filter(attended=True)
    by_group = list(
        attended.values("stakeholder_group__name")
        .annotate(total=Count("pk"))
        .order_by("stakeholder_group__name")
    )
    by_territory = list(
        attended.values("territory__name").annotate(total=Count("pk")).order_by("territory__name")
    )
    return {
        "by_group": [
            {"label": row["stakeholder_group__name"], "total": row["total"]} for row in by_group
        ],
        "by_territory": [
            {"label": row["territory__name"], "total": row["total"]} for row in by_territory
        ],
    }


def contribution_list(
    *, entity: Entity, event: Event | None = None, unanalysed: bool = False
) -> QuerySet[Contribution]:
    qs = Contribution.objects.for_entity(entity).select_related(
        "event", "event__activity", "event__activity__area", "stakeholder_group"
    )
    if event is not None:
        qs = qs.filter(event=event)
    if unanalysed:
        qs = qs.filter(viability="")
    return qs.order_by("-created_at", "-pk")


def commitment_list(
    *, entity: Entity, event: Event | None = None, overdue: bool = False
) -> QuerySet[Commitment]:
    qs = Commitment.objects.for_entity(entity).select_related("event", "responsible_area")
    if event is not None:
        qs = qs.filter(event=event)
    if overdue:
        qs = qs.overdue(timezone.localdate())
    return qs.order_by("due_date", "pk")
