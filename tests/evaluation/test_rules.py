"""Who may do what in the evaluation app."""

from __future__ import annotations

import pytest

from cabildo.accounts.models import Role
from tests.evaluation.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

MANAGE = [
    "evaluation.add_indicator",
    "evaluation.change_indicator",
    "evaluation.add_measurement",
    "evaluation.change_evaluation",
    "evaluation.add_goodpractice",
    "evaluation.change_goodpractice",
    "evaluation.change_accountabilitystage",
]
READ = [
    "evaluation.view_dashboard",
    "evaluation.view_indicator",
    "evaluation.view_evaluation",
    "evaluation.view_goodpractice",
    "evaluation.view_reportfile",
    "evaluation.add_reportfile",
]


@pytest.mark.parametrize("role", [Role.ENTITY_ADMIN, Role.PARTICIPATION_LEAD, Role.PLANNING_OFFICE])
def test_managers(make_member, entity, role):
    user = make_member(role, entity)
    assert all(user.has_perm(perm, entity) for perm in MANAGE + READ)


@pytest.mark.parametrize("role", [Role.INTERNAL_CONTROL, Role.VIEWER])
def test_readers(make_member, entity, role):
    user = make_member(role, entity)
    assert all(user.has_perm(perm, entity) for perm in READ)
    assert not any(user.has_perm(perm, entity) for perm in MANAGE)


def test_area_liaison_has_no_access(make_member, entity):
    user = make_member(Role.AREA_LIAISON, entity)
    assert not any(user.has_perm(perm, entity) for perm in MANAGE + READ)


def test_roles_do_not_cross_entities(make_member, entity, other_entity):
    user = make_member(Role.PLANNING_OFFICE, other_entity)
    indicator = IndicatorFactory(entity=entity)
    assert not user.has_perm("evaluation.view_dashboard", entity)
    assert not user.has_perm("evaluation.change_indicator", indicator)
    assert user.has_perm("evaluation.change_indicator", IndicatorFactory(entity=other_entity))
