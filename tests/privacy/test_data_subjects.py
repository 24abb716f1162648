"""Data-subject requests: search across modules, export, rectification and anonymization
(rows and their history), each logged; refusals change nothing."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse_lazy
from openpyxl import load_workbook

from cabildo.accounts.models import Role
from cabildo.audit.models import AccessAction, AccessLog
from cabildo.execution.models import Registration
from cabildo.pqrs.models import Petition
from cabildo.privacy.models import Consent
from tests.execution.factories import EventFactory
from tests.pqrs.factories import file_petition

pytestmark = pytest.mark.django_db

URL = reverse_lazy("privacy:data_subjects")
EMAIL = "marta.rios@correo.test"


@pytest.fixture
def person(entity, other_entity):
    from cabildo.pqrs.services.filing import Requester

    petition = file_petition(
        entity,
        anonymous=False,
        consent_given=True,
        requester=Requester(
            name="Marta Ríos",
            document_type="CC",
            document_number="43111222",
            email=EMAIL,
            phone="3001234567",
            address="Calle 1 # 2-3",
        ),
    ).petition
    registration = Registration.objects.create(
        entity=entity, event=EventFactory(entity=entity), name="Marta Ríos", email=EMAIL
    )
    # Same person in another entity: never found from this one.
    file_petition(
        other_entity,
        anonymous=False,
        consent_given=True,
        requester=Requester(name="Marta Ríos", email=EMAIL),
    )
    return petition, registration


def privacy_logs():
    actions = [
        AccessAction.DATA_SUBJECT_REQUEST,
        AccessAction.PERSONAL_DATA_EXPORT,
        AccessAction.ANONYMIZATION,
    ]
    return list(AccessLog.objects.filter(action__in=actions))


def admin(staff_client, entity):
    return staff_client(Role.ENTITY_ADMIN, entity=entity)


def keys(response):
    return [row["key"] for h in response.context["holdings"] for row in h.display()]


def test_search_finds_rows_across_modules_and_logs(staff_client, entity, person):
    client = admin(staff_client, entity)
    response = client.post(URL, {"email": EMAIL, "accion": "buscar"})
    assert response.status_code == 200
    labels = {h.source.key for h in response.context["holdings"]}
    assert {"pqrs.petition", "execution.registration", "privacy.consent"} <= labels
    petition_rows = [h for h in response.context["holdings"] if h.source.key == "pqrs.petition"]
    assert [r.pk for r in petition_rows[0].rows] == [person[0].pk]  # not the other entity's
    log = AccessLog.objects.get(action=AccessAction.DATA_SUBJECT_REQUEST)
    assert EMAIL not in log.detail  # identifiers are masked in the log


def test_search_by_document_and_phone(staff_client, entity, person):
    client = admin(staff_client, entity)
    by_doc = client.post(URL, {"document": "43111222"})
    assert keys(by_doc) == [f"pqrs.petition:{person[0].pk}"]
    by_phone = client.post(URL, {"phone": "3001234567"})
    assert keys(by_phone) == [f"pqrs.petition:{person[0].pk}"]


def test_empty_search_is_refused(staff_client, entity, person):
    response = admin(staff_client, entity).post(URL, {"accion": "buscar"})
    assert response.status_code == 400
    assert "al menos un dato" in response.content.decode()
    assert not privacy_logs()


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_export_everything_held(staff_client, entity, person, fmt):
    client = admin(staff_client, entity)
    rows = keys(client.post(URL, {"email": EMAIL}))
    response = client.post(
        URL,
        {"email": EMAIL, "accion": "exportar", "fmt": fmt, "rows": rows, "reference": "R-1"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    if fmt == "json":
        data = json.loads(response.content)
        text = json.dumps(data, ensure_ascii=False)
        assert "43111222" in text and "Calle 1 # 2-3" in text
        assert {s["fuente"] for s in data["fuentes"]} >= {"pqrs.petition", "execution.registration"}
    else:
        workbook = load_workbook(io.BytesIO(response.content))
        values = {str(c.value) for ws in workbook for row in ws.iter_rows() for c in row}
        assert EMAIL in values and "43111222" in values
    log = AccessLog.objects.get(action=AccessAction.PERSONAL_DATA_EXPORT)
    assert "R-1" in log.detail


def test_rectification_updates_selected_rows_only(staff_client, entity, person):
    petition, registration = person
    client = admin(staff_client, entity)
    response = client.post(
        URL,
        {
            "email": EMAIL,
            "accion": "rectificar",
            "rows": [f"pqrs.petition:{petition.pk}"],
            "new_phone": "3109998877",
            "new_email": "marta.nueva@correo.test",
        },
    )
    assert response.status_code == 200
    petition.refresh_from_db()
    registration.refresh_from_db()
    assert petition.requester_phone == "3109998877"
    assert petition.requester_email == "marta.nueva@correo.test"
    assert registration.email == EMAIL
    assert AccessLog.objects.filter(action=AccessAction.DATA_SUBJECT_REQUEST).exists()


def test_rectification_with_bad_email_changes_nothing(staff_client, entity, person):
    petition, _registration = person
    response = admin(staff_client, entity).post(
        URL,
        {
            "email": EMAIL,
            "accion": "rectificar",
            "rows": [f"pqrs.petition:{petition.pk}"],
            "new_email": "no-es-un-correo",
        },
    )
    assert response.status_code == 400
    petition.refresh_from_db()
    assert petition.requester_email == EMAIL
    assert not privacy_logs()


def test_rows_outside_the_search_are_ignored(staff_client, entity, person, other_entity):
    foreign = Petition.objects.get(entity=other_entity)
    response = admin(staff_client, entity).post(
        URL,
        {
            "email": EMAIL,
            "accion": "anonimizar",
            "confirm": "on",
            "rows": [f"pqrs.petition:{foreign.pk}"],
        },
    )
    assert response.status_code == 400
    foreign.refresh_from_db()
    assert foreign.requester_name == "Marta Ríos"


def test_anonymization_needs_confirmation(staff_client, entity, person):
    petition, _registration = person
    response = admin(staff_client, entity).post(
        URL, {"email": EMAIL, "accion": "anonimizar", "rows": [f"pqrs.petition:{petition.pk}"]}
    )
    assert response.status_code == 400
    petition.refresh_from_db()
    assert petition.requester_name == "Marta Ríos"


def test_anonymization_keeps_rows_and_scrubs_history(staff_client, entity, person):
    petition, registration = person
    client = admin(staff_client, entity)
    rows = keys(client.post(URL, {"email": EMAIL}))
    total_before = Petition.objects.count(), Registration.objects.count()
    response = client.post(
        URL, {"email": EMAIL, "accion": "anonimizar", "confirm": "on", "rows": rows}
    )
    assert response.status_code == 200
    assert (Petition.objects.count(), Registration.objects.count()) == total_before
    petition.refresh_from_db()
    registration.refresh_from_db()
    assert petition.requester_name == "Anónimo"
    assert petition.requester_email == petition.requester_phone == ""
    assert petition.requester_document_number == petition.requester_address == ""
    assert petition.kind_id and petition.subject  # statistics stay
    assert registration.name == "Anónimo" and registration.email == ""
    for record in petition.history.all():
        assert record.requester_email == "" and record.requester_name == "Anónimo"
    for record in registration.history.all():
        assert record.email == ""
    consent = Consent.objects.get(pk=petition.consent_id)
    assert consent.subject_email == "" and consent.revoked_at is not None
    assert AccessLog.objects.filter(action=AccessAction.ANONYMIZATION).count() == 1
    assert keys(client.post(URL, {"email": EMAIL})) == []


@pytest.mark.parametrize("role", [Role.PARTICIPATION_LEAD, Role.AREA_LIAISON, Role.VIEWER])
def test_other_roles_are_refused(staff_client, entity, area, person, role):
    client = staff_client(role, entity=entity, area=area)
    response = client.post(
        URL,
        {
            "email": EMAIL,
            "accion": "anonimizar",
            "confirm": "on",
            "rows": [f"pqrs.petition:{person[0].pk}"],
        },
    )
    assert response.status_code == 403
    person[0].refresh_from_db()
    assert person[0].requester_name == "Marta Ríos"


def test_internal_control_may_search(staff_client, entity, person):
    client = staff_client(Role.INTERNAL_CONTROL, entity=entity)
    assert client.get(URL).status_code == 200
    assert keys(client.post(URL, {"email": EMAIL}))
