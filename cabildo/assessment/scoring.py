"""Rating arithmetic of the autodiagnóstico: the one module that knows the rules.

Rules (``docs/domain.md`` §1, Función Pública workbook):

- a score is an integer 0–100; a blank activity is not scored and is left out of every mean;
- the category, component and total ratings are plain means of the **scored activities**
  they contain (the component is not a mean of category means);
- a group with no scored activity has no rating (``None``), never 0;
- five levels by 20-point bands: 0–20 = 1, 21–40 = 2, 41–60 = 3, 61–80 = 4, 81–100 = 5,
  each with a Spanish label **and** a colour (the label is always shown).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

MIN_SCORE = 0
MAX_SCORE = 100


@dataclass(frozen=True)
class Level:
    number: int
    low: int
    high: int
    label: Any
    colour: str  # hex, for the workbook cells and the chart; never shown alone

    @property
    def css_class(self) -> str:
        return f"nivel-{self.number}"


LEVELS: tuple[Level, ...] = (
    Level(1, 0, 20, _("Nivel 1 · Inicial"), "#C62828"),
    Level(2, 21, 40, _("Nivel 2 · Básico"), "#EF6C00"),
    Level(3, 41, 60, _("Nivel 3 · Intermedio"), "#F9A825"),
    Level(4, 61, 80, _("Nivel 4 · Satisfactorio"), "#7CB342"),
    Level(5, 81, 100, _("Nivel 5 · Avanzado"), "#2E7D32"),
)


def validate_score(value: Any) -> int | None:
    """A score as stored: ``None`` (blank) or an int 0–100. Raises ``ValueError`` otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        value = int(value)
    if isinstance(value, str):
        value = int(value.strip())
    if not isinstance(value, int) or not MIN_SCORE <= value <= MAX_SCORE:
        raise ValueError(value)
    return value


def level_for(rating: float | Decimal | int | None) -> Level | None:
    """The level of a score or rating (ratings may have decimals: 20.5 is level 2)."""
    if rating is None:
        return None
    value = Decimal(str(rating))
    if value < MIN_SCORE or value > MAX_SCORE:
        raise ValueError(f"rating out of range: {rating}")
    for level in LEVELS:
        if value <= level.high:
            return level
    return LEVELS[-1]


def level_by_number(number: int) -> Level:
    return LEVELS[number - 1]


def round_rating(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def mean(scores: Iterable[int | None]) -> Decimal | None:
    """Plain mean of the scored values; ``None`` when nothing is scored."""
    values = [s for s in scores if s is not None]
    if not values:
        return None
    return round_rating(Decimal(sum(values)) / Decimal(len(values)))


@dataclass
class _Acc:
    total: int = 0
    count: int = 0

    def add(self, total: int, count: int) -> None:
        self.total += total
        self.count += count

    @property
    def rating(self) -> Decimal | None:
        if not self.count:
            return None
        return round_rating(Decimal(self.total) / Decimal(self.count))


@dataclass
class Ratings:
    """Ratings of one assessment: by category id, by component id and the total."""

    categories: dict[int, Decimal | None] = field(default_factory=dict)
    components: dict[int, Decimal | None] = field(default_factory=dict)
    total: Decimal | None = None
    scored: int = 0

    def category(self, category_id: int) -> Decimal | None:
        return self.categories.get(category_id)

    def component(self, component_id: int) -> Decimal | None:
        return self.components.get(component_id)


def ratings_from_sums(rows: Iterable[tuple[int, int, int, int]]) -> Ratings:
    """Roll up ``(component_id, category_id, sum_of_scores, scored_count)`` rows."""
    categories: dict[int, _Acc] = {}
    components: dict[int, _Acc] = {}
    total = _Acc()
    for component_id, category_id, score_sum, count in rows:
        categories.setdefault(category_id, _Acc()).add(score_sum or 0, count)
        components.setdefault(component_id, _Acc()).add(score_sum or 0, count)
        total.add(score_sum or 0, count)
    return Ratings(
        categories={k: v.rating for k, v in categories.items()},
        components={k: v.rating for k, v in components.items()},
        total=total.rating,
        scored=total.count,
    )


def ratings_from_scores(rows: Iterable[tuple[int, int, int | None]]) -> Ratings:
    """Pure version: ``(component_id, category_id, score_or_None)`` per activity."""
    return ratings_from_sums(
        (component_id, category_id, score, 1)
        for component_id, category_id, score in rows
        if score is not None
    )


def _sums_queryset(score_qs: Any, *extra: str) -> Any:
    return (
        score_qs.filter(score__isnull=False)
        .values(*extra, "activity__category__component_id", "activity__category_id")
        .annotate(score_sum=Sum("score"), scored=Count("id"))
        .order_by()
    )


def ratings_for_assessment(assessment: Any) -> Ratings:
    """Ratings of one assessment in one aggregate query."""
    from cabildo.assessment.models import ActivityScore

    rows = _sums_queryset(ActivityScore.objects.filter(assessment=assessment))
    return ratings_from_sums(
        (
            r["activity__category__component_id"],
            r["activity__category_id"],
            r["score_sum"],
            r["scored"],
        )
        for r in rows
    )


def ratings_by_assessment(assessments: Iterable[Any]) -> dict[int, Ratings]:
    """Ratings of several assessments in one aggregate query, keyed by assessment id."""
    from cabildo.assessment.models import ActivityScore

    ids = [a.pk for a in assessments]
    grouped: dict[int, list[tuple[int, int, int, int]]] = {pk: [] for pk in ids}
    rows = _sums_queryset(ActivityScore.objects.filter(assessment_id__in=ids), "assessment_id")
    for r in rows:
        grouped[r["assessment_id"]].append(
            (
                r["activity__category__component_id"],
                r["activity__category_id"],
                r["score_sum"],
                r["scored"],
            )
        )
    return {pk: ratings_from_sums(rows) for pk, rows in grouped.items()}
