"""More than five attachments is a clean error on every channel (web form, staff intake, API,
the answer); after an error the form says plainly that the files must be chosen again."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.pqrs.models import Attachment, Petition, Status
from cabildo.pqrs.services.attachments import MAX_ATTACHMENTS, attachments_check
from cabildo.privacy.models import Consent
from tests.pqrs.factories import file_petition
from tests.pqrs.test_api import payload
from tests.pqrs.test_views import form_data

pytestmark = pytest.mark.django_db

SIX = MAX_ATTACHMENTS + 1
TOO_MANY = "Puede adjuntar como máximo 5 archivos"
CHOOSE_AGAIN = "vuelva a elegirlos antes de enviar"


def pdfs(n: int) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(f"anexo{i}.pdf", b"%PDF-1.4 anexo") for i in range(n)]


def test_service_raises_a_field_error(entity):
    with pytest.raises(ValidationError) as info:
        attachments_check(pdfs(SIX))
    assert TOO_MANY in info.value.message_dict["attachments"][0]
    with pytest.raises(ValidationError) as info:
        file_petition(entity, attachments=pdfs(SIX))
    assert "attachments" in info.value.message_dict
    assert Petition.objects.count() == 0


def test_public_form_with_six_files_is_a_form_error(public_client, entity):
    client = public_client(entity)
    response = client.post(reverse("pqrs:file"), form_data(entity, attachments=pdfs(SIX)))
    assert response.status_code == 200
    html = response.content.decode()
    assert TOO_MANY in html and CHOOSE_AGAIN in html
    assert Petition.objects.count() == 0 and Attachment.objects.count() == 0


def test_five_files_are_accepted(public_client, entity):
    client = public_client(entity)
    response = client.post(reverse("pqrs:file"), form_data(entity, attachments=pdfs(5)))
    assert response.status_code == 302
    assert Petition.objects.get().attachments.count() == 5


def test_other_error_says_the_files_must_be_chosen_again(public_client, entity):
    client = public_client(entity)
    data = form_data(entity, subject="", attachments=pdfs(2))
    response = client.post(reverse("pqrs:file"), data)
    assert response.status_code == 200
    assert CHOOSE_AGAIN in response.content.decode()
    assert Petition.objects.count() == 0 and Consent.objects.count() == 0
    without_files = client.post(reverse("pqrs:file"), form_data(entity, subject=""))
    assert CHOOSE_AGAIN not in without_files.content.decode()


def test_staff_intake_with_six_files_is_a_form_error(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    data = form_data(entity, channel="presencial", attachments=pdfs(SIX))
    response = client.post(reverse("pqrs:staff_file"), data)
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert Petition.objects.count() == 0


def test_api_with_six_files_is_400(public_client, entity):
    client = public_client(entity)
    content = base64.b64encode(b"%PDF-1.4 anexo").decode()
    files = [{"name": f"a{i}.pdf", "content_base64": content} for i in range(SIX)]
    response = client.post(
        "/api/v1/pqrs/", payload(attachments=files), content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert TOO_MANY in response.json()["errors"]["attachments"][0]
    assert Petition.objects.count() == 0 and Consent.objects.count() == 0


def test_answer_with_six_files_changes_nothing(staff_client, entity):
    petition = file_petition(entity).petition
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    response = client.post(
        reverse("pqrs:answer", args=[petition.pk]),
        {"answer-text": "Respuesta", "answer-channel": "web", "answer-attachments": pdfs(SIX)},
        follow=True,
    )
    html = response.content.decode()
    assert TOO_MANY in html and CHOOSE_AGAIN in html
    petition.refresh_from_db()
    assert petition.status == Status.FILED and petition.attachments.count() == 0
