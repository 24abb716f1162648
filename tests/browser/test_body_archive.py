"""In Chromium: an instancia with history is archived (not deleted) and restored whole."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cabildo.accounts.models import Role
from tests.bodies.factories import BodySessionFactory, ParticipationBodyFactory
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.factories import EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_archive_and_restore_a_body(live_server, page, make_member):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    admin = make_member(Role.ENTITY_ADMIN, entity)
    body = ParticipationBodyFactory(entity=entity, name="Consejo Territorial de Planeación")
    BodySessionFactory(entity=entity, body=body)
    prefix = f"{live_server.url}/{entity.slug}"
    page.goto(prefix + reverse("accounts:login"))
    page.fill("input[name=username]", admin.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(prefix + reverse("bodies:detail", args=[body.pk]))
        page.get_by_role("link", name="Eliminar", exact=True).first.click()
        # The delete page says what would be lost and offers archiving instead.
        assert "1 sesión" in page.locator("#historia-instancia").inner_text()
        assert page.get_by_role("button", name="Eliminar definitivamente").count() == 0
        assert axe_violations(page) == []
        page.get_by_role("link", name="Archivar la instancia").click()
        page.get_by_role("button", name="Archivar").click()  # no reason: refused
        expect(page.locator(".error-summary")).to_be_visible()
        page.get_by_label("Motivo del archivo").fill("Registro duplicado")
        page.get_by_role("button", name="Archivar").click()
        page.wait_for_selector("text=Instancia archivada")
        assert "Registro duplicado" in page.locator("main").inner_text()
        page.goto(prefix + reverse("bodies:directory"))
        assert "Consejo Territorial de Planeación" not in page.locator("main").inner_text()
        page.goto(prefix + reverse("bodies:list") + "?archivadas=1")
        page.get_by_role("link", name="Consejo Territorial de Planeación").click()
        page.get_by_role("button", name="Restaurar").click()
        page.wait_for_selector("text=Instancia restaurada")
        page.goto(prefix + reverse("bodies:directory"))
        assert "Consejo Territorial de Planeación" in page.locator("main").inner_text()
    body.refresh_from_db()
    assert not body.is_archived and body.sessions.count() == 1
