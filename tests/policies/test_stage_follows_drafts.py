"""The "consulta ciudadana" stage follows its drafts: in progress once a version opens its
consultation, done when the informe de observaciones is published, reopened by a later
consultation; what an official recorded by hand is kept otherwise."""

from __future__ import annotations

import datetime

import pytest

from cabildo.policies import services
from cabildo.policies.models import StageKind, StageStatus
from tests.factories import AreaFactory
from tests.policies.factories import PolicyFactory

pytestmark = pytest.mark.django_db

FRIDAY = datetime.date(2026, 1, 9)  # + 3 business days (Reyes Magos on Monday 12) = Thu 15


def _draft(policy, changes=""):
    return services.draft_create(
        policy=policy,
        title="Proyecto de acuerdo",
        motives="Porque sí.",
        articles=["Uno.", "Dos.", "Tres."],
        changes=changes,
    )


def _stage(policy):
    return policy.stages.get(kind=StageKind.CONSULTATION)


def test_the_consultation_stage_follows_the_draft_and_its_report(entity):
    policy = services.policy_save(
        policy=PolicyFactory.build(entity=entity, area=AreaFactory(entity=entity))
    )
    assert _stage(policy).status == StageStatus.PENDING
    first = _draft(policy)
    services.draft_publish(draft=first, start_date=FRIDAY, business_days=3, today=FRIDAY)
    stage = _stage(policy)
    assert stage.status == StageStatus.IN_PROGRESS and stage.started_on == FRIDAY
    report_day = datetime.date(2026, 1, 16)
    services.report_publish(draft=first, today=report_day)
    stage = _stage(policy)
    assert stage.status == StageStatus.DONE and stage.finished_on == report_day
    # A second consultation reopens the stage; its report closes it again.
    second = _draft(policy, changes="Se recogieron los comentarios.")
    monday = datetime.date(2026, 2, 2)
    services.draft_publish(draft=second, start_date=monday, business_days=3, today=monday)
    stage = _stage(policy)
    assert stage.status == StageStatus.IN_PROGRESS and stage.started_on == FRIDAY
    services.report_publish(draft=second, today=datetime.date(2026, 2, 9))
    assert _stage(policy).finished_on == datetime.date(2026, 2, 9)


def test_a_version_published_without_consultation_leaves_the_stage_alone(entity):
    policy = services.policy_save(
        policy=PolicyFactory.build(entity=entity, area=AreaFactory(entity=entity))
    )
    services.draft_publish(draft=_draft(policy))
    assert _stage(policy).status == StageStatus.PENDING
