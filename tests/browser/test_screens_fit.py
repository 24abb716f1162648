"""Screens that fit, forms a mouse can use (issue 23), in Chromium at 1280 and 375 px.

One journey: an entity with a long plan de mejoramiento, PQRSD statistics and a forum comment.
At both widths, and in Spanish and English, no page scrolls sideways (the document is never
wider than the window); the plan's actions are reachable; the moderation radio "Retirar" is
chosen with a mouse click on its label and on the button itself; a wide table is a scrollable
region reached with the keyboard.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.assessment import services as assessment_services
from cabildo.exercises.models import ModerationStatus
from tests.assessment.factories import scored_assessment
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.exercises.factories import ForumCommentFactory
from tests.factories import EntityFactory
from tests.pqrs.factories import PetitionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 375)


def _shots() -> str:
    """Where to save screenshots for a person to look at (SCREENSHOTS_DIR), or ""."""
    import os

    return os.environ.get("SCREENSHOTS_DIR", "")


def _overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scroll)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def test_pages_fit_and_forms_work_with_a_mouse(live_server, page, make_member):
    entity = EntityFactory(slug="entidad-a", name="Concejo de Prueba Añasco", short_name="Añasco")
    lead = make_member(Role.ENTITY_ADMIN, entity)
    plan = assessment_services.plan_generate(assessment=scored_assessment(entity, scores=[10] * 32))
    for _ in range(4):
        PetitionFactory(entity=entity)
    comment = ForumCommentFactory(entity=entity)

    page.goto(f"{live_server.url}/{entity.slug}{reverse('accounts:login')}")
    page.fill("input[name=username]", lead.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    prefix = f"{live_server.url}/{entity.slug}"
    pages = [
        reverse("core:home"),
        reverse("accounts:desk"),
        reverse("assessment:plan_detail", args=[plan.pk]),
        reverse("pqrs:stats"),
        reverse("pqrs:public_stats"),
        reverse("pqrs:staff_list"),
        reverse("exercises:comment_moderate", args=[comment.pk]),
        reverse("pqrs:file"),
    ]
    for language in ("es", "en"):
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for path in pages:
                response = page.goto(prefix + path)
                assert response is not None and response.ok, path
                assert page.locator("html").get_attribute("lang").startswith(language)
                assert _overflow(page) <= 0, f"{path} at {width} px ({language}) scrolls sideways"

    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": live_server.url}]
    )
    # The plan: one section per category, short; opening one shows its actions and links.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(prefix + reverse("assessment:plan_detail", args=[plan.pk]))
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4000, f"the plan page is {height} px tall"
    first = page.locator("details.plan-group").first
    first.locator("summary").click()
    edit = first.get_by_role("link", name="Editar").first
    assert edit.is_visible()
    box = edit.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280
    assert axe_violations(page) == []
    # Back from an action, its section opens on it.
    action = plan.actions.order_by("activity__order").last()
    page.goto(prefix + reverse("assessment:plan_detail", args=[plan.pk]) + f"#accion-{action.pk}")
    assert page.locator(f"#accion-{action.pk}").is_visible()

    # The PQRSD channel table on a phone reflows: one card per channel, each figure with its
    # heading, nothing to scroll sideways (in both languages).
    page.set_viewport_size({"width": 375, "height": 812})
    for language, heading in (("en", "Previous year total"), ("es", "Acumulado año anterior")):
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        page.goto(prefix + reverse("pqrs:public_stats"))
        region = page.locator(".table-responsive", has=page.locator("#tabla-canales"))
        assert not page.evaluate("e => e.scrollWidth > e.clientWidth", region.element_handle())
        row = page.locator("#tabla-canales tbody tr").first
        assert page.evaluate("e => getComputedStyle(e).display", row.element_handle()) == "block"
        cell = row.locator("td").nth(1)
        assert cell.get_attribute("data-label") == heading
        assert cell.bounding_box()["x"] + cell.bounding_box()["width"] <= 375
        if _shots():
            page.screenshot(path=f"{_shots()}/pqrs-estadisticas-{language}-375.png", full_page=True)
    # A wide table that still scrolls (staff lists) is a named region that takes the focus.
    page.goto(prefix + reverse("pqrs:staff_list"))
    for region in page.locator(".table-responsive").all():
        if page.evaluate("e => e.scrollWidth > e.clientWidth", region.element_handle()):
            assert region.get_attribute("tabindex") == "0"
            assert region.get_attribute("role") == "region"
            assert region.get_attribute("aria-labelledby") or region.get_attribute("aria-label")

    # Moderation: "Retirar" is chosen by clicking its label, then the radio itself.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(prefix + reverse("exercises:comment_moderate", args=[comment.pk]))
    page.get_by_text("Retirar", exact=True).click()
    assert page.get_by_label("Retirar").is_checked()
    page.get_by_label("Publicar").click()
    page.get_by_label("Retirar").click()  # a real mouse click at the radio's position
    assert page.get_by_label("Retirar").is_checked()
    page.get_by_label("Motivo del retiro").fill("Contiene datos personales de un tercero.")
    page.get_by_role("button", name="Guardar decisión").click()
    page.wait_for_load_state()
    comment.refresh_from_db()
    assert comment.status == ModerationStatus.REJECTED
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(prefix + reverse("exercises:comment_moderate", args=[comment.pk]))
    page.get_by_label("Publicar").click()
    assert page.get_by_label("Publicar").is_checked()
    assert axe_violations(page) == []
