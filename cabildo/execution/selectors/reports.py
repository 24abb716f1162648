"""Reads of activity reports: the staff and public lists and the report's figures."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cabildo.core.models import Entity
from cabildo.execution.models import (
    ActivityReport,
    Commitment,
    CommitmentStatus,
    Contribution,
    ContributionKind,
    Convocation,
    ConvocationChannel,
    ConvocationStatus,
    Event,
    Modality,
    Registration,
    RegistrationStatus,
    ReportStatus,
    Viability,
)
from cabildo.plans.models import PlannedActivity


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
