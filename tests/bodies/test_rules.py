import pytest

from cabildo.accounts.models import Role
from tests.bodies.factories import BodyMemberFactory, ParticipationBodyFactory
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_liaison_edits_only_bodies_of_their_area(entity, make_member):
    mine = AreaFactory(entity=entity)
    liaison = make_member(Role.AREA_LIAISON, entity, area=mine)
    own = ParticipationBodyFactory(entity=entity, secretariat=mine)
    other = ParticipationBodyFactory(entity=entity)
    assert liaison.has_perm("bodies.change_participationbody", own)
    assert not liaison.has_perm("bodies.change_participationbody", other)
    assert liaison.has_perm("bodies.change_bodymember", BodyMemberFactory(entity=entity, body=own))
    assert not liaison.has_perm(
        "bodies.change_bodymember", BodyMemberFactory(entity=entity, body=other)
    )
    assert not liaison.has_perm("bodies.delete_participationbody", own)


@pytest.mark.parametrize("role", [Role.ENTITY_ADMIN, Role.PARTICIPATION_LEAD])
def test_managers_edit_everything(entity, make_member, role):
    user = make_member(role, entity)
    body = ParticipationBodyFactory(entity=entity)
    assert user.has_perm("bodies.change_participationbody", body)
    assert user.has_perm("bodies.add_participationbody", entity)
    assert user.has_perm("bodies.import_matrix", entity)


def test_internal_control_reads_but_cannot_edit(entity, make_member):
    user = make_member(Role.INTERNAL_CONTROL, entity)
    body = ParticipationBodyFactory(entity=entity)
    assert user.has_perm("bodies.view_participationbody", body)
    assert user.has_perm("bodies.view_overview", entity)
    assert not user.has_perm("bodies.change_participationbody", body)
    assert not user.has_perm("bodies.add_participationbody", entity)


def test_roles_do_not_cross_entities(entity, other_entity, make_member):
    user = make_member(Role.PARTICIPATION_LEAD, entity)
    foreign = ParticipationBodyFactory(entity=other_entity)
    assert not user.has_perm("bodies.view_participationbody", foreign)
    assert not user.has_perm("bodies.change_participationbody", foreign)
