from decimal import Decimal

import pytest

from cabildo.assessment import scoring


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (0, 1),
        (20, 1),
        (21, 2),
        (40, 2),
        (41, 3),
        (60, 3),
        (61, 4),
        (80, 4),
        (81, 5),
        (100, 5),
        (Decimal("20.5"), 2),
        (Decimal("80.1"), 5),
    ],
)
def test_level_bands(value, number):
    level = scoring.level_for(value)
    assert level.number == number
    assert str(level.label).startswith(f"Nivel {number}")
    assert level.colour.startswith("#")


def test_no_rating_no_level():
    assert scoring.level_for(None) is None


@pytest.mark.parametrize("bad", [-1, 101])
def test_level_out_of_range(bad):
    with pytest.raises(ValueError):
        scoring.level_for(bad)


def test_every_level_has_distinct_label_and_colour():
    assert len({str(lv.label) for lv in scoring.LEVELS}) == 5
    assert len({lv.colour for lv in scoring.LEVELS}) == 5


def test_mean_excludes_blank():
    assert scoring.mean([100, None, 50]) == Decimal("75.0")
    assert scoring.mean([None, None]) is None
    assert scoring.mean([0]) == Decimal("0.0")


def test_ratings_blank_excluded_and_empty_category_has_no_rating():
    # component 1: categories 10 (scores 100, blank) and 11 (all blank); component 2: cat 20.
    rows = [(1, 10, 100), (1, 10, None), (1, 11, None), (2, 20, 30), (2, 20, 60)]
    ratings = scoring.ratings_from_scores(rows)
    assert ratings.category(10) == Decimal("100.0")
    assert ratings.category(11) is None
    assert ratings.component(1) == Decimal("100.0")
    assert ratings.category(20) == Decimal("45.0")
    # total is the plain mean of scored activities: (100 + 30 + 60) / 3
    assert ratings.total == Decimal("63.3")
    assert ratings.scored == 3


def test_component_is_mean_of_activities_not_of_categories():
    rows = [(1, 10, 100), (1, 11, 0), (1, 11, 0), (1, 11, 0)]
    ratings = scoring.ratings_from_scores(rows)
    assert ratings.component(1) == Decimal("25.0")  # not (100 + 0) / 2


def test_all_blank_total_is_none():
    assert scoring.ratings_from_scores([(1, 10, None)]).total is None


def test_zero_is_a_score():
    ratings = scoring.ratings_from_scores([(1, 10, 0)])
    assert ratings.total == Decimal("0.0")
    assert scoring.level_for(ratings.total).number == 1


@pytest.mark.parametrize(
    ("raw", "expected"), [("", None), (None, None), ("7", 7), (100, 100), (0, 0), (55.0, 55)]
)
def test_validate_score_accepts(raw, expected):
    assert scoring.validate_score(raw) == expected


@pytest.mark.parametrize("raw", ["abc", -1, 101, 50.5, True, "1e3"])
def test_validate_score_rejects(raw):
    with pytest.raises((ValueError, TypeError)):
        scoring.validate_score(raw)
