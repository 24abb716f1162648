"""Who may do what with petitions."""

from __future__ import annotations

import pytest

from cabildo.accounts.models import Role
from tests.factories import AreaFactory
from tests.pqrs.factories import PetitionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "view", "change", "transfer", "add"),
    [
        (Role.ENTITY_ADMIN, True, True, True, True),
        (Role.PARTICIPATION_LEAD, True, True, True, True),
        (Role.INTERNAL_CONTROL, True, False, False, False),
        (Role.VIEWER, True, False, False, False),
        (Role.PLANNING_OFFICE, True, False, False, False),
    ],
)
def test_entity_roles(make_member, entity, role, view, change, transfer, add):
    user = make_member(role, entity)
    petition = PetitionFactory(entity=entity)
    assert user.has_perm("pqrs.view_petition_list", entity)
    assert user.has_perm("pqrs.view_petition", petition) is view
    assert user.has_perm("pqrs.change_petition", petition) is change
    assert user.has_perm("pqrs.transfer_petition", petition) is transfer
    assert user.has_perm("pqrs.add_petition", entity) is add


def test_area_liaison_manages_only_their_area(make_member, entity, area):
    liaison = make_member(Role.AREA_LIAISON, entity, area)
    own = PetitionFactory(entity=entity, area=area)
    other = PetitionFactory(entity=entity, area=AreaFactory(entity=entity))
    unassigned = PetitionFactory(entity=entity)
    assert liaison.has_perm("pqrs.change_petition", own)
    assert liaison.has_perm("pqrs.view_petition", own)
    assert not liaison.has_perm("pqrs.change_petition", other)
    assert not liaison.has_perm("pqrs.view_petition", other)
    assert not liaison.has_perm("pqrs.view_petition", unassigned)
    assert not liaison.has_perm("pqrs.transfer_petition", own)
    assert liaison.has_perm("pqrs.add_petition", entity)


def test_members_of_other_entities_have_nothing(make_member, entity, other_entity):
    outsider = make_member(Role.ENTITY_ADMIN, other_entity)
    petition = PetitionFactory(entity=entity)
    assert not outsider.has_perm("pqrs.view_petition_list", entity)
    assert not outsider.has_perm("pqrs.view_petition", petition)
    assert not outsider.has_perm("pqrs.change_petition", petition)


@pytest.mark.parametrize(
    "factory_name",
    [
        "PetitionKindFactory",
        "PetitionFactory",
        "PetitionEventFactory",
        "ExtensionFactory",
        "TransferFactory",
        "CompletionRequestFactory",
        "AttachmentFactory",
    ],
)
def test_factories_work_with_only_entity(entity, factory_name):
    from tests.pqrs import factories

    obj = getattr(factories, factory_name)(entity=entity)
    assert obj.entity == entity
    if hasattr(obj, "petition"):
        assert obj.petition.entity == entity
