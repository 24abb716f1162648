"""PQRSD API: public filing and tracking, staff list and detail, Spanish errors."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from cabildo.accounts.models import Role
from cabildo.pqrs.models import Attachment, Petition
from cabildo.pqrs.services.answers import petition_answer
from cabildo.pqrs.services.attachments import MAX_ATTACHMENT_SIZE
from cabildo.privacy.models import Consent
from tests.pqrs.factories import PetitionFactory, file_petition

pytestmark = pytest.mark.django_db

URL = "/api/v1/pqrs/"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(entity):
    client = APIClient()
    client.defaults["HTTP_X_FORWARDED_FOR"] = ""
    client.get(f"/?entidad={entity.slug}")
    return client


def payload(**overrides):
    data = {
        "kind": "peticion_general",
        "subject": "Información del subsidio de vivienda",
        "description": "Quiero saber los requisitos.",
        "anonymous": False,
        "requester": {
            "name": "Rosa Díaz",
            "document_type": "CC",
            "document": "43000111",
            "email": "rosa@example.com",
        },
        "consent": True,
    }
    data.update(overrides)
    return data


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


def test_public_post_creates_petition(api, entity):
    response = api.post(URL, payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) >= {"filing_number", "tracking_code", "filed_at", "due_date", "status"}
    petition = Petition.objects.get(entity=entity)
    assert petition.filing_number == body["filing_number"]
    assert petition.consent.channel == "api"
    assert body["status"] == "radicada"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"consent": False}, "consent"),
        ({"kind": "no-existe"}, "kind"),
        ({"attachments": [{"name": "a.exe", "content_base64": b64(b"MZ\x90\x00")}]}, "attachments"),
        (
            {
                "attachments": [
                    {
                        "name": "g.txt",
                        "content_base64": b64(b"a" * (MAX_ATTACHMENT_SIZE + 1)),
                    }
                ]
            },
            "attachments",
        ),
        ({"channel": "presencial"}, "channel"),
        ({"subject": ""}, "subject"),
        ({"description": "x" * 5001}, "description"),  # the form's limit
        ({"description": "x" * 1_000_000}, "description"),
        ({"is_priority": True, "priority_reason": "x" * 301}, "priority_reason"),
    ],
)
def test_bad_input_is_400_in_spanish_and_stores_nothing(api, overrides, field):
    response = api.post(URL, payload(**overrides), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Los datos enviados no son válidos."
    assert field in body["errors"]
    assert Petition.objects.count() == 0
    assert Consent.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_staff_may_set_channel_and_filed_at_but_not_in_future(api, entity, make_member):
    user = make_member(Role.PARTICIPATION_LEAD, entity)
    api.force_authenticate(user)
    future = (timezone.now() + timedelta(days=1)).isoformat()
    response = api.post(URL, payload(channel="verbal", filed_at=future), format="json")
    assert response.status_code == 400
    assert "futuro" in response.json()["errors"]["filed_at"][0]
    assert Petition.objects.count() == 0
    past = (timezone.now() - timedelta(days=1)).isoformat()
    response = api.post(URL, payload(channel="verbal", filed_at=past), format="json")
    assert response.status_code == 201
    assert Petition.objects.get().channel == "verbal"


def test_anonymous_api_petition_with_attachment(api, entity):
    response = api.post(
        URL,
        payload(
            anonymous=True,
            requester=None,
            consent=False,
            attachments=[{"name": "c.pdf", "content_base64": b64(b"%PDF-1.4 test")}],
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    petition = Petition.objects.get()
    assert petition.attachments.get().content_type == "application/pdf"


def test_tracking(api, entity):
    result = file_petition(entity)
    petition_answer(petition=result.petition, text="Respuesta pública", channel="web")
    number = result.petition.filing_number
    ok = api.get(f"{URL}{number}/", HTTP_X_TRACKING_CODE=result.tracking_code)
    assert ok.status_code == 200
    body = ok.json()
    assert body["answer"]["text"] == "Respuesta pública"
    assert body["deadline_status"]["label"] == "Respondida a tiempo"
    assert "requester_name" not in body
    posted = api.post(f"{URL}{number}/", {"code": result.tracking_code}, format="json")
    assert posted.status_code == 200 and posted.json() == body
    wrong = api.get(f"{URL}{number}/", HTTP_X_TRACKING_CODE="NOPE")
    unknown = api.get(f"{URL}2026-999999/", HTTP_X_TRACKING_CODE="NOPE")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    for _ in range(3):
        api.get(f"{URL}x/", HTTP_X_TRACKING_CODE="y")
    assert api.get(f"{URL}{number}/", HTTP_X_TRACKING_CODE=result.tracking_code).status_code == 429


def test_tracking_code_never_in_the_query_string(api, entity):
    result = file_petition(entity)
    number = result.petition.filing_number
    response = api.get(f"{URL}{number}/", {"code": result.tracking_code})
    assert response.status_code == 400
    assert "X-Tracking-Code" in response.json()["errors"]["code"][0]
    assert api.post(f"{URL}{number}/", {}, format="json").status_code == 400


def test_staff_list_and_detail(api, entity, other_entity, make_member, area):
    mine = PetitionFactory(entity=entity, area=area, subject="Huecos en la vía")
    PetitionFactory(entity=entity, subject="Parque")
    foreign = PetitionFactory(entity=other_entity)
    assert api.get(f"{URL}gestion/").status_code == 403
    api.force_authenticate(make_member(Role.VIEWER, entity))
    response = api.get(f"{URL}gestion/", {"area": area.pk})
    assert response.status_code == 200
    numbers = [r["filing_number"] for r in response.json()["results"]]
    assert numbers == [mine.filing_number]
    assert response.json()["results"][0]["deadline_status"]["label"]
    bad = api.get(f"{URL}gestion/", {"date_from": "ayer"})
    assert bad.status_code == 400 and "date_from" in bad.json()["errors"]
    assert api.get(f"{URL}gestion/{mine.pk}/").status_code == 200
    assert api.get(f"{URL}gestion/{foreign.pk}/").status_code == 404


def test_schema_documents_pqrs(api):
    response = api.get("/api/v1/schema/")
    text = response.content.decode()
    assert "/api/v1/pqrs/" in text and "pqrs_track" in text


def test_staff_list_constant_queries(api, entity, make_member, area):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.force_authenticate(make_member(Role.PARTICIPATION_LEAD, entity))
    PetitionFactory.create_batch(5, entity=entity, area=area)
    api.get(f"{URL}gestion/")
    with CaptureQueriesContext(connection) as few:
        assert len(api.get(f"{URL}gestion/").json()["results"]) == 5
    PetitionFactory.create_batch(45, entity=entity, area=area)
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(f"{URL}gestion/").json()["results"]) == 50
    assert len(few) == len(many)


def test_staff_list_sorted_by_due_date(api, entity, make_member):
    today = timezone.localdate()
    for days in (9, 2, 5, None, 1, 7):
        PetitionFactory(
            entity=entity, due_date=None if days is None else today + timedelta(days=days)
        )
    api.force_authenticate(make_member(Role.VIEWER, entity))
    bad = api.get(f"{URL}gestion/", {"order": "asunto"})
    assert bad.status_code == 400 and "order" in bad.json()["errors"]
    body = api.get(f"{URL}gestion/", {"order": "vencimiento"}).json()
    dues = [row["due_date"] for row in body["results"]]
    assert dues == [str(today + timedelta(days=d)) for d in (1, 2, 5, 7, 9)] + [None]
    newest_first = api.get(f"{URL}gestion/").json()["results"]
    assert [row["due_date"] for row in newest_first] != dues
