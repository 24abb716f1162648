"""One journey in Chromium: an official sets up the year's strategy (the art. 53 warning shows
while it should) and an audiencia with its report; a citizen asks (bad input first) at 375 px;
the official routes and answers within the term and the answer appears publicly; a veeduría's
request is filed as PQRSD with its term, and once answered shows so. axe-core on each page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cabildo.accountability.models import Question, QuestionStatus, VeeduriaRequest
from cabildo.accounts.models import Role
from tests.accountability.factories import OversightItemFactory, VeeduriaFactory
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.execution.factories import EventFactory
from tests.factories import AreaFactory, EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = (
    "# Resultados del año\n\n"
    + "Pavimentamos 12 kilómetros de vías rurales y abrimos dos jardines infantiles. " * 4
)


def _no_horizontal_scroll(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_accountability_journey(live_server, browser, make_member):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    area = AreaFactory(entity=entity, name="Secretaría de Infraestructura")
    event = EventFactory(entity=entity, title="Audiencia pública de rendición de cuentas")
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    base = f"{live_server.url}/entidad-a"
    year = timezone.localdate().year

    official = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="es-CO"
    ).new_page()
    official.goto(f"{base}{reverse('accounts:login')}")
    official.fill("input[name=username]", lead.email)
    official.fill("input[name=password]", TEST_PASSWORD)
    official.locator("main form button[type=submit]").click()
    official.wait_for_load_state()

    # The strategy: bad year first, then a good one; the art. 53 warning shows.
    official.goto(f"{base}{reverse('accountability:strategy_create')}")
    official.get_by_label("Vigencia").fill("1800")
    official.get_by_role("button", name="Guardar").click()
    expect(official.locator("#resumen-errores")).to_be_visible()
    official.get_by_label("Vigencia").fill(str(year))
    official.get_by_label("Objetivo").fill("Informar y dialogar sobre los resultados del año.")
    official.get_by_label("Equipo líder").fill("Ana Pérez — Participación")
    official.get_by_role("button", name="Guardar").click()
    official.wait_for_load_state()
    assert official.locator("#aviso-art53").is_visible()
    assert axe_violations(official) == []

    official.get_by_role("link", name="Agregar tarea").click()
    official.get_by_label("Etapa").select_option(label="Aprestamiento")
    official.locator("#id_description").fill("Conformar el equipo líder")
    official.get_by_label("Dependencia responsable").select_option(label=area.name)
    official.get_by_label("Fecha límite").fill(f"{year}-12-30")
    official.get_by_role("button", name="Guardar").click()
    official.wait_for_load_state()

    official.get_by_role("link", name="Agregar espacio de diálogo").click()
    official.get_by_label("Tipo de espacio").select_option(label="Audiencia pública participativa")
    official.get_by_label("Nombre").fill("Audiencia pública de rendición de cuentas")
    official.get_by_label("Fecha prevista").fill(event.starts_at.date().isoformat())
    official.get_by_label("Dependencia responsable").select_option(label=area.name)
    official.get_by_label("Evento").select_option(index=1)
    official.get_by_role("button", name="Guardar").click()
    official.wait_for_load_state()
    space_url = official.url

    official.get_by_role("link", name="Informe de rendición de cuentas").click()
    official.get_by_label("Título del informe").fill("Informe de gestión")
    official.get_by_label("Informe en texto accesible").fill("Muy corto")
    official.get_by_label("Publicar el informe").check()
    official.get_by_role("button", name="Guardar").click()
    expect(official.locator("body")).to_contain_text("al menos 200 caracteres")
    official.get_by_label("Informe en texto accesible").fill(REPORT)
    official.get_by_role("button", name="Guardar").click()
    official.wait_for_load_state()
    assert "Informe guardado" in official.content()

    official.get_by_role("link", name=str(year)).first.click()
    official.wait_for_load_state()
    assert official.locator("#aviso-art53").is_visible()  # one audiencia is not enough
    official.get_by_role("button", name="Publicar la estrategia").click()
    official.wait_for_load_state()
    assert "Estrategia publicada" in official.content()

    # A citizen asks at 375 px: bad input first, then a question with name and consent.
    space_pk = int(space_url.rstrip("/").rsplit("/", 1)[1])
    citizen = browser.new_context(viewport={"width": 375, "height": 800}, locale="es-CO").new_page()
    public_url = f"{base}{reverse('accountability:public_space', args=[space_pk])}"
    citizen.goto(public_url)
    assert "Pavimentamos 12 kilómetros" in citizen.content()
    assert axe_violations(citizen) == []
    _no_horizontal_scroll(citizen, 375)
    citizen.get_by_label("Pregunta", exact=True).check()
    citizen.get_by_label("Su pregunta o propuesta").fill("¿?")
    citizen.get_by_label("Nombre (opcional)").fill("Rosa Vélez")
    citizen.get_by_role("button", name="Enviar").click()
    citizen.wait_for_load_state()
    assert "Debe autorizar" in citizen.content()
    assert Question.objects.count() == 0
    citizen.get_by_label("Pregunta", exact=True).check()
    citizen.get_by_label("Su pregunta o propuesta").fill("¿Cuándo pavimentan la vía a La Loma?")
    citizen.get_by_label("Nombre (opcional)").fill("Rosa Vélez")
    citizen.locator("#id_consent").check()
    citizen.get_by_role("button", name="Enviar").click()
    citizen.wait_for_load_state()
    assert "La entidad la responde por escrito a más tardar" in citizen.content()
    question = Question.objects.get()

    # The official routes and answers it within the term.
    official.goto(f"{base}{reverse('accountability:question_list')}")
    assert "A tiempo" in official.content()
    official.get_by_role("link", name=str(question.pk), exact=True).click()
    official.get_by_label("Dependencia que responde").select_option(label=area.name)
    official.get_by_role("button", name="Asignar").click()
    official.wait_for_load_state()
    official.get_by_label("Respuesta escrita (se publica)").fill(
        "La vía a La Loma se pavimenta entre febrero y abril; el contrato ya está firmado."
    )
    official.get_by_role("button", name="Publicar respuesta").click()
    official.wait_for_load_state()
    assert "Respondida a tiempo" in official.content()
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED

    citizen.goto(public_url)
    assert "el contrato ya está firmado" in citizen.content()
    assert "Respondida dentro del término" in citizen.content()
    assert "Rosa Vélez" not in citizen.content()
    _no_horizontal_scroll(citizen, 375)

    # Another in-person space: the art. 53 warning goes away.
    official.goto(space_url)
    official.get_by_role("link", name=str(year)).first.click()
    official.get_by_role("link", name="Agregar espacio de diálogo").click()
    official.get_by_label("Tipo de espacio").select_option(label="Mesa de trabajo")
    official.get_by_label("Nombre").fill("Mesa de trabajo con las JAL")
    official.get_by_label("Fecha prevista").fill(f"{year}-12-20")
    official.get_by_label("Dependencia responsable").select_option(label=area.name)
    official.get_by_role("button", name="Guardar").click()
    official.wait_for_load_state()
    official.get_by_role("link", name=str(year)).first.click()
    official.wait_for_load_state()
    assert official.locator("#aviso-art53").count() == 0

    # A veeduría's request: filed as PQRSD with its term; answered, it shows so.
    veeduria = VeeduriaFactory(entity=entity, name="Veeduría del parque")
    OversightItemFactory(entity=entity, reference="CO-0077-2026", area=area)
    official.goto(f"{base}{reverse('oversight:veeduria_detail', args=[veeduria.pk])}")
    official.get_by_role("link", name="Radicar solicitud (PQRSD)").click()
    official.get_by_role("button", name="Guardar").click()
    expect(official.locator("#resumen-errores")).to_be_visible()
    official.get_by_label("Asunto").fill("Copia del acta de inicio")
    official.locator("#id_description").fill("Solicitamos copia del acta de inicio.")
    official.get_by_role("button", name="Guardar").click()
    official.wait_for_load_state()
    assert "vence el" in official.content()
    request = VeeduriaRequest.objects.select_related("petition").get()
    assert request.petition.term_days == 15
    official.goto(f"{base}{reverse('oversight:manage')}")
    assert request.petition.filing_number in official.content()
    assert "A tiempo" in official.content()
    assert axe_violations(official) == []

    from cabildo.pqrs.services.answers import petition_answer

    petition_answer(
        petition=request.petition, text="Adjuntamos el acta de inicio.", channel="correo"
    )
    official.reload()
    assert "Respondida a tiempo" in official.content()
