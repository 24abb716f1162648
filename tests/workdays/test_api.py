from __future__ import annotations

from datetime import date

import pytest

from cabildo.workdays.models import ClosureDay
from tests.factories import EntityFactory
from tests.workdays.factories import ClosureDayFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/deadlines/"


def test_happy_path_with_weekend_and_holiday_reasons(client, entity):
    response = client.get(URL, {"start": "2026-12-18", "business_days": 15})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"start", "business_days", "due_date", "skipped"}
    assert data["start"] == "2026-12-18"
    assert data["business_days"] == 15
    assert data["due_date"] == "2027-01-13"
    assert data["skipped"][:3] == [
        {"date": "2026-12-19", "reason": "sábado"},
        {"date": "2026-12-20", "reason": "domingo"},
        {"date": "2026-12-25", "reason": "Navidad"},
    ]
    assert {"date": "2027-01-11", "reason": "Día de los Reyes Magos (observado)"} in data["skipped"]
    assert len(data["skipped"]) == 11


def test_reasons_stay_spanish_when_english_is_asked(client, entity):
    response = client.get(
        URL, {"start": "2026-12-18", "business_days": 15}, HTTP_ACCEPT_LANGUAGE="en"
    )
    reasons = [s["reason"] for s in response.json()["skipped"]]
    assert reasons[:3] == ["sábado", "domingo", "Navidad"]


def test_public_without_login(client, entity):
    assert client.get(URL, {"start": "2026-03-02", "business_days": 1}).status_code == 200


def test_request_entity_calendar_is_used_by_default(client, entity):
    ClosureDayFactory(entity=entity, date=date(2026, 12, 21), reason="Inventario")
    response = client.get(URL, {"start": "2026-12-18", "business_days": 15, "entidad": entity.slug})
    data = response.json()
    assert data["due_date"] == "2027-01-14"
    assert {"date": "2026-12-21", "reason": "Inventario"} in data["skipped"]


def test_entity_parameter_selects_its_calendar(client, entity):
    saturdays = EntityFactory(slug="trabaja-sabados", works_saturdays=True)
    response = client.get(
        URL, {"start": "2026-12-18", "business_days": 15, "entity": saturdays.slug}
    )
    data = response.json()
    assert data["due_date"] == "2027-01-07"
    assert all(s["reason"] != "sábado" for s in data["skipped"])


@pytest.mark.parametrize(
    ("params", "field", "fragment"),
    [
        ({"start": "18/12/2026", "business_days": 15}, "start", "AAAA-MM-DD"),
        ({"start": "2026-02-30", "business_days": 15}, "start", "no es válida"),
        ({"start": "mañana", "business_days": 15}, "start", "no es válida"),
        ({"business_days": 15}, "start", "Indique la fecha"),
        ({"start": "9999-12-31", "business_days": 15}, "start", "debe estar entre"),
        ({"start": "1900-01-01", "business_days": 15}, "start", "debe estar entre"),
        ({"start": "2026-12-18"}, "business_days", "Indique el número"),
        ({"start": "2026-12-18", "business_days": 0}, "business_days", "al menos 1"),
        ({"start": "2026-12-18", "business_days": -3}, "business_days", "al menos 1"),
        ({"start": "2026-12-18", "business_days": 366}, "business_days", "no puede superar 365"),
        ({"start": "2026-12-18", "business_days": "1.5"}, "business_days", "número entero"),
        ({"start": "2026-12-18", "business_days": "quince"}, "business_days", "número entero"),
        (
            {"start": "2026-12-18", "business_days": 15, "entity": "no-existe"},
            "entity",
            "no existe",
        ),
    ],
)
def test_bad_input_is_400_with_spanish_message(client, entity, params, field, fragment):
    response = client.get(URL, params)
    assert response.status_code == 400
    data = response.json()
    assert data["detail"] == "Los datos enviados no son válidos."
    assert fragment in data["errors"][field][0]
    assert not ClosureDay.objects.exists()


def test_inactive_entity_is_unknown(client, entity):
    EntityFactory(slug="cerrada", is_active=False)
    response = client.get(URL, {"start": "2026-12-18", "business_days": 15, "entity": "cerrada"})
    assert response.status_code == 400
    assert "no existe" in response.json()["errors"]["entity"][0]


def test_post_is_not_allowed(client, entity):
    response = client.post(URL, {"start": "2026-12-18", "business_days": 15})
    assert response.status_code in {403, 405}


def test_documented_in_openapi_schema(client, entity):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json() if "json" in response["Content-Type"] else None
    if schema is None:
        import yaml

        schema = yaml.safe_load(response.content)
    operation = schema["paths"]["/api/v1/deadlines/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"start", "business_days", "entity"} <= names
    assert {"200", "400"} <= set(operation["responses"])
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(component["properties"]) == {"start", "business_days", "due_date", "skipped"}
