from __future__ import annotations

import pytest
from django.utils import timezone

from cabildo.core import demo as core_demo
from cabildo.execution import demo as execution_demo
from cabildo.execution.models import Contribution
from cabildo.exercises import demo, selectors
from cabildo.exercises.models import (
    Diagnosis,
    Forum,
    ForumComment,
    ModerationStatus,
    Survey,
    SurveyResponse,
)
from cabildo.plans import demo as plans_demo
from cabildo.plans.models import CyclePhase
from tests.plans.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_demo_skips_without_the_encuentro(entity):
    demo.seed(entities={"itagui": entity})
    assert not Survey.objects.exists()


def test_itagui_demo_is_idempotent(entity):
    ActivityFactory(entity=entity, name=execution_demo.ACTIVITY_NAME)
    execution_demo.seed(entities={"itagui": entity})
    contributions_before = Contribution.objects.count()
    demo.seed(entities={"itagui": entity})
    demo.seed(entities={"itagui": entity})
    survey = Survey.objects.get()
    assert survey.event.title == demo.EVENT_TITLE
    assert SurveyResponse.objects.count() == demo.ANSWERS
    assert survey.questions.count() == len(demo.QUESTIONS)
    results = selectors.survey_results(survey=survey)
    assert results.questions[0].respondents == demo.ANSWERS
    assert set(ForumComment.objects.values_list("status", flat=True)) == set(
        ModerationStatus.values
    )
    assert ForumComment.objects.exclude(parent=None).count() == 1
    assert Contribution.objects.count() == contributions_before + 1


def test_cali_diagnosis_from_seed_004(entity):
    demo.seed(entities={"cali": entity})
    demo.seed(entities={"cali": entity})
    diagnosis = Diagnosis.objects.get(year=2019)
    assert diagnosis.obstacles.count() == 16
    assert diagnosis.scenarios.count() == 14
    phases = {p.phase: p for p in selectors.diagnosis_report(diagnosis=diagnosis)}
    assert phases[CyclePhase.DIAGNOSIS].obstacle_count == 5
    assert phases[CyclePhase.FORMULATION].obstacle_count == 6
    assert phases[CyclePhase.EVALUATION].obstacle_count == 5
    assert phases[CyclePhase.IMPLEMENTATION].obstacle_count == 0
    assert all(o.scenarios.exists() for o in diagnosis.obstacles.all())


def test_every_entity_has_a_forum_open_on_the_day_the_demo_runs():
    entities: dict = {}
    core_demo.seed(entities=entities)
    plans_demo.seed(entities=entities)
    demo.seed(entities=entities)
    demo.seed(entities=entities)
    now = timezone.now()
    for entity in entities.values():
        year = timezone.localdate().year
        forum = Forum.objects.get(entity=entity, activity__version__plan__year=year)
        assert forum.is_published and forum.opens_at < now < forum.closes_at
        comments = ForumComment.objects.filter(forum=forum)
        assert comments.count() == len(demo.CURRENT_FORUM_COMMENTS)
        assert set(comments.values_list("status", flat=True)) == set(ModerationStatus.values)
