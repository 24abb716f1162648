"""The shared GOV.CO layout: landmarks, top bar, navigation, footer, error pages."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from cabildo.accounts.models import Role
from cabildo.core import views as core_views
from cabildo.core.templatetags.cabildo import language_options

pytestmark = pytest.mark.django_db

INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)


def assert_csp_clean(html: str) -> None:
    assert not INLINE_STYLE.search(html), "inline styles break style-src 'self'"
    assert not INLINE_SCRIPT.search(html), "inline scripts break the CSP"
    for tag in re.findall(r"<script[^>]*>", html):
        assert "nonce=" in tag, tag


def test_home_has_govco_bar_landmarks_and_skip_link(client, entity):
    html = client.get(reverse("core:home")).content.decode()
    assert 'class="barra-superior-govco"' in html
    assert re.search(
        r'<a href="https://www.gov.co/" class="govco-logo" '
        r'aria-label="Portal del Estado Colombiano - GOV.CO">',
        html,
    )
    assert "core/img/govco-wordmark.svg" in html
    assert "cdn.www.gov.co" not in html and "//cdn" not in html
    # The skip link is the first focusable element and targets <main>.
    body = html.split("<body", 1)[1]
    first_link = re.search(r"<(a|button|input|select|textarea)\b[^>]*>", body).group(0)
    assert 'href="#contenido"' in first_link
    assert '<main id="contenido" tabindex="-1">' in html
    assert html.count("<header>") == 1 and "<footer" in html
    assert 'aria-label="Navegación principal"' in html
    assert 'aria-pressed="false"' in html and 'data-a11y="contrast"' in html
    assert_csp_clean(html)


def test_footer_shows_entity_channels(client, entity):
    entity.address = "Calle 1 # 2-3"
    entity.phone = "(604) 123 4567"
    entity.email = "participa@entidad.test"
    entity.office_hours = "Lunes a viernes de 8 a. m. a 5 p. m."
    entity.save()
    html = client.get(reverse("core:home")).content.decode()
    footer = html.split('<footer class="site-footer">', 1)[1]
    for value in (entity.nit, "Calle 1 # 2-3", "(604) 123 4567", "participa@entidad.test"):
        assert value in footer
    assert "Lunes a viernes de 8 a. m. a 5 p. m." in footer


def test_home_links_to_the_directory_of_entities(client, entity, other_entity):
    html = client.get(reverse("core:home")).content.decode()
    assert "Entidades en Cabildo" in html
    assert 'href="/">Ver el directorio de entidades' in html  # the shared site's root
    assert "?entidad=" not in html
    assert reverse("workdays:calculator") in html and reverse("accounts:login") in html


def test_anonymous_sees_login_and_no_staff_nav(client, entity):
    html = client.get(reverse("core:home")).content.decode()
    assert reverse("accounts:login") in html
    assert "staff-nav" not in html
    assert reverse("accounts:logout") not in html


def test_staff_sees_desk_logout_and_staff_nav(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    html = client.get(reverse("core:home")).content.decode()
    assert reverse("accounts:desk") in html
    assert reverse("accounts:logout") in html
    assert 'aria-labelledby="staff-nav-title"' in html
    assert reverse("core:area_list") in html


def test_staff_nav_hides_items_without_permission(staff_client, entity):
    client = staff_client(Role.VIEWER)
    html = client.get(reverse("accounts:desk")).content.decode()
    assert reverse("core:area_create") not in html


def test_desk_shows_roles(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    html = client.get(reverse("accounts:desk")).content.decode()
    assert "Líder de participación" in html
    assert 'aria-current="page"' in html
    assert_csp_clean(html)


@pytest.mark.parametrize("name", ["accounts:login", "accounts:password_reset"])
def test_account_pages_use_the_layout(client, entity, name):
    html = client.get(reverse(name)).content.decode()
    assert 'class="barra-superior-govco"' in html and "<main" in html
    assert_csp_clean(html)


def test_404_page_in_layout(client, entity):
    response = client.get("/no-existe-esta-pagina/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Página no encontrada" in html and 'class="barra-superior-govco"' in html
    assert entity.name in html
    assert_csp_clean(html)


def test_unknown_entity_404_renders_without_entity(client, entity):
    response = client.get("/?entidad=no-existe")
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()


def test_403_page_in_layout(staff_client):
    client = staff_client(Role.VIEWER)
    response = client.get(reverse("core:area_create"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Acceso no permitido" in html and reverse("accounts:desk") in html


def test_400_page_renders(rf, entity):
    request = rf.get("/")
    request.user = AnonymousUser()
    request.entity = entity
    response = core_views.error_400(request)
    assert response.status_code == 400
    assert "Solicitud no válida" in response.content.decode()


def _broken_user():
    raise DatabaseError("la base de datos no responde")


def test_500_page_needs_no_database(django_assert_num_queries):
    """The 500 page must render when the database is down: no query, user never touched."""
    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(_broken_user)
    request.session = SimpleLazyObject(_broken_user)
    with django_assert_num_queries(0):
        response = core_views.error_500(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Error del servidor" in html and "Cabildo" in html
    assert 'class="barra-superior-govco"' in html
    assert_csp_clean(html)


def test_500_page_shows_loaded_entity_channels(entity, django_assert_num_queries):
    entity.phone = "(604) 765 4321"
    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(_broken_user)
    request.entity = entity
    with django_assert_num_queries(0):
        html = render_to_string("500.html", request=request)
    assert entity.name in html and "(604) 765 4321" in html


def test_language_options_names_each_language_in_itself():
    options = language_options({"LANGUAGE_CODE": "es"})
    by_code = {o["code"]: o for o in options}
    assert by_code["es"]["current"] and not by_code["en"]["current"]
    assert by_code["es"]["autonym"] == "Español" and by_code["en"]["autonym"] == "English"


def test_home_quick_link_goes_to_desk_when_logged_in(staff_client, entity):
    client = staff_client(Role.VIEWER)
    html = client.get(reverse("core:home")).content.decode()
    quick = html.split('id="quick-links"', 1)[1].split("</section>", 1)[0]
    assert reverse("accounts:desk") in quick and reverse("accounts:login") not in quick
