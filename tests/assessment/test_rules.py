import pytest

from cabildo.accounts.models import Role
from tests.assessment.factories import ImprovementActionFactory, SelfAssessmentFactory

pytestmark = pytest.mark.django_db

EDITORS = {Role.ENTITY_ADMIN, Role.PARTICIPATION_LEAD}


@pytest.mark.parametrize("role", list(Role.values))
def test_assessment_permissions_by_role(role, entity, make_member):
    user = make_member(role, entity)
    assessment = SelfAssessmentFactory(entity=entity)
    assert user.has_perm("assessment.view_selfassessment", entity)
    assert user.has_perm("assessment.view_selfassessment", assessment)
    edits = role in EDITORS
    assert user.has_perm("assessment.add_selfassessment", entity) is edits
    assert user.has_perm("assessment.change_selfassessment", assessment) is edits
    assert user.has_perm("assessment.close_selfassessment", assessment) is edits
    assert user.has_perm("assessment.add_furagresult", entity) is edits


@pytest.mark.parametrize("role", list(Role.values))
def test_plan_permissions_by_role(role, entity, make_member):
    user = make_member(role, entity)
    action = ImprovementActionFactory(entity=entity)
    assert user.has_perm("assessment.view_improvementplan", action.plan)
    assert user.has_perm("assessment.change_improvementplan", action.plan) is (role in EDITORS)
    assert user.has_perm("assessment.change_improvementaction", action) is (role in EDITORS)
    assert user.has_perm("assessment.review_improvementaction", action) is (
        role == Role.INTERNAL_CONTROL
    )


def test_responsible_tracks_own_action(entity, make_member):
    user = make_member(Role.AREA_LIAISON, entity)
    action = ImprovementActionFactory(entity=entity, responsible=user)
    assert user.has_perm("assessment.track_improvementaction", action)
    assert not user.has_perm("assessment.change_improvementaction", action)
    stranger = make_member(Role.AREA_LIAISON, entity)
    assert not stranger.has_perm("assessment.track_improvementaction", action)


def test_other_entity_member_has_nothing(entity, other_entity, make_member):
    user = make_member(Role.ENTITY_ADMIN, other_entity)
    assessment = SelfAssessmentFactory(entity=entity)
    assert not user.has_perm("assessment.view_selfassessment", assessment)
    assert not user.has_perm("assessment.change_selfassessment", assessment)
