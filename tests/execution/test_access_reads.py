"""Staff reads of an event's registrant list (names, emails, phones, attendance) are in the
access log (issue 21); a page without the list, or refused, writes nothing."""

import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.audit.models import AccessAction, AccessLog
from tests.execution.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _reads(event):
    return AccessLog.objects.filter(
        action=AccessAction.PERSONAL_DATA_VIEW, target_id=str(event.pk)
    ).select_related("user")


def test_the_registrant_list_is_logged(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=entity)
    RegistrationFactory.create_batch(3, entity=entity, event=event)
    response = client.get(reverse("execution:event_detail", args=[event.pk]))
    assert response.status_code == 200
    read = _reads(event).get()
    assert read.user == client.user and read.entity == entity
    assert "lista de inscritos (3)" in read.detail
    assert read.ip == "127.0.0.1"


def test_an_event_without_registrants_logs_nothing(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=entity)
    assert client.get(reverse("execution:event_detail", args=[event.pk])).status_code == 200
    assert not _reads(event).exists()


def test_a_refused_read_is_not_logged(staff_client, entity, other_entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    foreign = EventFactory(entity=other_entity)
    RegistrationFactory(entity=other_entity, event=foreign)
    response = client.get(reverse("execution:event_detail", args=[foreign.pk]))
    assert response.status_code == 404
    assert not _reads(foreign).exists()
