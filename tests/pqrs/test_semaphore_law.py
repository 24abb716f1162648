"""The semáforo is one rule: the SQL filter (``deadlines.status_q``, used by the staff list, the
desk, the statistics and the API) selects exactly the petitions that the Python function
(``deadlines.deadline_status``, used for each row shown) gives that code.

Hypothesis writes arbitrary petition states (status, closing reason, due date, answer time near
local midnight, paused or not) into real rows; every code's filter must return the same rows as
the function, so a change of one side that is not made on the other fails here.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cabildo.pqrs import deadlines
from cabildo.pqrs.models import ClosingReason, Petition, Status
from tests.factories import EntityFactory
from tests.pqrs.factories import file_petition
from tests.properties import examples

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 10)
ROWS = 5
ALL_CODES = list(deadlines.STATUS_LABELS)


def _day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


state = st.fixed_dictionaries(
    {
        "status": st.sampled_from(Status.values),
        "closing_reason": st.sampled_from(["", *ClosingReason.values]),
        "due": st.one_of(st.none(), st.integers(-6, 12)),
        # Local hour 0 or 23: in UTC the latter is the next day (the answer's local date counts).
        "answered": st.one_of(st.none(), st.tuples(st.integers(-8, 8), st.sampled_from([0, 23]))),
        "paused": st.booleans(),
    }
)


@pytest.fixture
def petitions():
    entity = EntityFactory(slug="semaforo-ley")
    return [file_petition(entity).petition.pk for _ in range(ROWS)]


def test_status_sets_cover_the_model():
    from cabildo.pqrs.models import OPEN_STATUSES

    assert set(deadlines.CLOSED_STATUSES) | set(OPEN_STATUSES) == set(Status.values)
    assert not set(deadlines.CLOSED_STATUSES) & set(OPEN_STATUSES)
    assert ClosingReason.ANSWERED in deadlines.ANSWERED_REASONS


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(states=st.lists(state, min_size=ROWS, max_size=ROWS), soon_days=st.integers(0, 5))
def test_sql_filter_and_python_rule_agree(petitions, states, soon_days):
    tz = timezone.get_current_timezone()
    for pk, s in zip(petitions, states, strict=True):
        answered_at = None
        if s["answered"] is not None:
            offset, hour = s["answered"]
            answered_at = datetime.datetime.combine(_day(offset), datetime.time(hour, 30), tz)
        Petition.objects.filter(pk=pk).update(
            status=s["status"],
            closing_reason=s["closing_reason"],
            due_date=None if s["due"] is None else _day(s["due"]),
            answered_at=answered_at,
            paused_at=timezone.now() if s["paused"] else None,
        )
    soon_limit = _day(soon_days)
    rows = Petition.objects.filter(pk__in=petitions).annotate(
        **{deadlines.ANSWERED_ON: deadlines.answered_on()}
    )
    expected = {
        p.pk: deadlines.deadline_status(
            status=p.status,
            closing_reason=p.closing_reason,
            due_date=p.due_date,
            answered_on=deadlines.local_date(p.answered_at) if p.answered_at else None,
            paused=p.paused_at is not None,
            today=TODAY,
            soon_limit=soon_limit,
        ).code
        for p in rows
    }
    for code in ALL_CODES:
        matched = set(
            rows.filter(deadlines.status_q(code, today=TODAY, soon_limit=soon_limit)).values_list(
                "pk", flat=True
            )
        )
        assert matched == {pk for pk, c in expected.items() if c == code}, code


def test_an_unknown_code_is_an_error():
    with pytest.raises(ValueError):
        deadlines.status_q("morado", today=TODAY, soon_limit=TODAY)
