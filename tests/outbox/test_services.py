"""The outbox against a real SMTP server: sent after commit, failures recorded and retried."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cabildo.outbox import services, tasks
from cabildo.outbox.models import EmailStatus, OutboundEmail
from cabildo.outbox.services import MailAttachment, backoff, email_queue, emails_send_due
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def queue(entity, **overrides):
    fields = {
        "entity": entity,
        "to": "ciudadana@example.com",
        "subject": "Constancia\nde radicación",
        "body": "Su petición quedó radicada.",
        "template": "test.message",
    }
    fields.update(overrides)
    return email_queue(**fields)


def test_backoff_grows_and_is_capped():
    assert backoff(1) == timedelta(minutes=1)
    assert backoff(2) == timedelta(minutes=4)
    assert backoff(3) == timedelta(minutes=16)
    assert backoff(30) == services.BACKOFF_MAX


def test_queued_message_is_sent_after_commit_with_its_attachment(
    entity, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(
            entity,
            related=entity,
            attachments=[MailAttachment("constancia.pdf", b"%PDF-1.4 test", "application/pdf")],
        )
        assert smtp_server.messages == []  # nothing leaves before the commit
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.attempts == 1 and email.sent_at
    assert email.related == entity
    (message,) = smtp_server.messages
    assert message["To"] == "ciudadana@example.com"
    assert message["Subject"] == "Constancia de radicación"  # no header injection by newlines
    assert message["X-Cabildo-Template"] == "test.message"
    parts = {part.get_filename(): part for part in message.walk() if part.get_filename()}
    assert parts["constancia.pdf"].get_payload(decode=True) == b"%PDF-1.4 test"


def test_rolled_back_change_sends_nothing(entity, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                queue(entity)
                raise RuntimeError("the change fails")
        except RuntimeError:
            pass
    assert callbacks == [] and OutboundEmail.objects.count() == 0
    assert smtp_server.messages == []


def test_refusing_server_is_recorded_then_retried_with_backoff(
    entity, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.refuse = True
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(entity)  # does not raise: the failure is recorded
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED and email.attempts == 1
    assert "554" in email.last_error and email.sent_at is None
    first_failure = email.next_attempt_at
    assert first_failure > timezone.now() + timedelta(seconds=50)

    assert emails_send_due() == 0  # not due yet: nothing is attempted
    email.refresh_from_db()
    assert email.attempts == 1

    smtp_server.refuse = False
    assert emails_send_due(now=first_failure + timedelta(seconds=1)) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.attempts == 2
    assert len(smtp_server.messages) == 1


def test_server_down_then_back(entity, smtp_server, django_capture_on_commit_callbacks):
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(entity)
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED and email.last_error
    smtp_server.start()
    assert emails_send_due(now=timezone.now() + timedelta(minutes=2)) == 1
    assert len(smtp_server.messages) == 1


def test_after_the_last_attempt_it_is_failed_and_staff_can_retry(
    entity, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.refuse = True
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(entity)
    now = timezone.now()
    for _ in range(services.MAX_ATTEMPTS - 1):
        now += services.BACKOFF_MAX
        emails_send_due(now=now)
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED and email.attempts == services.MAX_ATTEMPTS
    assert emails_send_due(now=now + timedelta(days=5)) == 0  # no more automatic attempts

    smtp_server.refuse = False
    with django_capture_on_commit_callbacks(execute=True):
        services.email_retry(email=email)
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and len(smtp_server.messages) == 1
    with pytest.raises(ValidationError, match="ya fue enviado"):
        services.email_retry(email=email)


def test_broker_down_leaves_it_queued_for_the_periodic_job(
    entity, smtp_server, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("redis unreachable")

    monkeypatch.setattr(tasks.send, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(entity)
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED and email.attempts == 0
    assert tasks.send_due.delay().get() == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_message_claimed_by_a_dead_worker_is_released(entity, smtp_server):
    email = queue(entity)  # no commit: still queued
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert emails_send_due() == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_sent_message_is_not_sent_twice(entity, smtp_server):
    email = queue(entity)
    assert services.email_send(email_id=email.pk) is True
    assert services.email_send(email_id=email.pk) is False
    assert emails_send_due() == 0
    assert len(smtp_server.messages) == 1


def test_bad_address_queues_nothing(entity):
    with pytest.raises(ValidationError):
        queue(entity, to="no-es-un-correo")
    assert OutboundEmail.objects.count() == 0


def test_related_object_of_another_entity_is_refused(entity, other_entity):
    with pytest.raises(ValidationError):
        queue(entity, related=AreaFactory(entity=other_entity))
    assert OutboundEmail.objects.count() == 0
