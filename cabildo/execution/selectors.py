"""Reads of the execution app (constant number of queries on lists)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date as date_type
from datetime import datetime, time
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cabildo.core.models import Entity
from cabildo.execution.models import (
    ActivityCancellation,
    ActivityReport,
    ActivityStatus,
    AgeRange,
    AttendanceSheet,
    Commitment,
    CommitmentStatus,
    Contribution,
    ContributionKind,
    Convocation,
    ConvocationChannel,
    ConvocationStatus,
    Ethnicity,
    Event,
    Modality,
    Registration,
    RegistrationStatus,
    ReportStatus,
    Sex,
    Viability,
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
                Exists(
                    live_events.filter(
                        starts_at__lte=now,
                        pk__in=Registration.objects.filter(attended=True).values("event_id"),
                    )
                ),
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


def registration_list(*, event: Event) -> QuerySet[Registration]:
    return event.registrations.select_related("stakeholder_group", "territory").order_by(
        "status", "created_at", "pk"
    )


def attendance_counts(*, event: Event) -> dict[str, list[dict[str, Any]]]:
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


def commitment_list(*, entity: Entity, event: Event | None = None) -> QuerySet[Commitment]:
    """The entity's commitments (of one event), the nearest due date first;
    ``filters.CommitmentFilterSet`` filters them further (the list page and the API)."""
    qs = Commitment.objects.for_entity(entity).select_related("event", "responsible_area")
    if event is not None:
        qs = qs.filter(event=event)
    return qs.order_by("due_date", "pk")


def attendance_sheets(*, event: Event) -> QuerySet[AttendanceSheet]:
    return event.attendance_sheets.select_related("uploaded_by").order_by("uploaded_at", "pk")


def demographic_counts(*, event: Event) -> dict[str, Any]:
    """Attendees by age range, sex, ethnicity and disability, counting only those who gave the
    explicit opt-in for sensitive data (one query)."""
    rows = list(
        event.registrations.filter(attended=True, sensitive_consent__isnull=False).values_list(
            "age_range", "sex", "ethnicity", "disability"
        )
    )
    dimensions = (
        ("age_range", _("Rango de edad"), AgeRange.choices, 0),
        ("sex", _("Sexo"), Sex.choices, 1),
        ("ethnicity", _("Pertenencia étnica"), Ethnicity.choices, 2),
        (
            "disability",
            _("Discapacidad"),
            [(True, _("Con discapacidad")), (False, _("Sin discapacidad"))],
            3,
        ),
    )
    tables = []
    for key, title, choices, index in dimensions:
        counts = Counter(row[index] for row in rows)
        table_rows = [{"label": label, "total": counts.get(value, 0)} for value, label in choices]
        unanswered = counts.get("", 0) + counts.get(None, 0)
        table_rows.append({"label": _("No respondió"), "total": unanswered})
        tables.append({"key": key, "title": title, "rows": table_rows})
    return {"consenting": len(rows), "tables": tables}


# Convocations --------------------------------------------------------------------------------

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")


def emails_in(text: str) -> list[str]:
    """The valid email addresses written in a free-text contact field, lower-cased."""
    found = []
    for candidate in EMAIL_RE.findall(text or ""):
        candidate = candidate.strip(".").lower()
        try:
            validate_email(candidate)
        except ValidationError:
            continue
        found.append(candidate)
    return found


def convocation_recipients(*, convocation: Convocation) -> list[str]:
    """Email addresses the entity holds for the convened grupos de valor (their organisation
    contact) and instancias (their institutional contact and their members' contacts):
    deduplicated, empty or invalid ones skipped, sorted. Three queries."""
    from cabildo.bodies.models import BodyMember

    emails: set[str] = set()
    for contact in convocation.stakeholder_groups.values_list("organisation_contact", flat=True):
        emails.update(emails_in(contact))
    body_ids = list(convocation.bodies.values_list("pk", flat=True))
    for contact in convocation.bodies.values_list("public_contact", flat=True):
        emails.update(emails_in(contact))
    for contact in (
        BodyMember.objects.filter(body_id__in=body_ids, is_vacant=False)
        .exclude(contact="")
        .values_list("contact", flat=True)
    ):
        emails.update(emails_in(contact))
    return sorted(emails)


def convocation_list(*, entity: Entity, activity: Any = None) -> QuerySet[Convocation]:
    qs = Convocation.objects.for_entity(entity).select_related(
        "activity", "activity__area", "event"
    )
    if activity is not None:
        qs = qs.filter(activity=activity)
    return qs.order_by("-created_at", "-pk")


# Reports -------------------------------------------------------------------------------------


def report_list(
    *, entity: Entity, status: str = "", year: int | None = None
) -> QuerySet[ActivityReport]:
    """Reports of the entity; ``year``: of the activities of that year's plan (the staff
    dashboard counts its report figures here, and links to this list)."""
    qs = ActivityReport.objects.for_entity(entity).select_related(
        "activity", "activity__area", "activity__version__plan", "submitted_by"
    )
    if status:
        qs = qs.filter(status=status)
    if year is not None:
        qs = qs.filter(activity__version__plan__year=year)
    return qs.order_by("-updated_at", "-pk")


def public_reports(*, entity: Entity) -> QuerySet[ActivityReport]:
    return (
        ActivityReport.objects.for_entity(entity)
        .accepted()
        .select_related("activity", "activity__area", "activity__version__plan")
        .order_by("-reviewed_at", "-pk")
    )


def report_view_figures(report: ActivityReport) -> dict[str, Any]:
    """Live figures while the report can be edited; the frozen ones once it was sent."""
    if report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED) or not report.figures:
        return report_figures(report.activity)
    frozen: dict[str, Any] = report.figures
    return frozen


def _label(choices: Any, value: str) -> str:
    return str(dict(choices).get(value, value)) if value else ""


def _dt(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def report_figures(activity: PlannedActivity) -> dict[str, Any]:
    """The figures of an activity's report, computed from the data with a constant number of
    queries (seven): its events, participants by grupo de valor and territory, convocations,
    contributions with their analysis, commitments, and the planned indicator and goal.

    No personal data: no names, emails or phones of citizens. Labels are in Spanish (the report
    is a Spanish document, frozen on submission)."""
    with translation.override("es"):
        return _report_figures(activity)


def _report_figures(activity: PlannedActivity) -> dict[str, Any]:
    from cabildo.plans.models import IncidenceLevel

    activity = PlannedActivity.objects.select_related("area").get(pk=activity.pk)
    today = timezone.localdate()
    # The annotated counts (the plugin types the rows of an annotated EventQuerySet as Event).
    events: list[Any] = list(
        Event.objects.filter(activity=activity)
        .annotate(
            registered=Count(
                "registrations", filter=~Q(registrations__status=RegistrationStatus.CANCELLED)
            ),
            attended_count=Count("registrations", filter=Q(registrations__attended=True)),
        )
        .order_by("starts_at", "pk")
    )
    attended = Registration.objects.filter(event__activity=activity, attended=True)
    by_group = (
        attended.values("stakeholder_group__name")
        .annotate(total=Count("pk"))
        .order_by("-total", "stakeholder_group__name")
    )
    by_territory = (
        attended.values("territory__name")
        .annotate(total=Count("pk"))
        .order_by("-total", "territory__name")
    )
    unknown = str(_("Sin indicar"))
    convocations = list(
        Convocation.objects.filter(activity=activity, status=ConvocationStatus.SENT).values_list(
            "channels", "reach"
        )
    )
    channels = sorted({c for row in convocations for c in row[0]})
    contributions = list(
        Contribution.objects.filter(event__activity=activity)
        .select_related("stakeholder_group", "event")
        .order_by("event__starts_at", "created_at", "pk")
    )
    commitments = list(
        Commitment.objects.filter(event__activity=activity)
        .select_related("responsible_area")
        .order_by("due_date", "pk")
    )
    kind_counts = Counter(c.kind for c in contributions)
    viability_counts = Counter(c.viability for c in contributions if c.viability)
    return {
        "generated_at": _dt(timezone.now()),
        "activity": {
            "name": activity.name,
            "area": activity.area.name,
            "goal": activity.goal,
            "unit": activity.unit,
            "indicator": activity.indicator,
            "incidence_level": _label(IncidenceLevel.choices, activity.incidence_level),
            "start_date": activity.start_date.strftime("%d/%m/%Y") if activity.start_date else "",
            "end_date": activity.end_date.strftime("%d/%m/%Y") if activity.end_date else "",
        },
        "events": [
            {
                "title": e.title,
                "starts_at": _dt(e.starts_at),
                "modality": _label(Modality.choices, e.modality),
                "place": e.place,
                "cancelled": e.is_cancelled,
                "registered": e.registered,
                "attended": e.attended_count,
            }
            for e in events
        ],
        "participants": {
            "registered": sum(e.registered for e in events if not e.is_cancelled),
            "attended": sum(e.attended_count for e in events),
            "by_group": [
                {"label": row["stakeholder_group__name"] or unknown, "total": row["total"]}
                for row in by_group
            ],
            "by_territory": [
                {"label": row["territory__name"] or unknown, "total": row["total"]}
                for row in by_territory
            ],
        },
        "convocation": {
            "count": len(convocations),
            "reach": sum(row[1] for row in convocations),
            "channels": [_label(ConvocationChannel.choices, c) for c in channels],
        },
        "contributions": {
            "total": len(contributions),
            "analysed": sum(1 for c in contributions if c.viability),
            "by_kind": [
                {"label": str(label), "total": kind_counts.get(value, 0)}
                for value, label in ContributionKind.choices
            ],
            "by_viability": [
                {"label": str(label), "total": viability_counts.get(value, 0)}
                for value, label in Viability.choices
            ],
            "items": [
                {
                    "kind": c.get_kind_display(),
                    "text": c.text,
                    "event": c.event.title,
                    "group": c.stakeholder_group.name if c.stakeholder_group is not None else "",
                    "viability": c.get_viability_display() if c.viability else "",
                    "justification": c.justification,
                    "adjustment": c.adjustment,
                    "incidence_level": _label(IncidenceLevel.choices, c.incidence_level),
                }
                for c in contributions
            ],
        },
        "commitments": {
            "total": len(commitments),
            "done": sum(1 for c in commitments if c.status == CommitmentStatus.DONE),
            "overdue": sum(1 for c in commitments if c.is_overdue_on(today)),
            "items": [
                {
                    "description": c.description,
                    "area": c.responsible_area.name,
                    "due_date": c.due_date.strftime("%d/%m/%Y"),
                    "status": c.get_status_display(),
                    "overdue": c.is_overdue_on(today),
                }
                for c in commitments
            ],
        },
    }
