from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from cabildo.accounts import demo as accounts_demo
from cabildo.accounts.models import Role
from cabildo.core import demo as core_demo
from cabildo.execution import demo
from cabildo.execution.models import (
    ActivityCancellation,
    ActivityReport,
    CommitmentStatus,
    Convocation,
    ConvocationStatus,
    Event,
    Registration,
    RegistrationStatus,
    ReportStatus,
)
from cabildo.plans import demo as plans_demo
from cabildo.plans.models import PlanStatus, PlanVersion
from cabildo.stakeholders import demo as stakeholders_demo
from tests.plans.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_demo_skips_without_activity(entity):
    demo.seed(entities={"itagui": entity})
    assert not Event.objects.exists()


def test_demo_is_idempotent_and_has_a_waitlist(entity, django_capture_on_commit_callbacks):
    ActivityFactory(entity=entity, name=demo.ACTIVITY_NAME)
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(entities={"itagui": entity})
        demo.seed(entities={"itagui": entity})
    assert mail.outbox == []
    event = Event.objects.get()
    assert Registration.objects.count() == len(demo.PEOPLE) + 1  # plus one walk-in
    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 6
    assert event.registrations.filter(attended=True).count() == 5
    assert event.registrations.filter(status=RegistrationStatus.WAITLISTED).count() == 2


def test_demo_adds_contributions_and_commitments_once(entity, make_member):
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    ActivityFactory(entity=entity, name=demo.ACTIVITY_NAME)
    demo.seed(entities={"itagui": entity})
    demo.seed(entities={"itagui": entity})
    event = Event.objects.get()
    assert event.contributions.count() == len(demo.CONTRIBUTIONS)
    analysed = event.contributions.exclude(viability="")
    assert analysed.count() == 2
    assert set(analysed.values_list("analysed_by", flat=True)) == {lead.pk}
    assert event.contributions.filter(viability="").count() == 2
    assert event.commitments.count() == len(demo.COMMITMENTS)
    statuses = set(event.commitments.values_list("status", flat=True))
    assert statuses == {
        CommitmentStatus.DONE,
        CommitmentStatus.IN_PROGRESS,
        CommitmentStatus.PENDING,
    }
    overdue = [c for c in event.commitments.all() if c.is_overdue]
    assert len(overdue) == 1


def test_demo_convocation_and_accepted_report_for_itagui(entity, make_member):
    make_member(Role.PARTICIPATION_LEAD, entity)
    make_member(Role.PLANNING_OFFICE, entity)
    ActivityFactory(entity=entity, name=demo.ACTIVITY_NAME)
    demo.seed(entities={"itagui": entity})
    demo.seed(entities={"itagui": entity})
    convocation = Convocation.objects.get()
    assert convocation.status == ConvocationStatus.SENT and convocation.reach == 180
    report = ActivityReport.objects.get()
    assert report.status == ReportStatus.ACCEPTED
    assert report.figures["participants"]["attended"] == 5
    assert mail.outbox == []


def test_demo_executed_activities_with_reports_in_several_states(entity, other_entity):
    for target in (entity, other_entity):
        first = ActivityFactory(entity=target, version__plan__year=2019, order=0)
        for n in range(1, 4):
            ActivityFactory(entity=target, version=first.version, order=n)
    demo.seed(entities={"fondeser": entity, "cali": other_entity})
    demo.seed(entities={"fondeser": entity, "cali": other_entity})
    assert Event.objects.filter(entity=entity).count() == 2
    # Without a planning user nothing gets past "enviado a planeación".
    statuses = set(ActivityReport.objects.values_list("status", flat=True))
    assert statuses == {ReportStatus.SUBMITTED, ReportStatus.DRAFT}
    assert ActivityCancellation.objects.count() == 2
    assert Registration.objects.filter(attended=True).count() == 4 * len(demo.WALK_INS)


def seed_all(entities: dict) -> None:
    for module in (core_demo, accounts_demo, stakeholders_demo, plans_demo, demo):
        module.seed(entities=entities)


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (PlanVersion, Event, Registration, ActivityReport))


def test_demo_is_relative_to_today_and_idempotent(django_capture_on_commit_callbacks):
    """The demo looks like a living entity on the day it runs: a plan in force this year in
    execution, next year's in consultation, events held (with their attendance) and coming up,
    activity reports in every state."""
    entities: dict = {}
    with django_capture_on_commit_callbacks(execute=False):
        seed_all(entities)
        first = counts()
        seed_all(entities)
    assert counts() == first

    today = timezone.localdate()
    now = timezone.now()
    for slug, entity in entities.items():
        in_force = PlanVersion.objects.get(entity=entity, plan__year=today.year)
        assert in_force.status == PlanStatus.IN_EXECUTION, slug
        events = Event.objects.filter(entity=entity, activity__version=in_force)
        upcoming = events.filter(starts_at__gt=now, is_published=True)
        held = events.filter(ends_at__lt=now)
        assert upcoming.count() == 2, slug
        assert held.count() == 3, slug
        for event in held:
            attended = event.registrations.filter(attended=True)
            assert attended.exists(), event
            # Attendees belong to the stakeholder groups the activity was planned for.
            planned = set(event.activity.stakeholder_groups.values_list("pk", flat=True))
            assert set(attended.values_list("stakeholder_group", flat=True)) <= planned
        for event in upcoming:
            assert not event.registrations.filter(attended=True).exists()
        reports = ActivityReport.objects.filter(entity=entity, activity__version=in_force)
        assert set(reports.values_list("status", flat=True)) == set(ReportStatus.values), slug
        # The plan of earlier years is no longer the one in execution.
        assert not PlanVersion.objects.filter(
            entity=entity, plan__year__lt=today.year, status=PlanStatus.IN_EXECUTION
        ).exists()

    next_year = PlanVersion.objects.get(entity=entities["itagui"], plan__year=today.year + 1)
    assert next_year.status == PlanStatus.IN_CONSULTATION
    assert next_year.consultation.end_date >= today
