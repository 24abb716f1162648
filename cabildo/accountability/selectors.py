"""Reads of rendición de cuentas and control social. Every figure shown is a recount here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

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


# The year's figures: the one selector every page, report and API reads --------------------------


@dataclass
class CountRow:
    key: str
    label: str
    count: int


@dataclass
class StageGroup:
    """Accountability activities of the year's plan in one MURC stage (``events_held`` set on
    each: its events held, by the same rule as the dialogues)."""

    key: str
    label: str
    activities: list[Any]


@dataclass
class YearFigures:
    """Every figure of rendición de cuentas for a vigencia, recounted from the records by
    :func:`year_figures`. The accountability pages, the evaluation's pages and report (the old
    MURC page) and the API all show this object: no page counts on its own."""

    year: int
    strategy_spaces: int
    plan_dialogues: int
    spaces_held: int
    hearings_held: int
    held_in_person: int
    held_virtual: int
    held_hybrid: int
    questions: int
    answered_on_time: int
    answered_late: int
    pending: int
    pending_overdue: int
    median_answer_days: float | None
    actions: int
    actions_done: int
    stages: list[StageGroup] = field(default_factory=list)
    by_action: list[CountRow] = field(default_factory=list)

    @property
    def spaces_planned(self) -> int:
        """The strategy's spaces and the plan's dialogue events outside it."""
        return self.strategy_spaces + self.plan_dialogues

    @property
    def answered(self) -> int:
        return self.answered_on_time + self.answered_late

    # The names the evaluation's templates and report use (the same numbers).
    @property
    def dialogues_total(self) -> int:
        return self.spaces_held

    @property
    def dialogues_in_person(self) -> int:
        return self.held_in_person

    @property
    def dialogues_virtual(self) -> int:
        return self.held_virtual

    @property
    def dialogues_hybrid(self) -> int:
        return self.held_hybrid

    @property
    def activities_count(self) -> int:
        return sum(len(s.activities) for s in self.stages)


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    values = sorted(values)
    mid = len(values) // 2
    return float(values[mid]) if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def year_figures(*, entity: Entity, year: int, now: Any = None) -> YearFigures:
    """The recounts of a vigencia's rendición de cuentas (a constant number of queries).

    The dialogue spaces of the year are the spaces of the year's strategy, and the events of
    the plan's accountability activities of the action «diálogo» that are not a space of any
    strategy (entities that tag their plan without a strategy, and years before it). One is
    **held** when its event took place (started, not cancelled) and attendance was recorded in
    it, the rule of the whole evaluation (an event nobody attended is not a dialogue held); an
    audiencia is a space of that kind or an event of an activity whose mechanism is the
    audiencia pública. Questions are answered within the 15 business days or late, or pending;
    the median counts business days. The plan's accountability activities are grouped by MURC
    stage and action, each with its events held by the same rule."""
    from cabildo.evaluation.metrics import activities_of_year
    from cabildo.evaluation.models import MurcStage
    from cabildo.execution.models import Event, Modality, Registration
    from cabildo.plans.models import Mechanism, MurcAction

    now = now or timezone.now()
    today = timezone.localdate(now)
    attended = Registration.objects.filter(attended=True).values("event_id")
    held_q = Q(is_cancelled=False, starts_at__lte=now, pk__in=attended)
    spaces = spaces_of_year(entity=entity, year=year)
    space_rows = list(
        spaces.annotate(
            was_held=ExpressionWrapper(
                Q(event__is_cancelled=False, event__starts_at__lte=now, event__in=attended),
                output_field=BooleanField(),
            )
        ).values_list("kind", "was_held", "event__modality")
    )
    accountability_activities = activities_of_year(entity=entity, year=year).filter(
        is_accountability=True
    )
    plan_events = list(
        Event.objects.for_entity(entity)
        .filter(
            activity__in=accountability_activities.filter(murc_action=MurcAction.DIALOGUE),
            dialogue_space__isnull=True,
        )
        .annotate(was_held=ExpressionWrapper(held_q, output_field=BooleanField()))
        .values_list("activity__mechanism", "was_held", "modality")
    )
    dialogues = [
        (kind == "audiencia_publica", modality) for kind, held, modality in space_rows if held
    ] + [
        (mechanism == Mechanism.PUBLIC_HEARING, modality)
        for mechanism, held, modality in plan_events
        if held
    ]
    modalities = Counter(modality for _hearing, modality in dialogues)

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
    actions = Counter(
        ImprovementAction.objects.filter(space__in=spaces).values_list("status", flat=True)
    )

    activities = list(
        accountability_activities.select_related("area", "murc_stage")
        .annotate(
            events_held=Count(
                "events",
                filter=Q(
                    events__is_cancelled=False,
                    events__starts_at__lte=now,
                    events__in=attended,
                ),
                distinct=True,
            )
        )
        .order_by("order", "pk")
    )
    grouped: dict[str, list[Any]] = {}
    for activity in activities:
        murc = getattr(activity, "murc_stage", None)
        grouped.setdefault(murc.stage if murc else "", []).append(activity)
    stages = [StageGroup(v, str(label), grouped.get(v, [])) for v, label in MurcStage.choices]
    stages.append(StageGroup("", str(_("Sin etapa asignada")), grouped.get("", [])))
    by_action_counts = Counter(a.murc_action for a in activities)
    by_action = [
        CountRow(v, str(label), by_action_counts.get(v, 0)) for v, label in MurcAction.choices
    ]
    return YearFigures(
        year=year,
        strategy_spaces=len(space_rows),
        plan_dialogues=len(plan_events),
        spaces_held=len(dialogues),
        hearings_held=sum(1 for hearing, _modality in dialogues if hearing),
        held_in_person=modalities.get(Modality.IN_PERSON, 0),
        held_virtual=modalities.get(Modality.VIRTUAL, 0),
        held_hybrid=modalities.get(Modality.HYBRID, 0),
        questions=len(rows),
        answered_on_time=on_time,
        answered_late=late,
        pending=pending,
        pending_overdue=overdue,
        median_answer_days=_median(durations),
        actions=sum(actions.values()),
        actions_done=actions.get("cumplida", 0),
        stages=stages,
        by_action=by_action,
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
