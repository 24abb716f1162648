"""Each automatic indicator: numerator and denominator from data built for the purpose."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cabildo.assessment.models import ActionStatus
from cabildo.bodies.models import BodyStatus
from cabildo.evaluation import metrics
from cabildo.evaluation.metrics import Ratio
from cabildo.evaluation.models import AutomaticKey
from cabildo.execution.models import Viability
from cabildo.pqrs.models import ClosingReason, Status
from tests.evaluation import scenario
from tests.execution.factories import ContributionFactory
from tests.plans.factories import (
    BodyFactory,
    ObservationFactory,
    StakeholderGroupFactory,
)

pytestmark = pytest.mark.django_db

YEAR_START = datetime.date(2025, 1, 1)
YEAR_END = datetime.date(2025, 12, 31)


def compute(key, entity, start=YEAR_START, end=YEAR_END):
    return metrics.compute(key, entity=entity, start=start, end=end)


def test_ratio_value():
    assert Ratio(2, 3).value == Decimal("66.67")
    assert Ratio(0, 0).value is None


def test_characterized_groups(entity, other_entity):
    StakeholderGroupFactory(entity=entity, characterized_on=datetime.date(2025, 3, 1))
    StakeholderGroupFactory(entity=entity, characterized_on=datetime.date(2025, 9, 1))
    StakeholderGroupFactory(entity=entity, characterized_on=datetime.date(2024, 9, 1))
    StakeholderGroupFactory(entity=entity)
    StakeholderGroupFactory(entity=other_entity, characterized_on=datetime.date(2025, 3, 1))
    assert compute(AutomaticKey.CHARACTERIZED_GROUPS, entity) == Ratio(2, 4)
    # First half: counted from 1 January up to the end of the period.
    first_half = compute(
        AutomaticKey.CHARACTERIZED_GROUPS,
        entity,
        datetime.date(2025, 1, 1),
        datetime.date(2025, 6, 30),
    )
    assert first_half == Ratio(1, 4)


def test_activities_done(entity):
    scenario.build(entity)
    assert compute(AutomaticKey.ACTIVITIES_DONE, entity) == Ratio(2, 3)
    # By the end of March only the diagnosis had been held (all three had started).
    march = compute(
        AutomaticKey.ACTIVITIES_DONE, entity, datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)
    )
    assert march == Ratio(1, 3)
    # In January none had started: nothing programmed yet.
    january = compute(
        AutomaticKey.ACTIVITIES_DONE, entity, datetime.date(2025, 1, 1), datetime.date(2025, 1, 31)
    )
    assert january == Ratio(0, 0)


def test_contributions_analysed_and_incorporated(entity):
    scenario.build(entity)
    assert compute(AutomaticKey.CONTRIBUTIONS_ANALYSED, entity) == Ratio(4, 5)
    assert compute(AutomaticKey.CONTRIBUTIONS_INCORPORATED, entity) == Ratio(3, 5)
    second_half = compute(
        AutomaticKey.CONTRIBUTIONS_INCORPORATED,
        entity,
        datetime.date(2025, 6, 1),
        datetime.date(2025, 6, 30),
    )
    assert second_half == Ratio(1, 1)


def test_contributions_of_events_outside_the_period_do_not_count(entity):
    built = scenario.build(entity)
    ContributionFactory(entity=entity, event=built.events[0], viability=Viability.VIABLE)
    assert compute(
        AutomaticKey.CONTRIBUTIONS_ANALYSED,
        entity,
        datetime.date(2025, 7, 1),
        datetime.date(2025, 12, 31),
    ) == Ratio(0, 0)


def test_observations_answered(entity):
    now = timezone.now()
    ObservationFactory(entity=entity, answered_at=now)
    ObservationFactory(entity=entity)
    ObservationFactory(entity=entity, answered_at=now, hidden_at=now)  # hidden: not counted
    today = timezone.localdate()
    assert compute(AutomaticKey.OBSERVATIONS_ANSWERED, entity, today, today) == Ratio(1, 2)
    yesterday = today - datetime.timedelta(days=1)
    assert compute(AutomaticKey.OBSERVATIONS_ANSWERED, entity, yesterday, yesterday) == Ratio(0, 0)


def test_petitions_on_time(entity):
    from tests.pqrs.factories import PetitionFactory

    filed = timezone.make_aware(datetime.datetime(2025, 4, 1, 10, 0))
    answered = {"status": Status.ANSWERED, "closing_reason": ClosingReason.ANSWERED}
    PetitionFactory(
        entity=entity,
        filed_at=filed,
        due_date=datetime.date(2025, 4, 22),
        answered_at=timezone.make_aware(datetime.datetime(2025, 4, 20, 10, 0)),
        **answered,
    )
    PetitionFactory(
        entity=entity,
        filed_at=filed,
        due_date=datetime.date(2025, 4, 22),
        answered_at=timezone.make_aware(datetime.datetime(2025, 4, 25, 10, 0)),
        **answered,
    )
    PetitionFactory(entity=entity, filed_at=filed, due_date=datetime.date(2025, 4, 22))
    PetitionFactory(
        entity=entity,
        filed_at=timezone.make_aware(datetime.datetime(2024, 4, 1, 10, 0)),
        due_date=datetime.date(2024, 4, 22),
    )
    assert compute(AutomaticKey.PETITIONS_ON_TIME, entity) == Ratio(1, 3)


def test_improvement_actions_done(entity):
    from tests.assessment.factories import ImprovementActionFactory, ImprovementPlanFactory

    plan = ImprovementPlanFactory(entity=entity)
    actions = list(plan.actions.order_by("pk")[:4])
    for action, (due, status) in zip(
        actions,
        [
            (datetime.date(2025, 5, 1), ActionStatus.DONE),
            (datetime.date(2025, 6, 1), ActionStatus.IN_PROGRESS),
            (datetime.date(2025, 7, 1), ActionStatus.DONE),
            (datetime.date(2026, 1, 15), ActionStatus.DONE),
        ],
        strict=True,
    ):
        type(action).objects.filter(pk=action.pk).update(due_date=due, status=status)
    assert ImprovementActionFactory  # the plan factory made the actions
    assert compute(AutomaticKey.IMPROVEMENT_DONE, entity) == Ratio(2, 3)


def test_active_bodies(entity, other_entity):
    BodyFactory(entity=entity, status=BodyStatus.ACTIVE)
    BodyFactory(entity=entity, status=BodyStatus.ACTIVE)
    BodyFactory(entity=entity, status=BodyStatus.INACTIVE)
    BodyFactory(entity=other_entity, status=BodyStatus.ACTIVE)
    assert compute(AutomaticKey.ACTIVE_BODIES, entity) == Ratio(2, 3)


def test_every_key_has_a_computation():
    assert set(metrics.COMPUTATIONS) == set(AutomaticKey.values)
