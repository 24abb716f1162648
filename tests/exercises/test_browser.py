"""End to end in Chromium: staff build a three-question survey, a citizen answers it on a
phone-sized window, the results show with their tables; axe-core on the survey, forum and
results pages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.exercises.models import Answer, ModerationStatus, Question, Survey, SurveyResponse
from cabildo.plans.models import PlanStatus
from tests.browser.charts import chart_mismatches
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.exercises.factories import ForumCommentFactory, ForumFactory
from tests.factories import EntityFactory
from tests.plans.factories import ActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user, next_url):
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}{next_url}")


def _local(days: int) -> str:
    return (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _add_question(page, text, kind, options="", required=False):
    page.locator("#id_question_text").fill(text)
    page.get_by_label("Tipo de pregunta").select_option(label=kind)
    if options:
        page.get_by_label("Opciones de respuesta").fill(options)
    if required:
        page.get_by_label("Respuesta obligatoria").check()
    page.get_by_role("button", name="Agregar pregunta").click()
    page.wait_for_selector("text=Pregunta agregada.")


def test_build_answer_on_a_phone_and_see_results(live_server, page, browser, make_member):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    activity = ActivityFactory(
        entity=entity,
        name="Encuentro de instancias",
        version__status=PlanStatus.IN_EXECUTION,
        version__plan__year=timezone.localdate().year,  # the survey opens within its vigencia
    )

    _login(page, live_server, lead, reverse("exercises:survey_create") + "?entidad=entidad-a")
    page.get_by_label("Actividad del plan").select_option(value=str(activity.pk))
    page.get_by_label("Título").fill("¿Cómo participa en el municipio?")
    page.get_by_label("Apertura").fill(_local(-1))
    page.get_by_label("Cierre").fill(_local(5))
    page.get_by_label("Publicar en el portal").check()
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_selector("text=Encuesta creada")
    _add_question(page, "¿Cómo se enteró?", "Selección única", "Radio\nRedes sociales", True)
    _add_question(page, "¿Qué tan fácil es participar?", "Escala de 1 a 5")
    _add_question(page, "¿Qué propone?", "Texto largo")
    assert axe_violations(page) == []
    survey = Survey.objects.get()
    assert list(survey.questions.values_list("text", flat=True)) == [
        "¿Cómo se enteró?",
        "¿Qué tan fácil es participar?",
        "¿Qué propone?",
    ]

    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="es-CO")
    citizen = phone.new_page()
    url = f"{live_server.url}{reverse('exercises:public_survey', args=[survey.pk])}"
    citizen.goto(url + "?entidad=entidad-a")
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(citizen) == []
    citizen.get_by_role("button", name="Enviar respuestas").click()
    citizen.wait_for_load_state()
    assert "Esta pregunta es obligatoria" in citizen.content()
    assert SurveyResponse.objects.count() == 0
    assert axe_violations(citizen) == []
    citizen.get_by_label("Redes sociales").check()
    citizen.get_by_role("group", name="¿Qué tan fácil es participar?").get_by_label("4").check()
    citizen.get_by_label("¿Qué propone?").fill("Reuniones los sábados")
    citizen.get_by_role("button", name="Enviar respuestas").click()
    citizen.wait_for_selector("text=Gracias. Su respuesta fue recibida.")
    assert "Ya se registró una respuesta" in citizen.content()
    phone.close()
    assert SurveyResponse.objects.count() == 1
    assert Answer.objects.count() == 3

    page.goto(f"{live_server.url}{reverse('exercises:survey_results', args=[survey.pk])}")
    table = page.get_by_role("table", name="Respuestas a «¿Cómo se enteró?»")
    assert "Redes sociales" in table.inner_text() and "100,0 %" in table.inner_text()
    assert "Reuniones los sábados" in page.content()
    chart = f"canvas#grafico-{Question.objects.get(kind='unica').pk}"
    assert page.locator(chart).count() == 1
    assert chart_mismatches(page) == []
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publicar los resultados en el portal").click()
    page.wait_for_selector("text=Resultados publicados en el portal.")

    page.goto(f"{live_server.url}{reverse('exercises:public_results', args=[survey.pk])}")
    assert page.get_by_role("table", name="Respuestas a «¿Qué tan fácil es participar?»").count()
    assert "Reuniones los sábados" not in page.content()
    assert axe_violations(page) == []


def test_forum_page_is_accessible(live_server, page):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    forum = ForumFactory(entity=entity)
    first = ForumCommentFactory(entity=entity, forum=forum)
    ForumCommentFactory(entity=entity, forum=forum, parent=first, text="Estoy de acuerdo")
    ForumCommentFactory(
        entity=entity,
        forum=forum,
        status=ModerationStatus.REJECTED,
        rejection_reason="lenguaje ofensivo",
    )
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(
        f"{live_server.url}{reverse('exercises:public_forum', args=[forum.pk])}?entidad=entidad-a"
    )
    assert "Comentario retirado por moderación: lenguaje ofensivo" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(page) == []
    page.get_by_label("Su comentario").fill("Propongo sesiones en los barrios.")
    page.get_by_role("button", name="Enviar comentario").click()
    page.wait_for_selector("text=pendiente de moderación")
    assert axe_violations(page) == []
