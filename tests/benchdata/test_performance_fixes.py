"""Fixes made after `make bench` at Cali scale (docs/benchmarks.md)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.utils import timezone, translation

from cabildo.pqrs import selectors
from cabildo.pqrs.models import Petition
from tests.pqrs.factories import PetitionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_public_statistics_are_cached_per_entity_year_and_language(
    entity, other_entity, django_assert_num_queries
):
    year = timezone.localdate().year
    PetitionFactory(entity=entity)
    first = selectors.public_statistics(entity=entity, year=year)
    assert first.total == 1
    PetitionFactory(entity=entity)
    with django_assert_num_queries(0):
        assert selectors.public_statistics(entity=entity, year=year).total == 1
    assert selectors.statistics(entity=entity, year=year).total == 2  # staff: always fresh
    assert selectors.public_statistics(entity=other_entity, year=year).total == 0
    with translation.override("en"):
        english = selectors.public_statistics(entity=entity, year=year)
    assert english.total == 2
    assert english.by_channel[0]["label"] == "Web form"


def test_the_yearly_statistics_index_covers_their_columns():
    (index,) = [i for i in Petition._meta.indexes if i.name == "pqrs_filed_idx"]
    assert index.fields == ["entity", "filed_at"]
    used = {"id", "channel", "status", "kind", "area", "due_date", "answered_at", "closing_reason"}
    assert used <= set(index.include)


@pytest.mark.postgres
def test_yearly_statistics_use_an_index_only_scan(entity):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL planner")
    year = timezone.localdate().year
    qs = (
        Petition.objects.for_entity(entity)
        .filter(filed_at__year=year)
        .order_by()
        .values("channel")
        .annotate(n=Count("id"))
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    plan = qs.explain()
    assert "Index Only Scan" in plan and "pqrs_filed_idx" in plan
