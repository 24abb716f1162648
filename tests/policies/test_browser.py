"""The policy cycle in Chromium (issue 25, "Done when"): an official creates a policy, records
its diagnosis and design with documents, writes a draft of three articles and publishes it for
consultation; a citizen comments on article 2 at 375 px (bad input first); the official answers
each comment (accepted, rejected, with the reason), publishes version 2 and the informe de
observaciones, which lists every comment with its answer; the approval stage carries the
acuerdo's number and date; the plan operativo gets a component, a line and actions, and its
progress shows on the public page, which shows the journey. axe-core on every page, desktop and
phone widths, Spanish and English public pages.

Time passing (the window opening and closing) is done by moving the draft's window in the
database, as the view tests do: every date the official types stays on or before today."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cabildo.accounts.models import Role
from cabildo.policies.models import Answer, Draft, DraftComment, Policy, StageKind
from cabildo.workdays.calendar import calendar_for
from tests.conftest import LANGUAGE_RULES, TEST_PASSWORD, axe_violations
from tests.factories import AreaFactory, EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLES = [
    "Objeto. El presente acuerdo adopta la política pública de participación ciudadana.",
    "Instancias. Hacen parte del sistema las instancias formales de participación.",
    "Plan operativo. La Secretaría de Participación formula el plan operativo.",
]


def _shots(tmp_path: Path) -> Path:
    """Where the screenshots go: $CABILDO_SCREENSHOTS to keep and look at them."""
    folder = Path(os.environ.get("CABILDO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _check(page, width: int, shots: Path, name: str, language: str = "es") -> None:
    """No serious axe violation (in English, of the language rules: the markup is Spanish's),
    no horizontal scroll; a screenshot to look at."""
    page.screenshot(path=str(shots / f"politicas-{name}-{width}.png"), full_page=True)
    rules = LANGUAGE_RULES if language != "es" else None
    assert axe_violations(page, rules=rules) == [], name
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name


def _save(page) -> None:
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()


def _first_business_day(entity, day: datetime.date) -> datetime.date:
    calendar = calendar_for(entity)
    while not calendar.is_business_day(day):
        day += datetime.timedelta(days=1)
    return day


def test_policy_cycle_journey(live_server, browser, make_member, tmp_path):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    area = AreaFactory(entity=entity, name="Secretaría de Participación")
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    base = f"{live_server.url}/{entity.slug}"
    shots = _shots(tmp_path)
    today = timezone.localdate()
    year = today.year

    official = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="es-CO"
    ).new_page()
    official.goto(f"{base}{reverse('accounts:login')}")
    official.fill("input[name=username]", lead.email)
    official.fill("input[name=password]", TEST_PASSWORD)
    official.locator("main form button[type=submit]").click()
    official.wait_for_load_state()

    # The policy: bad input first (no name), then a good one; its ten stages are created.
    official.goto(f"{base}{reverse('policies:policy_list')}")
    _check(official, 1280, shots, "lista")
    official.get_by_role("link", name="Nueva política o reglamentación").click()
    official.get_by_label("Tipo").select_option(label="Política pública")
    official.get_by_label("Dependencia responsable").select_option(label=area.name)
    _save(official)
    expect(official.locator("#resumen-errores")).to_be_visible()
    _check(official, 1280, shots, "nueva-error")
    official.get_by_label("Nombre").fill("Política pública de participación ciudadana")
    official.get_by_label("Objeto").fill("Garantizar el derecho a la participación ciudadana.")
    _save(official)
    assert "Política creada con sus etapas" in official.content()
    policy = Policy.objects.get(entity=entity)
    assert policy.stages.count() == len(StageKind)
    detail_url = official.url
    _check(official, 1280, shots, "detalle-inicial")

    # Diagnosis and design, each with its dates and a document.
    for kind, start, end, document in [
        (StageKind.DIAGNOSIS, f"{year - 2}-02-04", f"{year - 2}-11-29", "Informe de diagnóstico"),
        (StageKind.DESIGN, f"{year - 1}-02-03", f"{year - 1}-12-11", "Memorias de los foros"),
    ]:
        label = StageKind(kind).label
        stage = official.locator(f"#etapa-{policy.stages.get(kind=kind).pk}")
        stage.get_by_role("link", name="Editar la etapa").click()
        official.get_by_label("Inicio").fill(end)  # the end before the start: refused
        official.get_by_label("Terminada el").fill(start)
        _save(official)
        expect(official.locator("#resumen-errores")).to_be_visible()
        official.get_by_label("Inicio").fill(start)
        official.get_by_label("Terminada el").fill(end)
        official.get_by_label("Qué se hizo").fill(f"{label}: trabajo con las instancias.")
        _save(official)
        assert "Etapa actualizada" in official.content()
        stage = official.locator(f"#etapa-{policy.stages.get(kind=kind).pk}")
        stage.get_by_role("link", name="Agregar documento").click()
        _check(official, 1280, shots, f"documento-{kind}")
        official.get_by_label("Documento").fill(document)
        official.get_by_label("Enlace").fill("https://www.example.gov.co/documento.pdf")
        official.get_by_label("Fecha").fill(end)
        _save(official)
        assert document in official.content()
    _check(official, 1280, shots, "detalle-etapas")

    # The draft of three articles, then published for consultation from a business day.
    official.get_by_role("link", name="Escribir el borrador").click()
    official.get_by_label("Título del proyecto").fill("Proyecto de acuerdo de participación")
    official.get_by_label("Exposición de motivos").fill("La participación necesita un sistema.")
    official.get_by_label("Articulado").fill("")
    _save(official)
    expect(official.locator("#resumen-errores")).to_be_visible()
    official.get_by_label("Articulado").fill("\n\n".join(ARTICLES))
    _save(official)
    assert "Versión del borrador creada" in official.content()
    draft = Draft.objects.get(policy=policy)
    assert draft.articles.count() == 3
    _check(official, 1280, shots, "borrador")
    official.get_by_role("link", name="Publicar esta versión").click()
    start = _first_business_day(entity, today)
    official.get_by_label("Inicio de la consulta").fill(f"{year - 1}-01-05")  # past: refused
    official.get_by_label("Días hábiles de consulta").fill("10")
    _save(official)
    assert "no puede empezar en una fecha pasada" in official.content()
    _check(official, 1280, shots, "publicar-error")
    official.get_by_label("Inicio de la consulta").fill(start.isoformat())
    _save(official)
    assert "Versión publicada" in official.content()
    # The report is published once the window closes: no button while it is open.
    assert official.get_by_role("button", name="Publicar el informe de observaciones").count() == 0
    draft.refresh_from_db()
    assert draft.consultation_start == start and draft.business_days == 10
    official.goto(detail_url)
    official.get_by_role("button", name="Publicar en el portal").click()
    official.wait_for_load_state()
    assert "Política publicada en el portal" in official.content()

    # Days pass: the window is open today. A citizen comments on article 2 at 375 px.
    Draft.objects.filter(pk=draft.pk).update(consultation_start=today - datetime.timedelta(days=3))
    citizen = browser.new_context(viewport={"width": 375, "height": 800}, locale="es-CO").new_page()
    public_draft_url = f"{base}{reverse('policies:public_draft', args=[draft.pk])}"
    citizen.goto(public_draft_url)
    assert "Estado: abierta" in citizen.content()
    _check(citizen, 375, shots, "publico-borrador")
    citizen.get_by_role("link", name="Comentar este artículo (Artículo 2)").click()
    citizen.wait_for_load_state()
    assert citizen.get_by_label("¿Sobre qué artículo?").input_value() == str(
        draft.articles.get(number=2).pk
    )
    citizen.get_by_role("textbox", name="Su comentario").fill(
        "Incluir a las juntas de acción comunal."
    )
    citizen.get_by_role("button", name="Enviar comentario").click()  # no consent: refused
    citizen.wait_for_load_state()
    assert "Debe autorizar el tratamiento de sus datos" in citizen.content()
    assert not DraftComment.objects.exists()
    _check(citizen, 375, shots, "publico-comentario-error")
    citizen.locator("#id_consent").check()
    citizen.get_by_role("button", name="Enviar comentario").click()
    citizen.wait_for_load_state()
    assert "Su comentario fue recibido" in citizen.content()
    citizen.goto(public_draft_url)
    citizen.get_by_label("¿Sobre qué artículo?").select_option(label="Sobre el proyecto completo")
    citizen.get_by_role("textbox", name="Su comentario").fill(
        "Que el acuerdo fije un presupuesto propio."
    )
    citizen.locator("#id_consent").check()
    citizen.get_by_role("button", name="Enviar comentario").click()
    citizen.wait_for_load_state()
    on_article, on_whole = DraftComment.objects.order_by("pk")
    assert on_article.article.number == 2 and on_whole.article is None
    _check(citizen, 375, shots, "publico-comentarios")

    # The window closes. The report waits for the answers; the official answers each one.
    Draft.objects.filter(pk=draft.pk).update(consultation_end=today - datetime.timedelta(days=1))
    draft_url = f"{base}{reverse('policies:draft_detail', args=[draft.pk])}"
    official.goto(draft_url)
    assert "Consulta cerrada" in official.content()
    official.get_by_role("button", name="Publicar el informe de observaciones").click()
    official.wait_for_load_state()
    assert "Faltan 2 comentario(s) por responder" in official.content()
    _check(official, 1280, shots, "borrador-cerrado")
    for comment, answer, reason in [
        (on_article, "Aceptada", "Las juntas de acción comunal se incluyen en el artículo 2."),
        (on_whole, "Rechazada", "El presupuesto lo fija cada año el acuerdo de presupuesto."),
    ]:
        official.goto(f"{base}{reverse('policies:comment_answer', args=[comment.pk])}")
        official.get_by_role("combobox", name=re.compile("^Respuesta")).select_option(label=answer)
        official.get_by_label("Razón (respuesta pública)").fill("Corta")
        _save(official)
        assert "al menos 10 caracteres" in official.content()
        _check(official, 1280, shots, f"responder-{comment.pk}")
        official.get_by_label("Razón (respuesta pública)").fill(reason)
        _save(official)
        assert "Respuesta registrada" in official.content()
    on_article.refresh_from_db()
    on_whole.refresh_from_db()
    assert (on_article.answer, on_whole.answer) == (Answer.ACCEPTED, Answer.REJECTED)

    # Version 2 takes the accepted comment; the accepted answer points to it.
    official.goto(draft_url)
    official.get_by_role("link", name="Preparar una nueva versión").click()
    articles = ARTICLES.copy()
    articles[1] = (
        "Instancias. Hacen parte del sistema las instancias formales de participación y las "
        "juntas de acción comunal."
    )
    official.get_by_label("Articulado").fill("\n\n".join(articles))
    official.get_by_label("Cambios frente a la versión anterior").fill(
        "El artículo 2 incluye a las juntas de acción comunal."
    )
    _save(official)
    version_2 = Draft.objects.get(policy=policy, number=2)
    official.get_by_role("link", name="Publicar esta versión").click()
    official.get_by_label("Abrir consulta ciudadana").uncheck()
    _save(official)
    assert "Versión publicada" in official.content()
    official.goto(f"{base}{reverse('policies:comment_answer', args=[on_article.pk])}")
    official.get_by_label("Versión que recoge el cambio").select_option(value=str(version_2.pk))
    _save(official)
    official.goto(draft_url)
    official.get_by_role("button", name="Publicar el informe de observaciones").click()
    official.wait_for_load_state()
    assert "Informe de observaciones publicado" in official.content()

    # Approval by the Concejo: without the acuerdo's number it is refused, then recorded.
    official.goto(detail_url)
    approval = policy.stages.get(kind=StageKind.COUNCIL_APPROVAL)
    official.locator(f"#etapa-{approval.pk}").get_by_role("link", name="Editar la etapa").click()
    official.get_by_label("Inicio").fill(today.isoformat())
    official.get_by_label("Terminada el").fill(today.isoformat())
    _save(official)
    assert "Indique el número del acuerdo o decreto aprobado" in official.content()
    _check(official, 1280, shots, "aprobacion-error")
    official.get_by_label("Quién aprobó").fill("Concejo Municipal")
    official.get_by_label("Número del acto").fill(f"Acuerdo 007 de {year}")
    official.get_by_label("Fecha del acto").fill(today.isoformat())
    _save(official)
    assert f"Acuerdo 007 de {year}" in official.content()

    # The plan operativo: a component, a line, one action done and one pending.
    official.get_by_role("link", name="Agregar componente").click()
    official.get_by_label("Componente").fill(
        "Sinergias poblacionales, sectoriales e institucionales"
    )
    _save(official)
    official.get_by_role("link", name="Agregar línea").click()
    official.get_by_label("Línea de acción").fill("Diseño del sistema municipal de participación")
    _save(official)
    for description, done in [("Planeación del encuentro", True), ("Convocatoria", False)]:
        official.get_by_role("link", name="Agregar acción").click()
        official.get_by_role("textbox", name=re.compile("^Acción")).fill(description)
        official.get_by_label("Dependencia responsable").select_option(label=area.name)
        official.get_by_label("Inicio").fill(today.isoformat())
        official.get_by_label("Fecha límite").fill(f"{year + 1}-01-31")
        if done:
            official.get_by_label("Cumplida el").fill(
                (today + datetime.timedelta(days=1)).isoformat()
            )
            _save(official)
            assert "no puede ser posterior a hoy" in official.content()
            _check(official, 1280, shots, "accion-error")
            official.get_by_label("Cumplida el").fill(today.isoformat())
        _save(official)
        assert "Acción agregada al plan operativo" in official.content()
    assert "1 de 2 acciones cumplidas (50 %)" in official.content()
    _check(official, 1280, shots, "detalle-final")

    # The public pages, phone and desktop, Spanish and English.
    public_policy = reverse("policies:public_policy", args=[policy.pk])
    pages = {
        "politica": public_policy,
        "borrador-v1": reverse("policies:public_draft", args=[draft.pk]),
        "cambios": reverse("policies:public_diff", args=[version_2.pk]),
        "informe": reverse("policies:public_report", args=[draft.pk]),
        "indice": reverse("policies:public_index"),
    }
    for width in (375, 1280):
        for language in ("es", "en"):
            context = browser.new_context(viewport={"width": width, "height": 900})
            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}]
            )
            page = context.new_page()
            for name, address in pages.items():
                response = page.goto(base + address)
                assert response is not None and response.status == 200, (name, language)
                _check(page, width, shots, f"publico-{name}-{language}", language)
            context.close()

    citizen.goto(base + public_policy)
    journey = citizen.locator(".policy-journey").inner_text()
    assert "Cumplida" in journey and "Pendiente" in journey
    assert f"Acuerdo 007 de {year}" in journey and "Informe de diagnóstico" in journey
    assert "1 de 2 acciones cumplidas" in citizen.content()
    citizen.goto(base + pages["informe"])
    report = citizen.locator("main").inner_text()
    for text in [
        "Incluir a las juntas de acción comunal.",
        "Las juntas de acción comunal se incluyen en el artículo 2.",
        "Que el acuerdo fije un presupuesto propio.",
        "El presupuesto lo fija cada año el acuerdo de presupuesto.",
        "Rechazada",
        "versión 2",
    ]:
        assert text in report, text
    citizen.goto(base + pages["cambios"])
    assert "juntas de acción comunal" in citizen.locator("main").inner_text()
