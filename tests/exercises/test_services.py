"""Services of the exercises app: survey definitions and answers, forums, diagnosis and
characterization. Every refusal checks that nothing was stored."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cabildo.core.public_cache import entity_version
from cabildo.execution.models import Contribution
from cabildo.exercises import services
from cabildo.exercises.models import (
    Answer,
    AnswerChannel,
    Characterization,
    ForumComment,
    Identification,
    ModerationStatus,
    Question,
    QuestionKind,
    QuestionOption,
    SurveyResponse,
)
from cabildo.plans.models import CyclePhase
from cabildo.privacy.models import Consent
from tests.execution.factories import EventFactory, RegistrationFactory
from tests.exercises.factories import (
    DiagnosisFactory,
    ForumCommentFactory,
    ForumFactory,
    ObstacleFactory,
    QuestionFactory,
    SurveyFactory,
)
from tests.plans.factories import ActivityFactory, StakeholderGroupFactory
from tests.pqrs.factories import PetitionFactory
from tests.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def _choice(survey, kind=QuestionKind.SINGLE, options=("Sí", "No"), **kwargs):
    return services.question_save(
        survey=survey, text="¿Conoce el plan?", kind=kind, options=list(options), **kwargs
    )


# Definitions -----------------------------------------------------------------------------------


def test_choice_question_needs_two_options(entity):
    survey = SurveyFactory(entity=entity)
    with pytest.raises(ValidationError) as exc:
        _choice(survey, options=["Solo una", "  ", "Solo una"])
    assert "al menos dos opciones" in str(exc.value)
    assert Question.objects.count() == 0
    assert QuestionOption.objects.count() == 0


def test_question_options_are_kept_in_order_and_dropped_for_other_kinds(entity):
    survey = SurveyFactory(entity=entity)
    question = _choice(survey, kind=QuestionKind.MULTIPLE, options=["Radio", "Redes", "Correo"])
    assert list(question.options.values_list("label", flat=True)) == ["Radio", "Redes", "Correo"]
    services.question_save(survey=survey, question=question, text="Califique", kind="escala")
    assert question.options.count() == 0


def test_questions_are_appended_and_moved(entity):
    survey = SurveyFactory(entity=entity)
    first = _choice(survey)
    second = services.question_save(survey=survey, text="Comentarios", kind="texto_largo")
    assert [q.pk for q in survey.questions.all()] == [first.pk, second.pk]
    services.question_move(question=second, direction=-1)
    assert [q.pk for q in survey.questions.all()] == [second.pk, first.pk]
    services.question_move(question=second, direction=-1)  # already first: unchanged
    assert [q.pk for q in survey.questions.all()] == [second.pk, first.pk]


def test_moving_a_question_forgets_the_cached_public_pages(entity):
    """question_move writes with bulk_update, which sends no post_save: only its own call to
    invalidate_entity bumps the entity's cache version (the bump after the commit is already
    registered once for this transaction by question_save's saves)."""
    survey = SurveyFactory(entity=entity)
    first = _choice(survey)
    second = services.question_save(survey=survey, text="Comentarios", kind="texto_largo")
    before = entity_version(entity)
    services.question_move(question=second, direction=-1)
    assert [q.pk for q in survey.questions.all()] == [second.pk, first.pk]
    assert entity_version(entity) > before


def test_answered_question_keeps_its_options(entity):
    survey = SurveyFactory(entity=entity)
    question = _choice(survey)
    services.survey_answer(survey=survey, values={question.pk: question.options.first().pk})
    with pytest.raises(ValidationError):
        _choice(survey, question=question, options=["Otra", "Distinta"])
    with pytest.raises(ValidationError):
        services.question_delete(question=question)
    assert list(question.options.values_list("label", flat=True)) == ["Sí", "No"]


def test_survey_window_and_event_must_fit(entity):
    activity = ActivityFactory(entity=entity, version__plan__year=timezone.localdate().year)
    other_event = EventFactory(entity=entity)
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        services.survey_save(
            entity=entity, activity=activity, title="Encuesta", opens_at=now, closes_at=now
        )
    assert "closes_at" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.survey_save(
            entity=entity,
            activity=activity,
            event=other_event,
            title="Encuesta",
            opens_at=now,
            closes_at=now + datetime.timedelta(days=1),
        )
    assert "event" in exc.value.message_dict


def test_survey_rejects_activity_of_other_entity(entity, other_entity):
    activity = ActivityFactory(entity=other_entity)
    now = timezone.now()
    with pytest.raises(ValidationError):
        services.survey_save(
            entity=entity,
            activity=activity,
            title="Encuesta",
            opens_at=now,
            closes_at=now + datetime.timedelta(days=1),
        )


# Answers ---------------------------------------------------------------------------------------


def test_closed_survey_refuses_answers_and_stores_nothing(entity):
    survey = SurveyFactory(
        entity=entity,
        opens_at=timezone.now() - datetime.timedelta(days=10),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    question = QuestionFactory(entity=entity, survey=survey)
    with pytest.raises(ValidationError) as exc:
        services.survey_answer(survey=survey, values={question.pk: 4})
    assert "La encuesta está cerrada" in exc.value.messages[0]
    assert SurveyResponse.objects.count() == 0
    assert Answer.objects.count() == 0


def test_unpublished_survey_refuses_web_answers(entity):
    survey = SurveyFactory(entity=entity, is_published=False)
    question = QuestionFactory(entity=entity, survey=survey)
    with pytest.raises(ValidationError):
        services.survey_answer(survey=survey, values={question.pk: 4})
    assert SurveyResponse.objects.count() == 0


def test_paper_answer_after_close_is_accepted_with_its_channel(entity, make_member):
    survey = SurveyFactory(
        entity=entity,
        opens_at=timezone.now() - datetime.timedelta(days=10),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    question = QuestionFactory(entity=entity, survey=survey)
    staff = make_member("participation_lead", entity)
    response = services.survey_answer(
        survey=survey, values={question.pk: 5}, channel=AnswerChannel.PAPER, entered_by=staff
    )
    assert response.channel == AnswerChannel.PAPER
    assert response.entered_by == staff


def test_answer_every_kind(entity):
    survey = SurveyFactory(entity=entity)
    single = _choice(survey)
    multiple = _choice(survey, kind=QuestionKind.MULTIPLE, options=["Radio", "Redes", "Correo"])
    scale = QuestionFactory(entity=entity, survey=survey)
    short = services.question_save(survey=survey, text="Barrio", kind="texto_corto")
    territory_q = services.question_save(survey=survey, text="Comuna", kind="territorio")
    group_q = services.question_save(survey=survey, text="Grupo", kind="grupo_valor")
    territory = TerritoryFactory(entity=entity)
    group = StakeholderGroupFactory(entity=entity)
    radio, _redes, correo = multiple.options.all()
    services.survey_answer(
        survey=survey,
        values={
            single.pk: single.options.first().pk,
            multiple.pk: [radio.pk, correo.pk],
            scale.pk: 3,
            short.pk: " San Pío ",
            territory_q.pk: territory,
            group_q.pk: group,
        },
    )
    assert Answer.objects.filter(question=multiple).count() == 2
    assert Answer.objects.get(question=scale).number == 3
    assert Answer.objects.get(question=short).text == "San Pío"
    assert Answer.objects.get(question=territory_q).territory == territory
    assert Answer.objects.get(question=group_q).stakeholder_group == group


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("escala", 7, "1 a 5"),
        ("unica", 999999, "opciones de la lista"),
    ],
)
def test_invalid_answers_store_nothing(entity, kind, value, message):
    survey = SurveyFactory(entity=entity)
    question = _choice(survey) if kind == "unica" else QuestionFactory(entity=entity, survey=survey)
    with pytest.raises(ValidationError) as exc:
        services.survey_answer(survey=survey, values={question.pk: value})
    assert message in str(exc.value)
    assert SurveyResponse.objects.count() == 0


def test_required_question_and_empty_answer(entity):
    survey = SurveyFactory(entity=entity)
    required = QuestionFactory(entity=entity, survey=survey, required=True)
    with pytest.raises(ValidationError) as exc:
        services.survey_answer(survey=survey, values={required.pk: None})
    assert f"q{required.pk}" in exc.value.message_dict
    optional = QuestionFactory(entity=entity, survey=survey, required=False)
    required.required = False
    required.save()
    with pytest.raises(ValidationError) as exc:
        services.survey_answer(survey=survey, values={optional.pk: ""})
    assert "al menos una pregunta" in str(exc.value)
    assert SurveyResponse.objects.count() == 0


def test_territory_of_other_entity_is_refused(entity, other_entity):
    survey = SurveyFactory(entity=entity)
    question = services.question_save(survey=survey, text="Comuna", kind="territorio")
    with pytest.raises(ValidationError):
        services.survey_answer(
            survey=survey, values={question.pk: TerritoryFactory(entity=other_entity)}
        )
    assert SurveyResponse.objects.count() == 0


def test_identified_survey_needs_consent_and_one_answer_per_email(entity):
    survey = SurveyFactory(entity=entity, identification=Identification.IDENTIFIED)
    question = QuestionFactory(entity=entity, survey=survey)
    with pytest.raises(ValidationError) as exc:
        services.survey_answer(survey=survey, values={question.pk: 4}, email="ana@correo.test")
    assert "consent" in exc.value.message_dict
    assert SurveyResponse.objects.count() == 0
    assert Consent.objects.count() == 0
    response = services.survey_answer(
        survey=survey, values={question.pk: 4}, email="Ana@Correo.test", consent_given=True
    )
    assert response.email == "ana@correo.test"
    assert response.consent.purpose == services.SURVEY_PURPOSE
    assert "Ley 1581" in response.consent.text
    with pytest.raises(ValidationError) as exc:
        services.survey_answer(
            survey=survey, values={question.pk: 2}, email="ana@correo.test", consent_given=True
        )
    assert "email" in exc.value.message_dict
    assert SurveyResponse.objects.count() == 1
    assert Consent.objects.count() == 1


def test_anonymous_survey_never_keeps_an_email(entity):
    survey = SurveyFactory(entity=entity)
    question = QuestionFactory(entity=entity, survey=survey)
    response = services.survey_answer(
        survey=survey, values={question.pk: 4}, email="ana@correo.test"
    )
    assert response.email == ""
    assert response.consent is None


# Forums ---------------------------------------------------------------------------------------


def test_comment_with_email_needs_consent(entity):
    forum = ForumFactory(entity=entity)
    with pytest.raises(ValidationError) as exc:
        services.comment_post(forum=forum, text="Propuesta", email="luis@correo.test")
    assert "consent" in exc.value.message_dict
    assert ForumComment.objects.count() == 0
    comment = services.comment_post(
        forum=forum, text="Propuesta", email="luis@correo.test", consent_given=True
    )
    assert comment.status == ModerationStatus.PENDING
    assert comment.consent.subject_email == "luis@correo.test"


def test_closed_forum_refuses_comments(entity):
    forum = ForumFactory(
        entity=entity,
        opens_at=timezone.now() - datetime.timedelta(days=5),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        services.comment_post(forum=forum, text="Tarde")
    assert ForumComment.objects.count() == 0


def test_reply_only_to_published_comments(entity):
    forum = ForumFactory(entity=entity)
    pending = ForumCommentFactory(entity=entity, forum=forum, status=ModerationStatus.PENDING)
    with pytest.raises(ValidationError):
        services.comment_post(forum=forum, text="Respuesta", parent=pending)
    published = ForumCommentFactory(entity=entity, forum=forum)
    reply = services.comment_post(forum=forum, text="Respuesta", parent=published)
    assert reply.parent == published


def test_rejection_needs_a_reason(entity, make_member):
    comment = ForumCommentFactory(entity=entity, status=ModerationStatus.PENDING)
    with pytest.raises(ValidationError):
        services.comment_moderate(comment=comment, status=ModerationStatus.REJECTED)
    comment.refresh_from_db()
    assert comment.status == ModerationStatus.PENDING
    moderator = make_member("participation_lead", entity)
    services.comment_moderate(
        comment=comment,
        status=ModerationStatus.REJECTED,
        reason="Contiene datos personales de terceros",
        moderator=moderator,
    )
    comment.refresh_from_db()
    assert comment.status == ModerationStatus.REJECTED
    assert comment.moderated_by == moderator


def test_comment_to_contribution_needs_an_event_of_the_activity(entity):
    forum = ForumFactory(entity=entity)
    comment = ForumCommentFactory(entity=entity, forum=forum)
    with pytest.raises(ValidationError) as exc:
        services.comment_to_contribution(comment=comment, event=None)
    assert "cree primero un evento" in str(exc.value)
    with pytest.raises(ValidationError):
        services.comment_to_contribution(comment=comment, event=EventFactory(entity=entity))
    assert Contribution.objects.count() == 0
    event = EventFactory(entity=entity, activity=forum.activity, started=True)
    contribution = services.comment_to_contribution(comment=comment, event=event)
    assert contribution.event == event
    assert contribution.text == comment.text
    assert contribution.author_name == comment.pseudonym
    assert not contribution.is_analysed
    comment.refresh_from_db()
    assert comment.contribution == contribution
    with pytest.raises(ValidationError):
        services.comment_to_contribution(comment=comment, event=event)
    assert Contribution.objects.count() == 1


def test_pending_comment_cannot_become_contribution(entity):
    forum = ForumFactory(entity=entity)
    comment = ForumCommentFactory(entity=entity, forum=forum, status=ModerationStatus.PENDING)
    event = EventFactory(entity=entity, activity=forum.activity)
    with pytest.raises(ValidationError):
        services.comment_to_contribution(comment=comment, event=event)
    assert Contribution.objects.count() == 0


def test_closing_summary_closes_the_forum(entity):
    forum = ForumFactory(entity=entity)
    with pytest.raises(ValidationError):
        services.forum_close(forum=forum, summary="  ")
    services.forum_close(forum=forum, summary="Se recogieron 12 propuestas.")
    forum.refresh_from_db()
    assert not forum.is_open
    assert forum.closing_summary == "Se recogieron 12 propuestas."


# Diagnosis ------------------------------------------------------------------------------------


def test_one_diagnosis_per_year(entity):
    services.diagnosis_save(entity=entity, year=2019, title="Diagnóstico 2019")
    with pytest.raises(ValidationError) as exc:
        services.diagnosis_save(entity=entity, year=2019, title="Otro")
    assert "year" in exc.value.message_dict


def test_obstacle_links_and_scenarios(entity, other_entity):
    diagnosis = DiagnosisFactory(entity=entity)
    activity = ActivityFactory(entity=entity)
    obstacle = services.obstacle_save(
        diagnosis=diagnosis,
        phase=CyclePhase.DIAGNOSIS,
        theme="Acceso a la información",
        text="No hay fácil acceso a la información de las comunas.",
        plan_activities=[activity],
    )
    assert list(obstacle.plan_activities.all()) == [activity]
    with pytest.raises(ValidationError):
        services.obstacle_save(
            diagnosis=diagnosis,
            phase=CyclePhase.DIAGNOSIS,
            theme="Tema",
            text="Otro",
            plan_activities=[ActivityFactory(entity=other_entity)],
        )
    assert diagnosis.obstacles.count() == 1
    scenario = services.scenario_save(
        diagnosis=diagnosis,
        phase=CyclePhase.DIAGNOSIS,
        theme="Acceso a la información",
        text="La ciudadanía tiene fácil acceso a la información.",
        obstacles=[obstacle],
    )
    assert list(obstacle.scenarios.all()) == [scenario]
    with pytest.raises(ValidationError):
        services.scenario_save(
            diagnosis=diagnosis,
            phase=CyclePhase.DIAGNOSIS,
            theme="Tema",
            text="Otro",
            obstacles=[ObstacleFactory(entity=entity)],
        )
    assert diagnosis.scenarios.count() == 1


# Characterization -----------------------------------------------------------------------------


def test_characterization_needs_its_own_consent(entity):
    petition = PetitionFactory(entity=entity)
    assert (
        services.characterization_record(
            entity=entity, petition=petition, consent_given=False, occupation="estudiante"
        )
        is None
    )
    assert (
        services.characterization_record(entity=entity, petition=petition, consent_given=True)
        is None
    )
    assert Characterization.objects.count() == 0
    assert Consent.objects.count() == 0
    record = services.characterization_record(
        entity=entity, petition=petition, consent_given=True, occupation="estudiante"
    )
    assert record.consent.purpose == services.CHARACTERIZATION_PURPOSE
    assert record.service_kind == "pqrsd"


def test_characterization_of_registration_and_other_entity_territory(entity, other_entity):
    registration = RegistrationFactory(entity=entity)
    with pytest.raises(ValidationError):
        services.characterization_record(
            entity=entity,
            registration=registration,
            consent_given=True,
            territory=TerritoryFactory(entity=other_entity),
        )
    assert Characterization.objects.count() == 0
    record = services.characterization_record(
        entity=entity, registration=registration, consent_given=True, age_range="18-28"
    )
    assert record.service_kind == "evento"
