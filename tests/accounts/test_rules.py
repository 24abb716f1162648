"""The shared predicates and the accounts/core permission tables, role by role."""

import pytest

from cabildo.accounts.models import Role
from cabildo.accounts.predicates import is_liaison_of_object_area, is_member
from tests.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db

ALL_ROLES = [r.value for r in Role]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_is_member_of_its_entity_only(make_member, entity, other_entity, role):
    user = make_member(role, entity)
    assert is_member(user, entity)
    assert not is_member(user, other_entity)


def test_anonymous_and_inactive_users_have_no_role(make_member, entity):
    from django.contrib.auth.models import AnonymousUser

    assert not is_member(AnonymousUser(), entity)
    user = make_member(Role.ENTITY_ADMIN, entity)
    user.is_active = False
    assert not is_member(user, entity)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.ENTITY_ADMIN, True),
        (Role.PARTICIPATION_LEAD, False),
        (Role.AREA_LIAISON, False),
        (Role.PLANNING_OFFICE, False),
        (Role.INTERNAL_CONTROL, False),
        (Role.VIEWER, False),
    ],
)
def test_only_entity_admin_manages_areas(make_member, entity, role, allowed):
    user = make_member(role, entity)
    assert user.has_perm("core.add_area", entity) is allowed
    assert user.has_perm("core.change_area", AreaFactory(entity=entity)) is allowed
    assert user.has_perm("core.view_area", entity)


def test_admin_of_other_entity_cannot_change_area(make_member, entity, other_entity):
    user = make_member(Role.ENTITY_ADMIN, other_entity)
    assert not user.has_perm("core.change_area", AreaFactory(entity=entity))
    assert not user.has_perm("core.view_area", entity)


def test_liaison_predicate_matches_only_own_area(make_member, entity):
    own = AreaFactory(entity=entity)
    other = AreaFactory(entity=entity)
    user = make_member(Role.AREA_LIAISON, entity, area=own)

    class Row:
        entity_id = entity.pk

        def __init__(self, area_id):
            self.area_id = area_id

    assert is_liaison_of_object_area(user, Row(own.pk))
    assert not is_liaison_of_object_area(user, Row(other.pk))
    assert not is_liaison_of_object_area(user, entity)


def test_user_without_membership_has_no_permission(entity):
    user = UserFactory()
    assert not user.has_perm("core.view_area", entity)
    assert not user.has_perm("accounts.view_desk", entity)
