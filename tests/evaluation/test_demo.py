"""The evaluation demo gives every entity a year with figures, and is idempotent."""

from __future__ import annotations

import pytest

from cabildo.accounts.models import Role
from cabildo.evaluation import demo, selectors
from cabildo.evaluation.models import (
    AccountabilityStage,
    Evaluation,
    GoodPractice,
    Indicator,
    IndicatorSource,
    Measurement,
    ReportFile,
)
from cabildo.execution.models import Contribution, Event, Registration
from tests.factories import EntityFactory
from tests.plans.factories import StakeholderGroupFactory

pytestmark = pytest.mark.django_db


def counts():
    return [
        m.objects.count()
        for m in (
            Event,
            Registration,
            Contribution,
            Indicator,
            Measurement,
            GoodPractice,
            Evaluation,
            AccountabilityStage,
            ReportFile,
        )
    ]


def test_demo_for_cartago_is_meaningful_and_idempotent(
    django_capture_on_commit_callbacks, make_member
):
    cartago = EntityFactory(slug="cartago", name="Concejo Municipal de Cartago")
    # The reports go through the services: the participation lead sends them, the planning
    # office accepts them (the accounts demo gives every entity both).
    make_member(Role.PARTICIPATION_LEAD, cartago)
    make_member(Role.PLANNING_OFFICE, cartago)
    StakeholderGroupFactory(entity=cartago, name="Veedurías ciudadanas")
    StakeholderGroupFactory(entity=cartago, name="Jóvenes")
    with django_capture_on_commit_callbacks(execute=False):
        demo.seed(entities={"cartago": cartago})
    first = counts()
    with django_capture_on_commit_callbacks(execute=False):
        demo.seed(entities={"cartago": cartago})
    assert counts() == first

    result = selectors.yearly_evaluation(entity=cartago, year=2024)
    assert result.activities_planned == 6
    assert result.activities_done == 5  # one in four stays programmed
    assert result.groups_involved_count == 2
    assert result.contributions_received == 10
    assert result.contributions_incorporated > 0
    assert result.evaluation.is_published
    assert len(result.reports) == 2
    assert all(report.figures["events"] for report in result.reports)  # frozen on submission
    assert Indicator.objects.filter(entity=cartago).count() == len(demo.INDICATORS)
    matrix = selectors.seguimiento_matrix(entity=cartago, year=2024)
    assert all(row.measurements for row in matrix)
    data = selectors.accountability(entity=cartago, year=2024)
    assert data.activities_count == 3
    assert data.dialogues_hybrid == 1
    assert {s.key: len(s.activities) for s in data.stages}["ejecucion"] == 1


def test_demo_skips_entities_without_a_plan():
    fondeser = EntityFactory(slug="fondeser")
    demo.seed(entities={"fondeser": fondeser})
    assert Indicator.objects.count() == 0
    assert Evaluation.objects.count() == 0


def test_the_year_in_force_is_measured_from_its_records(django_capture_on_commit_callbacks):
    """The dashboard and the matrix open on the year in force: the demo measures it, and each
    automatic figure is the recount of that year's records as of today."""
    from django.utils import timezone

    from cabildo.evaluation import metrics, periods
    from cabildo.execution import demo as execution_demo
    from cabildo.plans import demo as plans_demo

    cartago = EntityFactory(slug="cartago", name="Concejo Municipal de Cartago")
    StakeholderGroupFactory(entity=cartago, name="Veedurías ciudadanas")
    plans_demo.seed_current_year(cartago)
    execution_demo.seed_current_year(cartago)
    with django_capture_on_commit_callbacks(execute=False):
        demo.seed(entities={"cartago": cartago})
    first = counts()
    with django_capture_on_commit_callbacks(execute=False):
        demo.seed(entities={"cartago": cartago})
    assert counts() == first

    today = timezone.localdate()
    matrix = selectors.seguimiento_matrix(entity=cartago, year=today.year)
    assert matrix and all(row.measurements for row in matrix)
    automatic = Indicator.objects.filter(entity=cartago, source=IndicatorSource.AUTOMATIC)
    assert automatic.exists()
    for indicator in automatic:
        number = periods.containing(indicator.periodicity, today)[1]
        start, _end = periods.bounds(indicator.periodicity, today.year, number)
        recount = metrics.compute(indicator.automatic_key, entity=cartago, start=start, end=today)
        latest = indicator.measurements.filter(year=today.year, period=number).latest("pk")
        assert (latest.numerator, latest.denominator) == (recount.numerator, recount.denominator)
