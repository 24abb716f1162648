"""Reads of events: the execution status of planned activities, the events held, the staff and
public event lists."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from cabildo.core.models import Entity
from cabildo.execution.models import (
    ActivityCancellation,
    ActivityReport,
    ActivityStatus,
    Convocation,
    ConvocationStatus,
    Event,
    RegistrationStatus,
    ReportStatus,
)
from cabildo.plans.models import PlannedActivity

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class ExecutionStatus(TypedDict):
    execution_status: str


def with_execution_status(
    qs: QuerySet[PlannedActivity], *, now: datetime | None = None
) -> QuerySet[WithAnnotations[PlannedActivity, ExecutionStatus]]:
    """Annotate ``execution_status`` (an :class:`ActivityStatus` value) on planned activities,
    derived from what exists, in the same query:

    - ``cancelada``: the activity has an :class:`ActivityCancellation`;
    - ``reportada``: its report was sent to planning or accepted;
    - ``realizada``: one of its events took place (started, not cancelled) and attendance was
      recorded in it (an event nobody attended does not make the activity held);
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
                Exists(Event.objects.filter(activity=OuterRef("pk")).held(now=now)),
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


def events_held(
    *, entity: Entity, activities: QuerySet[PlannedActivity], now: datetime | None = None
) -> QuerySet[Event]:
    """Events that took place: of the given activities (not cancelled ones), already started
    and not cancelled (a subquery, no query yet). Whether anyone attended is counted apart."""
    return Event.objects.for_entity(entity).filter(
        activity__in=activities.filter(cancellation__isnull=True),
        is_cancelled=False,
        starts_at__lte=now or timezone.now(),
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
