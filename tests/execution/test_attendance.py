from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.execution.models import Registration, RegistrationChannel, RegistrationStatus
from cabildo.execution.selectors.attendance import attendance_counts
from cabildo.execution.services.registrations import registration_check_in, registration_create
from tests.execution.factories import EventFactory, RegistrationFactory
from tests.plans.factories import ActivityFactory, StakeholderGroupFactory
from tests.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_check_in_and_undo(entity):
    registration = RegistrationFactory(
        entity=entity, event=EventFactory(entity=entity, started=True)
    )
    registration_check_in(registration=registration)
    registration.refresh_from_db()
    assert registration.attended and registration.checked_in_at
    registration_check_in(registration=registration, attended=False)
    registration.refresh_from_db()
    assert not registration.attended and registration.checked_in_at is None


def test_cancelled_registration_cannot_check_in(entity):
    registration = RegistrationFactory(entity=entity, status=RegistrationStatus.CANCELLED)
    with pytest.raises(ValidationError):
        registration_check_in(registration=registration)
    registration.refresh_from_db()
    assert not registration.attended


def test_walk_in_is_attending_and_ignores_full_capacity(entity, django_capture_on_commit_callbacks):
    event = EventFactory(entity=entity, capacity=1, is_published=False, started=True)
    RegistrationFactory(entity=entity, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        walk_in = registration_create(
            event=event,
            name="Rosa Elena Vélez",
            email="rosa@example.com",
            consent_given=True,
            channel=RegistrationChannel.WALK_IN,
        )
    assert walk_in.status == RegistrationStatus.CONFIRMED
    assert walk_in.attended
    assert mail.outbox == []


def test_attendance_counts_by_group_and_territory(entity):
    event = EventFactory(entity=entity)
    youth = StakeholderGroupFactory(entity=entity, name="Jóvenes")
    commune = TerritoryFactory(entity=entity, name="Comuna 1")
    RegistrationFactory.create_batch(
        2, entity=entity, event=event, stakeholder_group=youth, territory=commune, attended=True
    )
    RegistrationFactory(entity=entity, event=event, attended=True)
    RegistrationFactory(entity=entity, event=event, stakeholder_group=youth, attended=False)
    counts = attendance_counts(event=event)
    assert {(r["label"], r["total"]) for r in counts["by_group"]} == {("Jóvenes", 2), (None, 1)}
    assert {(r["label"], r["total"]) for r in counts["by_territory"]} == {
        ("Comuna 1", 2),
        (None, 1),
    }


def test_check_in_view(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    registration = RegistrationFactory(
        entity=entity, name="Nubia Arango", event=EventFactory(entity=entity, started=True)
    )
    url = reverse("execution:check_in", args=[registration.pk])
    response = client.post(url, {"attended": "1"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended
    page = client.get(reverse("execution:event_detail", args=[registration.event_id]))
    assert "Asistió" in page.content.decode()


def test_check_in_view_permissions(staff_client, entity, other_entity, area):
    own = RegistrationFactory(
        entity=entity,
        event=EventFactory(
            entity=entity, started=True, activity=ActivityFactory(entity=entity, area=area)
        ),
    )
    other_area = RegistrationFactory(entity=entity, event=EventFactory(entity=entity, started=True))
    foreign = RegistrationFactory(entity=other_entity)
    client = staff_client(Role.AREA_LIAISON, area=area)
    assert (
        client.post(reverse("execution:check_in", args=[own.pk]), {"attended": "1"}).status_code
        == 302
    )
    assert (
        client.post(
            reverse("execution:check_in", args=[other_area.pk]), {"attended": "1"}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("execution:check_in", args=[foreign.pk]), {"attended": "1"}).status_code
        == 404
    )
    assert list(Registration.objects.filter(attended=True)) == [own]


def test_staff_walk_in_view(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=entity, started=True)
    response = client.post(
        reverse("execution:staff_register", args=[event.pk]),
        {
            "name": "Pedro Nel Gil",
            "phone": "3005556677",
            "consent": "on",
            "channel": "sin_inscripcion",
        },
    )
    assert response.status_code == 302
    assert Registration.objects.get().attended


def test_no_attendance_before_the_event_starts(entity, staff_client):
    """Attendance is a fact: nobody attends an event that has not begun, walk-ins included."""
    event = EventFactory(entity=entity)  # in ten days
    registration = RegistrationFactory(entity=entity, event=event)
    with pytest.raises(ValidationError, match="todavía no ha empezado"):
        registration_check_in(registration=registration)
    registration.refresh_from_db()
    assert not registration.attended and registration.checked_in_at is None
    with pytest.raises(ValidationError, match="todavía no ha empezado"):
        registration_create(
            event=event,
            name="Pedro Nel Gil",
            phone="3005556677",
            consent_given=True,
            channel=RegistrationChannel.WALK_IN,
        )
    assert event.registrations.count() == 1
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.post(reverse("execution:check_in", args=[registration.pk]), {"attended": "1"})
    registration.refresh_from_db()
    assert not registration.attended
    # Unmarking is always possible (a mistake is corrected whatever the date).
    registration_check_in(registration=registration, attended=False)
    assert response.status_code in (200, 302)


def test_walk_in_is_never_waitlisted_even_when_full(entity):
    event = EventFactory(entity=entity, capacity=1, started=True)
    RegistrationFactory(entity=entity, event=event)
    walk_in = registration_create(
        event=event,
        name="Rosa Elena Vélez",
        phone="3001112233",
        consent_given=True,
        channel=RegistrationChannel.WALK_IN,
    )
    assert walk_in.status == RegistrationStatus.CONFIRMED and walk_in.attended
