from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cabildo.assessment import selectors, services
from cabildo.assessment.catalogue import load_catalogue
from tests.assessment.factories import SelfAssessmentFactory, scored_assessment

pytestmark = pytest.mark.django_db


def test_sheet_groups_and_rates(entity):
    assessment = scored_assessment(entity, scores=[100, None, 0] + [None] * 29, closed=False)
    sheet = selectors.assessment_sheet(assessment=assessment)
    assert [len(c.categories) for c in sheet.components] == [5, 2]
    first = sheet.components[0].categories[0]
    assert first.rating == Decimal("50.0")
    assert first.level.number == 3
    assert sheet.components[1].rating is None  # nothing scored in component 2
    assert sheet.total == Decimal("50.0")
    assert sheet.scored == 2 and sheet.activity_count == 32


def test_sheet_constant_queries(entity):
    small = SelfAssessmentFactory(entity=entity)
    big = scored_assessment(entity, closed=False)
    with CaptureQueriesContext(connection) as q1:
        selectors.assessment_sheet(assessment=small)
    with CaptureQueriesContext(connection) as q2:
        selectors.assessment_sheet(assessment=big)
    assert len(q1) == len(q2) <= 4


def test_comparison_by_year_with_furag_only_year(entity):
    scored_assessment(entity, scores=[20] * 32, year=2022)
    scored_assessment(entity, scores=[90] * 32, year=2023)
    services.furag_result_save(entity=entity, year=2021, participation_index=Decimal("55.5"))
    result = selectors.comparison(entity=entity)
    assert result.years == [2021, 2022, 2023]
    assert result.total.values == [None, Decimal("20.0"), Decimal("90.0")]
    assert result.furag == [Decimal("55.5"), None, None]
    assert len(result.rows) == 7


def test_comparison_matches_categories_across_catalogue_versions(entity):
    scored_assessment(entity, scores=[40] * 32, year=2022)
    load_catalogue(version_label="2025")
    scored_assessment(entity, scores=[60] * 32, year=2025)
    result = selectors.comparison(entity=entity)
    assert len(result.rows) == 7
    assert result.rows[0].values == [Decimal("40.0"), Decimal("60.0")]


def test_comparison_other_entity_invisible(entity, other_entity):
    scored_assessment(other_entity, year=2022)
    assert selectors.comparison(entity=entity).years == []


def test_comparison_constant_queries(entity):
    scored_assessment(entity, year=2020)
    with CaptureQueriesContext(connection) as small:
        selectors.comparison(entity=entity)
    for year in range(2021, 2026):
        scored_assessment(entity, year=year)
    with CaptureQueriesContext(connection) as big:
        result = selectors.comparison(entity=entity)
    assert len(result.years) == 6
    assert len(small) == len(big)


def test_comparison_latest_years_by_default_or_the_chosen_ones(entity):
    for year in range(2019, 2025):
        scored_assessment(entity, scores=[year - 2000] * 32, year=year)
    latest = selectors.comparison(entity=entity, latest=4)
    assert latest.years == [2021, 2022, 2023, 2024]
    assert latest.all_years == list(range(2019, 2025))
    assert latest.total.values == [Decimal(n) for n in ("21.0", "22.0", "23.0", "24.0")]
    chosen = selectors.comparison(entity=entity, years=[2019, 2024, 1990], latest=4)
    assert chosen.years == [2019, 2024]  # a year with nothing recorded is not shown
    assert chosen.rows[0].values == [Decimal("19.0"), Decimal("24.0")]
    assert len(chosen.furag) == 2
