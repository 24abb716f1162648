import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cabildo.accounts.models import Role
from tests.assessment.factories import scored_assessment

pytestmark = pytest.mark.django_db

URL = "/api/v1/autodiagnosticos/"


def test_anonymous_refused(client, entity):
    scored_assessment(entity)
    assert client.get(URL).status_code in (401, 403)


def test_member_gets_ratings_of_own_entity_only(staff_client, entity, other_entity):
    scored_assessment(entity, scores=[20] * 16 + [None] * 16, year=2023)
    scored_assessment(other_entity, year=2023)
    client = staff_client(Role.VIEWER)
    response = client.get(URL)
    assert response.status_code == 200
    data = response.json()
    assert len(data) == 1
    row = data[0]
    assert row["year"] == 2023 and row["scored"] == 16
    assert float(row["total"]) == 20.0
    assert row["level"]["label"] == "Nivel 1 · Inicial"
    ratings = {c["name"]: c["rating"] for c in row["categories"]}
    assert ratings["Evaluación de Resultados"] is None  # nothing scored there


def test_member_of_other_entity_refused(client, make_member, entity, other_entity):
    user = make_member(Role.ENTITY_ADMIN, other_entity)
    client.force_login(user)
    client.entity = entity
    assert client.get(URL).status_code == 403


def test_constant_queries(staff_client, entity):
    client = staff_client(Role.VIEWER)
    scored_assessment(entity, year=2020)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for year in range(2021, 2026):
        scored_assessment(entity, year=year)
    with CaptureQueriesContext(connection) as big:
        response = client.get(URL)
    assert len(response.json()) == 6
    assert len(small) == len(big)
