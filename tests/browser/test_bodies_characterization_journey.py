"""End to end in Chromium: an official records a session and the members of an instancia,
characterizes the year (the counts are proposed from the registry; one is corrected with its
reason), and the public sistema view shows the recount for that year while earlier years stay
selectable — on a desktop, then on a phone."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.bodies.models import BodyCharacterization
from tests.bodies.factories import BodyCharacterizationFactory, ParticipationBodyFactory
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.factories import EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CABILDO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _add_member(page, seat, name, start, end):
    page.get_by_role("link", name="Agregar integrante").click()
    page.locator("#id_seat").fill(seat)
    page.locator("#id_selection").select_option("elegido")
    page.locator("#id_name").fill(name)
    page.locator("#id_term_start").fill(start)
    page.locator("#id_term_end").fill(end)
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_selector("text=Cambios guardados.")


def _add_session(page, day: datetime.date, attendance: str) -> None:
    page.get_by_role("link", name="Registrar sesión").click()
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_attendance_count").fill(attendance)
    page.locator("#id_is_public").check()
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_selector("text=Cambios guardados.")


def test_official_characterizes_the_year_and_the_public_sees_the_recount(
    live_server, browser, make_member, tmp_path
):
    today = timezone.localdate()
    year = today.year
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    body = ParticipationBodyFactory(
        entity=entity,
        name="Consejo Territorial de Planeación",
        acronym="CTP",
        created_on=datetime.date(2019, 2, 1),
    )
    BodyCharacterizationFactory(entity=entity, body=body, year=2023, status="activa")
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    base = f"{live_server.url}/{entity.slug}"
    shots = _shots(tmp_path)
    context = browser.new_context(locale="es-CO", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("Correo electrónico").fill(lead.email)
    page.get_by_label("Contraseña").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_load_state()

    page.goto(base + reverse("bodies:detail", args=[body.pk]))
    _add_session(page, max(datetime.date(year, 1, 1), today - datetime.timedelta(days=20)), "14")
    _add_session(page, today, "9")
    _add_member(
        page, "Representante de las JAC", "Luz Marina Restrepo", f"{year}-01-01", "2031-12-31"
    )
    _add_member(
        page, "Representante de los gremios", "Tomás Mejía", f"{year - 1}-03-01", "2030-02-28"
    )
    _add_member(page, "Representante saliente", "Rosa Gil", "2020-01-01", f"{year - 1}-12-31")

    page.get_by_role("link", name="Nueva caracterización").click()
    # Proposed from the registry: two sessions this year, two seats whose term covers it.
    assert page.locator("#id_sessions_held").input_value() == "2"
    assert page.locator("#id_active_members").input_value() == "2"
    page.locator("#id_status").select_option("activa")
    page.locator("#id_active_members").fill("3")
    page.get_by_role("button", name="Guardar").click()
    # A different figure without its reason is refused, in Spanish, naming the figure.
    page.wait_for_selector("text=la cifra digitada difiere del registro")
    assert not BodyCharacterization.objects.filter(year=year).exists()
    page.screenshot(path=str(shots / "caracterizacion-sin-motivo-1280.png"), full_page=True)
    reason = "Un integrante posesionado aún no está registrado"
    page.locator("#id_active_members_reason").fill(reason)
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_selector("text=Cambios guardados.")
    row = page.locator("section[aria-labelledby=char-title] tbody tr").first
    assert "corregido: 3 (registro: 2)" in row.inner_text()
    assert reason in row.inner_text()

    citizen = browser.new_context(locale="es-CO", viewport={"width": 1280, "height": 900})
    public = citizen.new_page()
    public.goto(base + reverse("bodies:public_overview"))
    assert public.locator("#anio").input_value() == str(year)
    table = public.locator("#table-bodies")
    assert "corregido: 3 (registro: 2)" in table.inner_text()
    assert table.locator("tbody tr td").nth(1).inner_text().strip() == "2"
    assert "Sesiones realizadas: 2 · integrantes activos: 3." in public.content()
    assert axe_violations(public) == []
    public.screenshot(path=str(shots / "sistema-publico-1280.png"), full_page=True)
    # Earlier years stay selectable, each with its own recount.
    options = public.locator("#anio option").all_inner_texts()
    assert options == [str(year), "2023"]
    public.locator("#anio").select_option("2023")
    public.get_by_role("button", name="Ver").click()
    public.wait_for_url("**anio=2023**")
    assert public.locator("#table-bodies tbody tr td").nth(1).inner_text().strip() == "0"
    assert "corregido" not in public.locator("#table-bodies").inner_text()

    public.set_viewport_size({"width": 375, "height": 800})
    public.goto(base + reverse("bodies:public_overview"))
    assert public.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(public) == []
    public.screenshot(path=str(shots / "sistema-publico-375.png"), full_page=True)
    context.close()
    citizen.close()
