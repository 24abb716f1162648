"""End to end in Chromium: score, close, generate the plan, review effectiveness, get the PDF."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.assessment.models import EffectivenessReview, ImprovementPlan
from tests.assessment.factories import SelfAssessmentFactory
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.factories import EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user, next_url):
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}{next_url}")


def _logout(page):
    page.get_by_role("button", name="Salir").click()
    page.wait_for_load_state()


def test_score_close_plan_review_and_pdf(live_server, page, make_member):
    entity = EntityFactory(slug="entidad-a", name="Concejo de Prueba Añasco", short_name="Añasco")
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    control = make_member(Role.INTERNAL_CONTROL, entity)
    assessment = SelfAssessmentFactory(entity=entity, year=2024)
    detail = reverse("assessment:detail", args=[assessment.pk]) + "?entidad=entidad-a"

    _login(page, live_server, lead, detail)
    page.get_by_label("Puntaje de la actividad PC01").fill("20")
    page.get_by_label("Puntaje de la actividad PC02").fill("90")
    page.get_by_label("Puntaje de la actividad PC03").fill("55")
    page.get_by_label("Observaciones de la actividad PC01").fill(
        "Sin documentación del diagnóstico"
    )
    page.get_by_role("button", name="Guardar puntajes").click()
    page.wait_for_selector("text=Puntajes guardados.")
    total = page.locator("#calificacion-total").inner_text()
    assert "55,0" in total or "55.0" in total
    assert "Nivel 3 · Intermedio" in total
    assert axe_violations(page) == []

    page.get_by_role("button", name="Cerrar autodiagnóstico").click()
    page.wait_for_selector("text=Autodiagnóstico cerrado.")
    assert "Cerrado" in page.locator("#estado").inner_text()
    assert page.locator("input[type=number]").count() == 0

    page.get_by_role("button", name="Generar plan de mejoramiento").click()
    page.wait_for_selector("text=Plan de mejoramiento generado con 2 acciones propuestas.")
    plan = ImprovementPlan.objects.get(assessment=assessment)
    action = plan.actions.get(activity__code="PC01")
    assert axe_violations(page) == []

    # The plan groups its actions by category, each in a collapsed section: open PC01's.
    page.locator("details.plan-group summary").first.click()
    page.get_by_role("link", name=re.compile(r"^Editar PC01")).click()
    page.get_by_label("Alternativa de mejora").fill("Documentar fortalezas y debilidades por fase")
    page.get_by_label("O plazo en meses desde la aprobación").fill("5")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_selector("text=Acción de mejora guardada.")

    page.get_by_role("link", name=re.compile(r"^Seguimiento PC01")).click()
    page.locator("#id_status").select_option("cumplida")
    page.get_by_label("Avance (%)").fill("100")
    page.get_by_label("Comentario").fill("Informe publicado")
    page.get_by_role("button", name="Registrar seguimiento").click()
    page.wait_for_selector("text=Seguimiento registrado.")
    _logout(page)

    plan_url = reverse("assessment:plan_detail", args=[plan.pk])
    _login(page, live_server, control, plan_url)
    page.locator("details.plan-group summary").first.click()
    page.get_by_role("link", name=re.compile(r"^Evaluar eficacia PC01")).click()
    page.get_by_label("Resultado").select_option("parcialmente_eficaz")
    page.get_by_label("Justificación").fill("La acción se cumplió, pero falta divulgarla.")
    page.get_by_role("button", name="Registrar evaluación").click()
    page.wait_for_selector("text=Evaluación de la eficacia registrada.")
    assert "Parcialmente eficaz" in page.locator(f"#accion-{action.pk}").inner_text()
    assert EffectivenessReview.objects.filter(action=action, reviewer=control).exists()

    with page.expect_download() as download_info:
        page.locator("#descargar-pdf").click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_comparison_chart_renders_with_table(live_server, page, make_member):
    from tests.assessment.factories import scored_assessment

    entity = EntityFactory(slug="entidad-a", name="Municipio A", short_name="A")
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    scored_assessment(entity, scores=[30] * 32, year=2022)
    scored_assessment(entity, scores=[70] * 32, year=2023)
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text) if msg.type == "error" and "nonce" not in msg.text else None
        ),
    )
    _login(page, live_server, lead, reverse("assessment:comparison") + "?entidad=entidad-a")
    page.wait_for_function(
        "() => document.getElementById('comparison-chart') && "
        "Chart.getChart(document.getElementById('comparison-chart')) !== undefined"
    )
    table = page.locator("#tabla-comparativo").inner_text()
    assert "2022" in table and "2023" in table and "Nivel 4 · Satisfactorio" in table
    # The chart is the table: one line per category and the total, over the two years.
    chart = page.evaluate(
        "() => { const c = Chart.getChart(document.getElementById('comparison-chart'));"
        " return {type: c.config.type, labels: c.data.labels,"
        " total: c.data.datasets.find(d => d.borderWidth === 4).data}; }"
    )
    assert chart["type"] == "line" and chart["labels"] == ["2022", "2023"]
    assert chart["total"] == [30, 70]
    assert problems == []
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    ("width", "language"), [(1280, "es"), (375, "es"), (1280, "en"), (375, "en")]
)
def test_workbook_import_bad_file_then_preview_then_confirm(
    live_server, browser, make_member, width, language, tmp_path
):
    """The autodiagnóstico workbook on the shared matrix flow: the official downloads it,
    uploads a bad file (errors by row and column, nothing saved), then the downloaded book
    with two cells edited: the preview lists exactly those changes, field by field, and
    they are saved only on confirmation."""
    import io

    from django.conf import settings as django_settings
    from openpyxl import Workbook, load_workbook

    from cabildo.assessment import workbook
    from tests.browser.test_pqrs_citizen_journey import shots_dir

    shots = shots_dir(tmp_path)
    entity = EntityFactory(slug="entidad-a", name="Municipio A", short_name="A")
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    assessment = SelfAssessmentFactory(entity=entity)
    acts = list(assessment.catalogue_version.activities.order_by("order"))
    assessment.scores.filter(activity=acts[1]).update(score=40)

    wb = Workbook()
    wb.active.title = "Autodiagnóstico"
    wb.active.append(workbook.HEADERS)
    wb.active.append(["C", None, "Cat", None, acts[0].text, "setenta", None])
    bad = tmp_path / "malo.xlsx"
    wb.save(bad)

    context = browser.new_context(
        locale="es-CO", viewport={"width": width, "height": 900}, accept_downloads=True
    )
    context.add_cookies(
        [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page = context.new_page()
    detail = reverse("assessment:detail", args=[assessment.pk]) + "?entidad=entidad-a"
    _login(page, live_server, lead, detail)
    page.locator(f"main a[href*='{reverse('assessment:import', args=[assessment.pk])}']").click()
    page.wait_for_load_state()
    with page.expect_download() as download:
        page.locator(
            f"main a[href*='{reverse('assessment:export', args=[assessment.pk])}']"
        ).first.click()
    exported = download.value.path().read_bytes()

    page.set_input_files("input[type=file]", str(bad))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    errors = page.locator("#errores-importacion").inner_text()
    assert "F (Puntaje)" in errors and "setenta" in errors, errors
    page.screenshot(path=str(shots / f"autodiag-error-{language}-{width}.png"), full_page=True)
    assert not assessment.scores.filter(score__isnull=False).exclude(activity=acts[1]).exists()

    book = load_workbook(io.BytesIO(exported))
    sheet = book["Autodiagnóstico"]
    sheet.cell(row=2, column=6).value = 70
    sheet.cell(row=2, column=7).value = "Acta 3 de 2026"
    sheet.cell(row=3, column=6).value = 45
    good = tmp_path / "bueno.xlsx"
    book.save(good)
    page.set_input_files("input[type=file]", str(good))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    changed = page.locator("#import-changed").inner_text()
    assert "Acta 3 de 2026" in changed and "45" in changed, changed
    assert page.locator("#import-changed tbody tr").count() == 3
    page.screenshot(path=str(shots / f"autodiag-preview-{language}-{width}.png"), full_page=True)
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the preview overflows horizontally"
    assert axe_violations(page) == []
    assert assessment.scores.get(activity=acts[0]).score is None  # nothing saved yet
    page.locator("main form button[name=confirm]").click()
    page.wait_for_load_state()
    page.screenshot(path=str(shots / f"autodiag-saved-{language}-{width}.png"), full_page=True)
    assert page.url.split("?")[0].endswith(reverse("assessment:detail", args=[assessment.pk]))
    first, second = (assessment.scores.get(activity=a) for a in acts[:2])
    assert (first.score, first.observations, second.score) == (70, "Acta 3 de 2026", 45)
    context.close()
