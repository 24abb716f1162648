from __future__ import annotations

import datetime

import pytest

from cabildo.plans import selectors
from cabildo.plans.models import PlanStatus, Viability
from tests.factories import AreaFactory
from tests.plans.factories import (
    ActivityFactory,
    BodyFactory,
    ConsultationFactory,
    ObservationFactory,
    PlanVersionFactory,
    StakeholderGroupFactory,
)

pytestmark = pytest.mark.django_db


def test_checks_report(entity, other_entity):
    version = PlanVersionFactory(entity=entity)
    covered, uncovered = StakeholderGroupFactory.create_batch(2, entity=entity)
    StakeholderGroupFactory(entity=other_entity)
    used_area, idle_area = AreaFactory(entity=entity), AreaFactory(entity=entity, name="Idle")
    AreaFactory(entity=entity, name="Inactiva", is_active=False)
    formal = BodyFactory(entity=entity, is_formal=True)
    informal = BodyFactory(entity=entity, is_formal=False, legal_act_type="", legal_act_number="")
    a = ActivityFactory(
        entity=entity,
        version=version,
        area=used_area,
        phase="diagnostico",
        body=formal,
        other_space="",
    )
    a.stakeholder_groups.set([covered])
    ActivityFactory(
        entity=entity,
        version=version,
        area=used_area,
        phase="diagnostico",
        body=informal,
        other_space="",
    )
    ActivityFactory(entity=entity, version=version, area=used_area, phase="formulacion")
    incomplete = ActivityFactory(
        entity=entity, version=version, area=used_area, responsible="", phase="formulacion"
    )
    checks = selectors.plan_checks(version=version)
    assert checks.activity_count == 4
    assert checks.uncovered_groups == [uncovered]
    assert checks.phases_without_activity == ["Implementación", "Evaluación y seguimiento"]
    assert checks.areas_without_activity == [idle_area]
    assert checks.incomplete_activities == [incomplete]
    assert (checks.formal_body_count, checks.other_space_count) == (1, 3)
    assert (checks.formal_share, checks.other_share) == (25, 75)
    assert checks.has_blocking_problems and not checks.is_clean


def test_empty_plan_checks(entity):
    checks = selectors.plan_checks(version=PlanVersionFactory(entity=entity))
    assert checks.activity_count == 0 and checks.formal_share == 0 and checks.has_blocking_problems


def test_observation_indicators(entity):
    consultation = ConsultationFactory(entity=entity)
    activity = ActivityFactory(entity=entity, version=consultation.version)
    ObservationFactory(entity=entity, consultation=consultation)
    ObservationFactory(
        entity=entity,
        consultation=consultation,
        viability=Viability.NOT_VIABLE,
        justification="No aplica",
    )
    ObservationFactory(
        entity=entity,
        consultation=consultation,
        viability=Viability.VIABLE,
        justification="Se incorpora",
        changed_activity=activity,
    )
    ObservationFactory(
        entity=entity,
        consultation=consultation,
        hidden_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    result = selectors.observation_indicators(entity=entity, plan=consultation.version.plan)
    assert (result.received, result.analysed, result.incorporated, result.hidden) == (3, 2, 1, 1)
    assert result.analysed_pct == 67 and result.incorporated_pct == 33


def test_cronograma_months_and_calendar(entity):
    version = PlanVersionFactory(entity=entity, plan__year=2022)
    ActivityFactory(
        entity=entity,
        version=version,
        name="Convocatoria",
        start_date=datetime.date(2022, 10, 15),
        end_date=datetime.date(2023, 1, 10),
    )
    ActivityFactory(
        entity=entity, version=version, name="Sin fecha", start_date=None, end_date=None
    )
    data = selectors.cronograma(version=version)
    rows = [row for _area, rows in data["by_area"] for row in rows]
    convocatoria = next(r for r in rows if r.activity.name == "Convocatoria")
    assert [i + 1 for i, on in enumerate(convocatoria.cells) if on] == [10, 11, 12]
    assert [a.name for a in data["undated"]] == ["Sin fecha"]
    assert data["calendar"][0][0] == (2022, 10)


def test_public_version_skips_drafts(entity):
    approved = PlanVersionFactory(entity=entity, plan__year=2025, status=PlanStatus.APPROVED)
    PlanVersionFactory(entity=entity, plan=approved.plan, number=2, status=PlanStatus.DRAFT)
    assert selectors.public_version(entity=entity, year=2025) == approved
    assert selectors.public_plans(entity=entity) == [approved]
