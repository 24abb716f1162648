"""Reads: semáforo filters, Spanish full-text search, statistics (seed 004 table)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from cabildo.accounts.models import Role
from cabildo.pqrs import deadlines, selectors
from cabildo.pqrs.services.answers import petition_answer
from cabildo.pqrs.services.completion import petition_request_completion
from tests.pqrs.factories import PetitionFactory, file_petition

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
FILED = datetime(2026, 3, 20, 10, 30, tzinfo=BOGOTA)


def _filter(entity, user, **kwargs):
    return list(
        selectors.petition_list(
            entity=entity, user=user, filters=selectors.PetitionFilters(**kwargs)
        )
    )


def test_answered_semaphore_filters(entity, make_member):
    user = make_member(Role.VIEWER, entity)
    on_time = file_petition(entity, filed_at=FILED).petition
    late = file_petition(entity, filed_at=FILED).petition
    petition_answer(
        petition=on_time,
        text="ok",
        channel="web",
        answered_at=datetime(2026, 4, 15, 17, tzinfo=BOGOTA),
    )
    petition_answer(
        petition=late, text="ok", channel="web", answered_at=datetime(2026, 4, 16, 8, tzinfo=BOGOTA)
    )
    assert _filter(entity, user, semaphore=deadlines.ANSWERED_ON_TIME) == [on_time]
    assert _filter(entity, user, semaphore=deadlines.ANSWERED_LATE) == [late]


def test_paused_petitions_are_not_overdue(entity, make_member):
    user = make_member(Role.VIEWER, entity)
    petition = file_petition(entity, filed_at=FILED).petition
    petition_request_completion(
        petition=petition, missing="Anexos", today=datetime(2026, 3, 25).date()
    )
    assert _filter(entity, user, semaphore=deadlines.OVERDUE) == []


def test_search_is_accent_insensitive(entity, make_member):
    user = make_member(Role.VIEWER, entity)
    target = PetitionFactory(
        entity=entity, subject="Queja contra la Alcaldía por la canción del evento"
    )
    PetitionFactory(entity=entity, subject="Poda de árboles")
    if connection.vendor == "postgresql":
        assert _filter(entity, user, q="alcaldia") == [target]
        assert _filter(entity, user, q="canciones") == [target]  # Spanish stemming
    else:
        assert _filter(entity, user, q="Alcaldía") == [target]
    assert _filter(entity, user, q=target.filing_number) == [target]


def test_statistics_channel_comparison(entity):
    for _ in range(3):
        file_petition(entity, filed_at=FILED)
    file_petition(entity, filed_at=datetime(2025, 5, 5, 9, tzinfo=BOGOTA))
    file_petition(entity, filed_at=datetime(2025, 5, 6, 9, tzinfo=BOGOTA))
    answered = file_petition(entity, filed_at=FILED).petition
    petition_answer(
        petition=answered,
        text="ok",
        channel="web",
        answered_at=datetime(2026, 3, 30, 9, tzinfo=BOGOTA),
    )
    stats = selectors.statistics(entity=entity, year=2026)
    web = next(r for r in stats.channel_comparison if r["channel"] == "web")
    assert (web["current"], web["previous"], web["variation"]) == (4, 2, 100.0)
    assert stats.channel_comparison[-1]["label"] == "TOTAL"
    assert stats.total == 4
    assert stats.answered == 1 and stats.on_time_rate == 100.0
    assert sum(m["n"] for m in stats.by_month) == 4
    assert stats.by_month[2]["n"] == 4  # March


def test_date_range_uses_local_days(entity, make_member):
    user = make_member(Role.VIEWER, entity)
    late_evening = file_petition(
        entity, filed_at=datetime(2026, 3, 20, 23, 30, tzinfo=BOGOTA)
    ).petition
    next_day = file_petition(entity, filed_at=datetime(2026, 3, 21, 0, 30, tzinfo=BOGOTA)).petition
    day = datetime(2026, 3, 20).date()
    assert _filter(entity, user, date_from=day, date_to=day) == [late_evening]
    assert _filter(entity, user, date_from=datetime(2026, 3, 21).date()) == [next_day]


@pytest.mark.postgres
def test_full_text_search_can_use_the_gin_index(entity):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL full-text search")
    from cabildo.pqrs.models import Petition

    PetitionFactory(entity=entity, subject="Alumbrado")
    qs = selectors._search(Petition.objects.all(), "alumbrado").order_by()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = qs.explain()
        cursor.execute("SET enable_seqscan = on")
    # The GIN index on the stored document (migration pqrs/0005) serves the selector's filter.
    assert "pqrs_petition_search_idx" in plan


@pytest.mark.postgres
def test_search_document_follows_edits_and_ignores_accents(entity):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL generated column")
    from cabildo.pqrs.models import Petition

    petition = PetitionFactory(entity=entity, subject="Poda de árboles", description="Parque")
    found = selectors._search(Petition.objects.for_entity(entity), "arboles")
    assert list(found) == [petition]
    Petition.objects.filter(pk=petition.pk).update(subject="Semáforo dañado")
    assert not selectors._search(Petition.objects.for_entity(entity), "arboles").exists()
    assert list(selectors._search(Petition.objects.for_entity(entity), "semaforo danado")) == [
        petition
    ]
