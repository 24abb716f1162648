"""Reminder digests (Celery tasks run eagerly in tests)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.pqrs import tasks
from cabildo.pqrs.services.answers import petition_answer
from cabildo.workdays.calendar import calendar_for
from tests.pqrs.factories import PetitionFactory

pytestmark = pytest.mark.django_db


def test_digest_per_responsible_person_and_entity_digest_to_lead(
    entity, area, make_member, django_capture_on_commit_callbacks
):
    liaison = make_member(Role.AREA_LIAISON, entity, area, email="enlace@prueba.test")
    lead = make_member(Role.PARTICIPATION_LEAD, entity, email="lider@prueba.test")
    other_area_user = make_member(Role.AREA_LIAISON, entity, email="otra@prueba.test")
    today = timezone.localdate()
    calendar = calendar_for(entity)
    soon = calendar.add_business_days(today, 1)
    overdue = PetitionFactory(
        entity=entity, area=area, due_date=date(2020, 1, 10), status="asignada"
    )
    due_soon = PetitionFactory(entity=entity, area=area, due_date=soon, status="asignada")
    PetitionFactory(entity=entity, area=area, due_date=calendar.add_business_days(today, 20))
    answered = PetitionFactory(entity=entity, area=area, due_date=date(2020, 1, 10))
    petition_answer(petition=answered, text="ok", channel="web")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders.delay().get() == 2
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert set(by_recipient) == {liaison.email, lead.email}
    assert other_area_user.email not in by_recipient
    body = by_recipient[liaison.email]
    assert overdue.filing_number in body and "Vencida" in body
    assert due_soon.filing_number in body and "Por vencer" in body
    assert answered.filing_number not in body


def test_no_digest_when_nothing_is_due(entity, make_member):
    make_member(Role.PARTICIPATION_LEAD, entity)
    mail.outbox.clear()
    assert tasks.send_reminders.delay().get() == 0
    assert mail.outbox == []


def test_close_withdrawn_task(entity):
    assert tasks.close_withdrawn.delay().get() == 0


def test_beat_schedule_is_declared():
    from django.apps import apps

    schedule = apps.get_app_config("pqrs").beat_schedule
    tasks_named = {entry["task"] for entry in schedule.values()}
    assert tasks_named == {
        "cabildo.pqrs.tasks.send_reminders",  # daily
        "cabildo.pqrs.tasks.close_withdrawn",  # daily
        "cabildo.pqrs.tasks.poll_mailboxes",  # every 5 minutes (mail intake)
    }
