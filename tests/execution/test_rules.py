from __future__ import annotations

import pytest

from cabildo.accounts.models import Role
from tests.execution.factories import EventFactory
from tests.plans.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "view", "change"),
    [
        (Role.ENTITY_ADMIN, True, True),
        (Role.PARTICIPATION_LEAD, True, True),
        (Role.PLANNING_OFFICE, True, False),
        (Role.INTERNAL_CONTROL, True, False),
        (Role.VIEWER, False, False),
    ],
)
def test_roles(make_member, entity, role, view, change):
    user = make_member(role, entity)
    event = EventFactory(entity=entity)
    assert user.has_perm("execution.view_event", entity) is view
    assert user.has_perm("execution.change_event", event) is change
    assert user.has_perm("execution.view_registration", event) is change


def test_liaison_manages_only_events_of_their_area(make_member, entity, area):
    user = make_member(Role.AREA_LIAISON, entity, area)
    own = EventFactory(entity=entity, activity=ActivityFactory(entity=entity, area=area))
    other = EventFactory(entity=entity)
    assert user.has_perm("execution.add_event", entity)
    assert user.has_perm("execution.change_event", own)
    assert user.has_perm("execution.add_registration", own)
    assert not user.has_perm("execution.change_event", other)
    assert not user.has_perm("execution.view_registration", other)


def test_member_of_other_entity_has_no_permission(make_member, entity, other_entity):
    user = make_member(Role.PARTICIPATION_LEAD, other_entity)
    event = EventFactory(entity=entity)
    assert not user.has_perm("execution.change_event", event)
    assert not user.has_perm("execution.view_event", entity)
