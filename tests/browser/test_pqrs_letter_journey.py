"""In Chromium: an official answers with the letter (and an annex); the citizen reads the letter
on the tracking page, downloads its PDF and checks its verification code on the portal (and a
malformed code is a clear error), at 1280 and 375 px, with axe and no horizontal scroll."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cabildo.accounts.models import Role
from cabildo.pqrs.models import OutgoingDocument
from cabildo.pqrs.services.configuration import settings_update
from cabildo.pqrs.services.filing import petition_file
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.factories import EntityFactory
from tests.pqrs.factories import kind_for
from tests.pqrs.test_notifications import citizen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_official_answers_with_the_letter_and_the_citizen_verifies_it(
    live_server, browser, make_member, width, tmp_path
):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    settings_update(
        entity=entity,
        filing_prefix="",
        due_soon_days=3,
        priority_term_days=5,
        letter_city="Prueba",
        signer_name="Luz Gómez",
        signer_title="Secretaria General",
    )
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    result = petition_file(
        entity=entity,
        kind=kind_for(entity),
        subject="Alumbrado dañado",
        description="La luminaria de la calle 5 no enciende.",
        requester=citizen("ana@example.com"),
        consent_given=True,
    )
    base = f"{live_server.url}/{entity.slug}"
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="es-CO")

    official = context.new_page()
    official.goto(f"{base}/cuentas/ingresar/")
    official.fill("input[name=username]", lead.email)
    official.fill("input[name=password]", TEST_PASSWORD)
    official.locator("main form button[type=submit]").click()
    official.wait_for_load_state()
    official.goto(f"{base}/pqrs/gestion/{result.petition.pk}/")
    official.locator("summary", has_text="Responder").click()
    official.locator("#id_answer-text").fill("La luminaria se cambiará el lunes.")
    official.locator("#id_answer-attachments").set_input_files(
        [{"name": "orden.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 orden"}]
    )
    official.locator("form[action$='/responder/'] button[type=submit]").click()
    official.wait_for_selector("#comunicaciones")
    letter = OutgoingDocument.objects.get(petition=result.petition)
    assert letter.number in official.locator("#comunicaciones + ul").inner_text()
    official.close()
    context.clear_cookies()

    page = context.new_page()
    page.goto(f"{base}/pqrs/consulta/")
    page.get_by_label("Número de radicado").fill(result.petition.filing_number)
    page.get_by_label("Código de seguimiento").fill(result.tracking_code)
    page.get_by_role("button", name="Consultar").click()
    page.wait_for_selector(".pqrs-letter")
    text = page.locator(".pqrs-letter").inner_text()
    assert letter.number in text and "Luz Gómez" in text and "orden.pdf" in text
    assert axe_violations(page) == [] and _no_horizontal_scroll(page)
    page.screenshot(path=str(tmp_path / f"carta-{width}.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Descargar la carta en PDF")).click()
    assert download.value.suggested_filename == f"{letter.number}.pdf"

    page.goto(f"{base}/pqrs/verificar/")
    page.get_by_label("Código de verificación").fill("12<script>")
    page.get_by_role("button", name="Verificar").click()
    expect(page.locator("body")).to_contain_text("12 letras y números")
    page.get_by_label("Código de verificación").fill(letter.verification_code.lower())
    page.get_by_role("button", name="Verificar").click()
    page.wait_for_selector("#radicado-salida")
    assert page.locator("#radicado-salida").inner_text().strip() == letter.number
    assert "Documento auténtico" in page.content()
    assert axe_violations(page) == [] and _no_horizontal_scroll(page)
    context.close()
