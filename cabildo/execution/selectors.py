"""Reads of the execution app (constant number of queries on lists)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from cabildo.core.models import Entity
from cabildo.execution.models import (
    ActivityCancellation,
    ActivityReport,
    ActivityStatus,
    Commitment,
    Contribution,
    Convocation,
    ConvocationStatus,
    Event,
    Registration,
    RegistrationStatus,
    ReportStatus,
)
from cabildo.plans.models import PlannedActivity


def with_execution_status(
    qs: QuerySet[PlannedActivity], *, now: datetime | None = None
) -> QuerySet[PlannedActivity]:
    """Annotate ``execution_status`` (an :class:`ActivityStatus` value) on planned activities,
    derived from what exists, in the same query:

    - ``cancelada``: the activity has an :class:`ActivityCancellation`;
    - ``reportada``: its report was sent to planning or accepted;
    - ``realizada``: one of its events (not cancelled) has started;
    - ``convocada``: a convocation was sent or an event (not cancelled) is published;
    - ``programada``: otherwise.
    """
    now = now or timezone.now()
    live_events = Event.objects.filter(activity=OuterRef("pk"), is_cancelled=False)
    return qs.annotate(
        execution_status=Case(
            When(
                Exists(ActivityCancellation.objects.filter(activity=OuterRef("pk"))),
                then=Value(ActivityStatus.CANCELLED.value),
            ),
            When(
                Exists(
                    ActivityReport.objects.filter(
                        activity=OuterRef("pk"),
                        status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED],
                    )
                ),
                then=Value(ActivityStatus.REPORTED.value),
            ),
            When(
                Exists(live_events.filter(starts_at__lte=now)),
                then=Value(ActivityStatus.DONE.value),
            ),
            When(
                Exists(
                    Convocation.objects.filter(
                        activity=OuterRef("pk"), status=ConvocationStatus.SENT
                    )
                )
                | Exists(live_events.filter(is_published=True)),
                then=Value(ActivityStatus.CONVENED.value),
            ),
            default=Value(ActivityStatus.SCHEDULED.value),
            output_field=CharField(),
        )
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
