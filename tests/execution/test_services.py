from __future__ import annotations

import datetime
import re
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from cabildo.execution.models import (
    Event,
    Modality,
    OverCapacity,
    Registration,
    RegistrationChannel,
    RegistrationStatus,
)
from cabildo.execution.services.events import event_cancel, event_create, event_update
from cabildo.execution.services.registrations import (
    REGISTRATION_PURPOSE,
    cancel_token,
    confirmed_count,
    registration_cancel,
    registration_create,
    registration_from_token,
)
from cabildo.privacy.models import Consent
from tests.execution.factories import EventFactory, RegistrationFactory
from tests.plans.factories import ActivityFactory, StakeholderGroupFactory
from tests.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def event_fields(**overrides):
    start = timezone.now() + datetime.timedelta(days=5)
    data = {
        "title": "Primer Encuentro de Instancias",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=4),
        "modality": Modality.IN_PERSON,
        "place": "Institución Diego Echavarría Misas",
        "address": "Calle 36 # 50-30",
        "capacity": 80,
        "is_published": True,
    }
    data.update(overrides)
    return data


def test_create_event(entity):
    activity = ActivityFactory(entity=entity)
    event = event_create(entity=entity, activity=activity, **event_fields())
    assert event.pk and event.get_area_id() == activity.area_id


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": timezone.now() + datetime.timedelta(days=4)}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": -3}, "capacity"),
        ({"modality": Modality.VIRTUAL, "link": ""}, "link"),
        (
            {"modality": Modality.HYBRID, "link": "https://meet.example.com/x", "address": ""},
            "address",
        ),
        ({"modality": Modality.IN_PERSON, "address": ""}, "address"),
        (
            {
                "registration_opens_at": timezone.now() + datetime.timedelta(days=2),
                "registration_closes_at": timezone.now() + datetime.timedelta(days=1),
            },
            "registration_closes_at",
        ),
    ],
)
def test_create_event_bad_input_saves_nothing(entity, overrides, field):
    activity = ActivityFactory(entity=entity)
    with pytest.raises(ValidationError) as exc:
        event_create(entity=entity, activity=activity, **event_fields(**overrides))
    assert field in exc.value.message_dict
    assert not Event.objects.exists()


def test_create_event_refuses_activity_of_other_entity(entity, other_entity):
    activity = ActivityFactory(entity=other_entity)
    with pytest.raises(ValidationError):
        event_create(entity=entity, activity=activity, **event_fields())
    assert not Event.objects.exists()


def test_cancel_event_requires_reason(entity):
    event = EventFactory(entity=entity)
    with pytest.raises(ValidationError):
        event_cancel(event=event, reason="  ")
    event.refresh_from_db()
    assert not event.is_cancelled
    event_cancel(event=event, reason="Alerta por lluvias")
    event.refresh_from_db()
    assert event.is_cancelled


def test_cancel_event_emails_active_registrations(entity, django_capture_on_commit_callbacks):
    event = EventFactory(entity=entity)
    RegistrationFactory(entity=entity, event=event, email="a@example.com")
    RegistrationFactory(entity=entity, event=event, email="", phone="300")
    RegistrationFactory(
        entity=entity, event=event, email="gone@example.com", status=RegistrationStatus.CANCELLED
    )
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=event, reason="Alerta por lluvias")
    assert [m.to for m in mail.outbox] == [["a@example.com"]]
    assert "Alerta por lluvias" in mail.outbox[0].body


def reg(event, **kw):
    data = {"name": "Ana Pérez", "email": "ana@example.com", "consent_given": True}
    data.update(kw)
    return registration_create(event=event, **data)


def test_register_confirms_records_consent_and_emails_ics(
    entity, django_capture_on_commit_callbacks
):
    event = EventFactory(entity=entity)
    with django_capture_on_commit_callbacks(execute=True):
        registration = reg(event)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.consent.purpose == REGISTRATION_PURPOSE
    assert registration.sensitive_consent is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.com"]
    name, content, mimetype = message.attachments[0]
    assert name == "evento.ics" and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content
    token = re.search(r"/inscripcion/([^/]+)/cancelar/", message.body).group(1)
    assert registration_from_token(token) == registration


def test_register_requires_contact_and_consent(entity):
    event = EventFactory(entity=entity)
    with pytest.raises(ValidationError) as exc:
        reg(event, email="", phone="", consent_given=False)
    assert {"email", "consent"} <= set(exc.value.message_dict)
    assert not Registration.objects.exists()
    assert not Consent.objects.exists()


def test_register_phone_only_is_enough(entity):
    event = EventFactory(entity=entity)
    assert reg(event, email="", phone="3001234567").pk


def test_sensitive_data_stored_only_with_its_own_opt_in(entity):
    event = EventFactory(entity=entity)
    registration = reg(
        event,
        age_range="29-59",
        sex="mujer",
        ethnicity="afro",
        disability=True,
        sensitive_opt_ins={"ethnicity": True},
    )
    assert registration.ethnicity == "afro"
    assert registration.age_range == "" and registration.sex == ""
    assert registration.disability is None
    assert registration.sensitive_consent.sensitive is True


def test_duplicate_email_refused_politely(entity):
    event = EventFactory(entity=entity)
    reg(event)
    with pytest.raises(ValidationError) as exc:
        reg(event, email="ANA@example.com")
    assert "Ya hay una inscripción" in exc.value.message_dict["email"][0]
    assert Registration.objects.count() == 1


def test_same_email_can_register_again_after_cancelling(entity):
    event = EventFactory(entity=entity)
    first = reg(event)
    registration_cancel(registration=first)
    assert reg(event).status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(1, 3), (-3, -1)],
)
def test_registration_only_inside_window(entity, opens, closes):
    now = timezone.now()
    event = EventFactory(
        entity=entity,
        registration_opens_at=now + datetime.timedelta(days=opens),
        registration_closes_at=now + datetime.timedelta(days=closes),
    )
    with pytest.raises(ValidationError):
        reg(event)
    assert not Registration.objects.exists()


def test_unpublished_event_refuses_web_but_staff_can_register_from_paper(entity):
    event = EventFactory(entity=entity, is_published=False)
    with pytest.raises(ValidationError):
        reg(event)
    registration = reg(event, channel=RegistrationChannel.PAPER)
    assert registration.channel == RegistrationChannel.PAPER
    assert registration.consent.channel == "papel"


def test_foreign_group_or_territory_refused(entity, other_entity):
    event = EventFactory(entity=entity)
    with pytest.raises(ValidationError):
        reg(event, stakeholder_group=StakeholderGroupFactory(entity=other_entity))
    with pytest.raises(ValidationError):
        reg(event, territory=TerritoryFactory(entity=other_entity))
    assert not Registration.objects.exists()


def test_waitlist_and_promotion_oldest_first(entity, django_capture_on_commit_callbacks):
    event = EventFactory(entity=entity, capacity=2)
    a = reg(event, email="a@example.com")
    reg(event, email="b@example.com")
    c = reg(event, email="c@example.com")
    d = reg(event, email="d@example.com")
    assert c.status == d.status == RegistrationStatus.WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=a)
    c.refresh_from_db()
    d.refresh_from_db()
    assert c.status == RegistrationStatus.CONFIRMED and c.promoted_at
    assert d.status == RegistrationStatus.WAITLISTED
    assert [m.to for m in mail.outbox] == [["c@example.com"]]
    assert confirmed_count(event) == 2


def test_raising_capacity_promotes_waitlist(entity):
    event = EventFactory(entity=entity, capacity=1)
    reg(event, email="a@example.com")
    b = reg(event, email="b@example.com")
    event_update(event=event, capacity=2)
    b.refresh_from_db()
    assert b.status == RegistrationStatus.CONFIRMED


def test_lowering_capacity_below_confirmed_asks_what_to_do(entity):
    event = EventFactory(entity=entity, capacity=3)
    for letter in "abc":
        reg(event, email=f"{letter}@example.com")
    with pytest.raises(ValidationError) as exc:
        event_update(event=event, capacity=1, title="Cambiado")
    assert exc.value.message_dict["over_capacity"] == [
        "El nuevo cupo (1) deja 2 inscripciones confirmadas por encima del cupo. "
        "Elija qué hacer con ellas."
    ]
    event.refresh_from_db()
    assert event.capacity == 3 and event.title != "Cambiado"  # nothing stored
    assert confirmed_count(event) == 3
    with pytest.raises(ValidationError):
        event_update(event=event, capacity=1, over_capacity="borrarlas")


def test_lowering_capacity_keeping_everyone_confirmed(entity):
    event = EventFactory(entity=entity, capacity=3)
    for letter in "abc":
        reg(event, email=f"{letter}@example.com")
    event_update(event=event, capacity=1, over_capacity=OverCapacity.KEEP)
    event.refresh_from_db()
    assert event.capacity == 1 and confirmed_count(event) == 3
    # The new capacity rules the next registrations: the event is full.
    assert reg(event, email="d@example.com").status == RegistrationStatus.WAITLISTED
    # An unrelated edit later does not ask again.
    event_update(event=event, title="Otro título")


def test_lowering_capacity_moves_the_latest_to_the_waitlist(
    entity, django_capture_on_commit_callbacks
):
    event = EventFactory(entity=entity, capacity=4)
    a = reg(event, email="a@example.com")
    b = reg(event, email="b@example.com")
    c = reg(event, email="c@example.com")
    d = reg(event, email="d@example.com")
    waiting = reg(event, email="w@example.com")
    Registration.objects.filter(pk=d.pk).update(attended=True)  # already in the room
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_update(event=event, capacity=2, over_capacity=OverCapacity.WAITLIST)
    statuses = {
        r.email: r.status
        for r in Registration.objects.filter(pk__in=[a.pk, b.pk, c.pk, d.pk, waiting.pk])
    }
    assert statuses == {
        "a@example.com": RegistrationStatus.CONFIRMED,
        "b@example.com": RegistrationStatus.WAITLISTED,
        "c@example.com": RegistrationStatus.WAITLISTED,
        "d@example.com": RegistrationStatus.CONFIRMED,
        "w@example.com": RegistrationStatus.WAITLISTED,
    }
    assert confirmed_count(event) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["b@example.com", "c@example.com"]
    assert all("redujo el cupo" in m.body for m in mail.outbox)


def test_walk_in_is_never_waitlisted_even_when_full(entity):
    event = EventFactory(entity=entity, capacity=1)
    reg(event, email="a@example.com")
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    event.refresh_from_db()
    walk_in = reg(event, email="b@example.com", channel=RegistrationChannel.WALK_IN)
    assert walk_in.status == RegistrationStatus.CONFIRMED and walk_in.attended


def test_cancel_token_roundtrip_and_tamper(entity):
    registration = RegistrationFactory(entity=entity)
    token = cancel_token(registration)
    assert registration_from_token(token) == registration
    assert registration_from_token(token + "x") is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_capacity(entity):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    event = EventFactory(entity=entity, capacity=5)
    errors: list[Exception] = []
    barrier = threading.Barrier(20)

    def worker(i: int) -> None:
        try:
            barrier.wait()
            registration_create(
                event=event, name=f"P{i}", email=f"p{i}@example.com", consent_given=True
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 5
    assert statuses.count(RegistrationStatus.WAITLISTED) == 15
