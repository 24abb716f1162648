"""PQRSD notifications go through the outbox: a mail server that is down or refuses never
fails a filing, the message is sent later, and staff see (and retry) it on the petition."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.outbox.models import EmailStatus, OutboundEmail
from cabildo.outbox.services import emails_send_due
from cabildo.pqrs.models import Petition
from cabildo.pqrs.services.filing import Requester
from tests.pqrs.factories import file_petition, kind_for
from tests.pqrs.test_api import payload

pytestmark = pytest.mark.django_db


def citizen(email: str) -> Requester:
    return Requester(name="Ana Ruiz", document_type="CC", document_number="43111222", email=email)


CITIZEN = {
    "kind": None,
    "subject": "Alumbrado dañado",
    "description": "La luminaria de la calle 5 no enciende.",
    "requester_name": "Luis Gómez",
    "requester_document_type": "CC",
    "requester_document_number": "71000111",
    "requester_email": "luis@example.com",
    "consent": "on",
}


def test_filing_with_smtp_down_shows_the_code_and_sends_later(
    public_client, entity, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.stop()
    client = public_client(entity)
    data = {**CITIZEN, "kind": kind_for(entity, "queja").pk}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pqrs:file"), data)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    petition = Petition.objects.get(entity=entity)
    html = page.content.decode()
    assert petition.filing_number in html
    email = OutboundEmail.objects.get(template="pqrs.acknowledgement")
    assert email.status == EmailStatus.QUEUED and email.last_error and email.related == petition
    assert smtp_server.messages == []

    smtp_server.start()
    assert emails_send_due(now=timezone.now() + timedelta(minutes=2)) == 1
    (message,) = smtp_server.messages
    assert message["To"] == "luis@example.com"
    assert petition.filing_number in message["Subject"]
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_api_filing_with_refusing_smtp_answers_201_with_the_code(
    public_client, entity, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.refuse = True
    client = public_client(entity)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/pqrs/", payload(), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["tracking_code"]
    email = OutboundEmail.objects.get(template="pqrs.acknowledgement")
    assert email.status == EmailStatus.QUEUED and "554" in email.last_error


def test_staff_see_the_notifications_and_retry_a_failed_one(
    staff_client, entity, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.refuse = True
    with django_capture_on_commit_callbacks(execute=True):
        result = file_petition(
            entity, requester=citizen("ana@example.com"), consent_given=True, anonymous=False
        )
    petition = result.petition
    email = OutboundEmail.objects.get(object_id=petition.pk)
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    html = client.get(reverse("pqrs:staff_detail", args=[petition.pk])).content.decode()
    assert "Notificaciones por correo" in html
    assert "En cola" in html and "554" in html and "Reintentar ahora" in html

    smtp_server.refuse = False
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pqrs:retry_notification", args=[petition.pk]), {"email": email.pk}
        )
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and len(smtp_server.messages) == 1
    html = client.get(reverse("pqrs:staff_detail", args=[petition.pk])).content.decode()
    assert "Enviado" in html and "Reintentar ahora" not in html


def test_retry_of_another_petitions_notification_changes_nothing(
    staff_client, entity, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = file_petition(
            entity, requester=citizen("ana@example.com"), consent_given=True, anonymous=False
        )
        second = file_petition(
            entity, requester=citizen("bea@example.com"), consent_given=True, anonymous=False
        )
    other = OutboundEmail.objects.get(object_id=second.petition.pk)
    OutboundEmail.objects.filter(pk=other.pk).update(status=EmailStatus.FAILED)
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    response = client.post(
        reverse("pqrs:retry_notification", args=[first.petition.pk]),
        {"email": other.pk},
        follow=True,
    )
    assert "no pertenece a esta petición" in response.content.decode()
    other.refresh_from_db()
    assert other.status == EmailStatus.FAILED
