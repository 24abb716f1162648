"""End to end in Chromium, on the shared import engine (cabildo.matrices): an official
downloads the seguimiento matrix, edits two cells and adds a row in the file, uploads it, reads
the preview (exactly those changes, nothing saved yet), confirms and sees them on the matrix
page; a file with a wrong header gets its error and stores nothing; a file too large to read
while the official waits goes to the background job: the page shows the progress, updates
itself, and its result link leads to the preview — on a desktop in Spanish, on a phone in
English (the file is Spanish in both: it imports whatever the interface's language)."""

from __future__ import annotations

import io
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cabildo.accounts.models import Role
from cabildo.evaluation.models import Indicator
from cabildo.matrices import services as engine
from cabildo.matrices import tasks
from cabildo.matrices.models import MatrixImport, MatrixImportStatus
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.evaluation.factories import IndicatorFactory
from tests.factories import EntityFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

TEXTS = {
    "es": {
        "email": "Correo electrónico",
        "password": "Contraseña",
        "login": "Ingresar",
        "export": "Indicadores (XLSX)",
        "import": "Importar indicadores",
        "file": "Archivo de la matriz (XLSX o CSV)",
        "review": "Revisar cambios",
        "confirm": "Confirmar e importar",
        "applied": "Importación aplicada: 1 fila nueva, 1 modificada, 1 sin cambios.",
        "bad_header": "Encabezado desconocido",
        "reading": "Leyendo el archivo",
        "result": "Ver el resultado de la lectura",
        "applied_large": "Importación aplicada: 0 filas nuevas, 1 modificada, 2 sin cambios.",
    },
    "en": {
        "email": "Email",
        "password": "Password",
        "login": "Log in",
        "export": "Indicators (XLSX)",
        "import": "Import indicators",
        "file": "Matrix file (XLSX or CSV)",
        "review": "Review changes",
        "confirm": "Confirm and import",
        "applied": "Import applied: 1 new row, 1 changed, 1 unchanged.",
        "bad_header": "Unknown header",
        "reading": "Reading the file",
        "result": "See the result of the reading",
        "applied_large": "Import applied: 0 new rows, 1 changed, 2 unchanged.",
    },
}


NAME = "Instancias activas"


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CABILDO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _edited_again(content: bytes) -> bytes:
    """The META of the indicator "Instancias activas" once more."""
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    headers = {cell.value: cell.column for cell in sheet[1]}
    row = next(
        r[0].row for r in sheet.iter_rows(min_row=2) if r[headers["INDICADOR"] - 1].value == NAME
    )
    sheet.cell(row=row, column=headers["META"]).value = "Medir la participación"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _padded(content: bytes) -> bytes:
    """The same workbook made large (a sheet of notes the import ignores), as officials'
    workbooks with annex sheets are."""
    book = load_workbook(io.BytesIO(content))
    notes = book.create_sheet("Notas")
    for n in range(6000):
        notes.append([f"Nota {n}: {os.urandom(24).hex()}", os.urandom(24).hex()])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _edited(content: bytes) -> bytes:
    """Two cells of the first indicator (META, META NUMÉRICA) and a new row without CLAVE."""
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    headers = {cell.value: cell.column for cell in sheet[1]}
    sheet.cell(row=2, column=headers["META"]).value = "Caracterizar todos los grupos"
    sheet.cell(row=2, column=headers["META NUMÉRICA (%)"]).value = 95
    new = sheet.max_row + 1
    for header, value in {
        "ACTIVIDADES DE GESTIÓN": "Registrar PQRS",
        "META": "Registrar PQRS",
        "UNIDAD DE MEDIDA": "PQRS",
        "INDICADOR": "Base de datos de PQRS",
        "RESPONSABLE": "Todas las dependencias",
        "PERIODICIDAD": "Diciembre",
    }.items():
        sheet.cell(row=new, column=headers[header]).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("lang", "width"), [("es", 1280), ("en", 375)])
def test_official_round_trips_the_seguimiento_matrix(
    live_server, browser, make_member, tmp_path, monkeypatch, lang, width
):
    t = TEXTS[lang]
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    first = IndicatorFactory(entity=entity, order=1, name="Grupos de valor caracterizados")
    second = IndicatorFactory(entity=entity, order=2, name=NAME)
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    base = f"{live_server.url}/{entity.slug}"
    shots = _shots(tmp_path)
    tag = f"{lang}-{width}"
    context = browser.new_context(
        locale="es-CO" if lang == "es" else "en-US",
        viewport={"width": width, "height": 900},
        accept_downloads=True,
    )
    page = context.new_page()
    page.goto(base + reverse("accounts:login"))
    page.get_by_label(t["email"]).fill(lead.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.get_by_role("button", name=t["login"]).click()
    page.wait_for_load_state()

    page.goto(base + reverse("evaluation:matrix"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name=t["export"]).click()
    exported = download_info.value.path().read_bytes()
    upload = tmp_path / "seguimiento.xlsx"
    upload.write_bytes(_edited(exported))

    # A file with a wrong header: its error, nothing stored.
    wrong = tmp_path / "otra.csv"
    wrong.write_bytes(b"INDICADOR;UNIDAD DE MEDIDA;COLOR\nUno;Dos;rojo\n")
    page.get_by_role("link", name=t["import"]).click()
    page.get_by_label(t["file"]).set_input_files(str(wrong))
    page.get_by_role("button", name=t["review"]).click()
    page.wait_for_selector(f"text={t['bad_header']}")
    page.screenshot(path=str(shots / f"matrix-bad-header-{tag}.png"), full_page=True)
    assert not MatrixImport.objects.exists()

    page.get_by_label(t["file"]).set_input_files(str(upload))
    page.get_by_role("button", name=t["review"]).click()
    page.wait_for_selector("#import-summary")
    changed = page.locator("#import-changed tbody tr")
    assert changed.count() == 2  # exactly the two edited cells
    text = page.locator("#import-changed").inner_text()
    assert "Caracterizar todos los grupos" in text and "95" in text
    assert "Base de datos de PQRS" in page.locator("#import-new").inner_text()
    assert Indicator.objects.count() == 2  # nothing saved before the confirmation
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / f"matrix-preview-{tag}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    # Every change is read whole, without scrolling sideways (a card per change on a phone).
    region = page.locator("#import-changed .table-responsive")
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth + 1")

    page.get_by_role("button", name=t["confirm"]).click()
    page.wait_for_selector(f"text={t['applied']}")
    first.refresh_from_db()
    assert (first.goal, first.target) == ("Caracterizar todos los grupos", Decimal(95))
    added = Indicator.objects.get(name="Base de datos de PQRS")
    assert (added.periodicity, added.due_month) == ("anual", 12)
    page.screenshot(path=str(shots / f"matrix-applied-{tag}.png"), full_page=True)
    body = page.locator("main").inner_text()
    assert "Caracterizar todos los grupos" in body and "Base de datos de PQRS" in body

    # A file over the size read while the official waits goes to the background job. The
    # queue holds it until a worker picks it up: here the test plays the worker.
    monkeypatch.setattr(tasks.read_matrix, "delay", lambda job_id: None)
    page.goto(base + reverse("evaluation:matrix"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name=t["export"]).click()
    large = tmp_path / "seguimiento-grande.xlsx"
    large.write_bytes(_padded(_edited_again(download_info.value.path().read_bytes())))
    assert large.stat().st_size > engine.SYNC_MAX_BYTES
    page.get_by_role("link", name=t["import"]).click()
    page.get_by_label(t["file"]).set_input_files(str(large))
    page.get_by_role("button", name=t["review"]).click()
    page.wait_for_selector(f"text={t['reading']}")
    job = MatrixImport.objects.get(status=MatrixImportStatus.READING)
    assert page.locator("progress").count() == 1
    page.screenshot(path=str(shots / f"matrix-reading-{tag}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    engine.matrix_import_read(job_id=job.pk)
    result = page.get_by_role("link", name=t["result"])
    result.wait_for(timeout=15000)
    result.click()
    page.wait_for_selector("#import-summary")
    assert page.locator("#import-changed tbody tr").count() == 1
    assert "Medir la participación" in page.locator("#import-changed").inner_text()
    page.screenshot(path=str(shots / f"matrix-reading-done-{tag}.png"), full_page=True)
    page.get_by_role("button", name=t["confirm"]).click()
    page.wait_for_selector(f"text={t['applied_large']}")
    second.refresh_from_db()
    assert second.goal == "Medir la participación"
    context.close()
