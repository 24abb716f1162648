from __future__ import annotations

from datetime import date

import pytest

from cabildo.workdays.selectors import closure_day_list
from tests.workdays.factories import ClosureDayFactory

pytestmark = pytest.mark.django_db


def test_closure_day_list_is_scoped_and_newest_first(entity, other_entity):
    older = ClosureDayFactory(entity=entity, date=date(2026, 3, 4))
    newer = ClosureDayFactory(entity=entity, date=date(2026, 12, 30))
    ClosureDayFactory(entity=other_entity, date=date(2026, 6, 3))
    assert list(closure_day_list(entity=entity)) == [newer, older]


def test_closure_day_list_without_entity_is_empty(entity):
    ClosureDayFactory(entity=entity)
    assert list(closure_day_list(entity=None)) == []


def test_closure_day_list_is_one_query(entity, django_assert_num_queries):
    ClosureDayFactory.create_batch(20, entity=entity)
    with django_assert_num_queries(1):
        assert len(list(closure_day_list(entity=entity))) == 20
