"""The policy cycle's rules: journey, drafts, the consultation window on the business-day
calendar, comments (bad input included), answers, versions and their diff."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from cabildo.policies import selectors, services
from cabildo.policies.models import Answer, DraftStatus, StageKind, StageStatus
from tests.factories import AreaFactory
from tests.policies.factories import (
    DraftArticleFactory,
    DraftCommentFactory,
    DraftFactory,
    PolicyFactory,
)

pytestmark = pytest.mark.django_db

# A fixed week with a holiday: Monday 2026-01-12 is Reyes Magos (moved), so Friday 2026-01-09
# plus 3 business days is Thursday 2026-01-15 (Tue 13, Wed 14, Thu 15; Mon 12 skipped), not
# Wednesday 14 as it would be without the holiday.
FRIDAY = datetime.date(2026, 1, 9)


def _policy(entity):
    policy = PolicyFactory.build(entity=entity, area=AreaFactory(entity=entity))
    return services.policy_save(policy=policy)


def _draft(policy, n=3):
    return services.draft_create(
        policy=policy,
        title="Proyecto de acuerdo",
        motives="Porque sí.",
        articles=[f"Texto del artículo {i}." for i in range(1, n + 1)],
    )


def test_new_policy_gets_every_stage_pending_in_order(entity):
    policy = _policy(entity)
    journey = selectors.journey(policy=policy)
    assert [s.kind for s in journey.stages] == list(StageKind.values)
    assert journey.pending == 10 and journey.done == 0


def test_stage_dates_follow_the_plausible_date_rule(entity):
    policy = _policy(entity)
    stage = policy.stages.get(kind=StageKind.DIAGNOSIS)
    stage.started_on = datetime.date(2019, 3, 1)
    stage.finished_on = datetime.date(2019, 2, 1)
    with pytest.raises(ValidationError) as exc:
        services.stage_save(stage=stage)
    assert "finished_on" in exc.value.message_dict
    stage.finished_on = datetime.date(2089, 1, 1)
    with pytest.raises(ValidationError):
        services.stage_save(stage=stage)
    stage.finished_on = datetime.date(2019, 11, 30)
    services.stage_save(stage=stage)
    assert stage.status == StageStatus.DONE


def test_council_approval_needs_the_act_number_and_date(entity):
    policy = _policy(entity)
    stage = policy.stages.get(kind=StageKind.COUNCIL_APPROVAL)
    stage.started_on = datetime.date(2021, 5, 1)
    stage.finished_on = datetime.date(2021, 8, 30)
    with pytest.raises(ValidationError) as exc:
        services.stage_save(stage=stage)
    assert {"act_number", "act_date"} <= set(exc.value.message_dict)
    stage.act_number, stage.act_date = "Acuerdo 012", datetime.date(2021, 8, 30)
    services.stage_save(stage=stage)
    design = policy.stages.get(kind=StageKind.DESIGN)
    design.act_number = "Acta 1"
    with pytest.raises(ValidationError):
        services.stage_save(stage=design)


def test_stage_links_only_rows_of_its_entity(entity, other_entity):
    from tests.bodies.factories import ParticipationBodyFactory

    policy = _policy(entity)
    stage = policy.stages.get(kind=StageKind.DIAGNOSIS)
    with pytest.raises(ValidationError):
        services.stage_save(stage=stage, bodies=[ParticipationBodyFactory(entity=other_entity)])
    body = ParticipationBodyFactory(entity=entity)
    services.stage_save(stage=stage, bodies=[body])
    assert list(stage.bodies.all()) == [body]


def test_window_is_counted_in_business_days_skipping_holidays(entity):
    draft = _draft(_policy(entity))
    services.draft_publish(
        draft=draft, start_date=FRIDAY, business_days=3, today=FRIDAY - datetime.timedelta(1)
    )
    draft.refresh_from_db()
    assert draft.consultation_end == datetime.date(2026, 1, 15)
    assert draft.is_open(datetime.date(2026, 1, 15))
    assert not draft.is_open(datetime.date(2026, 1, 16))


def test_window_refuses_a_past_start_a_holiday_and_a_bad_length(entity):
    policy = _policy(entity)
    draft = _draft(policy)
    with pytest.raises(ValidationError):
        services.draft_publish(
            draft=draft, start_date=FRIDAY, business_days=3, today=FRIDAY + datetime.timedelta(1)
        )
    with pytest.raises(ValidationError):  # Reyes Magos
        services.draft_publish(
            draft=draft, start_date=datetime.date(2026, 1, 12), business_days=3, today=FRIDAY
        )
    with pytest.raises(ValidationError):
        services.draft_publish(draft=draft, start_date=FRIDAY, business_days=0, today=FRIDAY)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.PREPARATION


def test_comment_inside_the_window_on_an_article(entity):
    draft = _draft(_policy(entity))
    services.draft_publish(draft=draft, start_date=FRIDAY, business_days=3, today=FRIDAY)
    second = draft.articles.get(number=2)
    comment = services.comment_submit(
        draft=draft, text="Incluir a las JAC.", consent_given=True, article=second, today=FRIDAY
    )
    assert comment.article == second and comment.consent.purpose == "policy_comment"


def test_comment_on_a_closed_draft_is_refused(entity):
    draft = _draft(_policy(entity))
    services.draft_publish(draft=draft, start_date=FRIDAY, business_days=3, today=FRIDAY)
    with pytest.raises(ValidationError, match="no está en consulta"):
        services.comment_submit(
            draft=draft, text="Tarde.", consent_given=True, today=datetime.date(2026, 1, 16)
        )
    assert not draft.comments.exists()


def test_comment_on_an_article_of_another_draft_is_refused(entity):
    policy = _policy(entity)
    draft = _draft(policy)
    services.draft_publish(draft=draft, start_date=FRIDAY, business_days=3, today=FRIDAY)
    other = DraftArticleFactory(entity=entity)
    with pytest.raises(ValidationError) as exc:
        services.comment_submit(
            draft=draft, text="Hola.", consent_given=True, article=other, today=FRIDAY
        )
    assert "article" in exc.value.message_dict


def test_comment_needs_consent_and_text(entity):
    draft = _draft(_policy(entity))
    services.draft_publish(draft=draft, start_date=FRIDAY, business_days=3, today=FRIDAY)
    with pytest.raises(ValidationError):
        services.comment_submit(draft=draft, text="Hola.", consent_given=False, today=FRIDAY)
    with pytest.raises(ValidationError):
        services.comment_submit(draft=draft, text="  ", consent_given=True, today=FRIDAY)


def test_answers_need_a_reason_and_a_later_version(entity):
    policy = _policy(entity)
    draft = _draft(policy)
    services.draft_publish(draft=draft, start_date=FRIDAY, business_days=3, today=FRIDAY)
    comment = services.comment_submit(
        draft=draft, text="Más plazo.", consent_given=True, today=FRIDAY
    )
    with pytest.raises(ValidationError):
        services.comment_answer(comment=comment, answer=Answer.ACCEPTED, reason="corto")
    with pytest.raises(ValidationError):
        services.comment_answer(comment=comment, answer=Answer.PENDING, reason="Una razón larga.")
    with pytest.raises(ValidationError):  # its own version is not a later one
        services.comment_answer(
            comment=comment, answer=Answer.ACCEPTED, reason="Se amplía el plazo.", changed_in=draft
        )
    second = services.draft_create(
        policy=policy,
        title="Proyecto",
        motives="Porque sí.",
        articles=["Uno.", "Dos."],
        changes="Plazo.",
    )
    with pytest.raises(ValidationError):
        services.comment_answer(
            comment=comment, answer=Answer.REJECTED, reason="No procede ahora.", changed_in=second
        )
    services.comment_answer(
        comment=comment, answer=Answer.PARTLY, reason="Se amplía a 30 días.", changed_in=second
    )
    comment.refresh_from_db()
    assert comment.answer == Answer.PARTLY and comment.changed_in == second


def test_report_waits_for_the_window_and_every_answer(entity):
    draft = _draft(_policy(entity))
    services.draft_publish(draft=draft, start_date=FRIDAY, business_days=3, today=FRIDAY)
    comment = services.comment_submit(
        draft=draft, text="Más plazo.", consent_given=True, today=FRIDAY
    )
    after = datetime.date(2026, 1, 16)
    with pytest.raises(ValidationError, match="cierra"):
        services.report_publish(draft=draft, today=FRIDAY)
    with pytest.raises(ValidationError, match="por responder"):
        services.report_publish(draft=draft, today=after)
    services.comment_answer(comment=comment, answer=Answer.ACCEPTED, reason="Se amplía el plazo.")
    services.report_publish(draft=draft, today=after)
    with pytest.raises(ValidationError):
        services.comment_answer(comment=comment, answer=Answer.REJECTED, reason="Cambio de idea.")


def test_new_version_needs_the_previous_published_and_the_changes(entity):
    policy = _policy(entity)
    draft = _draft(policy)
    with pytest.raises(ValidationError):
        _draft(policy)  # v1 still in preparation
    services.draft_publish(draft=draft)
    with pytest.raises(ValidationError):
        services.draft_create(policy=policy, title="T", motives="M", articles=["A."])
    second = services.draft_create(
        policy=policy, title="T", motives="M", articles=["A."], changes="Se simplificó."
    )
    assert second.number == 2


def test_diff_marks_added_and_removed_words_per_article(entity):
    policy = _policy(entity)
    v1 = _draft(policy)
    services.draft_publish(draft=v1)
    v2 = services.draft_create(
        policy=policy,
        title="Proyecto de acuerdo",
        motives="Porque sí.",
        articles=[
            "Texto del artículo 1.",
            "Texto nuevo del artículo dos.",
            "Texto del artículo 3.",
            "Vigencia.",
        ],
        changes="Artículo 2 y uno nuevo.",
    )
    blocks = {b.label: b for b in selectors.diff(old=v1, new=v2)}
    assert blocks["Artículo 1"].status == "sin cambios"
    second = blocks["Artículo 2"]
    assert second.status == "modificado"
    assert ("added", "nuevo") in [(line.kind, line.text) for line in second.lines]
    assert ("removed", "2.") in [(line.kind, line.text) for line in second.lines]
    assert blocks["Artículo 4"].status == "nuevo"


def test_split_articles_drops_the_article_prefix():
    assert services.split_articles("Artículo 1. Uno.\n\nARTICULO 2: Dos.\n\n\n Tres ") == [
        "Uno.",
        "Dos.",
        "Tres",
    ]


def test_comment_figures_are_recounts(entity):
    draft = DraftFactory(entity=entity)
    DraftCommentFactory(entity=entity, draft=draft)
    DraftCommentFactory(
        entity=entity, draft=draft, answer=Answer.REJECTED, reason="No aplica aquí."
    )
    hidden = DraftCommentFactory(entity=entity, draft=draft)
    services.comment_hide(comment=hidden, reason="Lenguaje ofensivo")
    figures = selectors.comment_figures(draft=draft)
    assert figures.total == 2 and figures.hidden == 1
    assert {v: n for v, _l, n in figures.by_answer}[Answer.REJECTED] == 1
