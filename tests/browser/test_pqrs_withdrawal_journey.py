"""In Chromium, at 1280 and 375 px: desistimiento expreso (art. 18) by the citizen from the
tracking page (without the confirmation it is a clear error; with it, the act's radicado is
shown) and desistimiento tácito (art. 17) after the completion deadline passes, each seen by the
citizen on the tracking page and by the official on the petition's page; axe-clean, no
horizontal scroll."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.pqrs.models import DocumentKind, OutgoingDocument, Petition, Status
from cabildo.pqrs.services.completion import petition_request_completion
from cabildo.pqrs.services.filing import petition_file
from cabildo.pqrs.services.withdrawal import petitions_close_withdrawn
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.factories import EntityFactory
from tests.pqrs.factories import kind_for
from tests.pqrs.test_notifications import citizen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def _file(entity, subject):
    return petition_file(
        entity=entity,
        kind=kind_for(entity),
        subject=subject,
        description="La luminaria de la calle 5 no enciende.",
        requester=citizen("ana@example.com"),
        consent_given=True,
    )


def _track(page, base, result):
    page.goto(f"{base}/pqrs/consulta/")
    page.get_by_label("Número de radicado").fill(result.petition.filing_number)
    page.get_by_label("Código de seguimiento").fill(result.tracking_code)
    page.get_by_role("button", name="Consultar").click()
    page.wait_for_selector("#estado")


def _act(result) -> OutgoingDocument:
    return OutgoingDocument.objects.get(petition=result.petition, kind=DocumentKind.WITHDRAWAL)


@pytest.mark.parametrize("width", [1280, 375])
def test_desistimiento_expreso_and_tacito_as_citizen_and_official(
    live_server, browser, make_member, width, tmp_path
):
    shots = Path(os.environ.get("SHOTS_DIR") or tmp_path)  # to look at them after a run
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    express = _file(entity, "Alumbrado dañado")
    tacit = _file(entity, "Hueco en la vía")
    petition_request_completion(petition=tacit.petition, missing="La dirección exacta")
    base = f"{live_server.url}/{entity.slug}"
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="es-CO")
    page = context.new_page()

    # Expreso: the citizen forgets to confirm (a clear error), then confirms.
    _track(page, base, express)
    page.locator("summary", has_text="Desistir de mi petición").click()
    page.get_by_label("Motivo (opcional)").fill("Ya me arreglaron la luminaria.")
    page.get_by_role("button", name="Desistir de la petición").click()
    page.wait_for_selector("#resumen-errores")
    assert "Confirme que desea desistir" in page.content()
    assert Petition.objects.get(pk=express.petition.pk).status == Status.FILED
    page.screenshot(path=str(shots / f"desistir-error-{width}.png"), full_page=True)
    page.get_by_label("Entiendo que la entidad dejará de tramitar").check()
    page.get_by_role("button", name="Desistir de la petición").click()
    page.wait_for_load_state()
    act = _act(express)
    assert "Desistida" in page.locator("#estado").inner_text()
    assert act.number in page.content()
    assert page.locator("summary", has_text="Desistir de mi petición").count() == 0
    assert axe_violations(page) == [] and _no_horizontal_scroll(page)
    page.screenshot(path=str(shots / f"desistir-expreso-{width}.png"), full_page=True)

    # Tácito: the completion deadline passes; the daily job closes it with its act.
    completion = tacit.petition.completion_requests.get()
    later = timezone.now() + timedelta(days=(completion.deadline - timezone.localdate()).days + 2)
    assert petitions_close_withdrawn(now=later) == 1
    tacit_act = _act(tacit)
    _track(page, base, tacit)
    assert "Desistida" in page.locator("#estado").inner_text()
    assert tacit_act.number in page.content()
    assert axe_violations(page) == [] and _no_horizontal_scroll(page)
    page.screenshot(path=str(shots / f"desistir-tacito-{width}.png"), full_page=True)
    context.clear_cookies()

    # The official sees both closed, each with its act.
    official = context.new_page()
    official.goto(f"{base}/cuentas/ingresar/")
    official.fill("input[name=username]", lead.email)
    official.fill("input[name=password]", TEST_PASSWORD)
    official.locator("main form button[type=submit]").click()
    official.wait_for_load_state()
    for result, number, how in (
        (express, act.number, "Desistimiento expreso"),
        (tacit, tacit_act.number, "Desistimiento tácito"),
    ):
        official.goto(f"{base}/pqrs/gestion/{result.petition.pk}/")
        status = official.locator("#estado").inner_text()
        assert "Desistida" in status and how in status
        assert number in official.locator("#comunicaciones + ul").inner_text()
        assert _no_horizontal_scroll(official)
    official.screenshot(path=str(shots / f"desistir-funcionario-{width}.png"), full_page=True)
    context.close()
