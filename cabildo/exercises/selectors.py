"""Reads of the exercises app; every function runs a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import formats
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cabildo.core.models import Entity
from cabildo.plans.models import CyclePhase

from .models import (
    CHOICE_KINDS,
    SCALE_VALUES,
    TEXT_KINDS,
    Answer,
    Characterization,
    CharacterizationAgeRange,
    DesiredScenario,
    Diagnosis,
    DiagnosisQuerySet,
    EducationLevel,
    Forum,
    ForumComment,
    ModerationStatus,
    Obstacle,
    Occupation,
    Question,
    QuestionKind,
    Survey,
)

# Smallest group of people a published statistic may describe (statistical disclosure control).
MIN_CELL = 5


def survey_list(*, entity: Entity) -> QuerySet[Survey]:
    return (
        Survey.objects.for_entity(entity)
        .select_related("activity", "activity__area", "event")
        .annotate(response_count=Count("responses"))
    )


def public_surveys(*, entity: Entity) -> QuerySet[Survey]:
    return Survey.objects.for_entity(entity).open_now().select_related("activity")


def public_results_list(*, entity: Entity) -> QuerySet[Survey]:
    return (
        Survey.objects.for_entity(entity)
        .with_public_results()
        .select_related("activity")
        .annotate(response_count=Count("responses"))
    )


def survey_questions(*, survey: Survey) -> list[Question]:
    return list(survey.questions.select_related("section").prefetch_related("options"))


@dataclass
class ResultRow:
    label: str
    count: int
    percent: float


@dataclass
class QuestionResult:
    question: Question
    respondents: int
    rows: list[ResultRow] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    mean: float | None = None

    @property
    def summary(self) -> str:
        """A one-sentence text summary of the chart (the table holds every figure)."""
        if not self.rows or not self.respondents:
            return _("Sin respuestas.")
        people = ngettext(
            "%(n)s persona respondió", "%(n)s personas respondieron", self.respondents
        ) % {"n": self.respondents}
        highest = max(r.count for r in self.rows)
        top = [r for r in self.rows if r.count == highest]
        if len(top) == 1:
            return _("%(people)s; la respuesta más frecuente fue «%(label)s» (%(pct)s %%).") % {
                "people": people,
                "label": top[0].label,
                "pct": formats.number_format(top[0].percent, 1),
            }
        # A tie: every answer at the top, not the first of them.
        return _(
            "%(people)s; las respuestas más frecuentes, empatadas con %(pct)s %% cada una, "
            "fueron %(labels)s."
        ) % {
            "people": people,
            "labels": get_text_list([_("«%(label)s»") % {"label": r.label} for r in top], _("y")),
            "pct": formats.number_format(top[0].percent, 1),
        }


@dataclass
class SurveyResults:
    survey: Survey
    total: int
    by_channel: dict[str, int]
    questions: list[QuestionResult]


def _pct(count: int, base: int) -> float:
    return round(100 * count / base, 1) if base else 0.0


def survey_results(*, survey: Survey, with_texts: bool = True) -> SurveyResults:
    """Counts and percentages per question by database aggregation (five queries whatever the
    number of questions and answers). Percentages are over the people who answered the
    question; in a multiple-choice question they may add up to more than 100."""
    questions = survey_questions(survey=survey)  # 2 queries (questions, options)
    channels = dict(
        survey.responses.values_list("channel").annotate(n=Count("id")).order_by()
    )  # 1 query
    total = sum(channels.values())
    respondents = dict(
        Answer.objects.filter(question__survey=survey)
        .values_list("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )  # 1 query
    counts: dict[int, dict[Any, int]] = defaultdict(dict)
    names: dict[tuple[int, Any], str] = {}
    grouped = (
        Answer.objects.filter(question__survey=survey)
        .exclude(question__kind__in=TEXT_KINDS)
        .values_list(
            "question_id",
            "option_id",
            "number",
            "territory_id",
            "territory__name",
            "stakeholder_group_id",
            "stakeholder_group__name",
        )
        .annotate(n=Count("id"))
        .order_by()
    )  # 1 query
    for qid, option_id, number, territory_id, territory, group_id, group, n in grouped:
        key = option_id or number or territory_id or group_id
        counts[qid][key] = counts[qid].get(key, 0) + n
        names[(qid, key)] = territory or group or ""
    texts: dict[int, list[str]] = defaultdict(list)
    if with_texts:
        for qid, text in (
            Answer.objects.filter(question__survey=survey, question__kind__in=TEXT_KINDS)
            .values_list("question_id", "text")
            .order_by("response__created_at", "pk")
        ):  # 1 query
            texts[qid].append(text)

    results = []
    for question in questions:
        base = respondents.get(question.pk, 0)
        result = QuestionResult(question=question, respondents=base)
        found = counts.get(question.pk, {})
        if question.kind in CHOICE_KINDS:
            result.rows = [
                ResultRow(o.label, found.get(o.pk, 0), _pct(found.get(o.pk, 0), base))
                for o in question.options.all()
            ]
        elif question.kind == QuestionKind.SCALE:
            result.rows = [
                ResultRow(str(v), found.get(v, 0), _pct(found.get(v, 0), base))
                for v in SCALE_VALUES
            ]
            if base:
                result.mean = round(sum(v * found.get(v, 0) for v in SCALE_VALUES) / base, 2)
        elif question.kind in TEXT_KINDS:
            result.texts = texts.get(question.pk, [])
        else:
            ordered = sorted(found.items(), key=lambda kv: (-kv[1], names[(question.pk, kv[0])]))
            result.rows = [
                ResultRow(names[(question.pk, key)], n, _pct(n, base)) for key, n in ordered
            ]
        results.append(result)
    return SurveyResults(survey=survey, total=total, by_channel=channels, questions=results)


def published_results_rows(entity: Entity) -> list[dict[str, Any]]:
    """Aggregated results of the surveys whose results are published (open data): one row per
    option, scale value, territory or grupo de valor; no text answers, no personal data."""
    rows: list[dict[str, Any]] = []
    surveys = list(Survey.objects.for_entity(entity).with_public_results())
    by_survey = {s.pk: s for s in surveys}
    if not surveys:
        return rows
    questions = list(
        Question.objects.filter(survey__in=surveys)
        .exclude(kind__in=TEXT_KINDS)
        .prefetch_related("options")
    )
    respondents = dict(
        Answer.objects.filter(question__in=questions)
        .values_list("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    grouped: dict[int, dict[Any, int]] = defaultdict(dict)
    names: dict[tuple[int, Any], str] = {}
    for qid, option_id, number, territory, group, n in (
        Answer.objects.filter(question__in=questions)
        .values_list(
            "question_id", "option_id", "number", "territory__name", "stakeholder_group__name"
        )
        .annotate(n=Count("id"))
        .order_by()
    ):
        key = option_id or number or territory or group
        grouped[qid][key] = grouped[qid].get(key, 0) + n
        names[(qid, key)] = territory or group or ""
    for question in questions:
        survey = by_survey[question.survey_id]
        base = respondents.get(question.pk, 0)
        found = grouped.get(question.pk, {})
        if question.kind in CHOICE_KINDS:
            items = [(o.label, found.get(o.pk, 0)) for o in question.options.all()]
        elif question.kind == QuestionKind.SCALE:
            items = [(str(v), found.get(v, 0)) for v in SCALE_VALUES]
        else:
            items = [(names[(question.pk, k)], n) for k, n in found.items()]
        for label, n in items:
            rows.append(
                {
                    "survey_id": survey.pk,
                    "survey": survey.title,
                    "question_id": question.pk,
                    "question": question.text,
                    "question_kind": question.get_kind_display(),
                    "answer": label,
                    "count": n,
                    "respondents": base,
                    "percent": _pct(n, base),
                }
            )
    return rows


# Forums ---------------------------------------------------------------------------------------


def forum_list(*, entity: Entity) -> QuerySet[Forum]:
    return (
        Forum.objects.for_entity(entity)
        .select_related("activity", "activity__area")
        .annotate(
            pending_count=Count("comments", filter=Q(comments__status=ModerationStatus.PENDING)),
            comment_count=Count("comments"),
        )
    )


def public_forums(*, entity: Entity) -> QuerySet[Forum]:
    return (
        Forum.objects.for_entity(entity)
        .filter(is_published=True)
        .select_related("activity")
        .annotate(
            comment_count=Count("comments", filter=~Q(comments__status=ModerationStatus.PENDING))
        )
    )


def comment_thread(*, forum: Forum, public: bool) -> list[ForumComment]:
    """Top-level comments with their replies attached as ``thread_replies`` (one query).
    The public thread leaves out pending comments; rejected ones keep only their trace."""
    found = ForumComment.objects.filter(forum=forum).select_related("contribution")
    if public:
        found = found.exclude(status=ModerationStatus.PENDING)
    comments = list(found)
    children: dict[int, list[ForumComment]] = defaultdict(list)
    for comment in comments:
        comment.thread_replies = children[comment.pk]
        if comment.parent_id:
            children[comment.parent_id].append(comment)
    known = {c.pk for c in comments}
    return [c for c in comments if not c.parent_id or c.parent_id not in known]


# Participatory diagnosis ----------------------------------------------------------------------


@dataclass
class ThemeBlock:
    theme: str
    obstacles: list[Obstacle] = field(default_factory=list)
    scenarios: list[DesiredScenario] = field(default_factory=list)


@dataclass
class PhaseBlock:
    phase: str
    label: str
    themes: list[ThemeBlock] = field(default_factory=list)

    @property
    def obstacle_count(self) -> int:
        return sum(len(t.obstacles) for t in self.themes)

    @property
    def scenario_count(self) -> int:
        return sum(len(t.scenarios) for t in self.themes)


def diagnosis_report(*, diagnosis: Diagnosis) -> list[PhaseBlock]:
    """Obstacles → desired scenarios → improvement and plan actions, by phase and theme
    (five queries)."""
    obstacles = list(
        Obstacle.objects.filter(diagnosis=diagnosis).prefetch_related(
            Prefetch("scenarios", queryset=DesiredScenario.objects.order_by("order", "pk")),
            "improvement_actions__activity",
            "plan_activities",
        )
    )
    scenarios = list(
        DesiredScenario.objects.filter(diagnosis=diagnosis).prefetch_related(
            Prefetch("obstacles", queryset=Obstacle.objects.only("id", "order"))
        )
    )
    blocks = []
    for value, label in CyclePhase.choices:
        block = PhaseBlock(phase=value, label=str(label))
        themes: dict[str, ThemeBlock] = {}
        for obstacle in obstacles:
            if obstacle.phase == value:
                themes.setdefault(obstacle.theme, ThemeBlock(obstacle.theme)).obstacles.append(
                    obstacle
                )
        for scenario in scenarios:
            if scenario.phase == value:
                themes.setdefault(scenario.theme, ThemeBlock(scenario.theme)).scenarios.append(
                    scenario
                )
        block.themes = list(themes.values())
        blocks.append(block)
    return blocks


def diagnosis_list(*, entity: Entity) -> DiagnosisQuerySet:
    return Diagnosis.objects.for_entity(entity).annotate(
        obstacle_count=Count("obstacles", distinct=True),
        scenario_count=Count("scenarios", distinct=True),
    )


# Characterization -----------------------------------------------------------------------------


@dataclass
class StatsTable:
    title: str
    columns: list[str]
    rows: list[tuple[str, list[int | None]]]
    suppressed: int = 0


DIMENSIONS = (  # lazy: the headings follow the reader's language
    ("age_range", gettext_lazy("Rango de edad"), CharacterizationAgeRange),
    ("occupation", gettext_lazy("Ocupación"), Occupation),
    ("education_level", gettext_lazy("Nivel educativo"), EducationLevel),
)


def characterization_stats(*, entity: Entity) -> list[StatsTable]:
    """People characterized, by kind of service (class of PQRSD, event) and by age range,
    occupation, education level and territory. A cell with fewer than ``MIN_CELL`` people is
    suppressed (``None``) so that nobody can be singled out. Four queries."""
    base = Characterization.objects.for_entity(entity)
    tables = []
    service_expr = ("petition__kind__name", "registration__event__title")
    for name, title, choices in DIMENSIONS:
        rows = base.exclude(**{name: ""}).values_list(*service_expr, name).annotate(n=Count("id"))
        tables.append(_table(str(title), rows.order_by(), dict(choices.choices)))
    rows = (
        base.exclude(territory=None)
        .values_list(*service_expr, "territory__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    tables.append(_table(_("Territorio"), rows, None))
    return tables


def _table(title: str, rows: Any, labels: dict[str, Any] | None) -> StatsTable:
    cells: dict[str, dict[str, int]] = defaultdict(dict)
    values: list[str] = []
    for petition_kind, event_title, value, n in rows:
        service = (
            _("PQRSD: %(kind)s") % {"kind": petition_kind}
            if petition_kind
            else _("Evento: %(event)s") % {"event": event_title}
        )
        cells[service][value] = cells[service].get(value, 0) + n
        if value not in values:
            values.append(value)
    if labels is not None:
        values = [v for v in labels if v in values]
    else:
        values.sort()
    suppressed = 0
    table_rows = []
    for service in sorted(cells):
        line: list[int | None] = []
        for value in values:
            n = cells[service].get(value, 0)
            if 0 < n < MIN_CELL:
                suppressed += 1
                line.append(None)
            else:
                line.append(n)
        table_rows.append((service, line))
    columns = [str(labels[v]) if labels else v for v in values]
    return StatsTable(title=title, columns=columns, rows=table_rows, suppressed=suppressed)
