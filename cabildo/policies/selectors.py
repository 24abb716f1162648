"""Reads of the policy cycle: every figure shown is a recount here."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from cabildo.core.models import Entity
from cabildo.policies.models import (
    Answer,
    Draft,
    DraftArticle,
    DraftComment,
    DraftStatus,
    PlanAction,
    PlanComponent,
    PlanLine,
    Policy,
    PolicyStage,
    StageStatus,
)


def today() -> date:
    return timezone.localdate()


def policies(*, entity: Entity, published_only: bool = False) -> QuerySet[Policy]:
    queryset = Policy.objects.for_entity(entity)
    if published_only:
        queryset = queryset.filter(is_published=True)
    return (
        queryset.select_related("area")
        .annotate(
            n_stages_done=Count(
                "stages", filter=Q(stages__finished_on__isnull=False), distinct=True
            ),
            n_stages=Count("stages", distinct=True),
            n_drafts=Count("drafts", distinct=True),
        )
        .order_by("title", "pk")
    )


def stages(*, policy: Policy) -> list[PolicyStage]:
    return list(
        policy.stages.select_related("area")
        .prefetch_related("documents", "events", "bodies", "stakeholder_groups")
        .order_by("order", "pk")
    )


@dataclass
class Journey:
    stages: list[PolicyStage]
    done: int
    in_progress: int
    pending: int
    current: PolicyStage | None


def journey(*, policy: Policy) -> Journey:
    rows = stages(policy=policy)
    status = [s.status for s in rows]
    current = next((s for s in rows if s.status == StageStatus.IN_PROGRESS), None)
    return Journey(
        stages=rows,
        done=status.count(StageStatus.DONE),
        in_progress=status.count(StageStatus.IN_PROGRESS),
        pending=status.count(StageStatus.PENDING),
        current=current,
    )


def drafts(*, policy: Policy, published_only: bool = False) -> list[Draft]:
    queryset = policy.drafts.all()
    if published_only:
        queryset = queryset.filter(status=DraftStatus.PUBLISHED)
    return list(
        queryset.annotate(
            n_comments=Count("comments", filter=Q(comments__hidden_at__isnull=True)),
            n_pending=Count(
                "comments",
                filter=Q(comments__hidden_at__isnull=True, comments__answer=Answer.PENDING),
            ),
        ).order_by("number")
    )


def open_drafts(*, entity: Entity, on: date) -> list[Draft]:
    return list(
        Draft.objects.for_entity(entity)
        .published()
        .filter(consultation_start__lte=on, consultation_end__gte=on)
        .select_related("policy")
        .order_by("consultation_end", "pk")
    )


def articles(*, draft: Draft) -> list[DraftArticle]:
    return list(
        draft.articles.annotate(
            n_comments=Count("comments", filter=Q(comments__hidden_at__isnull=True))
        ).order_by("number")
    )


def comments(*, draft: Draft, visible_only: bool = False) -> list[DraftComment]:
    queryset = draft.comments.select_related("article", "changed_in")
    if visible_only:
        queryset = queryset.visible()
    return list(queryset.order_by("article__number", "created_at", "pk"))


@dataclass
class CommentFigures:
    total: int
    by_answer: list[tuple[str, str, int]]
    hidden: int
    on_whole: int


def comment_figures(*, draft: Draft) -> CommentFigures:
    counts = draft.comments.aggregate(
        total=Count("pk", filter=Q(hidden_at__isnull=True)),
        hidden=Count("pk", filter=Q(hidden_at__isnull=False)),
        on_whole=Count("pk", filter=Q(hidden_at__isnull=True, article__isnull=True)),
        **{
            f"a_{value}": Count("pk", filter=Q(hidden_at__isnull=True, answer=value))
            for value in Answer.values
        },
    )
    return CommentFigures(
        total=counts["total"],
        by_answer=[(v, str(label), counts[f"a_{v}"]) for v, label in Answer.choices],
        hidden=counts["hidden"],
        on_whole=counts["on_whole"],
    )


# The diff between versions ------------------------------------------------------------------


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed"
    text: str


@dataclass
class DiffBlock:
    label: str
    status: str  # "sin cambios", "modificado", "nuevo", "suprimido"
    lines: list[DiffLine] = field(default_factory=list)


def _word_diff(old: str, new: str) -> list[DiffLine]:
    old_words, new_words = old.split(), new.split()
    result: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.append(DiffLine("same", " ".join(old_words[i1:i2])))
            continue
        if tag in ("replace", "delete"):
            result.append(DiffLine("removed", " ".join(old_words[i1:i2])))
        if tag in ("replace", "insert"):
            result.append(DiffLine("added", " ".join(new_words[j1:j2])))
    return result


def previous_draft(*, draft: Draft) -> Draft | None:
    return (
        Draft.objects.filter(policy_id=draft.policy_id, number__lt=draft.number)
        .order_by("-number")
        .first()
    )


def diff(*, old: Draft, new: Draft) -> list[DiffBlock]:
    """A readable comparison: the exposición de motivos and each article, word by word
    (difflib), marked as added or removed in words as well as in colour."""
    from django.utils.translation import gettext as _

    blocks: list[DiffBlock] = []

    def block(label: str, before: str | None, after: str | None) -> DiffBlock:
        if before is None:
            return DiffBlock(label, _("nuevo"), [DiffLine("added", after or "")])
        if after is None:
            return DiffBlock(label, _("suprimido"), [DiffLine("removed", before)])
        if before.split() == after.split():
            return DiffBlock(label, _("sin cambios"), [DiffLine("same", after)])
        return DiffBlock(label, _("modificado"), _word_diff(before, after))

    blocks.append(block(_("Título"), old.title, new.title))
    blocks.append(block(_("Exposición de motivos"), old.motives, new.motives))
    old_articles = {a.number: a.text for a in old.articles.all()}
    new_articles = {a.number: a.text for a in new.articles.all()}
    for number in sorted(set(old_articles) | set(new_articles)):
        blocks.append(
            block(
                _("Artículo %(n)s") % {"n": number},
                old_articles.get(number),
                new_articles.get(number),
            )
        )
    return blocks


# Plan operativo -----------------------------------------------------------------------------


@dataclass
class Progress:
    total: int
    done: int
    overdue: int

    @property
    def percent(self) -> int | None:
        """Done of total; ``None`` without actions (never «0 %» of nothing)."""
        return round(100 * self.done / self.total) if self.total else None


def _progress(actions: list[PlanAction], on: date) -> Progress:
    return Progress(
        total=len(actions),
        done=sum(1 for a in actions if a.done_on),
        overdue=sum(1 for a in actions if not a.done_on and a.due_date < on),
    )


@dataclass
class LineView:
    line: PlanLine
    actions: list[PlanAction]
    progress: Progress


@dataclass
class ComponentView:
    component: PlanComponent
    lines: list[LineView]
    progress: Progress


@dataclass
class OperatingPlan:
    components: list[ComponentView]
    progress: Progress
    months: list[tuple[int, int, str]]  # (year, month, label)
    rows: list[tuple[PlanAction, list[bool]]]


def operating_plan(*, policy: Policy, on: date | None = None) -> OperatingPlan:
    on = on or today()
    actions_qs = PlanAction.objects.select_related(
        "owner_area", "activity", "event", "indicator"
    ).order_by("starts_on", "pk")
    lines_qs: QuerySet[PlanLine] = PlanLine.objects.order_by("order", "pk").prefetch_related(
        Prefetch("actions", queryset=actions_qs)
    )
    components = list(
        PlanComponent.objects.filter(policy=policy)
        .prefetch_related(Prefetch("lines", queryset=lines_qs))
        .order_by("order", "pk")
    )
    views: list[ComponentView] = []
    every: list[PlanAction] = []
    for component in components:
        lines = []
        component_actions: list[PlanAction] = []
        for line in component.lines.all():
            actions = list(line.actions.all())
            component_actions += actions
            lines.append(LineView(line, actions, _progress(actions, on)))
        every += component_actions
        views.append(ComponentView(component, lines, _progress(component_actions, on)))
    months: list[tuple[int, int, str]] = []
    if every:
        first = min(a.starts_on for a in every)
        last = max(a.due_date for a in every)
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month) and len(months) < 36:
            months.append((year, month, date_format(date(year, month, 1), "M Y")))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    rows = [
        (
            a,
            [
                (a.starts_on.year, a.starts_on.month)
                <= (y, m)
                <= (a.due_date.year, a.due_date.month)
                for y, m, _label in months
            ],
        )
        for a in sorted(every, key=lambda a: (a.starts_on, a.pk))
    ]
    return OperatingPlan(views, _progress(every, on), months, rows)


# The cronograma by month and week (seed 000's Primer Encuentro de Instancias) ------------------

MAX_CRONOGRAMA_MONTHS = 24


@dataclass(frozen=True)
class Week:
    """Week ``number`` of a month: S1 is days 1–7, S2 8–14, S3 15–21, S4 22–28, S5 29 to the
    end of the month (a month's weeks never straddle two months, as in the seed's grid)."""

    number: int
    first: date
    last: date

    @property
    def label(self) -> str:
        return f"S{self.number}"


@dataclass(frozen=True)
class MonthWeeks:
    year: int
    month: int
    label: str
    weeks: list[Week]


@dataclass(frozen=True)
class WeekCell:
    week: Week
    scheduled: bool
    event: bool  # the linked event takes place this week


@dataclass(frozen=True)
class CronogramaRow:
    action: PlanAction
    component: str
    line: str
    cells: list[WeekCell]
    status: str  # "cumplida", "vencida", "en_curso", "pendiente"

    @property
    def scheduled_weeks(self) -> list[WeekCell]:
        return [cell for cell in self.cells if cell.scheduled or cell.event]


@dataclass(frozen=True)
class WeeklyCronograma:
    months: list[MonthWeeks]
    rows: list[CronogramaRow]
    truncated: bool

    @property
    def week_count(self) -> int:
        return sum(len(m.weeks) for m in self.months)


def month_weeks(year: int, month: int) -> list[Week]:
    import calendar

    days = calendar.monthrange(year, month)[1]
    return [
        Week(number, date(year, month, start), date(year, month, min(start + 6, days)))
        for number, start in enumerate(range(1, days + 1, 7), start=1)
    ]


def action_status(action: PlanAction, on: date) -> str:
    if action.done_on:
        return "cumplida"
    if action.due_date < on:
        return "vencida"
    if action.starts_on <= on:
        return "en_curso"
    return "pendiente"


def weekly_cronograma(*, policy: Policy, on: date | None = None) -> WeeklyCronograma:
    """The plan operativo's actions in a grid of months subdivided in weeks: a week is marked
    when the action runs during it (from its start to its due date) and, separately, when its
    linked event takes place in it. At most ``MAX_CRONOGRAMA_MONTHS`` months are shown."""
    on = on or today()
    actions = list(
        PlanAction.objects.filter(line__component__policy=policy)
        .select_related("line__component", "owner_area", "event", "activity")
        .order_by("line__component__order", "line__order", "starts_on", "pk")
    )
    if not actions:
        return WeeklyCronograma([], [], False)
    first = min(a.starts_on for a in actions)
    last = max(
        max(a.due_date, timezone.localtime(a.event.starts_at).date() if a.event else a.due_date)
        for a in actions
    )
    months: list[MonthWeeks] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month) and len(months) < MAX_CRONOGRAMA_MONTHS:
        months.append(
            MonthWeeks(
                year, month, date_format(date(year, month, 1), "M Y"), month_weeks(year, month)
            )
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    truncated = (year, month) <= (last.year, last.month)
    weeks = [week for m in months for week in m.weeks]
    rows = []
    for action in actions:
        event_day = timezone.localtime(action.event.starts_at).date() if action.event else None
        cells = [
            WeekCell(
                week,
                scheduled=action.starts_on <= week.last and week.first <= action.due_date,
                event=event_day is not None and week.first <= event_day <= week.last,
            )
            for week in weeks
        ]
        rows.append(
            CronogramaRow(
                action,
                action.line.component.name,
                action.line.name,
                cells,
                action_status(action, on),
            )
        )
    return WeeklyCronograma(months, rows, truncated)


# Open data -----------------------------------------------------------------------------------


def answered_comments(entity: Entity | None) -> QuerySet[DraftComment]:
    return (
        DraftComment.objects.for_entity(entity)
        .visible()
        .filter(draft__report_published_at__isnull=False, draft__policy__is_published=True)
        .exclude(answer=Answer.PENDING)
        .select_related("draft__policy", "article", "changed_in")
        .order_by("draft__policy_id", "draft__number", "created_at", "pk")
    )


def public_stages(entity: Entity | None) -> QuerySet[PolicyStage]:
    return (
        PolicyStage.objects.for_entity(entity)
        .filter(policy__is_published=True)
        .select_related("policy", "area")
        .order_by("policy_id", "order", "pk")
    )
