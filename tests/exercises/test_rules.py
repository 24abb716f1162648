"""Who manages and who reads surveys, forums, the diagnosis and the characterization."""

from __future__ import annotations

import pytest

from cabildo.accounts.models import Role
from tests.exercises.factories import (
    DiagnosisFactory,
    ForumCommentFactory,
    ForumFactory,
    QuestionFactory,
    SurveyFactory,
)
from tests.factories import AreaFactory
from tests.plans.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "add", "change", "read"),
    [
        (Role.ENTITY_ADMIN, True, True, True),
        (Role.PARTICIPATION_LEAD, True, True, True),
        (Role.PLANNING_OFFICE, False, False, True),
        (Role.INTERNAL_CONTROL, False, False, True),
        (Role.VIEWER, False, False, True),
    ],
)
def test_entity_roles(entity, make_member, role, add, change, read):
    user = make_member(role, entity)
    survey = SurveyFactory(entity=entity)
    forum = ForumFactory(entity=entity)
    diagnosis = DiagnosisFactory(entity=entity)
    assert user.has_perm("exercises.add_survey", entity) is add
    assert user.has_perm("exercises.change_survey", survey) is change
    assert user.has_perm("exercises.change_forum", forum) is change
    assert user.has_perm("exercises.change_diagnosis", diagnosis) is change
    assert user.has_perm("exercises.view_survey", entity) is read
    assert user.has_perm("exercises.view_diagnosis", entity) is read
    assert user.has_perm("exercises.view_characterization", entity) is read


def test_area_liaison_manages_own_area_only(entity, make_member):
    area = AreaFactory(entity=entity)
    liaison = make_member(Role.AREA_LIAISON, entity, area=area)
    own_activity = ActivityFactory(entity=entity, area=area)
    own = SurveyFactory(entity=entity, activity=own_activity)
    other = SurveyFactory(entity=entity)
    own_forum = ForumFactory(entity=entity, activity=own_activity)
    assert liaison.has_perm("exercises.add_survey", entity)
    assert liaison.has_perm("exercises.change_survey", own)
    assert not liaison.has_perm("exercises.change_survey", other)
    assert liaison.has_perm("exercises.change_question", QuestionFactory(entity=entity, survey=own))
    assert not liaison.has_perm(
        "exercises.change_question", QuestionFactory(entity=entity, survey=other)
    )
    assert liaison.has_perm(
        "exercises.change_forumcomment", ForumCommentFactory(entity=entity, forum=own_forum)
    )
    assert not liaison.has_perm("exercises.change_forumcomment", ForumCommentFactory(entity=entity))
    assert not liaison.has_perm("exercises.change_diagnosis", DiagnosisFactory(entity=entity))


def test_member_of_other_entity_has_nothing(entity, other_entity, make_member):
    user = make_member(Role.ENTITY_ADMIN, other_entity)
    survey = SurveyFactory(entity=entity)
    assert not user.has_perm("exercises.view_survey", entity)
    assert not user.has_perm("exercises.change_survey", survey)
