"""The execution lists' FilterSets (``cabildo.execution.filters``): each value is validated, a
bad one is an error with a Spanish message and filters nothing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cabildo.execution.filters import CommitmentFilterSet, ContributionFilterSet
from cabildo.execution.models import Commitment, CommitmentStatus, Contribution
from tests.execution.factories import CommitmentFactory, ContributionFactory

pytestmark = pytest.mark.django_db


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def contributions(entity):
    pending = ContributionFactory(entity=entity, text="Pendiente")
    analysed = ContributionFactory(entity=entity, viability="viable", justification="Sí")
    return pending, analysed


@pytest.fixture
def commitments(entity):
    late = CommitmentFactory(entity=entity, due_date=_days(-2))
    on_time = CommitmentFactory(entity=entity, due_date=_days(20))
    done_late = CommitmentFactory(entity=entity, due_date=_days(-5), status=CommitmentStatus.DONE)
    return late, on_time, done_late


def _contributions(data):
    return ContributionFilterSet(data, queryset=Contribution.objects.all())


def _commitments(data):
    return CommitmentFilterSet(data, queryset=Commitment.objects.all())


@pytest.mark.parametrize("value", ["1", "true", "True", " TRUE "])
def test_unanalysed_keeps_the_pending(contributions, value):
    pending, _analysed = contributions
    filterset = _contributions({"unanalysed": value})
    assert filterset.is_valid()
    assert list(filterset.qs) == [pending]


@pytest.mark.parametrize("value", ["", "0", "false"])
def test_unanalysed_off_keeps_all(contributions, value):
    filterset = _contributions({"unanalysed": value})
    assert filterset.is_valid()
    assert set(filterset.qs) == set(contributions)


@pytest.mark.parametrize("value", ["1", "true"])
def test_overdue_keeps_the_open_ones_past_their_date(commitments, value):
    late, _on_time, _done_late = commitments
    filterset = _commitments({"overdue": value})
    assert filterset.is_valid()
    assert list(filterset.qs) == [late]


@pytest.mark.parametrize(
    ("make", "name", "value"),
    [
        (_contributions, "unanalysed", "abc"),
        (_contributions, "unanalysed", "2"),
        (_contributions, "unanalysed", "sí"),
        (_commitments, "overdue", "2"),
        (_commitments, "overdue", "abc"),
        (_commitments, "overdue", "yes"),
    ],
)
def test_bad_values_are_errors_in_spanish_and_filter_nothing(
    contributions, commitments, make, name, value
):
    filterset = make({name: value})
    assert not filterset.is_valid()
    assert filterset.errors[name] == ["Use «true» o «false»."]
    # The list is left unfiltered (what the HTML list shows, with the error above it).
    assert filterset.qs.count() == (2 if make is _contributions else 3)
