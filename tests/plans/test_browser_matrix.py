"""End to end in Chromium: an official exports the plan, edits two cells and adds a row in
Excel's place (openpyxl), imports, reads the preview, confirms and sees exactly those changes."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cabildo.accounts.models import Role
from cabildo.matrices.models import MatrixImport, MatrixImportStatus
from cabildo.plans import matrix
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.factories import AreaFactory, EntityFactory
from tests.plans.factories import ActivityFactory, PlanVersionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("CABILDO_SCREENSHOTS", "/tmp"))  # noqa: S108


def _url(live_server, entity, name, *args):
    return f"{live_server.url}/{entity.slug}{reverse(name, args=args)}"


@pytest.mark.parametrize("width", [1280, 375])
def test_export_edit_import_preview_confirm(live_server, page, make_member, tmp_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba Añasco", short_name="A")
    area = AreaFactory(entity=entity, name="Secretaría de Participación")
    version = PlanVersionFactory(entity=entity, plan__year=2026)
    first, second, third = (
        ActivityFactory(
            entity=entity, version=version, area=area, name=name, goal="1 sesión", order=order
        )
        for order, name in enumerate(("Foro juvenil", "Mesa rural", "Taller de control"), 1)
    )
    before = {a.pk: matrix.activity_values(a) for a in (first, second, third)}
    lead = make_member(Role.PARTICIPATION_LEAD, entity)

    page.goto(_url(live_server, entity, "accounts:login"))
    page.fill("input[name=username]", lead.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(_url(live_server, entity, "plans:version_detail", version.pk))
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar matriz XLSX").click()
    path = tmp_path / "plan.xlsx"
    download.value.save_as(path)

    book = load_workbook(path)
    sheet = book.active
    assert sheet["B2"].value == "Foro juvenil" and sheet["C2"].value == "1 sesión"
    sheet["C2"] = "3 sesiones"  # META of the first activity
    sheet["V3"] = 1250000  # PRESUPUESTO of the second
    new_row = [c.value for c in sheet[4]]
    new_row[0] = None  # no CLAVE: a new activity
    new_row[1] = "Encuentro de instancias"
    sheet.append(new_row)
    book.save(path)

    page.get_by_role("link", name="Importar matriz XLSX").click()
    page.wait_for_load_state()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Revisar cambios").click()
    page.wait_for_selector("#import-summary")
    assert version.activities.count() == 3  # nothing written before the confirmation

    changed = page.locator("#import-changed tbody tr")
    assert changed.count() == 2
    texts = [changed.nth(i).inner_text() for i in range(2)]
    assert "META" in texts[0] and "1 sesión" in texts[0] and "3 sesiones" in texts[0]
    assert "PRESUPUESTO" in texts[1] and "1.250.000,00" in texts[1]
    assert "Encuentro de instancias" in page.locator("#import-new").inner_text()
    assert page.locator("#import-absent").count() == 0
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(SHOTS / f"h19_plan_import_preview_{width}.png"), full_page=True)

    page.get_by_role("button", name="Confirmar e importar").click()
    page.wait_for_selector("text=Importación aplicada")
    page.screenshot(path=str(SHOTS / f"h19_plan_import_done_{width}.png"), full_page=True)

    assert version.activities.count() == 4
    assert version.activities.filter(name="Encuentro de instancias").exists()
    for activity in (first, second, third):
        activity.refresh_from_db()
        after = matrix.activity_values(activity)
        changes = {k for k in after if after[k] != before[activity.pk][k]}
        expected = {first.pk: {"goal"}, second.pk: {"budget"}, third.pk: set()}[activity.pk]
        assert changes == expected
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.goal == "3 sesiones" and second.budget == Decimal("1250000")
    record = MatrixImport.objects.get(kind="plan", target=version.pk)
    assert record.status == MatrixImportStatus.APPLIED and record.user == lead
    assert (record.created_count, record.updated_count, record.unchanged_count) == (1, 2, 1)
