"""End to end in Chromium, on a desktop and a phone: a citizen files a petition, downloads the
PDF receipt, is asked to complete it and answers from the tracking page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from cabildo.pqrs.models import Petition
from cabildo.pqrs.services.completion import petition_request_completion
from tests.conftest import axe_violations
from tests.factories import EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shots_dir(tmp_path: Path) -> Path:
    """Where the screenshots go: $CABILDO_SCREENSHOTS to keep and look at them."""
    folder = Path(os.environ.get("CABILDO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", [1280, 375])
def test_file_download_receipt_and_complete_from_tracking(live_server, browser, width, tmp_path):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    base = f"{live_server.url}/{entity.slug}"
    shots = shots_dir(tmp_path)
    context = browser.new_context(
        locale="es-CO", viewport={"width": width, "height": 900}, accept_downloads=True
    )
    page = context.new_page()

    page.goto(base + reverse("pqrs:file"))
    page.get_by_label("Tipo de solicitud").select_option(label="Petición general")
    page.get_by_label("Asunto").fill("Poda de árboles en el parque")
    page.get_by_label("Descripción").fill("Los árboles del parque tapan el alumbrado.")
    page.get_by_label("Nombre completo").fill("Ana Ruiz")
    page.get_by_label("Tipo de documento").select_option("CC")
    page.get_by_label("Número de documento").fill("43111222")
    page.get_by_label("Correo electrónico").fill("ana@example.com")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Radicar").click()
    page.wait_for_selector("#codigo")
    number = page.locator("#radicado").inner_text().strip()
    code = page.locator("#codigo").inner_text().strip()
    page.screenshot(path=str(shots / f"pqrs-constancia-{width}.png"), full_page=True)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    with page.expect_download() as download_info:
        page.locator("#descargar-constancia").click()
    pdf = tmp_path / "constancia.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert download_info.value.suggested_filename == f"constancia-{number}.pdf"

    petition = Petition.objects.get(filing_number=number)
    petition_request_completion(petition=petition, missing="Fotos del sitio")

    page.goto(base + reverse("pqrs:track"))
    page.get_by_label("Número de radicado").fill(number)
    page.get_by_label("Código de seguimiento").fill(code)
    page.get_by_role("button", name="Consultar").click()
    page.wait_for_selector("#seccion-completar")
    assert "Fotos del sitio" in page.locator("#seccion-completar").inner_text()
    page.screenshot(path=str(shots / f"pqrs-completar-{width}.png"), full_page=True)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    photo = tmp_path / "foto.pdf"
    photo.write_bytes(b"%PDF-1.4 foto del parque")
    page.get_by_label("Información que aporta").fill("Adjunto las fotos del parque.")
    page.get_by_label("Documentos").set_input_files(str(photo))
    page.get_by_role("button", name="Enviar la información").click()
    page.wait_for_selector("text=Recibimos la información")
    page.screenshot(path=str(shots / f"pqrs-completada-{width}.png"), full_page=True)
    assert page.locator("#seccion-completar").count() == 0
    petition.refresh_from_db()
    assert not petition.is_paused and petition.attachments.count() == 1
    context.close()
