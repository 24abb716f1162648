"""The append-only access log: the service, the login signals and the staff page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.audit.models import AccessAction, AccessLog, AppendOnlyError
from cabildo.audit.services import access_record
from tests.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/actividad/accesos/"


def test_url_name():
    assert reverse("audit:access_log") == URL


def test_record_access_takes_user_ip_agent_and_target_entity(rf, entity, other_entity):
    user = UserFactory(full_name="Ana Control")
    area = AreaFactory(entity=other_entity, name="Secretaría de Salud")
    request = rf.get("/", HTTP_USER_AGENT="x" * 1000, REMOTE_ADDR="203.0.113.9")
    request.user = user
    request.entity = entity
    log = access_record(
        request=request,
        action=AccessAction.ATTACHMENT_DOWNLOAD,
        target=area,
        detail="evidencia.pdf",
    )
    log.refresh_from_db()
    assert log.user == user
    assert log.entity == other_entity  # the target's entity wins over the request's
    assert log.target_type.model == "area"
    assert log.target_id == str(area.pk)
    assert log.target_repr == "Secretaría de Salud"
    assert log.ip == "203.0.113.9"
    assert len(log.user_agent) == 300
    assert log.detail == "evidencia.pdf"


def test_record_access_without_request_or_target(entity):
    log = access_record(action=AccessAction.ANONYMIZATION, entity=entity, detail="x" * 900)
    assert log.user is None and log.ip is None and log.target_type is None
    assert len(log.detail) == 500
    assert log.entity == entity


def test_record_access_falls_back_to_request_entity_and_rejects_unknown_action(rf, entity):
    request = rf.get("/", REMOTE_ADDR="not-an-ip")
    request.entity = entity
    log = access_record(request=request, action=AccessAction.PERSONAL_DATA_EXPORT)
    assert log.entity == entity and log.ip is None and log.user is None
    with pytest.raises(ValueError):
        access_record(request=request, action="read_everything")
    assert AccessLog.objects.count() == 1


def test_log_is_append_only(entity):
    log = access_record(action=AccessAction.LOGIN, entity=entity)
    log.detail = "changed"
    with pytest.raises(AppendOnlyError):
        log.save()
    with pytest.raises(AppendOnlyError):
        log.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=log.pk).update(detail="changed")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    log.refresh_from_db()
    assert log.detail == ""


def test_login_logout_and_failure_are_logged(client, make_member, entity, other_entity):
    user = make_member(Role.VIEWER, entity, email="ana@prueba.test")
    login_url = reverse("accounts:login")
    response = client.post(login_url, {"username": "ana@prueba.test", "password": "mala-clave-1"})
    assert response.status_code == 200
    client.post(login_url, {"username": "nadie@prueba.test", "password": "mala-clave-1"})
    response = client.post(
        login_url, {"username": "ana@prueba.test", "password": "clave-de-prueba-123"}
    )
    assert response.status_code == 302
    client.post(reverse("accounts:logout"))

    logs = list(AccessLog.objects.order_by("id"))
    assert [log.action for log in logs] == [
        AccessAction.LOGIN_FAILED,
        AccessAction.LOGIN_FAILED,
        AccessAction.LOGIN,
        AccessAction.LOGOUT,
    ]
    known, unknown, login, logout = logs
    assert known.user == user and known.entity == entity and known.detail == ""
    # A stranger's address belongs to no entity: no entity's staff sees it.
    assert unknown.user is None and unknown.entity is None
    assert unknown.detail == "nadie@prueba.test"
    assert login.user == user and login.entity == entity and login.ip == "127.0.0.1"
    assert logout.user == user


@pytest.mark.parametrize("role", [Role.ENTITY_ADMIN, Role.INTERNAL_CONTROL])
def test_page_lists_own_entity_only(staff_client, role, entity, other_entity):
    client = staff_client(role)
    target = UserFactory(full_name="Persona Con Rol")
    access_record(action=AccessAction.ROLE_CHANGE, entity=entity, target=target, detail="Rol X")
    access_record(action=AccessAction.PERSONAL_DATA_EXPORT, entity=other_entity, detail="SECRETO")
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Persona Con Rol" in body and "Rol X" in body
    assert "SECRETO" not in body


@pytest.mark.parametrize(
    "role", [Role.PARTICIPATION_LEAD, Role.AREA_LIAISON, Role.PLANNING_OFFICE, Role.VIEWER]
)
def test_page_refused_to_other_roles(staff_client, role):
    assert staff_client(role).get(URL).status_code == 403


def test_filters(staff_client, entity):
    client = staff_client(Role.INTERNAL_CONTROL)
    other = UserFactory(full_name="Otro Usuario")
    other.memberships.create(entity=entity, role=Role.VIEWER)
    access_record(action=AccessAction.ATTACHMENT_DOWNLOAD, entity=entity, user=other, detail="A1")
    access_record(action=AccessAction.PERSONAL_DATA_EXPORT, entity=entity, detail="E1")
    access_record(action=AccessAction.PERSONAL_DATA_EXPORT, entity=entity, detail="E2")

    def details(**params):
        response = client.get(URL, params)
        assert response.status_code == 200
        return {log.detail for log in response.context["logs"]}

    assert details(action="attachment_download") == {"A1"}
    assert details(user=other.pk) == {"A1"}
    today = timezone.localdate()
    assert {"A1", "E1", "E2"} <= details(date_from=today.isoformat())
    assert details(date_to=(today - dt.timedelta(days=1)).isoformat()) == set()


def test_bad_filters_show_errors_and_no_rows(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    access_record(action=AccessAction.LOGIN, entity=entity, detail="VISIBLE")
    response = client.get(URL, {"action": "hack", "date_from": "2026-13-40", "pagina": "x"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"action", "date_from"}
    assert "Seleccione una acción de la lista." in form.errors["action"]
    assert "VISIBLE" not in response.content.decode()
    response = client.get(URL, {"date_from": "2026-03-02", "date_to": "2026-03-01"})
    assert "date_to" in response.context["form"].errors


def test_page_number_out_of_range_shows_last_page(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    access_record(action=AccessAction.LOGIN, entity=entity, detail="ÚNICO")
    response = client.get(URL, {"pagina": "999"})
    assert response.status_code == 200
    assert "ÚNICO" in response.content.decode()


def _query_count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_constant_queries(staff_client, entity):
    client = staff_client(Role.INTERNAL_CONTROL)
    users = [UserFactory() for _ in range(3)]

    def add(n: int) -> None:
        for i in range(n):
            access_record(
                action=AccessAction.ROLE_CHANGE,
                entity=entity,
                user=users[i % 3],
                target=users[(i + 1) % 3],
            )

    add(5)
    five = _query_count(client)
    add(45)
    assert _query_count(client) == five
