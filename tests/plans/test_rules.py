from __future__ import annotations

import pytest

from cabildo.accounts.models import Role
from tests.factories import AreaFactory
from tests.plans.factories import ActivityFactory, ObservationFactory

pytestmark = pytest.mark.django_db

MANAGERS = (Role.ENTITY_ADMIN, Role.PARTICIPATION_LEAD)
READERS = (Role.PLANNING_OFFICE, Role.INTERNAL_CONTROL)


@pytest.mark.parametrize("role", MANAGERS)
def test_managers_manage(make_member, entity, role):
    user = make_member(role, entity)
    activity = ActivityFactory(entity=entity)
    for perm in (
        "plans.view_participationplan",
        "plans.add_participationplan",
        "plans.transition_planversion",
        "plans.add_plannedactivity",
        "plans.import_participationplan",
        "plans.moderate_observation",
    ):
        assert user.has_perm(perm, entity)
    assert user.has_perm("plans.change_plannedactivity", activity)


@pytest.mark.parametrize("role", READERS)
def test_planning_and_control_only_read(make_member, entity, role):
    user = make_member(role, entity)
    activity = ActivityFactory(entity=entity)
    observation = ObservationFactory(entity=entity)
    assert user.has_perm("plans.view_participationplan", entity)
    assert user.has_perm("plans.view_observation", entity)
    assert not user.has_perm("plans.add_participationplan", entity)
    assert not user.has_perm("plans.transition_planversion", entity)
    assert not user.has_perm("plans.add_plannedactivity", entity)
    assert not user.has_perm("plans.change_plannedactivity", activity)
    assert not user.has_perm("plans.analyse_observation", observation)


def test_liaison_only_own_area(make_member, entity):
    area = AreaFactory(entity=entity)
    user = make_member(Role.AREA_LIAISON, entity, area)
    own = ActivityFactory(entity=entity, area=area)
    other = ActivityFactory(entity=entity)
    assert user.has_perm("plans.add_plannedactivity", entity)
    assert user.has_perm("plans.change_plannedactivity", own)
    assert not user.has_perm("plans.change_plannedactivity", other)
    assert user.has_perm("plans.analyse_observation", ObservationFactory(entity=entity, area=area))
    assert not user.has_perm("plans.analyse_observation", ObservationFactory(entity=entity))
    assert not user.has_perm("plans.transition_planversion", entity)
    assert not user.has_perm("plans.moderate_observation", entity)


def test_roles_do_not_cross_entities(make_member, entity, other_entity):
    user = make_member(Role.PARTICIPATION_LEAD, entity)
    assert not user.has_perm("plans.view_participationplan", other_entity)
    assert not user.has_perm("plans.change_plannedactivity", ActivityFactory(entity=other_entity))


def test_viewer_reads_plans_but_changes_nothing(make_member, entity):
    user = make_member(Role.VIEWER, entity)
    assert user.has_perm("plans.view_participationplan", entity)
    assert not user.has_perm("plans.add_participationplan", entity)
    assert not user.has_perm("plans.transition_planversion", entity)
    assert not user.has_perm("plans.change_plannedactivity", ActivityFactory(entity=entity))
    assert not user.has_perm("plans.view_observation", entity)
