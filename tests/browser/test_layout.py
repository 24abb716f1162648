"""End to end in Chromium: the GOV.CO layout, staff login, language switch, accessibility."""

from __future__ import annotations

from typing import Any

import pytest

from cabildo.accounts.models import Role
from tests.conftest import LANGUAGE_RULES, TEST_PASSWORD, axe_violations
from tests.factories import AreaFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _staff(site: Any, role: str = Role.PARTICIPATION_LEAD) -> Any:
    user = UserFactory(email="lider@itagui.test", full_name="Laura Gómez")
    MembershipFactory(user=user, entity=site.entity, role=role)
    return user


def _login(page: Any, site: Any, email: str) -> None:
    page.goto(f"{site.url}/cuentas/ingresar/")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_load_state()


def test_home_renders_govco_bar_entity_and_entity_list(page, site, console_problems):
    page.goto(site.url + "/itagui/")
    bar = page.locator("nav.barra-superior-govco")
    assert bar.is_visible()
    assert bar.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(51, 102, 204)"
    assert bar.evaluate("el => el.getBoundingClientRect().height") == 48  # 3rem
    logo = page.get_by_role("link", name="Portal del Estado Colombiano - GOV.CO").first
    assert logo.get_attribute("href") == "https://www.gov.co/"
    assert logo.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.get_by_role("heading", level=1).inner_text() == "Municipio de Itagüí"
    entities = page.get_by_role("region", name="Entidades en Cabildo")
    assert "Ver el directorio de entidades" in entities.inner_text()
    heading_font = page.get_by_role("heading", level=1).evaluate(
        "el => getComputedStyle(el).fontFamily"
    )
    assert "Montserrat" in heading_font
    assert "Work Sans" in page.locator("body").evaluate("el => getComputedStyle(el).fontFamily")
    assert console_problems == []


def test_entity_switch_link_changes_the_portal(page, site):
    page.goto(site.url + "/itagui/")
    page.get_by_role("link", name="Ver el directorio de entidades").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Entidades en Cabildo"
    page.get_by_role("searchbox", name="Buscar").fill("cartago")
    page.locator(".directory-search").get_by_role("button", name="Buscar").click()
    page.wait_for_load_state()
    assert page.locator(".entity-card").count() == 1
    page.get_by_role("link", name="Concejo Municipal de Cartago").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Concejo Municipal de Cartago"
    assert page.url.endswith("/cartago/")


def test_login_page_renders(page, site, console_problems):
    page.goto(f"{site.url}/cuentas/ingresar/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ingreso de funcionarios"
    assert page.get_by_label("Correo electrónico").is_visible()
    assert page.get_by_label("Contraseña").is_visible()
    assert page.get_by_role("button", name="Ingresar").is_visible()
    assert console_problems == []


def test_staff_logs_in_and_lands_on_desk_with_role(page, site):
    user = _staff(site)
    _login(page, site, user.email)
    assert page.url.endswith("/cuentas/escritorio/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mi escritorio"
    main = page.get_by_role("main").inner_text()
    assert "Líder de participación" in main
    assert "Laura Gómez" in main
    # The header now offers the desk and logout instead of the login link.
    assert page.get_by_role("button", name="Salir").is_visible()
    page.get_by_role("button", name="Salir").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Ingreso de funcionarios").first.is_visible()


def test_wrong_password_shows_error_summary(page, site):
    user = _staff(site)
    page.goto(f"{site.url}/cuentas/ingresar/")
    page.get_by_label("Correo electrónico").fill(user.email)
    page.get_by_label("Contraseña").fill("no-es-la-clave")
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert "no son correctos" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "resumen-errores"


def test_language_switch_to_english_and_back(page, site):
    page.goto(site.url + "/")
    assert page.locator("html").get_attribute("lang") == "es-CO"
    english = page.get_by_role("button", name="English")
    assert english.get_attribute("lang") == "en"
    english.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Entities on Cabildo").is_visible()
    assert page.get_by_role("link", name="Skip to main content").count() == 1
    spanish = page.get_by_role("button", name="Español")
    assert spanish.get_attribute("lang") == "es"
    spanish.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es-CO"
    assert page.get_by_role("heading", name="Entidades en Cabildo").is_visible()


def _assert_no_serious_violations(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)


def test_axe_home_login_desk_and_404(page, site):
    user = _staff(site)
    page.goto(site.url + "/")
    _assert_no_serious_violations(page)
    page.goto(f"{site.url}/cuentas/ingresar/")
    _assert_no_serious_violations(page)
    page.goto(f"{site.url}/cuentas/recuperar/")
    _assert_no_serious_violations(page)
    _login(page, site, user.email)
    assert page.url.endswith("/cuentas/escritorio/")
    _assert_no_serious_violations(page)
    response = page.goto(f"{site.url}/no-existe/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Página no encontrada"
    _assert_no_serious_violations(page)


def test_high_contrast_mode_is_accessible_and_remembered(page, site):
    page.goto(site.url + "/")
    toggle = page.get_by_role("button", name="Alto contraste")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.focus()
    page.keyboard.press("Enter")  # works with the keyboard
    assert toggle.get_attribute("aria-pressed") == "true"
    assert "high-contrast" in page.locator("html").get_attribute("class")
    assert page.locator("body").evaluate("el => getComputedStyle(el).backgroundColor") == (
        "rgb(0, 0, 0)"
    )
    _assert_no_serious_violations(page)
    page.reload()
    assert "high-contrast" in page.locator("html").get_attribute("class")
    assert page.get_by_role("button", name="Alto contraste").get_attribute("aria-pressed") == "true"
    page.goto(f"{site.url}/cuentas/ingresar/")  # the choice follows the visitor
    assert "high-contrast" in page.locator("html").get_attribute("class")
    _assert_no_serious_violations(page)
    page.get_by_role("button", name="Alto contraste").press(" ")
    assert "high-contrast" not in (page.locator("html").get_attribute("class") or "")


def test_text_size_buttons(page, site):
    page.goto(site.url + "/")

    def root_size() -> float:
        return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")

    base = root_size()
    page.get_by_role("button", name="Aumentar tamaño de letra").click()
    assert root_size() > base
    page.reload()
    assert root_size() > base  # remembered in localStorage
    page.get_by_role("button", name="Reducir tamaño de letra").click()
    page.get_by_role("button", name="Reducir tamaño de letra").click()
    assert root_size() < base


def test_skip_link_is_first_tab_stop_and_focuses_main(page, site):
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "Saltar al contenido principal", "href": "#contenido"}
    assert page.locator(".skip-link").evaluate("el => el.getBoundingClientRect().left >= 0")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenido"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"


def test_small_screen_has_no_horizontal_scroll_and_a_menu_button(page, site):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site.url + "/")  # the directory of entities
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.goto(site.url + "/itagui/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    menu = page.get_by_role("button", name="Menú")
    nav = page.get_by_role("navigation", name="Navegación principal")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert nav.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()
    for path in ("/itagui/cuentas/ingresar/", "/itagui/cuentas/recuperar/", "/no-existe/"):
        page.goto(site.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path


def test_wide_screen_shows_navigation_without_menu_button(page, site):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site.url + "/itagui/")
    assert not page.get_by_role("button", name="Menú").is_visible()
    assert page.get_by_role("navigation", name="Navegación principal").is_visible()


def test_axe_helper_reports_a_real_violation(page, site):
    """Guards the accessibility checks above against a silently broken axe run."""
    page.goto(site.url + "/")
    page.evaluate(
        "() => { const b = document.createElement('button');"
        " document.querySelector('main').appendChild(b); }"
    )
    assert any(v.startswith("button-name") for v in axe_violations(page))
    # The language rules alone (the second language's check) see a bad lang and nothing else.
    page.evaluate("() => document.documentElement.setAttribute('lang', 'xx-nada')")
    only_language = axe_violations(page, rules=LANGUAGE_RULES)
    assert [v.split(" ")[0] for v in only_language] == ["html-lang-valid"], only_language


def test_largest_text_size_still_fits_320px(page, site):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site.url + "/")
    larger = page.get_by_role("button", name="Aumentar tamaño de letra")
    for _ in range(4):
        larger.click()
    assert larger.get_attribute("aria-disabled") == "true"  # the maximum is reached
    larger.click(force=True)  # still focusable and clickable, but the size stays
    assert page.locator("html").get_attribute("data-text-size") == "4"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_staff_table_page_fits_320px(page, site):
    """Wide tables scroll inside .table-responsive; hidden cell labels must not widen the page."""
    user = _staff(site, role=Role.ENTITY_ADMIN)
    for n in range(3):
        AreaFactory(entity=site.entity, name=f"Secretaría de Participación Ciudadana {n}")
    page.set_viewport_size({"width": 320, "height": 640})
    _login(page, site, user.email)
    page.goto(f"{site.url}/dependencias/")
    assert page.get_by_role("table").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
