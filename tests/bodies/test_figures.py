"""Characterization figures: proposed from the registry, a different typed figure is a
correction with its reason, and every published figure equals a recount of the rows.

The property test generates bodies with sessions, seats (terms open or closed, vacant or not)
and characterizations with or without corrections; the recount below reads the rows one by
one in plain Python with the counting rules written out again, never through the selectors.
"""

from __future__ import annotations

import datetime
from collections import Counter
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cabildo.accounts.models import Role
from cabildo.bodies import selectors, services
from cabildo.bodies.models import (
    BodyCharacterization,
    BodyKind,
    BodyMember,
    BodySession,
    BodyStatus,
)
from tests.bodies.factories import (
    BodyCharacterizationFactory,
    BodyMemberFactory,
    BodySessionFactory,
    ParticipationBodyFactory,
)
from tests.factories import EntityFactory
from tests.properties import examples

pytestmark = pytest.mark.django_db

YEARS = (2022, 2023, 2024)
year_or_none = st.one_of(st.none(), st.sampled_from((2021, *YEARS, 2025)))
seat = st.tuples(st.booleans(), year_or_none, year_or_none)  # vacant, start year, end year
correction = st.one_of(st.none(), st.integers(min_value=0, max_value=40))
body_spec = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(BodyKind.values),
        "formal": st.booleans(),
        "status": st.sampled_from(BodyStatus.values),
        "sessions": st.lists(st.sampled_from(YEARS), max_size=5),
        "seats": st.lists(seat, max_size=4),
        "characterized": st.dictionaries(
            st.sampled_from(YEARS), st.tuples(correction, correction), max_size=3
        ),
    }
)


def _build(specs: list[dict]):
    entity = EntityFactory()
    for number, spec in enumerate(specs):
        body = ParticipationBodyFactory(
            entity=entity, name=f"Instancia {number}", kind=spec["kind"], is_formal=spec["formal"]
        )
        for index, year in enumerate(spec["sessions"]):
            BodySession.objects.create(
                entity=entity, body=body, date=datetime.date(year, 1 + index, 5)
            )
        for index, (vacant, start, end) in enumerate(spec["seats"]):
            if start and end and end < start:
                start, end = end, start
            BodyMember.objects.create(
                entity=entity,
                body=body,
                seat=f"Curul {index}",
                selection="elegido",
                is_vacant=vacant,
                name="" if vacant else f"Integrante {index}",
                term_start=datetime.date(start, 2, 1) if start else None,
                term_end=datetime.date(end, 11, 30) if end else None,
            )
        for year, (sessions, members) in spec["characterized"].items():
            BodyCharacterization.objects.create(
                entity=entity,
                body=body,
                year=year,
                status=spec["status"],
                sessions_held_correction=sessions,
                sessions_held_reason="Actas sin cargar" if sessions is not None else "",
                active_members_correction=members,
                active_members_reason="Listado sin cargar" if members is not None else "",
            )
    return entity


def _recount(entity, year: int) -> dict[str, tuple[int, int]]:
    """Per body name: (sessions, members) as published, recounted from the rows."""
    published = {}
    for c in BodyCharacterization.objects.filter(entity=entity, year=year):
        sessions = sum(1 for s in BodySession.objects.filter(body=c.body_id) if s.date.year == year)
        members = 0
        for m in BodyMember.objects.filter(body=c.body_id):
            starts_in_time = m.term_start is None or m.term_start.year <= year
            ends_in_time = m.term_end is None or m.term_end.year >= year
            members += (not m.is_vacant) and starts_in_time and ends_in_time
        if c.sessions_held_correction is not None:
            sessions = c.sessions_held_correction
        if c.active_members_correction is not None:
            members = c.active_members_correction
        published[c.body.name] = (sessions, members)
    return published


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(body_spec, max_size=4), st.sampled_from(YEARS))
def test_published_figures_equal_a_recount_of_the_rows(specs, year):
    entity = _build(specs)
    expected = _recount(entity, year)
    overview = selectors.system_overview(entity=entity, year=year)
    shown = {
        row["body"].name: (row["sessions_held"].value, row["active_members"].value)
        for row in overview["bodies"]
    }
    assert shown == expected
    assert overview["sessions_held"] == sum(s for s, _ in expected.values())
    assert overview["active_members"] == sum(m for _, m in expected.values())
    assert overview["total"] == len(expected)
    # Each dimension (kind, formal, status) recounted from the year's characterizations, with
    # its percentages of the total (half up, as published).
    rows = list(BodyCharacterization.objects.filter(entity=entity, year=year))
    recounted = {
        "kind": Counter(c.body.kind for c in rows),
        "formal": Counter(c.body.is_formal for c in rows),
        "status": Counter(c.status for c in rows),
    }
    for dimension in overview["dimensions"]:
        if dimension.key not in recounted:
            assert sum(r["count"] for r in dimension.rows) == len(rows)
            continue
        for r in dimension.rows:
            n = recounted[dimension.key][r["value"]]
            assert r["count"] == n
            if not rows:
                assert r["percent"] is None  # no base: «—», never «0 %»
                continue
            share = Fraction(100 * n, len(rows))
            assert r["percent"] == int(share + Fraction(1, 2))
    # The body page reads the same selector.
    for row in overview["bodies"]:
        on_page = {
            c.year: (c.figures["sessions_held"].value, c.figures["active_members"].value)
            for c in selectors.body_characterizations(body=row["body"])
        }
        assert on_page[year] == expected[row["body"].name]


def test_service_keeps_a_figure_equal_to_the_registry_as_the_recount(entity):
    body = ParticipationBodyFactory(entity=entity)
    BodySessionFactory(entity=entity, body=body, date=datetime.date(2024, 3, 1))
    BodyMemberFactory(entity=entity, body=body)  # 2024–2027
    BodyMemberFactory(entity=entity, body=body, is_vacant=True, name="")
    c = services.characterization_create(
        body=body, year=2024, status="activa", sessions_held=1, active_members=None
    )
    assert (c.sessions_held_correction, c.active_members_correction) == (None, None)
    figures = selectors.figures(c)
    assert (figures["sessions_held"].value, figures["active_members"].value) == (1, 1)
    assert not figures["sessions_held"].corrected


def test_service_refuses_a_different_figure_without_reason(entity):
    body = ParticipationBodyFactory(entity=entity)
    with pytest.raises(ValidationError) as exc:
        services.characterization_create(body=body, year=2024, status="activa", sessions_held=5)
    assert "sessions_held_reason" in exc.value.message_dict
    assert "difiere del registro" in exc.value.message_dict["sessions_held_reason"][0]
    assert not BodyCharacterization.objects.exists()


def test_service_keeps_a_correction_with_its_reason_and_drops_it_when_equal(entity):
    body = ParticipationBodyFactory(entity=entity)
    c = services.characterization_create(
        body=body,
        year=2024,
        status="activa",
        sessions_held=5,
        sessions_held_reason="Dos actas sin cargar",
    )
    figure = selectors.figures(c)["sessions_held"]
    assert (figure.value, figure.recount, figure.corrected) == (5, 0, True)
    c = services.characterization_update(characterization=c, sessions_held=0)
    assert c.sessions_held_correction is None and c.sessions_held_reason == ""


def test_form_proposes_the_registry_and_pages_show_the_correction(
    staff_client, public_client, entity
):
    body = ParticipationBodyFactory(entity=entity, name="Consejo Territorial de Planeación")
    for day in (3, 4, 5):
        BodySessionFactory(entity=entity, body=body, date=datetime.date(2024, 2, day))
    BodyMemberFactory(entity=entity, body=body)
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    url = reverse("bodies:characterization_create", args=[body.pk])
    page = client.get(url, {"anio": "2024"}).content.decode()
    assert 'name="sessions_held" value="3"' in page
    assert 'name="active_members" value="1"' in page
    # A different figure without its reason: refused, nothing stored.
    bad = {"year": "2024", "status": "activa", "sessions_held": "5", "active_members": "1"}
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "difiere del registro" in response.content.decode()
    assert not BodyCharacterization.objects.exists()
    response = client.post(url, {**bad, "sessions_held_reason": "Dos actas sin cargar"})
    assert response.status_code == 302
    staff = client.get(reverse("bodies:detail", args=[body.pk])).content.decode()
    expected = "corregido: 5 (registro: 3)"
    assert expected in staff and "Dos actas sin cargar" in staff
    client.logout()
    public = public_client(entity)
    detail = public.get(reverse("bodies:public_detail", args=[body.pk])).content.decode()
    assert expected in detail and "Dos actas sin cargar" in detail
    overview = public.get(reverse("bodies:public_overview"), {"anio": "2024"}).content.decode()
    assert expected in overview
    assert "Sesiones realizadas: 5 · integrantes activos: 1." in overview
    api = public.get(f"/api/v1/bodies/system/2024/?entidad={entity.slug}")
    row = api.json()["bodies"][0]
    assert row["sessions_held"] == {
        "value": 5,
        "registry": 3,
        "corrected": True,
        "reason": "Dos actas sin cargar",
    }


def test_a_characterization_of_another_year_counts_that_years_rows(entity):
    body = ParticipationBodyFactory(entity=entity)
    BodySessionFactory(entity=entity, body=body, date=datetime.date(2023, 3, 1))
    BodyMemberFactory(
        entity=entity,
        body=body,
        term_start=datetime.date(2020, 1, 1),
        term_end=datetime.date(2023, 6, 30),
    )
    BodyCharacterizationFactory(entity=entity, body=body, year=2023)
    BodyCharacterizationFactory(entity=entity, body=body, year=2024)
    rows = {c.year: c.figures for c in selectors.body_characterizations(body=body)}
    assert (rows[2023]["sessions_held"].value, rows[2023]["active_members"].value) == (1, 1)
    assert (rows[2024]["sessions_held"].value, rows[2024]["active_members"].value) == (0, 0)
