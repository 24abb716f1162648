"""``manage.py generate_data``: counts and consistency at the ``small`` scale."""

from __future__ import annotations

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from cabildo.benchdata.scales import SCALES
from cabildo.core.models import Area
from cabildo.execution.models import Contribution, Event, Registration
from cabildo.plans.models import PlannedActivity
from cabildo.pqrs.models import (
    Channel,
    ClosingReason,
    EventKind,
    FilingCounter,
    Petition,
    PetitionEvent,
    Status,
    Transfer,
)
from cabildo.workdays.calendar import calendar_for
from tests.pqrs.factories import file_petition
from tests.workdays.factories import ClosureDayFactory

pytestmark = pytest.mark.django_db
SMALL = SCALES["small"]


def generate(entity, *args: str) -> str:
    out = StringIO()
    call_command("generate_data", "--entity", entity.slug, "--scale", "small", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def generated(entity):
    # A closure day: due dates must skip it, as the entity's calendar does.
    ClosureDayFactory(entity=entity, date=date(timezone.localdate().year, 3, 4))
    output = generate(entity)
    return entity, output


def test_counts_per_scale(generated, other_entity):
    entity, output = generated
    years = SMALL.years
    assert Petition.objects.filter(entity=entity).count() == SMALL.petitions_per_year * years
    assert Area.objects.filter(entity=entity).count() == SMALL.areas
    assert (
        PlannedActivity.objects.filter(entity=entity).count() == SMALL.activities_per_year * years
    )
    assert Event.objects.filter(entity=entity).count() == SMALL.events_per_year * years
    assert Registration.objects.filter(entity=entity).count() == SMALL.registrations
    assert Contribution.objects.filter(entity=entity).count() == SMALL.contributions
    assert not Petition.objects.filter(entity=other_entity).exists()
    assert "filas/s" in output


def test_filing_numbers_are_consecutive_per_year_and_the_service_continues(generated):
    entity, _ = generated
    year = timezone.localdate().year
    for y in (year - 1, year):
        rows = list(
            Petition.objects.filter(entity=entity, year=y)
            .order_by("sequence")
            .values_list("sequence", "filing_number", "filed_at")
        )
        assert [r[0] for r in rows] == list(range(1, SMALL.petitions_per_year + 1))
        assert rows[0][1] == f"{y}-000001"
        assert [r[2] for r in rows] == sorted(r[2] for r in rows)  # numbered in filing order
        assert FilingCounter.objects.get(entity=entity, year=y).last_number == len(rows)
    filed = file_petition(entity).petition
    assert filed.sequence == SMALL.petitions_per_year + 1
    assert filed.filing_number == f"{year}-{SMALL.petitions_per_year + 1:06d}"


def test_due_dates_follow_the_entity_calendar(generated):
    entity, _ = generated
    calendar = calendar_for(entity)
    petitions = Petition.objects.filter(entity=entity).select_related("kind")
    for p in petitions:
        filed_on = timezone.localtime(p.filed_at).date()
        if p.kind.term_days is None:
            assert p.due_date is None and p.term_days is None
            continue
        assert p.term_start == filed_on
        assert p.due_date == calendar.add_business_days(filed_on, p.term_days)
    assert petitions.filter(due_date=date(timezone.localdate().year, 3, 4)).count() == 0


def test_states_fit_each_petition(generated):
    entity, _ = generated
    petitions = list(Petition.objects.filter(entity=entity))
    today = timezone.localdate()
    statuses = Counter(p.status for p in petitions)
    assert statuses[Status.ANSWERED] > len(petitions) / 2  # most of two years is answered
    for p in petitions:
        if p.status == Status.ANSWERED:
            assert p.answered_at > p.filed_at and p.closing_reason == ClosingReason.ANSWERED
            assert p.answer_text and p.answer_channel
        else:
            assert p.answered_at is None
        if p.status != Status.FILED:
            assert p.area_id is not None
        if p.anonymous:
            assert not p.has_personal_data and p.consent_id is None
        else:
            assert p.requester_name and p.consent_id is not None
            assert p.consent.subject_name == p.requester_name
        assert timezone.localtime(p.filed_at).date() <= today
    transferred = [p for p in petitions if p.closing_reason == ClosingReason.TRANSFERRED]
    assert Transfer.objects.filter(entity=entity).count() == len(transferred)
    events = Counter(PetitionEvent.objects.filter(entity=entity).values_list("kind", flat=True))
    assert events[EventKind.FILED] == len(petitions)
    assert events[EventKind.ANSWERED] == statuses[Status.ANSWERED]


def test_channels_in_seed_004_proportions(generated):
    entity, _ = generated
    shares = dict(
        Petition.objects.filter(entity=entity).values_list("channel").annotate(n=Count("pk"))
    )
    total = sum(shares.values())
    # Seed 004: about nine in ten communications arrived in person in Cali in 2018.
    assert shares[Channel.IN_PERSON] / total > 0.8
    assert shares.get(Channel.WEB, 0) < shares[Channel.IN_PERSON]


def test_registrations_are_unique_per_event_and_have_consent(generated):
    entity, _ = generated
    registrations = Registration.objects.filter(entity=entity)
    assert not registrations.filter(consent__isnull=True).exists()
    assert registrations.values("event", "email").distinct().count() == registrations.count()
    assert not Event.objects.filter(entity=entity).exclude(activity__entity=entity).exists()


def test_if_empty_reuses_and_a_second_run_continues_the_numbering(generated):
    entity, _ = generated
    before = Petition.objects.filter(entity=entity).count()
    assert "se reutilizan" in generate(entity, "--if-empty")
    assert Petition.objects.filter(entity=entity).count() == before
    generate(entity)
    year = timezone.localdate().year
    sequences = sorted(
        Petition.objects.filter(entity=entity, year=year).values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, 2 * SMALL.petitions_per_year + 1))
    assert Area.objects.filter(entity=entity).count() == SMALL.areas  # areas are reused


def test_unknown_entity_is_refused_and_nothing_is_written(db):
    with pytest.raises(CommandError, match="No existe la entidad"):
        call_command("generate_data", "--entity", "no-existe", "--scale", "small")
    assert not Petition.objects.exists() and not Area.objects.exists()
