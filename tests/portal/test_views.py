"""The public portal: home, Participa sections, channels of attention, sitemap; per-entity
isolation, caching and constant query counts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cabildo.core.registry import ParticipaSection
from cabildo.portal import opendata, selectors
from cabildo.portal.models import ChannelKind
from tests.execution.factories import EventFactory, RegistrationFactory
from tests.portal.builders import public_data
from tests.portal.factories import AttentionChannelFactory

pytestmark = pytest.mark.django_db


def _get(client, url, entity):
    return client.get(url, {"entidad": entity.slug})


def test_home_shows_what_is_open_next_events_results_and_participa(client, entity):
    data = public_data(entity, tag="A")
    html = _get(client, "/", entity).content.decode()
    assert "Abierto ahora" in html
    year = data["consultation"].version.plan.year
    assert reverse("plans:consultation", args=[year]) in html
    assert "Consulta ciudadana del plan de participación 2031" in html
    assert "Inscripciones abiertas" in html and "Encuentro A 0" in html
    assert "Próximos eventos" in html
    assert "Foro realizado A" in html and "Decisión: Decisión A" in html
    for value, label in ParticipaSection.choices:
        assert reverse("portal:section", args=[value]) in html
        assert str(label) in html
    assert reverse("pqrs:file") in html and reverse("pqrs:track") in html


def test_home_dates_follow_the_visitors_language(client, entity):
    """English visitors read «December 14», not «14 de December»."""
    public_data(entity, tag="A")
    client.cookies["django_language"] = "en"
    html = _get(client, "/", entity).content.decode()
    assert " de " not in "".join(re.findall(r"<time[^>]*>([^<]*)</time>", html))
    assert re.search(r"<time[^>]*>[A-Z][a-z]+ \d{1,2}, \d{4}</time>", html)  # a result's date
    client.cookies["django_language"] = "es"
    html = _get(client, "/", entity).content.decode()
    assert re.search(r"<time[^>]*>\d{1,2} de [a-z]+ de \d{4}</time>", html)


def test_home_without_anything_open_says_so(client, entity):
    html = _get(client, "/", entity).content.decode()
    assert "En este momento no hay consultas ni inscripciones abiertas." in html
    assert "No hay eventos programados por ahora." in html
    assert "Aún no hay resultados publicados." in html


def test_an_ended_event_nobody_attended_is_not_a_result(client, entity):
    """«Últimos resultados» lists events held by the evaluation's rule: attendance recorded."""
    now = timezone.now()
    ended = {"starts_at": now - timedelta(days=2, hours=2), "ends_at": now - timedelta(days=2)}
    EventFactory(entity=entity, title="Taller sin asistentes", **ended)
    held = EventFactory(entity=entity, title="Taller con asistentes", **ended)
    RegistrationFactory(entity=entity, event=held, attended=True)
    html = _get(client, "/", entity).content.decode()
    assert "Taller con asistentes" in html and "Taller sin asistentes" not in html


def test_public_pages_never_show_another_entitys_data(client, entity, other_entity):
    public_data(entity, tag="PROPIO")
    public_data(other_entity, tag="AJENO")
    urls = ["/", reverse("portal:channels"), *selectors_urls()]
    for url in urls:
        html = _get(client, url, entity).content.decode()
        assert "AJENO" not in html, url
    html = _get(client, "/", entity).content.decode()
    assert "PROPIO" in html


def selectors_urls() -> list[str]:
    return [reverse("portal:section", args=[value]) for value in ParticipaSection.values]


def test_sections_gather_links_and_datasets_of_every_app(client, entity):
    html = _get(client, reverse("portal:section", args=["planeacion"]), entity).content.decode()
    assert reverse("plans:public_list") in html
    assert reverse("opendata:dictionary", args=["actividades-plan-participacion"]) in html
    html = _get(client, reverse("portal:section", args=["control-social"]), entity).content
    html = html.decode()
    for name in ("bodies:directory", "pqrs:public_stats", "workdays:calculator"):
        assert reverse(name) in html
    assert reverse("opendata:dictionary", args=["estadisticas-pqrsd"]) in html
    assert 'aria-current="page"' in html


def test_a_section_with_nothing_published_says_so(client, entity, monkeypatch):
    monkeypatch.setattr(selectors, "participa_links", list)
    monkeypatch.setattr(opendata, "open_datasets", list)
    response = _get(client, reverse("portal:section", args=["colaboracion"]), entity)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aún no hay contenidos publicados en esta sección." in html
    assert '<ul class="card-grid">' not in html.split("<main", 1)[1]


def test_participa_index_lists_the_six_sections(client, entity):
    html = _get(client, reverse("portal:participa"), entity).content.decode()
    for label in ParticipaSection.labels:
        assert str(label) in html


def test_unknown_section_and_unknown_path_answer_the_styled_404(client, entity):
    for url in (reverse("portal:section", args=["no-existe"]), "/participa/x/y/z/", "/nada/"):
        response = _get(client, url, entity)
        assert response.status_code == 404
        html = response.content.decode()
        assert 'class="barra-superior-govco"' in html and "<h1" in html


def test_channels_page_groups_active_channels_by_kind(client, entity, other_entity):
    AttentionChannelFactory(entity=entity, kind=ChannelKind.PHONE, name="Línea 195", contact="195")
    AttentionChannelFactory(
        entity=entity,
        kind=ChannelKind.VIRTUAL,
        name="Correo institucional",
        contact="mailto:contactenos@cali.test",
    )
    AttentionChannelFactory(entity=entity, name="Ventanilla única CAM")
    AttentionChannelFactory(entity=entity, name="Sede cerrada", is_active=False)
    AttentionChannelFactory(entity=other_entity, name="Ventanilla de otra entidad")
    html = _get(client, reverse("portal:channels"), entity).content.decode()
    positions = [html.index(text) for text in ("Canal Presencial", "Canal Telefónico")]
    assert positions == sorted(positions) and "Canal Virtual" in html
    assert "Ventanilla única CAM" in html and 'href="tel:195"' in html
    assert 'href="mailto:contactenos@cali.test">contactenos@cali.test</a>' in html
    assert "Sede cerrada" not in html and "Ventanilla de otra entidad" not in html


def test_channels_page_without_channels_says_so(client, entity):
    html = _get(client, reverse("portal:channels"), entity).content.decode()
    assert "La entidad aún no ha publicado sus canales de atención." in html


def _count(client, url, entity) -> int:
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert _get(client, url, entity).status_code == 200
    return len(ctx.captured_queries)


def test_public_pages_run_a_constant_number_of_queries(client, entity):
    urls = [
        "/",
        reverse("portal:channels"),
        reverse("portal:participa"),
        reverse("portal:section", args=["control-social"]),
    ]
    public_data(entity, rows=5, tag="x")
    _get(client, urls[0], entity)  # the visitor's session remembers the entity once
    few = [_count(client, url, entity) for url in urls]
    public_data(entity, rows=45, tag="y", year=2032)
    assert [_count(client, url, entity) for url in urls] == few


def test_home_is_cached_per_entity_and_refreshed_when_its_data_changes(client, entity):
    event = EventFactory(entity=entity, title="Cabildo abierto de presupuesto")
    _get(client, "/", entity)
    with CaptureQueriesContext(connection) as cold:
        _get(client, "/", entity)
    html = _get(client, "/", entity).content.decode()
    assert "Cabildo abierto de presupuesto" in html
    event.title = "Cabildo abierto de presupuesto participativo 2027"
    event.save()
    html = _get(client, "/", entity).content.decode()
    assert "Cabildo abierto de presupuesto participativo 2027" in html
    event.delete()
    html = _get(client, "/", entity).content.decode()
    assert "Cabildo abierto de presupuesto" not in html
    # A cached page reads no event, consultation, session or channel.
    tables = " ".join(q["sql"] for q in cold.captured_queries)
    assert "execution_event" not in tables and "plans_consultation" not in tables


def test_the_cache_of_one_entity_is_not_served_to_another(client, entity, other_entity):
    EventFactory(entity=entity, title="Evento de la entidad A")
    assert "Evento de la entidad A" in _get(client, "/", entity).content.decode()
    assert "Evento de la entidad A" not in _get(client, "/", other_entity).content.decode()


def test_sitemap_lists_the_public_pages_of_the_entity(raw_client, entity):
    response = raw_client.get(f"/{entity.slug}/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    body = response.content.decode()
    locs = re.findall(r"<loc>([^<]+)</loc>", body)
    assert f"http://testserver/{entity.slug}/" in locs
    for name, args in (
        ("portal:channels", []),
        ("opendata:index", []),
        ("portal:section", ["consulta"]),
        ("bodies:directory", []),
        ("opendata:dictionary", ["estadisticas-pqrsd"]),
    ):
        assert f"http://testserver/{entity.slug}{reverse(name, args=args)}" in locs
    assert not any(loc.endswith(".ics") for loc in locs)
    assert "/gestion/" not in body and len(locs) == len(set(locs))
    assert "?entidad=" not in body


def test_sitemap_by_host_has_plain_addresses(client, entity):
    from cabildo.core.models import EntityHostname

    EntityHostname.objects.create(
        entity=entity, hostname="participa.entidad-a.test", is_canonical=True
    )
    body = client.get("/sitemap.xml", HTTP_HOST="participa.entidad-a.test").content.decode()
    assert "<loc>http://participa.entidad-a.test/</loc>" in body
    assert "<loc>http://participa.entidad-a.test/participa/</loc>" in body
    assert "?entidad=" not in body and f"/{entity.slug}/" not in body
