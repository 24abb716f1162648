"""Reads of the evaluation app: the yearly consolidated evaluation, the staff dashboard, the
seguimiento matrix; the accountability figures are the accountability app's (``accountability``).

Every figure is computed here, by database aggregation, with a number of queries that does not
depend on the volume of data; templates only show what these functions return.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import formats, timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cabildo.core.models import Entity
from cabildo.evaluation import metrics, periods
from cabildo.evaluation.metrics import activities_of_year, end_of_day
from cabildo.evaluation.models import (
    Evaluation,
    GoodPractice,
    Indicator,
    Measurement,
    ReportFile,
)
from cabildo.plans.models import (
    Channel,
    CyclePhase,
    IncidenceLevel,
    PlanVersion,
    Procedure,
)


@dataclass
class Row:
    """One line of a breakdown: a label and its figures (never computed in a template)."""

    key: str
    label: str
    planned: int = 0
    done: int = 0

    @property
    def percent(self) -> int | None:
        """Execution: done of planned; ``None`` (not «0 %») when nothing was planned."""
        return round(100 * self.done / self.planned) if self.planned else None


@dataclass
class Breakdown:
    slug: str
    title: str
    rows: list[Row]

    @property
    def total_planned(self) -> int:
        return sum(r.planned for r in self.rows)

    @property
    def total_done(self) -> int:
        return sum(r.done for r in self.rows)


@dataclass
class CountRow:
    key: str
    label: str
    count: int


@dataclass
class YearlyEvaluation:
    """The four figures of seeds 002 and 003, with their breakdowns."""

    entity: Entity
    year: int
    version: PlanVersion | None
    activities_planned: int
    activities_done: int  # 1. activities in which citizens were involved
    groups_involved: list[str]  # 2. grupos de valor involved
    phases: list[Row]  # 3. phases of the cycle submitted to participation
    incidence: list[CountRow]  # 4. results of incidence: contributions by level reached
    contributions_received: int
    contributions_analysed: int
    contributions_incorporated: int
    viability: list[CountRow]
    participants: int
    events_held: int
    breakdowns: list[Breakdown]
    evaluation: Evaluation | None = None
    reports: list[Any] = field(default_factory=list)

    @property
    def groups_involved_count(self) -> int:
        return len(self.groups_involved)

    @property
    def phases_with_participation(self) -> list[Row]:
        return [row for row in self.phases if row.done]

    @property
    def phases_count(self) -> int:
        return len(self.phases_with_participation)

    @property
    def phases_total(self) -> int:
        return len(self.phases)

    @property
    def execution_percent(self) -> int | None:
        if not self.activities_planned:
            return None
        return round(100 * self.activities_done / self.activities_planned)

    @property
    def incorporated_percent(self) -> int | None:
        if not self.contributions_received:
            return None
        return round(100 * self.contributions_incorporated / self.contributions_received)

    def breakdown(self, slug: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.slug == slug)


DIMENSIONS = (
    ("area", "area__name", None),
    ("fase", "phase", CyclePhase),
    ("procedimiento", "procedure", Procedure),
    ("canal", "channels", Channel),
    ("incidencia", "incidence_level", IncidenceLevel),
)


def _dimension_titles() -> dict[str, str]:
    return {
        "area": _("Por dependencia"),
        "fase": _("Por fase del ciclo de la gestión"),
        "procedimiento": _("Por procedimiento"),
        "grupo": _("Por grupo de valor"),
        "canal": _("Por canal"),
        "incidencia": _("Por nivel de incidencia planeado"),
    }


def _rows_for(values: dict[str, list[int]], choices: Any) -> list[Row]:
    if choices is None:
        return [
            Row(key=key, label=key or _("Sin dependencia"), planned=p, done=d)
            for key, (p, d) in sorted(values.items())
        ]
    empty = [0, 0]
    return [
        Row(
            key=value,
            label=str(label),
            planned=values.get(value, empty)[0],
            done=values.get(value, empty)[1],
        )
        for value, label in choices.choices
    ]


def counting_rules() -> tuple[tuple[str, str], ...]:
    """How each published figure is counted (shown on the pages next to the figures)."""
    return (
        (
            "actividades",
            _(
                "Actividades realizadas: actividades no canceladas de la versión evaluada del "
                "plan con al menos un evento ya iniciado, no cancelado y con asistencia "
                "registrada, o cuyo reporte aceptado por planeación registra asistentes. Un "
                "evento sin asistentes no cuenta."
            ),
        ),
        (
            "grupos",
            _(
                "Grupos de valor involucrados: los grupos a los que pertenecen las personas que "
                "asistieron (según su inscripción) a esas actividades, o los que confirma su "
                "reporte aceptado; nunca los grupos solo planeados."
            ),
        ),
        (
            "fases",
            _(
                "Fases sometidas a participación: fases del ciclo con al menos una actividad "
                "realizada."
            ),
        ),
        (
            "eventos",
            _(
                "Personas y eventos: asistencias registradas en eventos iniciados y no "
                "cancelados; un evento cuenta como realizado cuando tiene al menos una asistencia."
            ),
        ),
        (
            "aportes",
            _(
                "Aportes: los registrados en eventos ya iniciados y no cancelados de las "
                "actividades de la vigencia, por viabilidad y nivel de incidencia alcanzado."
            ),
        ),
    )


@dataclass
class HeldEvent:
    """An event that took place (started, not cancelled) and its recorded attendance."""

    pk: int
    title: str
    starts_at: Any
    attended: int


@dataclass
class ActivityRecord:
    """The records behind one planned activity's contribution to the figures."""

    activity: Any
    cancelled: bool
    events: list[HeldEvent] = field(default_factory=list)
    attendee_groups: set[str] = field(default_factory=set)
    planned_groups: set[str] = field(default_factory=set)
    report: Any = None  # the accepted ActivityReport, if any

    @property
    def attended(self) -> int:
        return sum(e.attended for e in self.events)

    @property
    def report_attended(self) -> int:
        return report_participants(self.report)[0] if self.report is not None else 0

    @property
    def report_groups(self) -> set[str]:
        return report_participants(self.report)[1] if self.report is not None else set()

    @property
    def held_by_attendance(self) -> bool:
        return self.attended > 0

    @property
    def held_by_report(self) -> bool:
        return self.report_attended > 0

    @property
    def is_held(self) -> bool:
        return not self.cancelled and (self.held_by_attendance or self.held_by_report)

    @property
    def groups(self) -> set[str]:
        """Groups involved: those of the attendees, or those the accepted report confirms."""
        if not self.is_held:
            return set()
        return self.attendee_groups | self.report_groups

    @property
    def sorted_groups(self) -> list[str]:
        return sorted(self.groups, key=spanish_key)


def report_participants(report: Any) -> tuple[int, set[str]]:
    """What an accepted report says about attendance: people who attended and the grupos de
    valor it names (its frozen figures; "Sin indicar" is not a group)."""
    participants = (report.figures or {}).get("participants") or {}
    try:
        attended = int(participants.get("attended") or 0)
    except (TypeError, ValueError):
        attended = 0
    groups = {
        str(row.get("label"))
        for row in participants.get("by_group") or []
        if row.get("label") and row.get("label") != UNKNOWN_GROUP and (row.get("total") or 0) > 0
    }
    return attended, groups


UNKNOWN_GROUP = "Sin indicar"  # the label frozen reports give attendees without a group


def activity_records(
    *, entity: Entity, year: int, now: Any = None
) -> tuple[PlanVersion | None, list[ActivityRecord]]:
    """Every planned activity of the evaluated version with the records that make it count
    (7 queries whatever the volume): the single source of the published figures."""
    from cabildo.execution.models import ActivityCancellation, ActivityReport, Registration
    from cabildo.execution.selectors.events import events_held

    now = now or timezone.now()
    version = metrics.plan_version(entity=entity, year=year)  # 1
    activities = activities_of_year(entity=entity, year=year)
    rows = list(  # 2
        activities.select_related("area")
        .annotate(is_cancelled=Exists(ActivityCancellation.objects.filter(activity=OuterRef("pk"))))
        .order_by("order", "pk")
    )
    records = {a.pk: ActivityRecord(activity=a, cancelled=a.is_cancelled) for a in rows}
    for pk, name in activities.filter(stakeholder_groups__isnull=False).values_list(  # 3
        "pk", "stakeholder_groups__name"
    ):
        records[pk].planned_groups.add(name)
    events = events_held(entity=entity, activities=activities, now=now)
    for event in events.annotate(  # 4
        attended_count=Count("registrations", filter=Q(registrations__attended=True))
    ).order_by("starts_at", "pk"):
        records[event.activity_id].events.append(
            HeldEvent(event.pk, event.title, event.starts_at, event.attended_count)
        )
    attended = Registration.objects.for_entity(entity).filter(
        attended=True, event__in=events, stakeholder_group__isnull=False
    )
    for pk, name in attended.values_list(  # 5
        "event__activity_id", "stakeholder_group__name"
    ).distinct():
        records[pk].attendee_groups.add(name)
    for report in (  # 6
        ActivityReport.objects.for_entity(entity)
        .accepted()
        .filter(activity__in=activities)
        .select_related("activity", "activity__area")
    ):
        records[report.activity_id].report = report
    return version, list(records.values())


def group_sources(records: list[ActivityRecord]) -> list[tuple[str, list[str]]]:
    """Each grupo de valor involved with the records it comes from (attendees of an activity's
    events, or its accepted report), for the page of records behind the figures."""
    sources: dict[str, list[str]] = {}
    for record in records:
        if not record.is_held:
            continue
        name = record.activity.name
        for group in record.attendee_groups:
            sources.setdefault(group, []).append(_("asistentes a «%(a)s»") % {"a": name})
        for group in record.report_groups - record.attendee_groups:
            sources.setdefault(group, []).append(_("reporte aceptado de «%(a)s»") % {"a": name})
    return sorted(sources.items(), key=lambda item: spanish_key(item[0]))


def yearly_evaluation(
    *, entity: Entity, year: int, now: Any = None, with_reports: bool = True
) -> YearlyEvaluation:
    """The consolidated evaluation of the year, recounted from the records of
    :func:`activity_records` (8 queries whatever the volume)."""
    from cabildo.execution.models import Contribution, Viability
    from cabildo.execution.selectors.events import events_held

    now = now or timezone.now()
    version, records = activity_records(entity=entity, year=year, now=now)
    planned = [r for r in records if not r.cancelled]
    held = [r for r in planned if r.is_held]

    per_dimension: dict[str, dict[str, list[int]]] = {slug: {} for slug, _f, _c in DIMENSIONS}
    for record in planned:
        activity = record.activity
        # An activity of several channels counts once under each of them.
        values = {
            "area": [activity.area.name if activity.area_id else ""],
            "fase": [activity.phase],
            "procedimiento": [activity.procedure],
            "canal": list(activity.channels or [""]),
            "incidencia": [activity.incidence_level],
        }
        for slug, found in values.items():
            for value in found:
                bucket = per_dimension[slug].setdefault(value or "", [0, 0])
                bucket[0] += 1
                bucket[1] += int(record.is_held)

    group_counts: dict[str, list[int]] = {}
    for record in planned:
        for name in record.planned_groups:
            group_counts.setdefault(name, [0, 0])[0] += 1
        for name in record.groups:
            group_counts.setdefault(name, [0, 0])[1] += 1
    group_rows = [
        Row(key=name, label=name, planned=p, done=d)
        for name, (p, d) in sorted(group_counts.items(), key=lambda item: spanish_key(item[0]))
    ]
    involved = set().union(*(r.groups for r in held)) if held else set()

    events = events_held(
        entity=entity,
        activities=activities_of_year(entity=entity, year=year),
        now=now,
    )
    # 7: contributions by level of incidence reached and viability (grouped).
    contribution_rows = list(
        Contribution.objects.for_entity(entity)
        .filter(event__in=events)
        .values("incidence_level", "viability")
        .annotate(n=Count("pk"))
        .order_by()
    )
    incidence_counts: dict[str, int] = defaultdict(int)
    viability_counts: dict[str, int] = defaultdict(int)
    for r in contribution_rows:
        incidence_counts[r["incidence_level"]] += r["n"]
        viability_counts[r["viability"]] += r["n"]
    received = sum(viability_counts.values())
    incidence = [
        CountRow(value, str(label), incidence_counts.get(value, 0))
        for value, label in IncidenceLevel.choices
    ]
    incidence.append(CountRow("", _("Sin nivel de incidencia registrado"), incidence_counts[""]))
    viability = [
        CountRow(value, str(label), viability_counts.get(value, 0))
        for value, label in Viability.choices
    ]
    viability.append(CountRow("", _("Sin analizar"), viability_counts.get("", 0)))

    titles = _dimension_titles()
    breakdowns = [
        Breakdown(slug, titles[slug], _rows_for(per_dimension[slug], choices))
        for slug, _f, choices in DIMENSIONS
    ]
    breakdowns.insert(3, Breakdown("grupo", titles["grupo"], group_rows))
    evaluation = Evaluation.objects.for_entity(entity).filter(year=year).first()  # 8
    reports: list[Any] = []
    if with_reports:
        reports = sorted(
            (r.report for r in records if r.report is not None),
            key=lambda report: (report.activity.order, report.activity.pk),
        )
    return YearlyEvaluation(
        entity=entity,
        year=year,
        version=version,
        activities_planned=len(planned),
        activities_done=len(held),
        groups_involved=sorted(involved, key=spanish_key),
        phases=breakdowns[1].rows,
        incidence=incidence,
        contributions_received=received,
        contributions_analysed=received - viability_counts.get("", 0),
        contributions_incorporated=viability_counts.get("viable", 0)
        + viability_counts.get("parcial", 0),
        viability=viability,
        participants=sum(r.attended for r in planned),
        events_held=sum(1 for r in planned for e in r.events if e.attended),
        breakdowns=breakdowns,
        evaluation=evaluation,
        reports=reports,
    )


def spanish_key(text: str) -> str:
    """Sort key that ignores accents and case (Jóvenes before Juntas)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# Seguimiento matrix ------------------------------------------------------------------------


@dataclass
class MatrixRow:
    indicator: Indicator
    measurements: list[Measurement]

    @property
    def latest(self) -> Measurement | None:
        return self.measurements[-1] if self.measurements else None

    @property
    def meets_target(self) -> bool | None:
        latest = self.latest
        if latest is None or latest.value is None:
            return None
        return latest.value >= self.indicator.target

    @property
    def status_label(self) -> str:
        met = self.meets_target
        if met is None:
            return _("Sin medición")
        return _("Cumple la meta") if met else _("Por debajo de la meta")

    @property
    def entries(self) -> list[tuple[str, str, Measurement]]:
        """(period label, result, measurement) of each current measurement, for the matrix."""
        return [
            (periods.label(self.indicator.periodicity, m.year, m.period), percent(m.value), m)
            for m in self.measurements
        ]

    @property
    def measurement_summary(self) -> str:
        parts = []
        for m in self.measurements:
            value = percent(m.value)
            parts.append(f"{periods.label(self.indicator.periodicity, m.year, m.period)}: {value}")
        return "; ".join(parts)


def indicator_list(*, entity: Entity) -> QuerySet[Indicator]:
    return (
        Indicator.objects.for_entity(entity)
        .select_related("area", "activity")
        .annotate(measurement_count=Count("measurements", filter=Q(measurements__is_current=True)))
        .order_by("order", "pk")
    )


def seguimiento_matrix(*, entity: Entity, year: int) -> list[MatrixRow]:
    """Active indicators with the current version of each measurement of the year (two
    queries); replaced versions stay in :func:`measurement_history`."""
    indicators = (
        Indicator.objects.for_entity(entity)
        .filter(is_active=True)
        .select_related("area")
        .prefetch_related(
            Prefetch(
                "measurements",
                queryset=Measurement.objects.current().filter(year=year).order_by("period"),
                to_attr="year_measurements",
            )
        )
        .order_by("order", "pk")
    )
    return [MatrixRow(i, i.year_measurements) for i in indicators]


def measurement_list(*, indicator: Indicator) -> QuerySet[Measurement]:
    """The current version of each period measured, newest period first."""
    return (
        indicator.measurements.current().select_related("recorded_by").order_by("-year", "-period")
    )


def measurement_history(*, measurement: Measurement) -> list[Measurement]:
    """Every version recorded for the measurement's period, newest first (one query)."""
    return list(
        Measurement.objects.for_entity(measurement.entity_id)
        .filter(
            indicator_id=measurement.indicator_id,
            year=measurement.year,
            period=measurement.period,
        )
        .select_related("recorded_by")
        .order_by("-version")
    )


# Dashboard ---------------------------------------------------------------------------------


@dataclass
class Dashboard:
    year: int
    plan_status: list[CountRow]
    reports: list[CountRow]
    reports_pending_review: int
    done_without_report: int
    contributions_unanalysed: int
    semaphore: list[CountRow]
    actions_overdue: int
    actions_due_soon: int
    actions_next: list[Any]
    indicators: list[MatrixRow]

    @property
    def activities_total(self) -> int:
        return sum(r.count for r in self.plan_status)


def dashboard(*, entity: Entity, year: int, today: date | None = None) -> Dashboard:
    """The staff dashboard: 10 queries whatever the volume."""
    from cabildo.assessment.models import ImprovementAction
    from cabildo.execution.models import ActivityStatus
    from cabildo.execution.models import ReportStatus as ActivityReportStatus
    from cabildo.execution.selectors.contributions import contributions_in_period
    from cabildo.execution.selectors.events import with_execution_status
    from cabildo.execution.selectors.reports import report_list
    from cabildo.pqrs import deadlines
    from cabildo.pqrs.models import Petition
    from cabildo.pqrs.selectors import semaphore_context, semaphore_q

    today = today or timezone.localdate()
    activities = activities_of_year(entity=entity, year=year)
    statuses = {
        r["execution_status"]: r["n"]
        for r in with_execution_status(activities, now=end_of_day(today))
        .values("execution_status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    plan_status = [
        CountRow(value, str(label), statuses.get(value, 0))
        for value, label in ActivityStatus.choices
    ]
    report_counts = {
        r["status"]: r["n"]
        for r in report_list(entity=entity, year=year)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    reports = [
        CountRow(value, str(label), report_counts.get(value, 0))
        for value, label in ActivityReportStatus.choices
    ]
    done_without_report = (
        with_execution_status(activities, now=end_of_day(today))
        .filter(execution_status=ActivityStatus.DONE)
        .count()
    )
    # The year's contributions (raised in events held in it), as the indicators count them.
    unanalysed = (
        contributions_in_period(entity=entity, start=date(year, 1, 1), end=date(year, 12, 31))
        .filter(viability="")
        .count()
    )
    ctx = semaphore_context(entity=entity, today=today)
    codes = (deadlines.OVERDUE, deadlines.DUE_SOON, deadlines.ON_TIME)
    sem = Petition.objects.for_entity(entity).aggregate(
        **{code: Count("pk", filter=semaphore_q(code, ctx)) for code in codes}
    )
    semaphore = [CountRow(code, str(deadlines.STATUS_LABELS[code]), sem[code]) for code in codes]
    soon = today + timedelta(days=30)
    open_actions = ImprovementAction.objects.for_entity(entity).open()
    action_counts = open_actions.aggregate(
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        soon=Count("pk", filter=Q(due_date__gte=today, due_date__lte=soon)),
    )
    actions_next = list(
        open_actions.filter(due_date__isnull=False, due_date__lte=soon)
        .select_related("activity", "area")
        .order_by("due_date", "pk")
    )
    return Dashboard(
        year=year,
        plan_status=plan_status,
        reports=reports,
        reports_pending_review=report_counts.get(ActivityReportStatus.SUBMITTED, 0),
        done_without_report=done_without_report,
        contributions_unanalysed=unanalysed,
        semaphore=semaphore,
        actions_overdue=action_counts["overdue"],
        actions_due_soon=action_counts["soon"],
        actions_next=actions_next,
        indicators=seguimiento_matrix(entity=entity, year=year),
    )


# Accountability (rendición de cuentas) ---------------------------------------------------------


def accountability(*, entity: Entity, year: int, now: Any = None) -> Any:
    """The year's rendición de cuentas figures (dialogues held by modality, the plan's
    accountability activities by MURC stage and action, the strategy's spaces and questions).

    They are counted in one place only, ``cabildo.accountability.selectors.year_figures``, so
    that the evaluation's pages and report never show a figure that differs from the
    accountability pages. Evaluation sits below accountability in the layers and may not import
    it: the accountability app names its selector on its ``AppConfig``
    (``accountability_figures``), read here by its dotted path as core reads every app's
    datasets."""
    for config in apps.get_app_configs():
        path = getattr(config, "accountability_figures", None)
        if path:
            return import_string(path)(entity=entity, year=year, now=now)
    raise ImproperlyConfigured("No app declares accountability_figures (cabildo.accountability).")


# Lists ---------------------------------------------------------------------------------------


def good_practices(*, entity: Entity, year: int | None = None) -> QuerySet[GoodPractice]:
    qs = GoodPractice.objects.for_entity(entity).select_related("area")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "title", "pk")


def latest_good_practices(*, entity: Entity) -> list[GoodPractice]:
    """Good practices of the latest year that has any (offered when a plan is drafted)."""
    latest = GoodPractice.objects.for_entity(entity).order_by("-year").values("year")[:1]
    return list(good_practices(entity=entity).filter(year__in=latest))


def report_files(*, entity: Entity) -> QuerySet[ReportFile]:
    return ReportFile.objects.for_entity(entity).select_related("requested_by")


def published_years(*, entity: Entity) -> list[int]:
    return list(
        Evaluation.objects.for_entity(entity)
        .filter(is_published=True)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def public_reports(*, entity: Entity, year: int) -> dict[str, ReportFile]:
    """The latest ready public report of the year, per format."""
    latest: dict[str, ReportFile] = {}
    for report in ReportFile.objects.for_entity(entity).filter(
        year=year, audience="publica", status="listo"
    ):
        latest.setdefault(report.format, report)
    return latest


def percent(value: Decimal | None) -> str:
    """Two decimals in the active language's format: "75,00 %" in Spanish, "75.00 %" in English
    (the same as every other figure of the page)."""
    return "—" if value is None else f"{formats.number_format(value, 2)} %"
