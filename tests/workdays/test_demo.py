from __future__ import annotations

import pytest

from cabildo.workdays import demo
from cabildo.workdays.calendar import WorkCalendar
from cabildo.workdays.models import ClosureDay
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_demo_closure_days_are_plain_business_days():
    calendar = WorkCalendar()
    for days in demo.CLOSURE_DAYS.values():
        assert 1 <= len(days) <= 2
        for day, reason in days:
            assert calendar.is_business_day(day), (day, reason)


def test_seed_is_idempotent():
    entities = {slug: EntityFactory(slug=slug) for slug in demo.CLOSURE_DAYS}
    demo.seed(entities=entities)
    demo.seed(entities=entities)
    expected = sum(len(days) for days in demo.CLOSURE_DAYS.values())
    assert ClosureDay.objects.count() == expected
    for slug, days in demo.CLOSURE_DAYS.items():
        assert ClosureDay.objects.filter(entity=entities[slug]).count() == len(days)


def test_seed_skips_missing_entities():
    demo.seed(entities={})
    assert not ClosureDay.objects.exists()
