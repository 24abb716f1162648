"""Reads of rendición de cuentas and control social. Every figure shown is a recount here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from cabildo.accountability import law
from cabildo.accountability.models import (
    DialogueSpace,
    ImprovementAction,
    ObservationStatus,
    OversightItem,
    Question,
    QuestionStatus,
    Stage,
    Strategy,
    StrategyTask,
    Veeduria,
    VeeduriaObservation,
    VeeduriaRequest,
)
from cabildo.core.models import Entity, EntityKind
from cabildo.pqrs import deadlines
from cabildo.workdays.calendar import WorkCalendar, calendar_for

DEFAULT_DUE_SOON_DAYS = 3


def strategies(*, entity: Entity) -> QuerySet[Strategy]:
    return Strategy.objects.for_entity(entity).annotate(
        n_tasks=Count("tasks", distinct=True), n_spaces=Count("spaces", distinct=True)
    )


def published_strategy(*, entity: Entity, year: int | None = None) -> Strategy | None:
    qs = Strategy.objects.for_entity(entity).filter(is_published=True)
    if year is not None:
        return qs.filter(year=year).first()
    return qs.filter(year__lte=timezone.localdate().year).order_by("-year").first() or qs.first()


def published_years(*, entity: Entity) -> list[int]:
    return list(
        Strategy.objects.for_entity(entity)
        .filter(is_published=True)
        .order_by("-year")
        .values_list("year", flat=True)
    )


@dataclass
class StageTasks:
    stage: str
    label: str
    tasks: list[Any]
    checklist: law.StageChecklist


@dataclass
class StrategyOverview:
    strategy: Strategy
    stages: list[StageTasks]
    spaces: list[DialogueSpace]
    art53: law.Art53Check
    checklist: list[law.StageChecklist] = field(default_factory=list)
    art54_missing: list[str] = field(default_factory=list)
    art74: law.Art74Check | None = None
    art58: law.Art58Check | None = None


def strategy_overview(*, strategy: Strategy, today: date | None = None) -> StrategyOverview:
    """The strategy with its tasks by stage (each with its status), the checklist per stage,
    its dialogue spaces and the checks of art. 53, 54, 58 and Ley 1474 art. 74: 3 queries."""
    from cabildo.bodies.models import BodyStatus, ParticipationBody

    today = today or timezone.localdate()
    tasks = list(
        StrategyTask.objects.filter(strategy=strategy).select_related("owner_area", "activity")
    )
    for task in tasks:
        task.status = law.task_status(due_date=task.due_date, done_on=task.done_on, today=today)
        task.status_label = law.TASK_STATUS_LABELS[task.status]
    spaces = list(
        DialogueSpace.objects.filter(strategy=strategy).select_related(
            "area", "event", "activity", "body"
        )
    )
    rows = law.checklist(
        [(t.stage, t.due_date, t.done_on) for t in tasks], stages=Stage.choices, today=today
    )
    by_stage = {row.stage: row for row in rows}
    stages = [
        StageTasks(value, str(label), [t for t in tasks if t.stage == value], by_stage[value])
        for value, label in Stage.choices
    ]
    return StrategyOverview(
        strategy=strategy,
        stages=stages,
        spaces=spaces,
        art53=law.art53_check((s.kind, s.in_person) for s in spaces),
        checklist=rows,
        art54_missing=law.art54_missing(
            ParticipationBody.objects.filter(entity_id=strategy.entity_id, status=BodyStatus.ACTIVE)
            .order_by("name")
            .values_list("pk", "name"),
            (s.body_id for s in spaces if s.body_id),
        ),
        art74=law.art74_check(
            year=strategy.year,
            published_on=(
                timezone.localdate(strategy.published_at) if strategy.published_at else None
            ),
            today=today,
        ),
        art58=law.art58_check(
            is_council=strategy.entity.kind == EntityKind.COUNCIL,
            tasks=len(tasks),
            spaces=len(spaces),
        ),
    )


# Semáforo ------------------------------------------------------------------------------------


def due_soon_days(entity: Entity) -> int:
    """The entity's «por vencer» window, shared with PQRSD (read only; default 3)."""
    from cabildo.pqrs.models import PqrsSettings

    days = (
        PqrsSettings.objects.filter(entity=entity).values_list("due_soon_days", flat=True).first()
    )
    return days if days is not None else DEFAULT_DUE_SOON_DAYS


@dataclass(frozen=True)
class Clock:
    calendar: WorkCalendar
    today: date
    soon_limit: date


def clock_for(entity: Entity, today: date | None = None) -> Clock:
    calendar = calendar_for(entity)
    today = today or timezone.localdate()
    return Clock(calendar, today, deadlines.due_soon_limit(calendar, today, due_soon_days(entity)))


def with_semaphore(rows: list[Any], clock: Clock) -> list[Any]:
    """Each question or observation gets ``deadline`` (code and Spanish label: the PQRSD
    semáforo) and ``days_left`` (business days; negative when overdue)."""
    for row in rows:
        answered = row.status == "respondida"
        row.deadline = deadlines.deadline_status(
            status="respondida" if answered else "en_tramite",
            closing_reason="",
            due_date=row.due_date,
            answered_on=row.answered_on,
            paused=False,
            today=clock.today,
            soon_limit=clock.soon_limit,
        )
        row.days_left = (
            None
            if answered
            else deadlines.business_days_left(clock.calendar, clock.today, row.due_date)
        )
    return rows


def questions(
    *,
    entity: Entity,
    space: DialogueSpace | None = None,
    area_id: int | None = None,
    status: str = "",
) -> QuerySet[Question]:
    qs = Question.objects.for_entity(entity).select_related("space", "area")
    if space is not None:
        qs = qs.filter(space=space)
    if area_id:
        qs = qs.filter(area_id=area_id)
    if status in QuestionStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("due_date", "pk")


def space_evaluation(*, space: DialogueSpace, public: bool = False) -> Any:
    """The participants' evaluation of ``space``: the recounts of its survey (exercises
    module, no free texts), or ``None`` when it has none (or, ``public``, when its results are
    not published: they are published with the memoria)."""
    from cabildo.exercises.selectors import survey_results

    survey = space.survey
    if survey is None or (public and not survey.results_published):
        return None
    return survey_results(survey=survey, with_texts=False)


def spaces_of_year(*, entity: Entity, year: int) -> QuerySet[DialogueSpace]:
    return DialogueSpace.objects.for_entity(entity).filter(strategy__year=year)


# Public pages ---------------------------------------------------------------------------------


@dataclass
class PublicSpace:
    space: DialogueSpace
    answered: list[Question]
    pending: int
    pending_overdue: int
    actions: list[ImprovementAction]


def public_space(*, space: DialogueSpace, today: date | None = None) -> PublicSpace:
    """What a citizen sees of a dialogue space: the answered questions (with their answer and
    whether it came within the term), the recount of pending ones and the actions: 3 queries."""
    today = today or timezone.localdate()
    answered = list(
        Question.objects.filter(space=space, status=QuestionStatus.ANSWERED)
        .select_related("area")
        .order_by("received_on", "pk")
    )
    for q in answered:
        q.on_time = q.answered_on is not None and q.answered_on <= q.due_date
    pending = Question.objects.filter(space=space).exclude(status=QuestionStatus.ANSWERED)
    counts = pending.aggregate(n=Count("pk"), late=Count("pk", filter=Q(due_date__lt=today)))
    actions = list(
        ImprovementAction.objects.filter(space=space)
        .select_related("owner_area")
        .order_by("due_date", "pk")
    )
    return PublicSpace(space, answered, counts["n"], counts["late"], actions)


def public_spaces(*, strategy: Strategy) -> QuerySet[DialogueSpace]:
    return (
        DialogueSpace.objects.filter(strategy=strategy)
        .select_related("event", "area")
        .annotate(
            n_answered=Count("questions", filter=Q(questions__status=QuestionStatus.ANSWERED)),
            n_questions=Count("questions"),
        )
        .order_by("planned_date", "pk")
    )


# The annual evaluation: spaces held and answer times, as recounts ------------------------------


@dataclass
class YearFigures:
    year: int
    spaces_planned: int
    spaces_held: int
    hearings_held: int
    questions: int
    answered_on_time: int
    answered_late: int
    pending: int
    pending_overdue: int
    median_answer_days: float | None
    actions: int
    actions_done: int

    @property
    def answered(self) -> int:
        return self.answered_on_time + self.answered_late


def year_figures(*, entity: Entity, year: int, now: Any = None) -> YearFigures:
    """Recounts for the year's evaluation: dialogue spaces held (their event started and was
    not cancelled), questions answered within the 15 business days or late, pending ones, the
    median business days to answer, and the improvement actions."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    spaces = spaces_of_year(entity=entity, year=year)
    held = Q(event__isnull=False, event__is_cancelled=False, event__starts_at__lte=now)
    space_counts = spaces.aggregate(
        planned=Count("pk"),
        held=Count("pk", filter=held),
        hearings=Count("pk", filter=held & Q(kind="audiencia_publica")),
    )
    rows = list(
        Question.objects.filter(space__in=spaces).values_list(
            "status", "received_on", "due_date", "answered_on"
        )
    )
    calendar = calendar_for(entity)
    on_time = late = pending = overdue = 0
    durations = []
    for status, received, due, answered in rows:
        if status == QuestionStatus.ANSWERED and answered is not None:
            durations.append(calendar.count_business_days(received, answered))
            if answered <= due:
                on_time += 1
            else:
                late += 1
        else:
            pending += 1
            if due < today:
                overdue += 1
    durations.sort()
    median = None
    if durations:
        mid = len(durations) // 2
        median = (
            float(durations[mid])
            if len(durations) % 2
            else (durations[mid - 1] + durations[mid]) / 2
        )
    actions = Counter(
        ImprovementAction.objects.filter(space__in=spaces).values_list("status", flat=True)
    )
    return YearFigures(
        year=year,
        spaces_planned=space_counts["planned"],
        spaces_held=space_counts["held"],
        hearings_held=space_counts["hearings"],
        questions=len(rows),
        answered_on_time=on_time,
        answered_late=late,
        pending=pending,
        pending_overdue=overdue,
        median_answer_days=median,
        actions=sum(actions.values()),
        actions_done=actions.get("cumplida", 0),
    )


# Control social -------------------------------------------------------------------------------


def veedurias(*, entity: Entity) -> QuerySet[Veeduria]:
    return (
        Veeduria.objects.for_entity(entity)
        .annotate(n_members=Count("members", distinct=True))
        .prefetch_related(Prefetch("items", queryset=OversightItem.objects.order_by("pk")))
        .order_by("name")
    )


def oversight_items(*, entity: Entity) -> QuerySet[OversightItem]:
    return (
        OversightItem.objects.for_entity(entity)
        .select_related("area")
        .annotate(
            n_reports=Count("reports", distinct=True),
            n_observations=Count("observations", distinct=True),
        )
        .prefetch_related("veedurias")
        .order_by("-starts_on", "pk")
    )


def item_detail(*, item: OversightItem) -> dict[str, Any]:
    reports = list(item.reports.order_by("report_date", "pk"))
    observations = list(
        item.observations.select_related("veeduria")
        .prefetch_related("actions__owner_area")
        .order_by("-received_on", "-pk")
    )
    return {
        "reports": reports,
        "reports_missing": max(law.MIN_SUPERVISOR_REPORTS - len(reports), 0),
        "observations": observations,
    }


def veeduria_requests(*, entity: Entity, veeduria: Veeduria | None = None) -> list[Any]:
    """The veedurías' requests with their petition's term and semáforo (the PQRSD rules)."""
    qs = VeeduriaRequest.objects.for_entity(entity).select_related(
        "veeduria", "item", "petition__kind", "petition__area"
    )
    if veeduria is not None:
        qs = qs.filter(veeduria=veeduria)
    rows = list(qs.order_by("-petition__filed_at", "-pk"))
    if not rows:
        return rows
    clock = clock_for(entity)
    for row in rows:
        p = row.petition
        answered_on = deadlines.local_date(p.answered_at) if p.answered_at else None
        row.deadline = deadlines.deadline_status(
            status=p.status,
            closing_reason=p.closing_reason,
            due_date=p.due_date,
            answered_on=answered_on,
            paused=p.paused_at is not None,
            today=clock.today,
            soon_limit=clock.soon_limit,
        )
    return rows


def observations(*, entity: Entity, status: str = "") -> QuerySet[VeeduriaObservation]:
    qs = VeeduriaObservation.objects.for_entity(entity).select_related("veeduria", "item__area")
    if status in ObservationStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("due_date", "pk")


def public_observations(*, entity: Entity) -> QuerySet[VeeduriaObservation]:
    return (
        VeeduriaObservation.objects.for_entity(entity)
        .filter(status=ObservationStatus.ANSWERED)
        .select_related("veeduria", "item")
        .prefetch_related("actions__owner_area")
        .order_by("-answered_on", "-pk")
    )


def observation_actions(*, entity: Entity) -> QuerySet[ImprovementAction]:
    return (
        ImprovementAction.objects.for_entity(entity)
        .filter(observation__isnull=False)
        .select_related("owner_area", "observation__item", "observation__veeduria")
        .order_by("due_date", "pk")
    )


# Concejo mode ---------------------------------------------------------------------------------


@dataclass
class CouncilContent:
    report: Any
    counts: dict[str, dict[str, int]]
    debates: list[Any]
    missing: list[str]
    due_date: date
    on_time: bool | None


def council_report_content(*, report: Any) -> CouncilContent:
    """The art. 59 report assembled from the year's records: proposiciones and proyectos de
    acuerdo presented that year by status (recounts), the debates held, the written sections,
    what the minimum content still lacks and the deadline (31 March of the next year)."""
    return council_reports_content(reports=[report])[0]


def council_reports_content(*, reports: list[Any]) -> list[CouncilContent]:
    """:func:`council_report_content` of several reports of one entity, in two queries (the
    council's management page lists every year's report)."""
    from cabildo.accountability.models import CouncilDebate, CouncilMatter, MatterKind

    if not reports:
        return []
    entity_id = reports[0].entity_id
    years = {report.year for report in reports}
    counts: dict[int, dict[str, dict[str, int]]] = {
        year: {
            kind: {"presentados": 0, "aprobado": 0, "negado": 0, "pendiente": 0}
            for kind in MatterKind.values
        }
        for year in years
    }
    rows = (
        CouncilMatter.objects.filter(entity_id=entity_id, presented_on__year__in=years)
        .values("presented_on__year", "kind", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        of_kind = counts[row["presented_on__year"]][row["kind"]]
        of_kind[row["status"]] += row["n"]
        of_kind["presentados"] += row["n"]
    debates: dict[int, list[Any]] = {year: [] for year in years}
    for debate in CouncilDebate.objects.filter(entity_id=entity_id, held_on__year__in=years):
        debates[debate.held_on.year].append(debate)
    contents = []
    for report in reports:
        year_counts = counts[report.year]
        missing = law.council_report_missing(
            {
                "propositions": year_counts["proposicion"]["presentados"] or None,
                "bills": year_counts["proyecto_acuerdo"]["presentados"] or None,
                "debates": len(debates[report.year]) or None,
                "administrative": report.administrative,
                "financial": report.financial,
                "labour": report.labour,
                "contractual": report.contractual,
                "pending": report.pending,
            }
        )
        due = law.council_report_due(report.year)
        on_time = None
        if report.published_at is not None:
            on_time = timezone.localdate(report.published_at) <= due
        contents.append(
            CouncilContent(report, year_counts, debates[report.year], missing, due, on_time)
        )
    return contents


def council_reports(*, entity: Entity, published_only: bool = False) -> QuerySet[Any]:
    from cabildo.accountability.models import CouncilReport

    qs = CouncilReport.objects.for_entity(entity)
    if published_only:
        qs = qs.filter(published_at__isnull=False)
    return qs.order_by("-year")
