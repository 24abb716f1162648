"""Convocations: who is convened, the contacts collected, sending by email in batches."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.execution.models import Convocation, ConvocationChannel, ConvocationStatus
from cabildo.execution.selectors.convocations import convocation_recipients, emails_in
from cabildo.execution.services.convocations import (
    convocation_deliver,
    convocation_save,
    convocation_send,
)
from cabildo.outbox.models import EmailStatus, OutboundEmail
from cabildo.plans.models import PlanStatus
from tests.bodies.factories import BodyMemberFactory, ParticipationBodyFactory
from tests.execution.factories import ConvocationFactory, EventFactory
from tests.plans.factories import ActivityFactory, StakeholderGroupFactory

pytestmark = pytest.mark.django_db


def convened(entity, *, members: int = 3):
    """A convocation of one group and one body (with members), some contacts shared."""
    group = StakeholderGroupFactory(
        entity=entity, organisation_contact="Asocomunal — asocomunal@correo.test, tel. 300"
    )
    body = ParticipationBodyFactory(entity=entity, public_contact="CONSEJO@correo.test")
    for _n in range(members):
        BodyMemberFactory(entity=entity, body=body)
    BodyMemberFactory(entity=entity, body=body, contact="asocomunal@correo.test")  # duplicate
    BodyMemberFactory(entity=entity, body=body, contact="3001234567")  # phone only: skipped
    BodyMemberFactory(entity=entity, body=body, contact="")
    BodyMemberFactory(entity=entity, body=body, is_vacant=True, name="", contact="x@correo.test")
    convocation = ConvocationFactory(entity=entity, other_reach=40)
    convocation.stakeholder_groups.set([group])
    convocation.bodies.set([body])
    return convocation


def test_emails_in_free_text():
    assert emails_in("Ana <ANA@Correo.test>; tel 300, b@x.co.") == [
        "ana@correo.test",
        "b@x.co",
    ]
    assert emails_in("") == []


def test_recipients_are_deduplicated_and_skip_empty_phone_and_vacant(entity):
    convocation = convened(entity, members=2)
    recipients = convocation_recipients(convocation=convocation)
    assert "asocomunal@correo.test" in recipients
    assert "consejo@correo.test" in recipients
    assert "x@correo.test" not in recipients
    assert len(recipients) == len(set(recipients)) == 4


def test_send_by_email_in_batches_updates_progress_and_reach(
    entity, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("cabildo.execution.services.convocations.CONVOCATION_BATCH_SIZE", 2)
    convocation = convened(entity, members=5)
    with django_capture_on_commit_callbacks(execute=True):
        convocation_send(convocation=convocation)
    convocation.refresh_from_db()
    assert convocation.status == ConvocationStatus.SENT
    assert convocation.recipients_total == 7
    assert convocation.recipients_sent == 7 and convocation.recipients_failed == 0
    assert convocation.reach == 7 + 40
    assert convocation.progress_percent == 100
    assert len(mail.outbox) == 7
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees the other addresses
    assert mail.outbox[0].subject == convocation.subject


def test_resending_is_refused(entity, django_capture_on_commit_callbacks):
    convocation = convened(entity)
    with django_capture_on_commit_callbacks(execute=True):
        convocation_send(convocation=convocation)
    sent = len(mail.outbox)
    with pytest.raises(ValidationError):
        convocation_send(convocation=convocation)
    assert len(mail.outbox) == sent
    # The task itself does nothing for a convocation already sent.
    assert convocation_deliver(convocation_id=convocation.pk) == 0


def test_failed_addresses_are_counted(entity, monkeypatch, django_capture_on_commit_callbacks):
    convocation = convened(entity, members=2)
    original = EmailMessage.send

    def flaky(self, fail_silently=False):
        if self.to[0] == "consejo@correo.test":
            raise OSError("buzón no disponible")
        return original(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        convocation_send(convocation=convocation)
    convocation.refresh_from_db()
    # Every address is queued in the outbox; the one whose mailbox fails is recorded there and
    # retried later, and does not stop the others.
    assert convocation.recipients_sent == convocation.recipients_total
    assert convocation.status == ConvocationStatus.SENT
    emails = OutboundEmail.objects.filter(template="execution.convocation")
    failing = emails.get(to="consejo@correo.test")
    assert failing.status == EmailStatus.QUEUED and "buzón no disponible" in failing.last_error
    assert failing.related == convocation
    assert {e.status for e in emails.exclude(pk=failing.pk)} == {EmailStatus.SENT}


def test_invalid_address_is_counted_as_failed(entity, django_capture_on_commit_callbacks):
    convocation = ConvocationFactory(entity=entity)
    Convocation.objects.filter(pk=convocation.pk).update(
        status=ConvocationStatus.SENDING,
        recipient_emails=["no es un correo", "consejo@correo.test"],
        recipients_total=2,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert convocation_deliver(convocation_id=convocation.pk) == 1
    convocation.refresh_from_db()
    assert convocation.recipients_failed == 1 and convocation.recipients_sent == 1
    assert list(OutboundEmail.objects.values_list("to", "status")) == [
        ("consejo@correo.test", EmailStatus.SENT)
    ]


def test_email_channel_without_contacts_is_refused(entity):
    convocation = ConvocationFactory(entity=entity)
    convocation.stakeholder_groups.set([StakeholderGroupFactory(entity=entity)])
    with pytest.raises(ValidationError, match="No hay correos de contacto"):
        convocation_send(convocation=convocation)
    convocation.refresh_from_db()
    assert convocation.status == ConvocationStatus.DRAFT and convocation.sent_at is None


def test_other_channels_are_registered_as_sent(entity):
    convocation = ConvocationFactory(
        entity=entity, channels=[ConvocationChannel.PRINTED], other_reach=200
    )
    convocation_send(convocation=convocation)
    convocation.refresh_from_db()
    assert convocation.status == ConvocationStatus.SENT
    assert convocation.reach == 200 and not mail.outbox


def test_save_rejects_event_of_another_activity(entity):
    activity = ActivityFactory(entity=entity)
    with pytest.raises(ValidationError) as exc:
        convocation_save(
            entity=entity,
            activity=activity,
            event=EventFactory(entity=entity),
            subject="Invitación",
            message="Venga",
            channels=[ConvocationChannel.EMAIL],
        )
    assert "event" in exc.value.message_dict
    assert not Convocation.objects.exists()


# Views -----------------------------------------------------------------------------------------


def test_create_and_send_through_the_pages(
    staff_client, entity, django_capture_on_commit_callbacks
):
    client = staff_client(Role.PARTICIPATION_LEAD)
    activity = ActivityFactory(entity=entity, version__status=PlanStatus.IN_EXECUTION)
    group = StakeholderGroupFactory(entity=entity, organisation_contact="jac@correo.test")
    data = {
        "activity": activity.pk,
        "stakeholder_groups": [group.pk],
        "channels": [ConvocationChannel.EMAIL, ConvocationChannel.SOCIAL_MEDIA],
        "subject": "Invitación al Primer Encuentro de Instancias",
        "message": "La Alcaldía le invita el 28 de noviembre.",
        "other_reach": "150",
    }
    bad = client.post(reverse("execution:convocation_create"), {**data, "channels": []})
    assert "Elija al menos un canal" in bad.content.decode()
    assert not Convocation.objects.exists()
    response = client.post(reverse("execution:convocation_create"), data)
    convocation = Convocation.objects.get()
    assert response["Location"] == reverse("execution:convocation_detail", args=[convocation.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "Se enviará a 1 correo de contacto." in detail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("execution:convocation_send", args=[convocation.pk]))
    convocation.refresh_from_db()
    assert convocation.status == ConvocationStatus.SENT
    assert convocation.reach == 151
    assert mail.outbox[0].to == ["jac@correo.test"]
    again = client.post(reverse("execution:convocation_send", args=[convocation.pk]), follow=True)
    assert "ya fue enviada" in again.content.decode()
    assert len(mail.outbox) == 1


def test_progress_partial_is_an_accessible_progress_bar(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    convocation = ConvocationFactory(
        entity=entity,
        status=ConvocationStatus.SENDING,
        recipients_total=200,
        recipients_sent=90,
        recipients_failed=10,
    )
    html = client.get(
        reverse("execution:convocation_progress", args=[convocation.pk])
    ).content.decode()
    assert 'role="progressbar"' in html
    assert 'aria-valuenow="50"' in html
    assert "50 %" in html
    assert "hx-trigger" in html  # keeps polling while sending
    assert "pct-50" in html


def test_liaison_cannot_convene_another_areas_activity(staff_client, entity):
    client = staff_client(Role.AREA_LIAISON)
    # In force, so that only the area (not the picker's plan filter) keeps it out.
    activity = ActivityFactory(entity=entity, version__status=PlanStatus.IN_EXECUTION)
    client.post(
        reverse("execution:convocation_create"),
        {
            "activity": activity.pk,
            "channels": [ConvocationChannel.PRINTED],
            "subject": "x",
            "message": "y",
            "other_reach": "3",
        },
    )
    assert not Convocation.objects.exists()


def test_convocation_list_constant_queries(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    ConvocationFactory.create_batch(5, entity=entity)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("execution:convocation_list")).status_code == 200
        return len(ctx)

    few = count()
    ConvocationFactory.create_batch(45, entity=entity, event=None)
    assert count() == few
