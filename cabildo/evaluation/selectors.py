"""Reads of the evaluation app: the yearly consolidated evaluation, the staff dashboard, the
seguimiento matrix and the accountability view.

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

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.core.models import Entity
from cabildo.evaluation import metrics, periods
from cabildo.evaluation.metrics import DONE_STATUSES, activities_of_year, end_of_day
from cabildo.evaluation.models import (
    Evaluation,
    GoodPractice,
    Indicator,
    Measurement,
    MurcStage,
    ReportFile,
)
from cabildo.plans.models import (
    Channel,
    CyclePhase,
    IncidenceLevel,
    MurcAction,
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
    def percent(self) -> int:
        return round(100 * self.done / self.planned) if self.planned else 0


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
    def execution_percent(self) -> int:
        if not self.activities_planned:
            return 0
        return round(100 * self.activities_done / self.activities_planned)

    @property
    def incorporated_percent(self) -> int:
        if not self.contributions_received:
            return 0
        return round(100 * self.contributions_incorporated / self.contributions_received)

    def breakdown(self, slug: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.slug == slug)


DIMENSIONS = (
    ("area", "area__name", None),
    ("fase", "phase", CyclePhase),
    ("procedimiento", "procedure", Procedure),
    ("canal", "channel", Channel),
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


def yearly_evaluation(
    *, entity: Entity, year: int, now: Any = None, with_reports: bool = True
) -> YearlyEvaluation:
    """The consolidated evaluation of the year: 9 queries whatever the volume."""
    from cabildo.execution.models import ActivityReport, Contribution, Event, Registration
    from cabildo.execution.selectors import with_execution_status

    now = now or timezone.now()
    version = metrics.plan_version(entity=entity, year=year)  # 1
    activities = activities_of_year(entity=entity, year=year)
    annotated = with_execution_status(activities, now=now)
    planned_q = ~Q(execution_status="cancelada")
    done_q = Q(execution_status__in=DONE_STATUSES)

    # 2: one grouped query, rolled up per dimension.
    grouped = annotated.values("area__name", "phase", "procedure", "channel", "incidence_level")
    grouped = grouped.annotate(
        planned=Count("pk", filter=planned_q), done=Count("pk", filter=done_q)
    ).order_by()
    per_dimension: dict[str, dict[str, list[int]]] = {slug: {} for slug, _f, _c in DIMENSIONS}
    total_planned = total_done = 0
    for row in grouped:
        total_planned += row["planned"]
        total_done += row["done"]
        for slug, field_name, _choices in DIMENSIONS:
            bucket = per_dimension[slug].setdefault(row[field_name] or "", [0, 0])
            bucket[0] += row["planned"]
            bucket[1] += row["done"]

    # 3: by grupo de valor (an activity may serve several groups).
    by_group = (
        annotated.filter(stakeholder_groups__isnull=False)
        .values("stakeholder_groups__name")
        .annotate(
            planned=Count("pk", filter=planned_q, distinct=True),
            done=Count("pk", filter=done_q, distinct=True),
        )
        .order_by("stakeholder_groups__name")
    )
    group_rows = [
        Row(key=r["stakeholder_groups__name"], label=r["stakeholder_groups__name"], **_pd(r))
        for r in by_group
    ]

    events = Event.objects.for_entity(entity).filter(
        activity__in=activities, is_cancelled=False, starts_at__lte=now
    )
    # 4: grupos de valor of the people who attended and of the contributions.
    attended = Registration.objects.for_entity(entity).filter(attended=True, event__in=events)
    people_groups = set(
        attended.filter(stakeholder_group__isnull=False)
        .values_list("stakeholder_group__name", flat=True)
        .distinct()
    )
    contributions = Contribution.objects.for_entity(entity).filter(event__in=events)
    # 5: contributions by level of incidence reached and viability (grouped).
    contribution_rows = list(
        contributions.values("incidence_level", "viability", "stakeholder_group__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # 6: participants (attended) and events held.
    held = events.aggregate(
        events=Count("pk", distinct=True),
        participants=Count("registrations", filter=Q(registrations__attended=True)),
    )
    involved = (
        {r.label for r in group_rows if r.done}
        | people_groups
        | {r["stakeholder_group__name"] for r in contribution_rows if r["stakeholder_group__name"]}
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
    from cabildo.execution.models import Viability

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
    evaluation = Evaluation.objects.for_entity(entity).filter(year=year).first()  # 7
    reports: list[Any] = []
    if with_reports:
        reports = list(  # 8
            ActivityReport.objects.for_entity(entity)
            .accepted()
            .filter(activity__in=activities)
            .select_related("activity", "activity__area")
            .order_by("activity__order", "activity__pk")
        )
    return YearlyEvaluation(
        entity=entity,
        year=year,
        version=version,
        activities_planned=total_planned,
        activities_done=total_done,
        groups_involved=sorted(involved, key=spanish_key),
        phases=breakdowns[1].rows,
        incidence=incidence,
        contributions_received=received,
        contributions_analysed=received - viability_counts.get("", 0),
        contributions_incorporated=viability_counts.get("viable", 0)
        + viability_counts.get("parcial", 0),
        viability=viability,
        participants=held["participants"],
        events_held=held["events"],
        breakdowns=breakdowns,
        evaluation=evaluation,
        reports=reports,
    )


def spanish_key(text: str) -> str:
    """Sort key that ignores accents and case (Jóvenes before Juntas)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _pd(row: dict[str, Any]) -> dict[str, int]:
    return {"planned": row["planned"], "done": row["done"]}


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
    def measurement_summary(self) -> str:
        parts = []
        for m in self.measurements:
            value = "—" if m.value is None else f"{m.value:.2f} %"
            parts.append(f"{periods.label(self.indicator.periodicity, m.year, m.period)}: {value}")
        return "; ".join(parts)


def indicator_list(*, entity: Entity) -> QuerySet[Indicator]:
    return (
        Indicator.objects.for_entity(entity)
        .select_related("area", "activity")
        .annotate(measurement_count=Count("measurements"))
        .order_by("order", "pk")
    )


def seguimiento_matrix(*, entity: Entity, year: int) -> list[MatrixRow]:
    """Active indicators with their measurements of the year (two queries)."""
    indicators = (
        Indicator.objects.for_entity(entity)
        .filter(is_active=True)
        .select_related("area")
        .prefetch_related(
            Prefetch(
                "measurements",
                queryset=Measurement.objects.filter(year=year).order_by("period"),
                to_attr="year_measurements",
            )
        )
        .order_by("order", "pk")
    )
    return [MatrixRow(i, i.year_measurements) for i in indicators]


def measurement_list(*, indicator: Indicator) -> QuerySet[Measurement]:
    return indicator.measurements.select_related("recorded_by").order_by("-year", "-period")


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
    from cabildo.execution.models import ActivityReport, ActivityStatus, Contribution
    from cabildo.execution.models import ReportStatus as ActivityReportStatus
    from cabildo.execution.selectors import with_execution_status
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
        for r in ActivityReport.objects.for_entity(entity)
        .filter(activity__in=activities)
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
    unanalysed = Contribution.objects.for_entity(entity).filter(viability="").count()
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
        .order_by("due_date", "pk")[:5]
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


@dataclass
class StageGroup:
    key: str
    label: str
    activities: list[Any]


@dataclass
class Accountability:
    year: int
    stages: list[StageGroup]
    by_action: list[CountRow]
    dialogues_in_person: int
    dialogues_virtual: int
    dialogues_hybrid: int

    @property
    def dialogues_total(self) -> int:
        return self.dialogues_in_person + self.dialogues_virtual + self.dialogues_hybrid

    @property
    def activities_count(self) -> int:
        return sum(len(s.activities) for s in self.stages)


def accountability(*, entity: Entity, year: int, now: Any = None) -> Accountability:
    """Accountability activities of the year's plan by MURC stage and action type, with the
    dialogues held (events of dialogue activities already started, not cancelled) by modality:
    3 queries."""
    from cabildo.execution.models import Event, Modality

    now = now or timezone.now()
    held = Q(events__is_cancelled=False, events__starts_at__lte=now)
    rows = list(
        activities_of_year(entity=entity, year=year)
        .filter(is_accountability=True)
        .select_related("area", "murc_stage")
        .annotate(events_held=Count("events", filter=held))
        .order_by("order", "pk")
    )
    grouped: dict[str, list[Any]] = defaultdict(list)
    for activity in rows:
        stage = getattr(activity, "murc_stage", None)
        grouped[stage.stage if stage else ""].append(activity)
    stages = [StageGroup(v, str(label), grouped.get(v, [])) for v, label in MurcStage.choices]
    stages.append(StageGroup("", _("Sin etapa asignada"), grouped.get("", [])))
    actions = {
        r["murc_action"]: r["n"]
        for r in activities_of_year(entity=entity, year=year)
        .filter(is_accountability=True)
        .values("murc_action")
        .annotate(n=Count("pk"))
        .order_by()
    }
    by_action = [CountRow(v, str(label), actions.get(v, 0)) for v, label in MurcAction.choices]
    dialogues = {
        r["modality"]: r["n"]
        for r in Event.objects.for_entity(entity)
        .filter(
            activity__in=activities_of_year(entity=entity, year=year).filter(
                is_accountability=True, murc_action=MurcAction.DIALOGUE
            ),
            is_cancelled=False,
            starts_at__lte=now,
        )
        .values("modality")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return Accountability(
        year=year,
        stages=stages,
        by_action=by_action,
        dialogues_in_person=dialogues.get(Modality.IN_PERSON, 0),
        dialogues_virtual=dialogues.get(Modality.VIRTUAL, 0),
        dialogues_hybrid=dialogues.get(Modality.HYBRID, 0),
    )


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
    return "—" if value is None else f"{value:.2f} %"
