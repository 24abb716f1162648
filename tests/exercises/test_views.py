"""Staff and public pages of the exercises app."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cabildo.accounts.models import Role
from cabildo.execution.models import Contribution
from cabildo.exercises import services
from cabildo.exercises.models import (
    Diagnosis,
    ForumComment,
    Identification,
    ModerationStatus,
    Question,
    Survey,
    SurveyResponse,
)
from cabildo.plans.models import PlanStatus
from tests.execution.factories import EventFactory
from tests.exercises.factories import (
    DiagnosisFactory,
    ForumCommentFactory,
    ForumFactory,
    ObstacleFactory,
    QuestionFactory,
    SurveyFactory,
)
from tests.plans.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def _dt(days: int) -> str:
    return (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


# Builder --------------------------------------------------------------------------------------


def test_lead_creates_a_survey_and_adds_questions(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    activity = ActivityFactory(
        entity=entity,
        version__status=PlanStatus.IN_EXECUTION,
        version__plan__year=timezone.localdate().year,  # the survey opens within its vigencia
    )
    response = client.post(
        reverse("exercises:survey_create"),
        {
            "activity": activity.pk,
            "title": "Diagnóstico del encuentro",
            "opens_at": _dt(-1),
            "closes_at": _dt(5),
            "identification": "anonima",
            "is_published": "on",
        },
    )
    survey = Survey.objects.get()
    assert response.status_code == 302
    response = client.post(
        reverse("exercises:question_create", args=[survey.pk]),
        {"text": "¿Conoce el plan?", "kind": "unica", "options": "Sí\nNo", "required": "on"},
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.required and question.options.count() == 2
    page = client.get(reverse("exercises:survey_detail", args=[survey.pk]))
    assert "¿Conoce el plan?" in page.content.decode()


def test_choice_question_with_one_option_is_refused_by_the_view(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    survey = SurveyFactory(entity=entity)
    response = client.post(
        reverse("exercises:question_create", args=[survey.pk]),
        {"text": "¿Conoce el plan?", "kind": "multiple", "options": "Sí"},
    )
    assert response.status_code == 200
    assert "al menos dos opciones" in response.content.decode()
    assert Question.objects.count() == 0


def test_survey_form_bad_dates_store_nothing(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    activity = ActivityFactory(
        entity=entity,
        version__status=PlanStatus.IN_EXECUTION,
        version__plan__year=timezone.localdate().year,  # the survey opens within its vigencia
    )
    response = client.post(
        reverse("exercises:survey_create"),
        {
            "activity": activity.pk,
            "title": "Encuesta",
            "opens_at": _dt(5),
            "closes_at": _dt(1),
            "identification": "anonima",
        },
    )
    assert response.status_code == 200
    assert "posterior a la apertura" in response.content.decode()
    assert Survey.objects.count() == 0


def test_liaison_manages_only_surveys_of_their_area(staff_client, entity, area):
    client = staff_client(Role.AREA_LIAISON, area=area)
    own = SurveyFactory(entity=entity, activity=ActivityFactory(entity=entity, area=area))
    other = SurveyFactory(entity=entity)
    assert client.get(reverse("exercises:survey_update", args=[own.pk])).status_code == 200
    assert client.get(reverse("exercises:survey_update", args=[other.pk])).status_code == 403
    response = client.post(
        reverse("exercises:question_create", args=[other.pk]),
        {"text": "Intrusa", "kind": "escala"},
    )
    assert response.status_code == 403
    assert Question.objects.count() == 0


def test_viewer_reads_but_cannot_change(staff_client, entity):
    client = staff_client(Role.VIEWER)
    survey = SurveyFactory(entity=entity)
    assert client.get(reverse("exercises:survey_results", args=[survey.pk])).status_code == 200
    assert client.get(reverse("exercises:survey_create")).status_code == 403
    response = client.post(
        reverse("exercises:survey_publish_results", args=[survey.pk]), {"published": "0"}
    )
    assert response.status_code == 403
    survey.refresh_from_db()
    assert survey.results_published


def test_survey_list_constant_queries(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    SurveyFactory.create_batch(5, entity=entity)
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("exercises:survey_list"))
    SurveyFactory.create_batch(45, entity=entity)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(reverse("exercises:survey_list"))
    assert response.content.decode().count("Encuesta de diagnóstico") >= 50
    assert len(five) == len(fifty)


@pytest.mark.parametrize(
    ("url_name", "factory"),
    [("exercises:forum_list", ForumFactory), ("exercises:diagnosis_list", DiagnosisFactory)],
)
def test_other_lists_constant_queries(staff_client, entity, url_name, factory):
    client = staff_client(Role.PARTICIPATION_LEAD)
    factory.create_batch(5, entity=entity)
    with CaptureQueriesContext(connection) as five:
        client.get(reverse(url_name))
    factory.create_batch(45, entity=entity)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(reverse(url_name)).status_code == 200
    assert len(five) == len(fifty)


# Answering ------------------------------------------------------------------------------------


def test_citizen_answers_once_per_device(client, entity):
    survey = SurveyFactory(entity=entity)
    question = QuestionFactory(entity=entity, survey=survey)
    url = reverse("exercises:public_survey", args=[survey.pk]) + "?entidad=entidad-a"
    assert client.get(url).status_code == 200
    response = client.post(url, {f"q{question.pk}": "4"})
    assert response.status_code == 302
    assert SurveyResponse.objects.count() == 1
    page = client.get(url).content.decode()
    assert "Ya se registró una respuesta" in page
    client.post(url, {f"q{question.pk}": "5"})
    assert SurveyResponse.objects.count() == 1


def test_answers_are_limited_per_address_counting_accepted_ones_only(client, entity, settings):
    settings.PUBLIC_FORM_RATE_LIMITS = {"survey_answer": "2/3600"}
    survey = SurveyFactory(entity=entity)
    question = QuestionFactory(entity=entity, survey=survey, required=True)
    url = reverse("exercises:public_survey", args=[survey.pk]) + "?entidad=entidad-a"
    for _ in range(3):  # sent back with errors: uses up nothing
        assert client.post(url, {}).status_code == 200
    for _ in range(2):
        client.cookies.clear()
        assert client.post(url, {f"q{question.pk}": "4"}).status_code == 302
    client.cookies.clear()
    refused = client.post(url, {f"q{question.pk}": "4"})
    assert refused.status_code == 429 and "Recibimos demasiados envíos" in refused.content.decode()
    assert SurveyResponse.objects.count() == 2


def test_closed_survey_page_says_so_and_post_stores_nothing(client, entity):
    survey = SurveyFactory(
        entity=entity,
        opens_at=timezone.now() - datetime.timedelta(days=5),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    question = QuestionFactory(entity=entity, survey=survey)
    url = reverse("exercises:public_survey", args=[survey.pk]) + "?entidad=entidad-a"
    assert "está cerrada" in client.get(url).content.decode()
    response = client.post(url, {f"q{question.pk}": "4"})
    assert response.status_code == 200
    assert "La encuesta está cerrada" in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_honeypot_stores_nothing(client, entity):
    survey = SurveyFactory(entity=entity)
    question = QuestionFactory(entity=entity, survey=survey)
    url = reverse("exercises:public_survey", args=[survey.pk]) + "?entidad=entidad-a"
    client.post(url, {f"q{question.pk}": "4", "website": "http://spam.test"})
    assert SurveyResponse.objects.count() == 0


def test_identified_survey_form_asks_email_and_consent(client, entity):
    survey = SurveyFactory(entity=entity, identification=Identification.IDENTIFIED)
    question = QuestionFactory(entity=entity, survey=survey)
    url = reverse("exercises:public_survey", args=[survey.pk]) + "?entidad=entidad-a"
    response = client.post(url, {f"q{question.pk}": "4", "email": "ana@correo.test"})
    assert "Debe autorizar" in response.content.decode()
    assert SurveyResponse.objects.count() == 0
    client.post(url, {f"q{question.pk}": "4", "email": "ana@correo.test", "consent": "on"})
    assert SurveyResponse.objects.get().email == "ana@correo.test"


def test_staff_types_a_paper_answer(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    survey = SurveyFactory(entity=entity)
    question = QuestionFactory(entity=entity, survey=survey)
    response = client.post(
        reverse("exercises:paper_answer", args=[survey.pk]), {f"q{question.pk}": "2"}
    )
    assert response.status_code == 302
    assert SurveyResponse.objects.get().channel == "papel"


# Results --------------------------------------------------------------------------------------


def _answered(entity, **kwargs):
    survey = SurveyFactory(entity=entity, identification=Identification.IDENTIFIED, **kwargs)
    question = services.question_save(
        survey=survey, text="¿Conoce el plan?", kind="unica", options=["Sí", "No"]
    )
    text = services.question_save(survey=survey, text="Propuestas", kind="texto_largo")
    services.survey_answer(
        survey=survey,
        values={question.pk: question.options.first().pk, text.pk: "Más talleres"},
        email="secreta@correo.test",
        consent_given=True,
    )
    return survey


def test_results_page_shows_table_and_texts(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    survey = _answered(entity)
    page = client.get(reverse("exercises:survey_results", args=[survey.pk])).content.decode()
    assert "<table" in page and "100,0 %" in page
    assert "Más talleres" in page
    assert "secreta@correo.test" not in page


@pytest.mark.parametrize("url_name", ["exercises:survey_csv", "exercises:survey_xlsx"])
def test_exports_have_no_personal_data(staff_client, entity, url_name):
    client = staff_client(Role.PARTICIPATION_LEAD)
    survey = _answered(entity)
    response = client.get(reverse(url_name, args=[survey.pk]))
    if url_name.endswith("csv"):
        body = response.content.decode("utf-8-sig")
    else:
        sheet = load_workbook(BytesIO(response.content)).active
        body = "\n".join(",".join(str(c) for c in row) for row in sheet.iter_rows(values_only=True))
    assert "¿Conoce el plan?" in body and "Más talleres" in body
    assert "secreta@correo.test" not in body


@pytest.mark.parametrize("url_name", ["exercises:survey_csv", "exercises:survey_xlsx"])
def test_exports_never_carry_a_formula(staff_client, entity, url_name):
    client = staff_client(Role.PARTICIPATION_LEAD)
    survey = SurveyFactory(entity=entity, identification=Identification.IDENTIFIED)
    text = services.question_save(survey=survey, text="Propuestas", kind="texto_largo")
    hostile = '=HYPERLINK("http://evil.example","clic")'
    services.survey_answer(
        survey=survey, values={text.pk: hostile}, email="a@correo.test", consent_given=True
    )
    response = client.get(reverse(url_name, args=[survey.pk]))
    if url_name.endswith("csv"):
        assert f"'{hostile}".replace('"', '""') in response.content.decode("utf-8-sig")
    else:
        cells = [c for row in load_workbook(BytesIO(response.content)).active for c in row]
        cell = next(c for c in cells if c.value == hostile)
        assert cell.data_type == "s"


def test_public_results_only_when_published(client, entity, staff_client):
    survey = _answered(entity, results_published=False)
    url = reverse("exercises:public_results", args=[survey.pk]) + "?entidad=entidad-a"
    assert client.get(url).status_code == 404
    lead = staff_client(Role.PARTICIPATION_LEAD)
    lead.post(reverse("exercises:survey_publish_results", args=[survey.pk]), {"published": "1"})
    lead.logout()
    page = client.get(url).content.decode()
    assert "¿Conoce el plan?" in page and "<table" in page
    assert "Más talleres" not in page  # text answers are not published one by one


# Forums ---------------------------------------------------------------------------------------


def test_public_forum_shows_published_and_removal_trace(client, entity):
    forum = ForumFactory(entity=entity)
    ForumCommentFactory(entity=entity, forum=forum, text="Visible")
    ForumCommentFactory(entity=entity, forum=forum, text="Pendiente", status="pendiente")
    ForumCommentFactory(
        entity=entity,
        forum=forum,
        text="Insulto",
        status=ModerationStatus.REJECTED,
        rejection_reason="lenguaje ofensivo",
    )
    page = client.get(
        reverse("exercises:public_forum", args=[forum.pk]) + "?entidad=entidad-a"
    ).content.decode()
    assert "Visible" in page
    assert "Pendiente" not in page and "Insulto" not in page
    assert "Comentario retirado por moderación: lenguaje ofensivo" in page


def test_citizen_comments_and_bad_input_stores_nothing(client, entity):
    forum = ForumFactory(entity=entity)
    url = reverse("exercises:public_forum", args=[forum.pk]) + "?entidad=entidad-a"
    response = client.post(url, {"text": "", "pseudonym": "Vecino"})
    assert response.status_code == 200
    assert ForumComment.objects.count() == 0
    response = client.post(url, {"text": "Propuesta", "email": "a@correo.test"})
    assert "autorizar" in response.content.decode()
    assert ForumComment.objects.count() == 0
    client.post(url, {"text": "Propuesta concreta", "pseudonym": "Vecino"})
    assert ForumComment.objects.get().status == ModerationStatus.PENDING


def test_moderation_and_contribution_views(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    forum = ForumFactory(entity=entity)
    comment = ForumCommentFactory(entity=entity, forum=forum, status="pendiente")
    url = reverse("exercises:comment_moderate", args=[comment.pk])
    response = client.post(url, {"status": "rechazado", "reason": ""})
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.status == "pendiente"
    client.post(url, {"status": "publicado"})
    comment.refresh_from_db()
    assert comment.status == "publicado"
    contribution_url = reverse("exercises:comment_contribution", args=[comment.pk])
    page = client.get(contribution_url).content.decode()
    assert "no tiene eventos" in page
    response = client.post(contribution_url, {"event": "", "kind": "propuesta"})
    assert "cree primero un evento" in response.content.decode()
    assert Contribution.objects.count() == 0
    event = EventFactory(entity=entity, activity=forum.activity, started=True)
    client.post(contribution_url, {"event": event.pk, "kind": "propuesta"})
    assert Contribution.objects.get().event == event


# Diagnosis ------------------------------------------------------------------------------------


def test_diagnosis_pages(staff_client, client, entity):
    lead = staff_client(Role.PARTICIPATION_LEAD)
    response = lead.post(
        reverse("exercises:diagnosis_create"), {"year": 2019, "title": "Diagnóstico 2019"}
    )
    diagnosis = Diagnosis.objects.get()
    assert response.status_code == 302
    response = lead.post(
        reverse("exercises:obstacle_create", args=[diagnosis.pk]),
        {"phase": "diagnostico", "theme": "Información", "text": ""},
    )
    assert response.status_code == 200
    assert diagnosis.obstacles.count() == 0
    lead.post(
        reverse("exercises:obstacle_create", args=[diagnosis.pk]),
        {"phase": "diagnostico", "theme": "Información", "text": "No hay información."},
    )
    obstacle = diagnosis.obstacles.get()
    lead.post(
        reverse("exercises:scenario_create", args=[diagnosis.pk]),
        {
            "phase": "diagnostico",
            "theme": "Información",
            "text": "Hay información.",
            "obstacles": [obstacle.pk],
        },
    )
    page = lead.get(reverse("exercises:diagnosis_detail", args=[diagnosis.pk])).content.decode()
    assert "No hay información." in page and "Hay información." in page
    lead.logout()
    public = reverse("exercises:public_diagnosis", args=[diagnosis.pk]) + "?entidad=entidad-a"
    assert client.get(public).status_code == 404
    diagnosis.is_published = True
    diagnosis.save()
    assert "No hay información." in client.get(public).content.decode()


def test_liaison_cannot_change_the_diagnosis(staff_client, entity):
    client = staff_client(Role.AREA_LIAISON)
    diagnosis = DiagnosisFactory(entity=entity)
    response = client.post(
        reverse("exercises:obstacle_create", args=[diagnosis.pk]),
        {"phase": "diagnostico", "theme": "Tema", "text": "Texto"},
    )
    assert response.status_code == 403
    assert diagnosis.obstacles.count() == 0
    assert ObstacleFactory._meta.model.objects.count() == 0


def test_public_index_pages_answer(client, entity):
    SurveyFactory(entity=entity)
    ForumFactory(entity=entity)
    DiagnosisFactory(entity=entity)
    for name in ("public_surveys", "public_forums", "public_diagnoses"):
        assert client.get(reverse(f"exercises:{name}") + "?entidad=entidad-a").status_code == 200


def test_characterization_stats_page_suppresses_small_cells(staff_client, entity):
    from tests.pqrs.factories import PetitionFactory, PetitionKindFactory

    client = staff_client(Role.INTERNAL_CONTROL)
    url = reverse("exercises:characterization_stats")
    assert "Aún no hay respuestas" in client.get(url).content.decode()
    kind = PetitionKindFactory(entity=entity, name="Derecho de petición")
    for occupation, n in (("estudiante", 5), ("hogar", 2)):
        for _ in range(n):
            services.characterization_record(
                entity=entity,
                petition=PetitionFactory(entity=entity, kind=kind),
                consent_given=True,
                occupation=occupation,
            )
    page = client.get(url).content.decode()
    assert "PQRSD: Derecho de petición" in page
    assert ">5<" in page.replace(" ", "")
    assert "menos de 5" in page
    assert ">2<" not in page.replace(" ", "")


@pytest.mark.parametrize(
    ("url_name", "make"),
    [
        ("exercises:public_surveys", lambda e, n: SurveyFactory.create_batch(n, entity=e)),
        ("exercises:public_forums", lambda e, n: ForumFactory.create_batch(n, entity=e)),
        ("exercises:public_diagnoses", lambda e, n: DiagnosisFactory.create_batch(n, entity=e)),
    ],
)
def test_public_lists_constant_queries(client, entity, url_name, make):
    url = reverse(url_name) + "?entidad=entidad-a"
    make(entity, 5)
    client.get(url)
    cache.clear()  # the rendered page, not the whole-page cache, is what is counted
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    make(entity, 45)
    cache.clear()
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(url).status_code == 200
    assert len(five) == len(fifty)


def test_forum_thread_constant_queries(client, staff_client, entity):
    forum = ForumFactory(entity=entity)
    public = reverse("exercises:public_forum", args=[forum.pk]) + "?entidad=entidad-a"
    ForumCommentFactory.create_batch(5, entity=entity, forum=forum)
    client.get(public)
    with CaptureQueriesContext(connection) as five:
        client.get(public)
    first = ForumComment.objects.first()
    ForumCommentFactory.create_batch(45, entity=entity, forum=forum, parent=first)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(public).content.decode().count("forum-comment") >= 50
    assert len(five) == len(fifty)
    lead = staff_client(Role.PARTICIPATION_LEAD)
    staff = reverse("exercises:forum_detail", args=[forum.pk])
    with CaptureQueriesContext(connection) as first_count:
        lead.get(staff)
    ForumCommentFactory.create_batch(10, entity=entity, forum=forum)
    with CaptureQueriesContext(connection) as second_count:
        lead.get(staff)
    assert len(first_count) == len(second_count)
