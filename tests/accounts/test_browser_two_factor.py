"""End to end in Chromium: an administrator must set up two-step verification, then reads
the access log where that login appears."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cabildo.accounts.models import Role
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.factories import EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@override_settings(CABILDO_REQUIRE_2FA=True)
def test_admin_sets_up_two_factor_then_reads_the_access_log(live_server, page, make_member):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    admin = make_member(Role.ENTITY_ADMIN, entity)

    page.goto(f"{live_server.url}{reverse('accounts:login')}?entidad=entidad-a")
    page.fill("input[name=username]", admin.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("h1:has-text('Configurar la verificación en dos pasos')")
    assert page.locator("img[alt^='Código QR']").is_visible()
    assert axe_violations(page) == []

    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    page.fill("input[name=code]", f"{code:06d}")
    page.get_by_role("button", name="Confirmar").click()
    page.wait_for_selector("h1:has-text('Códigos de respaldo')")
    assert page.locator("main li code").count() == 10
    assert axe_violations(page) == []

    page.get_by_role("link", name="Continuar").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}{reverse('audit:access_log')}")
    page.wait_for_selector("h1:has-text('Registro de accesos')")
    assert page.locator("tbody tr", has_text="Segundo factor activado").count() == 1
    assert page.locator("tbody tr", has_text="Inicio de sesión").count() >= 1
    assert axe_violations(page) == []
