"""Reads of the autodiagnóstico and the improvement plan (constant query counts)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet

from cabildo.assessment import scoring
from cabildo.assessment.models import (
    ActionComment,
    ActionStatus,
    ActivityScore,
    AssessmentCategory,
    AssessmentComponent,
    FuragResult,
    ImprovementAction,
    ImprovementPlan,
    PhaseFinding,
    SelfAssessment,
)
from cabildo.core.models import Entity

if TYPE_CHECKING:
    from cabildo.accounts.models import User

ALERT_WINDOW_DAYS = 15


def assessment_list(*, entity: Entity) -> QuerySet[SelfAssessment]:
    return (
        SelfAssessment.objects.for_entity(entity)
        .select_related("catalogue_version", "improvement_plan")
        .annotate(
            scored_count=Count("scores", filter=Q(scores__score__isnull=False)),
            activity_count=Count("scores"),
        )
        .order_by("-year")
    )


def assessments_with_ratings(*, entity: Entity) -> list[tuple[SelfAssessment, scoring.Ratings]]:
    assessments = list(assessment_list(entity=entity))
    ratings = scoring.ratings_by_assessment(assessments)
    return [(a, ratings[a.pk]) for a in assessments]


@dataclass
class CategoryBlock:
    category: AssessmentCategory
    rating: Decimal | None
    level: scoring.Level | None
    scores: list[ActivityScore] = field(default_factory=list)


@dataclass
class ComponentBlock:
    component: AssessmentComponent
    rating: Decimal | None
    level: scoring.Level | None
    categories: list[CategoryBlock] = field(default_factory=list)


@dataclass
class AssessmentSheet:
    assessment: SelfAssessment
    components: list[ComponentBlock]
    total: Decimal | None
    total_level: scoring.Level | None
    scored: int
    activity_count: int


def assessment_sheet(*, assessment: SelfAssessment) -> AssessmentSheet:
    """The scoring page: components → categories → activity scores, with ratings.

    Four queries whatever the size: scores (with activity/category/component), evidence
    files (prefetch), and the aggregate of ratings; the assessment is already loaded.
    """
    scores = list(
        assessment.scores.select_related("activity__category__component", "scored_by")
        .prefetch_related("files")
        .order_by("activity__order")
    )
    ratings = scoring.ratings_for_assessment(assessment)
    components: dict[int, ComponentBlock] = {}
    categories: dict[int, CategoryBlock] = {}
    for score in scores:
        category = score.activity.category
        component = category.component
        if component.pk not in components:
            rating = ratings.component(component.pk)
            components[component.pk] = ComponentBlock(component, rating, scoring.level_for(rating))
        if category.pk not in categories:
            rating = ratings.category(category.pk)
            block = CategoryBlock(category, rating, scoring.level_for(rating))
            categories[category.pk] = block
            components[component.pk].categories.append(block)
        score.level = scoring.level_for(score.score)
        score.key = f"score_{score.activity_id}"
        score.obs_key = f"observations_{score.activity_id}"
        categories[category.pk].scores.append(score)
    return AssessmentSheet(
        assessment=assessment,
        components=list(components.values()),
        total=ratings.total,
        total_level=scoring.level_for(ratings.total),
        scored=ratings.scored,
        activity_count=len(scores),
    )


def findings_for(*, assessment: SelfAssessment) -> dict[str, PhaseFinding]:
    return {f.phase: f for f in assessment.findings.all()}


@dataclass
class ComparisonRow:
    label: str
    values: list[Decimal | None]
    levels: list[scoring.Level | None]


@dataclass
class Comparison:
    years: list[int]
    rows: list[ComparisonRow]
    total: ComparisonRow
    furag: list[Decimal | None]
    all_years: list[int] = field(default_factory=list)


# Years compared side by side when none are chosen: the latest ones (a table of every year
# since the first would not fit a screen).
COMPARISON_DEFAULT_YEARS = 4


def comparison(
    *, entity: Entity, years: Iterable[int] | None = None, latest: int | None = None
) -> Comparison:
    """Category and total ratings by year, categories matched by name across versions.

    Years with only a FURAG result appear too (with no ratings), so the index is visible.
    ``years`` chooses which of them are compared (``None``: every year, or the ``latest`` ones
    if given); ``all_years`` lists every year there is to choose from.
    """
    by_year = {a.year: r for a, r in assessments_with_ratings(entity=entity)}
    versions = set(
        SelfAssessment.objects.for_entity(entity).values_list("catalogue_version_id", flat=True)
    )
    furag = dict(FuragResult.objects.for_entity(entity).values_list("year", "participation_index"))
    all_years = sorted(set(by_year) | set(furag))
    if years is not None:
        chosen = set(years)
        shown = [y for y in all_years if y in chosen]
    else:
        shown = all_years[-latest:] if latest else all_years
    categories = list(
        AssessmentCategory.objects.filter(component__version_id__in=versions)
        .select_related("component")
        .order_by("component__order", "order")
    )
    names: list[str] = []
    ids_by_name: dict[str, set[int]] = {}
    for category in categories:
        if category.name not in ids_by_name:
            names.append(category.name)
        ids_by_name.setdefault(category.name, set()).add(category.pk)
    rows = []
    for name in names:
        values: list[Decimal | None] = []
        for year in shown:
            ratings = by_year.get(year)
            found = (
                [ratings.category(pk) for pk in ids_by_name[name] if pk in ratings.categories]
                if ratings
                else []
            )
            values.append(found[0] if found else None)
        rows.append(ComparisonRow(name, values, [scoring.level_for(v) for v in values]))
    totals = [by_year[y].total if y in by_year else None for y in shown]
    return Comparison(
        years=shown,
        rows=rows,
        total=ComparisonRow("Total", totals, [scoring.level_for(v) for v in totals]),
        furag=[furag.get(y) for y in shown],
        all_years=all_years,
    )


def furag_list(*, entity: Entity) -> QuerySet[FuragResult]:
    return FuragResult.objects.for_entity(entity).order_by("year")


def plan_list(*, entity: Entity) -> QuerySet[ImprovementPlan]:
    return (
        ImprovementPlan.objects.for_entity(entity)
        .select_related("assessment")
        .annotate(
            action_count=Count("actions", distinct=True),
            done_count=Count("actions", filter=Q(actions__status=ActionStatus.DONE), distinct=True),
        )
        .order_by("-assessment__year")
    )


def plan_actions(*, plan: ImprovementPlan) -> list[ImprovementAction]:
    return list(
        plan.actions.select_related(
            "activity__category__component", "area", "responsible", "review__reviewer"
        )
        .prefetch_related(
            "evidence_files",
            Prefetch("comments", queryset=ActionComment.objects.select_related("author")),
        )
        .order_by("activity__order")
    )


def actions_needing_attention(
    *, entity: Entity, user: User | None = None, today: date, window_days: int = ALERT_WINDOW_DAYS
) -> QuerySet[ImprovementAction]:
    """Open actions overdue or due within ``window_days``; only ``user``'s if given."""
    qs = (
        ImprovementAction.objects.for_entity(entity)
        .open()
        .filter(due_date__isnull=False, due_date__lte=today + timedelta(days=window_days))
        .select_related("activity", "plan__assessment", "responsible")
        .order_by("due_date", "activity__order")
    )
    if user is not None:
        qs = qs.filter(responsible=user)
    return qs
