from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cabildo.plans.models import PlanStatus
from tests.plans.factories import ActivityFactory, PlanVersionFactory, StakeholderGroupFactory

pytestmark = pytest.mark.django_db


def url(entity, year=2026):
    return f"/api/v1/plans/{year}/?entidad={entity.slug}"


def test_public_plan_api(client, entity, other_entity):
    version = PlanVersionFactory(entity=entity, plan__year=2026, status=PlanStatus.APPROVED)
    activity = ActivityFactory(
        entity=entity, version=version, name="Foro de juventud", channels=["presencial", "virtual"]
    )
    activity.stakeholder_groups.set([StakeholderGroupFactory(entity=entity, name="Jóvenes")])
    data = client.get(url(entity)).json()
    assert data["year"] == 2026 and data["status"] == "aprobado"
    assert data["activities"][0]["name"] == "Foro de juventud"
    assert data["activities"][0]["stakeholder_groups"] == ["Jóvenes"]
    assert data["activities"][0]["channels"] == ["presencial", "virtual"]
    assert client.get(url(other_entity)).status_code == 404


def test_draft_is_not_public(client, entity):
    PlanVersionFactory(entity=entity, plan__year=2026)
    response = client.get(url(entity))
    assert response.status_code == 404
    assert "No hay un plan publicado" in response.json()["detail"]


def test_constant_queries(client, entity):
    version = PlanVersionFactory(entity=entity, plan__year=2026, status=PlanStatus.APPROVED)
    ActivityFactory.create_batch(5, entity=entity, version=version)
    client.get(url(entity))  # the session remembers the entity once
    with CaptureQueriesContext(connection) as small:
        client.get(url(entity))
    ActivityFactory.create_batch(45, entity=entity, version=version)
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(url(entity)).json()["activities"]) == 50
    assert len(large.captured_queries) == len(small.captured_queries)
