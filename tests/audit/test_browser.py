"""End to end in Chromium: an administrator reads "Actividad reciente" and filters it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.factories import AreaFactory, EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_reads_and_filters_recent_activity(live_server, page, make_member):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    admin = make_member(Role.ENTITY_ADMIN, entity)
    area = AreaFactory(entity=entity, name="Oficina de Prensa")
    area.name = "Oficina de Comunicaciones"
    area._history_user = admin
    area.save()

    page.goto(f"{live_server.url}{reverse('accounts:login')}?entidad=entidad-a")
    page.fill("input[name=username]", admin.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Actividad reciente").first.click()
    page.wait_for_selector("h1:has-text('Actividad reciente')")
    row = page.locator("tbody tr", has_text="Oficina de Comunicaciones").first
    assert "Modificado" in row.inner_text()
    assert "Oficina de Prensa" in row.inner_text()
    assert axe_violations(page) == []

    page.locator("#id_model").select_option("core.area")
    page.locator("#id_date_from").fill("2020-01-01")
    page.get_by_role("button", name="Aplicar filtros").click()
    page.wait_for_load_state()
    assert "model=core.area" in page.url
    assert page.locator("tbody tr", has_text="Oficina de Comunicaciones").count() >= 1
    assert axe_violations(page) == []
