"""The citizen answers a completion request from the tracking page (art. 17): text and
documents with the filing's checks; the term resumes that day; the official is told."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.outbox.models import OutboundEmail
from cabildo.pqrs.models import Attachment
from cabildo.pqrs.services.completion import petition_request_completion
from cabildo.workdays.calendar import calendar_for
from tests.pqrs.factories import file_petition
from tests.pqrs.test_attachments import pdfs
from tests.pqrs.test_notifications import citizen
from tests.pqrs.test_views import _clear_cache  # noqa: F401 (autouse)

pytestmark = pytest.mark.django_db

CHOOSE_AGAIN = "vuelva a elegirlos antes de enviar"


@pytest.fixture
def asked(entity, make_member):
    """A petition whose citizen was asked to complete it, and the lead who will be told."""
    lead = make_member(Role.PARTICIPATION_LEAD, entity, email="lider@entidad.test")
    result = file_petition(
        entity, requester=citizen("ana@example.com"), consent_given=True, anonymous=False
    )
    petition_request_completion(petition=result.petition, missing="Copia del recibo")
    result.petition.refresh_from_db()
    return result, lead


def track(client, result):
    return client.post(
        reverse("pqrs:track"),
        {"filing_number": result.petition.filing_number, "code": result.tracking_code},
    )


def test_citizen_completes_from_the_tracking_page(
    public_client, entity, asked, django_capture_on_commit_callbacks
):
    result, lead = asked
    petition = result.petition
    assert petition.is_paused
    client = public_client(entity)
    page = track(client, result).content.decode()
    assert "La entidad le pidió completar su petición" in page and "Copia del recibo" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pqrs:track_complete"),
            {
                "completar-text": "Adjunto el recibo de marzo.",
                "completar-attachments": [SimpleUploadedFile("recibo.pdf", b"%PDF-1.4 r")],
            },
        )
    assert response.status_code == 302
    after = client.get(response["Location"]).content.decode()
    assert "Recibimos la información" in after and petition.filing_number in after
    assert "La entidad le pidió completar" not in after
    petition.refresh_from_db()
    today = timezone.localdate()
    assert not petition.is_paused and petition.term_start == today
    assert petition.due_date == calendar_for(entity).add_business_days(today, petition.term_days)
    attachment = Attachment.objects.get(petition=petition)
    assert attachment.original_name == "recibo.pdf" and not attachment.is_answer
    told = OutboundEmail.objects.get(template="pqrs.completed_by_citizen")
    assert told.to == lead.email and told.related == petition
    assert "Adjunto el recibo de marzo." in told.body
    assert f"/{entity.slug}/" in told.body and told.body.count("://") == 1


def test_without_looking_it_up_first_nothing_changes(public_client, entity, asked):
    result, _lead = asked
    client = public_client(entity)
    response = client.post(reverse("pqrs:track_complete"), {"completar-text": "Hola"})
    assert response.status_code == 302
    result.petition.refresh_from_db()
    assert result.petition.is_paused


@pytest.mark.parametrize(
    ("files", "text", "message"),
    [
        (lambda: pdfs(6), "Aquí está", "Puede adjuntar como máximo 5 archivos"),
        (
            lambda: [SimpleUploadedFile("x.pdf", b"MZ\x90\x00binary")],
            "Aquí está",
            "no es de un tipo permitido",
        ),
        (lambda: pdfs(1), "", "Este campo es requerido"),
    ],
)
def test_bad_reply_changes_nothing(public_client, entity, asked, files, text, message):
    result, _lead = asked
    client = public_client(entity)
    track(client, result)
    response = client.post(
        reverse("pqrs:track_complete"),
        {"completar-text": text, "completar-attachments": files()},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and CHOOSE_AGAIN in html
    result.petition.refresh_from_db()
    assert result.petition.is_paused
    assert (
        Attachment.objects.count() == 0
        and OutboundEmail.objects.filter(template="pqrs.completed_by_citizen").count() == 0
    )
