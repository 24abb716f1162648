from __future__ import annotations

import pytest

from cabildo.accounts.models import Role
from tests.factories import UserFactory
from tests.workdays.factories import ClosureDayFactory

pytestmark = pytest.mark.django_db

MANAGE = ("workdays.add_closureday", "workdays.change_closureday", "workdays.delete_closureday")


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_member_can_view_closure_days(make_member, entity, role):
    user = make_member(role, entity)
    assert user.has_perm("workdays.view_closureday", entity)


def test_entity_admin_manages_closure_days(make_member, entity):
    user = make_member(Role.ENTITY_ADMIN, entity)
    closure_day = ClosureDayFactory(entity=entity)
    assert user.has_perm("workdays.add_closureday", entity)
    assert user.has_perm("workdays.change_closureday", closure_day)
    assert user.has_perm("workdays.delete_closureday", closure_day)


@pytest.mark.parametrize("role", [r.value for r in Role if r != Role.ENTITY_ADMIN])
def test_other_roles_cannot_manage_closure_days(make_member, entity, role):
    user = make_member(role, entity)
    closure_day = ClosureDayFactory(entity=entity)
    assert not user.has_perm("workdays.add_closureday", entity)
    assert not user.has_perm("workdays.change_closureday", closure_day)
    assert not user.has_perm("workdays.delete_closureday", closure_day)


def test_admin_of_another_entity_has_no_permission(make_member, entity, other_entity):
    user = make_member(Role.ENTITY_ADMIN, other_entity)
    closure_day = ClosureDayFactory(entity=entity)
    assert not user.has_perm("workdays.view_closureday", entity)
    for perm in MANAGE:
        assert not user.has_perm(perm, closure_day)


def test_non_member_and_anonymous_have_no_permission(entity):
    from django.contrib.auth.models import AnonymousUser

    for user in (UserFactory(), AnonymousUser()):
        assert not user.has_perm("workdays.view_closureday", entity)
        assert not user.has_perm("workdays.add_closureday", entity)
