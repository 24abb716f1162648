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


# The vigencia in force (issue 18) -------------------------------------------------------------

TODAY = datetime.date(2027, 3, 15)


def _version(entity, year, status, number=1, plan=None):
    if plan is not None:
        return PlanVersionFactory(entity=entity, plan=plan, number=number, status=status)
    return PlanVersionFactory(entity=entity, plan__year=year, number=number, status=status)


def test_default_year_is_the_plan_in_force_this_year(entity):
    _version(entity, 2026, PlanStatus.EVALUATED)
    current = _version(entity, 2027, PlanStatus.IN_EXECUTION)
    _version(entity, 2028, PlanStatus.APPROVED)  # approved ahead of time: not yet in force
    assert selectors.plan_in_force(entity=entity, today=TODAY) == current
    assert selectors.default_year(entity=entity, today=TODAY) == 2027


def test_default_year_falls_back_to_the_latest_approved_not_in_the_future(entity):
    _version(entity, 2019, PlanStatus.CLOSED)
    _version(entity, 2025, PlanStatus.EVALUATED)
    _version(entity, 2027, PlanStatus.DRAFT)  # this year's plan is still a draft
    _version(entity, 2029, PlanStatus.APPROVED)
    assert selectors.plan_in_force(entity=entity, today=TODAY).plan.year == 2025
    assert selectors.default_year(entity=entity, today=TODAY) == 2025


def test_default_year_without_any_approved_plan(entity, other_entity):
    _version(other_entity, 2027, PlanStatus.IN_EXECUTION)  # another entity's plan is ignored
    assert selectors.default_year(entity=entity, today=TODAY) == 2027  # today's year
    _version(entity, 2026, PlanStatus.DRAFT)
    _version(entity, 2030, PlanStatus.DRAFT)
    assert selectors.default_year(entity=entity, today=TODAY) == 2026


def test_plan_in_force_prefers_the_version_in_execution(entity):
    first = _version(entity, 2027, PlanStatus.IN_EXECUTION)
    second = _version(entity, 2027, PlanStatus.APPROVED, number=2, plan=first.plan)
    assert selectors.plan_in_force(entity=entity, today=TODAY) == first
    assert list(selectors.versions_in_force(entity=entity)) == [first]
    first.status = PlanStatus.CLOSED
    first.save()
    assert selectors.plan_in_force(entity=entity, today=TODAY) == second
    assert list(selectors.versions_in_force(entity=entity)) == [second]


def test_activities_in_force_only_from_the_versions_in_force(entity, other_entity):
    old = _version(entity, 2026, PlanStatus.CLOSED)
    current = _version(entity, 2027, PlanStatus.IN_EXECUTION)
    draft = _version(entity, 2027, PlanStatus.DRAFT, number=2, plan=current.plan)
    next_year = _version(entity, 2028, PlanStatus.APPROVED)
    ActivityFactory(entity=entity, version=old)
    ActivityFactory(entity=entity, version=draft)
    ActivityFactory(entity=other_entity, version=_version(other_entity, 2027, "en_ejecucion"))
    in_force = ActivityFactory(entity=entity, version=current, name="Mesa rural")
    ahead = ActivityFactory(entity=entity, version=next_year, name="Foro 2028")
    assert list(selectors.activities_in_force(entity=entity)) == [ahead, in_force]
    assert selectors.activity_choice_label(in_force) == "Mesa rural (plan 2027, versión 1)"


def test_year_choices_and_query(entity):
    _version(entity, 2025, PlanStatus.CLOSED)
    _version(entity, 2027, PlanStatus.DRAFT)
    assert selectors.year_choices(entity=entity) == [2027, 2025]
    assert selectors.year_choices(entity=entity, including=2026) == [2027, 2026, 2025]
    assert selectors.year_choices(entity=entity, including=2027) == [2027, 2025]
    for raw, expected in (
        ("2026", 2026),
        (" 2030 ", 2030),
        ("1800", None),
        ("abc", None),
        ("", None),
        (None, None),
        ("-2026", None),
        ("20260", None),
    ):
        assert selectors.year_from_query(raw) == expected
