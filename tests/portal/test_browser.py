"""In Chromium: every kind of public page reachable from the home page of each demo entity
passes axe-core in Spanish and in English (no serious or critical violation) and carries no
word of the other language (tests/test_english_pages.py's lists), and the main
journeys work with the keyboard only (skip link, accessibility bar, menu, filing a PQRSD)."""

from __future__ import annotations

import re
from html import escape, unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse

from cabildo.pqrs.models import Petition
from tests.browser.catalogues import ensure_compiled
from tests.conftest import LANGUAGE_RULES, axe_violations
from tests.factories import EntityFactory
from tests.test_english_pages import _data_texts, problems_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_ENTITIES = ("itagui", "fondeser", "cartago", "cali")
# The demo of the apps whose pages are public (the rest only adds staff data). The PQRSD demo
# files hundreds of petitions through the services (about a minute): a few petitions per
# entity give the statistics pages the same content (charts, tables) in a fraction of it.
DEMO_APPS = (
    "core",
    "territories",
    "stakeholders",
    "bodies",
    "plans",
    "execution",
    "workdays",
    "portal",
)
LANGUAGES = ("es", "en")
SKIPPED_PREFIXES = ("/api/", "/admin-tecnico/", "/i18n/", "/jsi18n/", "/static/", "/media/")
DOWNLOADS = (".csv", ".json", ".ics", ".xlsx", ".pdf", ".xml", ".zip")


def _crawlable(base: str, current: str, href: str) -> str | None:
    """The same-host page address (path and query) a link leads to, or None."""
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    target = urlsplit(urljoin(current, href))
    if target.netloc != urlsplit(base).netloc:
        return None
    # The entity's own API and files sit under its /<slug>/ prefix.
    within_entity = "/" + target.path.lstrip("/").partition("/")[2]
    if target.path.startswith(SKIPPED_PREFIXES) or within_entity.startswith(SKIPPED_PREFIXES):
        return None
    if target.path.endswith(DOWNLOADS):
        return None
    if "." + target.path.rstrip("/").rsplit("/", 1)[-1] in DOWNLOADS:  # /estadisticas/csv/
        return None
    if "entidad=" in target.query:  # a switch to another entity
        return None
    return target.path + (f"?{target.query}" if target.query else "")


def _kind(slug: str, address: str) -> str:
    """The page's kind: its URL name (the entity's pages are served under /<slug>/)."""
    path = urlsplit(address).path
    try:
        return resolve(path[len(slug) + 1 :] if path.startswith(f"/{slug}/") else path).view_name
    except Resolver404:
        return path


def _crawl(page, base: str, slug: str, checked: set[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Every kind of public page of the entity (the first page of each URL name its links
    reach). A kind not yet ``checked`` (on an earlier entity) is opened in Chromium and checked
    with axe-core in Spanish and in English; one already checked is only read for its links (the
    same template: its axe result would repeat). Returns the kinds reached and the problems."""
    start = f"/{slug}/"
    queue, seen, visited, problems = [start], {start, "/"}, [], {}
    kinds: set[str] = set()
    data = _data_texts()
    while queue:
        address = queue.pop(0)
        kind = _kind(slug, address)
        if kind in kinds:
            continue
        if kind in checked:
            response = page.request.get(base + address)
            assert response.status < 400, f"{slug}: {address}"
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            kinds.add(kind)
            visited.append(address)
            for target in sorted(_same_site_links(base, base + address, response.text())):
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
            continue
        for language in LANGUAGES:
            page.context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}]
            )
            response = page.goto(base + address)
            assert response is not None and response.status < 400, f"{slug}: {address}"
            if not response.headers.get("content-type", "").startswith("text/html"):
                break
            kinds.add(kind)
            lang = page.locator("html").get_attribute("lang") or ""
            assert lang.startswith(language), (address, page.url, lang)
            # In full in Spanish; in English only what a language changes (LANGUAGE_RULES).
            found = axe_violations(page, rules=LANGUAGE_RULES if language != "es" else None)
            # What the visitor sees (scripts included) speaks the visitor's language.
            found += problems_in(page.content(), language=language, data=data)
            if found:
                problems[f"{address} ({language})"] = found
        else:
            visited.append(address)
            checked.add(kind)
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        for href in hrefs:
            target = _crawlable(base, page.url, href)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": base}])
    return visited, problems


def _petitions() -> None:
    from cabildo.core.models import Entity
    from cabildo.pqrs.models import Status
    from tests.pqrs.factories import PetitionFactory, kind_for

    for entity in Entity.objects.all():
        for channel, code, status in (
            ("web", "peticion_general", Status.FILED),
            ("presencial", "queja", Status.IN_PROGRESS),
            ("telefonico", "reclamo", Status.ANSWERED),
            ("correo", "sugerencia", Status.CLOSED),
        ):
            PetitionFactory(
                entity=entity, channel=channel, kind=kind_for(entity, code), status=status
            )


ENTITY_NAME = re.compile(r'<span class="entity-name">([^<]*)</span>')


def _same_site_links(base: str, current: str, html: str) -> set[str]:
    found = set()
    for href in re.findall(r'href="([^"]+)"', html):
        target = _crawlable(base, current, unescape(href))
        if target:
            found.add(target)
    return found


def _check_links_to_depth_two(page, base: str, home: str, name: str) -> int:
    """Every same-site link of the entity's home and of the pages it links to opens (no 4xx or
    5xx) a page of the same entity: the URL keeps the entity's prefix and the page names it."""
    slug = home.strip("/")
    seen, frontier, opened = {home}, [home], 0
    for depth in (1, 2):
        following = []
        for address in frontier:
            response = page.request.get(base + address)
            assert response.status < 400, f"{address} answered {response.status}"
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            opened += 1
            html = response.text()
            assert ENTITY_NAME.findall(html) == [escape(name)], f"{address} is not {name}'s"
            for target in _same_site_links(base, base + address, html):
                if target == "/":  # the directory of entities, where the walk started
                    continue
                assert target.startswith(f"/{slug}/"), f"{address} links to {target}"
                if target not in seen:
                    seen.add(target)
                    following.append(target)
        frontier = following if depth == 1 else []
    for address in frontier:  # (depth 2 reached: only their answers)
        assert page.request.get(base + address).status < 400, address
    return opened


def test_public_pages_of_every_demo_entity_pass_axe(live_server, page):
    ensure_compiled()  # the English pages
    call_command("seed_demo", "--only", *DEMO_APPS, verbosity=0)
    _petitions()
    # One browser session from the directory of entities at /, into every demo entity's home.
    page.goto(live_server.url + "/")
    homes = page.eval_on_selector_all(
        ".entity-card a[href]", "els => els.map(e => [e.getAttribute('href'), e.textContent])"
    )
    assert sorted(href for href, _name in homes) == sorted(f"/{s}/" for s in DEMO_ENTITIES)
    for href, name in homes:
        assert _check_links_to_depth_two(page, live_server.url, href, name.strip()) >= 20
    report: dict[str, dict[str, list[str]]] = {}
    checked: set[str] = set()  # the kinds of page axe has seen, in both languages
    for slug in DEMO_ENTITIES:
        visited, problems = _crawl(page, live_server.url, slug, checked)
        # The crawl really walks the portal: the Participa sections and the open data.
        assert len(visited) >= 15, (slug, visited)
        assert any(a.startswith(f"/{slug}/participa/") for a in visited), visited
        if problems:
            report[slug] = problems
    assert report == {}
    assert len(checked) >= 20, sorted(checked)  # axe saw every kind of public page


def _tab_to(page, condition: str, limit: int = 150) -> None:
    """Press Tab until ``condition`` (a JavaScript expression on ``el``, the focused element)
    holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({condition}); }}"):
            return
    raise AssertionError(f"never focused: {condition}")


def test_main_journeys_work_with_the_keyboard_only(live_server, page):
    EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    page.goto(f"{live_server.url}/entidad-a/")

    # Skip link: the first Tab stop, and it moves the focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == (
        "Saltar al contenido principal"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenido"

    # Accessibility bar: high contrast and larger text with the keyboard.
    page.goto(f"{live_server.url}/entidad-a/")
    _tab_to(page, "el.dataset.a11y === 'contrast'")
    page.keyboard.press("Space")
    assert "high-contrast" in page.locator("html").get_attribute("class")
    _tab_to(page, "el.dataset.a11y === 'larger'")
    page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("data-text-size") == "1"
    assert axe_violations(page) == []
    page.evaluate("() => window.localStorage.clear()")

    # The menu on a phone: the toggle opens it and Escape closes it.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/entidad-a/")
    _tab_to(page, "el.hasAttribute('data-nav-toggle')")
    assert page.get_attribute("[data-nav-toggle]", "aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert page.get_attribute("[data-nav-toggle]", "aria-expanded") == "true"
    _tab_to(page, "el.closest('#menu-principal') && el.textContent.trim() === 'Participa'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('portal:participa')}")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Filing a PQRSD: reached from the menu and sent with the keyboard only.
    page.goto(f"{live_server.url}/entidad-a/")
    _tab_to(page, "el.closest('nav') && el.textContent.trim() === 'Radicar PQRSD'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('pqrs:file')}")
    _tab_to(page, "el.id === 'id_kind'")
    page.keyboard.type("Queja")
    _tab_to(page, "el.id === 'id_subject'")
    page.keyboard.type("Hueco peligroso en la calle 12")
    _tab_to(page, "el.id === 'id_description'")
    page.keyboard.type("Hay un hueco grande frente al colegio desde hace un mes.")
    _tab_to(page, "el.id === 'id_anonymous'")
    page.keyboard.press("Space")
    _tab_to(page, "el.type === 'submit' && el.closest('main')")
    page.keyboard.press("Enter")
    page.wait_for_selector("#codigo")
    petition = Petition.objects.get()
    assert petition.subject == "Hueco peligroso en la calle 12"
    assert petition.kind.name == "Queja" and petition.anonymous


def test_error_summary_of_the_pqrsd_form_links_to_the_fields(live_server, page):
    EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    page.goto(f"{live_server.url}/entidad-a{reverse('pqrs:file')}")
    _tab_to(page, "el.type === 'submit' && el.closest('main')")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    link = summary.locator("a[href='#id_subject']")
    assert link.count() == 1
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#id_subject"
    assert axe_violations(page) == []
    assert not Petition.objects.exists()
