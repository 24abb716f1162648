"""The API's shared machinery (``cabildo/core/drf.py``): FilterSets refuse bad parameters with
a 400 naming them (never a 500, never a silently ignored filter), one rules-based permission
class guards every staff view, and the large lists page by cursor."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from cabildo.accounts.models import Role
from cabildo.core.drf import RulesPermission
from tests.accountability.factories import DialogueSpaceFactory, QuestionFactory
from tests.execution.factories import CommitmentFactory, ContributionFactory, EventFactory
from tests.pqrs.factories import PetitionFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 30

BAD_PARAMS = [
    # PQRSD staff list (pqrs.filters.PetitionFilterSet)
    ("/api/v1/pqrs/gestion/", "status", "inventado"),
    ("/api/v1/pqrs/gestion/", "semaphore", "morado"),
    ("/api/v1/pqrs/gestion/", "channel", "paloma"),
    ("/api/v1/pqrs/gestion/", "area", "abc"),
    ("/api/v1/pqrs/gestion/", "area", HUGE),
    ("/api/v1/pqrs/gestion/", "area", "-1"),
    ("/api/v1/pqrs/gestion/", "area", "999999"),
    ("/api/v1/pqrs/gestion/", "kind", "nada"),
    ("/api/v1/pqrs/gestion/", "date_from", "2026-13-45"),
    ("/api/v1/pqrs/gestion/", "date_to", "ayer"),
    ("/api/v1/pqrs/gestion/", "order", "asunto"),
    ("/api/v1/pqrs/gestion/", "q", "x" * 201),
    ("/api/v1/pqrs/gestion/", "cursor", "no-es-un-cursor"),
    ("/api/v1/pqrs/gestion/", "cursor", "%%%"),
    # execution (execution.filters)
    ("/api/v1/execution/staff/contributions/", "event", "x"),
    ("/api/v1/execution/staff/contributions/", "event", HUGE),
    ("/api/v1/execution/staff/contributions/", "unanalysed", "quizás"),
    ("/api/v1/execution/staff/commitments/", "overdue", "tal vez"),
    ("/api/v1/execution/staff/commitments/", "event", "0"),
    ("/api/v1/execution/staff/reports/", "status", "otro"),
    ("/api/v1/execution/staff/events/", "cursor", "basura"),
    ("/api/v1/execution/events/", "cursor", "basura"),
    # accountability (accountability.filters)
    ("/api/v1/accountability/staff/questions/", "status", "x"),
    ("/api/v1/accountability/staff/questions/", "area", "x"),
    ("/api/v1/accountability/staff/questions/", "space", HUGE),
    ("/api/v1/accountability/questions/", "kind", "queja"),
    ("/api/v1/accountability/questions/", "year", "1900"),
    ("/api/v1/accountability/spaces/", "year", "dos mil"),
    # bodies (bodies.filters.DirectoryFilterSet)
    ("/api/v1/bodies/", "kind", "x"),
    ("/api/v1/bodies/", "area", "x"),
    ("/api/v1/bodies/", "territory", HUGE),
]

# Every choice filter answers a bad value with the shared message (core.drf.BadChoiceMixin):
# (url, parameter, bad value, the filter's label, the valid values it lists or "").
BAD_CHOICES = [
    ("/api/v1/pqrs/gestion/", "status", "inventado", "Estado", "radicada, "),
    ("/api/v1/pqrs/gestion/", "semaphore", "morado", "Semáforo", ""),
    ("/api/v1/pqrs/gestion/", "order", "asunto", "Ordenar por", "estos: vencimiento."),
    ("/api/v1/pqrs/gestion/", "area", "abc", "Dependencia", ""),
    ("/api/v1/pqrs/gestion/", "kind", "nada", "Clase", ""),
    ("/api/v1/execution/staff/reports/", "status", "otro", "Estado", "borrador, "),
    ("/api/v1/accountability/staff/questions/", "status", "x", "Estado", "recibida, "),
    ("/api/v1/accountability/questions/", "kind", "queja", "Tipo", "pregunta, propuesta"),
    ("/api/v1/bodies/", "kind", "x", "Tipo", "territorial, poblacional, sectorial"),
    ("/api/v1/bodies/", "territory", "abc", "Territorio", ""),
    # open data: FilterSets built by the backend from the dataset's fields
    ("/api/v1/datos-abiertos/estadisticas-pqrsd/", "channel", "paloma", "canal", ""),
    (
        "/api/v1/datos-abiertos/actividades-plan-participacion/",
        "phase",
        "x",
        "Fase del ciclo de la gestión",
        "diagnostico, formulacion",
    ),
    ("/api/v1/datos-abiertos/actividades-plan-participacion/", "channel", "fax", "canal", ""),
]


@pytest.mark.parametrize(("url", "name", "value", "label", "listed"), BAD_CHOICES)
def test_bad_choice_names_the_filter_and_the_value(
    staff_client, entity, url, name, value, label, listed
):
    client = staff_client(Role.ENTITY_ADMIN)
    response = client.get(url, {name: value, "entidad": entity.slug})
    assert response.status_code == 400, response.content
    [message] = response.json()["errors"][name]
    assert message.lower().startswith(f"«{value}» no es un valor válido para «{label}»".lower())
    assert listed in message
    assert "Escoja una opción válida" not in message


def test_every_api_filterset_names_bad_choices():
    from cabildo.core.drf import BadChoiceMixin, FilterBackend

    checked = 0
    for url, view in _api_views():
        backends = getattr(view, "filter_backends", [])
        assert all(issubclass(b, FilterBackend) for b in backends if "Filter" in b.__name__), url
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None:
            assert issubclass(filterset_class, BadChoiceMixin), url
            checked += 1
    assert checked >= 8


@pytest.mark.parametrize(("url", "name", "value"), BAD_PARAMS)
def test_bad_parameter_is_400_naming_it(staff_client, url, name, value):
    client = staff_client(Role.ENTITY_ADMIN)
    response = client.get(url, {name: value})
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] == "Los datos enviados no son válidos."
    assert body["errors"][name] and all(isinstance(m, str) for m in body["errors"][name])


def test_bad_parameter_messages_in_english(staff_client):
    client = staff_client(Role.ENTITY_ADMIN)
    response = client.get(
        "/api/v1/execution/staff/contributions/", {"unanalysed": "x"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["errors"]["unanalysed"] == ["Use “true” or “false”."]


def test_date_range_backwards_is_refused(staff_client):
    response = staff_client(Role.ENTITY_ADMIN).get(
        "/api/v1/pqrs/gestion/", {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert response.status_code == 400 and response.json()["errors"]["date_to"]


def test_kind_filter_by_code_and_boolean_filters(staff_client, entity, area):
    client = staff_client(Role.ENTITY_ADMIN)
    petition = PetitionFactory(entity=entity, area=area)
    PetitionFactory(entity=entity)
    rows = client.get("/api/v1/pqrs/gestion/", {"kind": petition.kind.code, "area": area.pk})
    assert [r["id"] for r in rows.json()["results"]] == [petition.pk]
    done = ContributionFactory(entity=entity, viability="viable")
    pending = ContributionFactory(entity=entity, viability="")
    url = "/api/v1/execution/staff/contributions/"
    assert [r["id"] for r in client.get(url, {"unanalysed": "true"}).json()["results"]] == [
        pending.pk
    ]
    both = {r["id"] for r in client.get(url, {"unanalysed": "false"}).json()["results"]}
    assert both == {done.pk, pending.pk}


# --- one permission class -----------------------------------------------------------------------


def _api_views() -> list[tuple[str, type[APIView]]]:
    found: list[tuple[str, type[APIView]]] = []

    def walk(patterns: list, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                view = getattr(p.callback, "view_class", None) or getattr(p.callback, "cls", None)
                if view is not None and issubclass(view, APIView):
                    found.append((prefix + str(p.pattern), view))

    walk(get_resolver().url_patterns, "")
    return [(url, view) for url, view in found if url.startswith("api/v1/")]


def test_every_api_view_is_public_or_uses_the_rules_permission():
    views = _api_views()
    assert len(views) > 20
    wrong = [
        (url, view.__name__, view.permission_classes)
        for url, view in views
        if list(view.permission_classes) != [AllowAny]
        and RulesPermission not in view.permission_classes
        and not url.startswith(("api/v1/schema", "api/v1/docs"))
    ]
    assert not wrong, wrong
    for _url, view in views:
        if RulesPermission in view.permission_classes and view.__name__.endswith("ListAPIView"):
            assert getattr(view, "permission_required", None), view


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/pqrs/gestion/",
        "/api/v1/execution/staff/events/",
        "/api/v1/execution/staff/contributions/",
        "/api/v1/accountability/staff/questions/",
        "/api/v1/autodiagnosticos/",
    ],
)
def test_staff_api_refuses_anonymous_and_members_without_the_permission(
    client, make_member, entity, other_entity, url
):
    anonymous = client.get(url)
    assert anonymous.status_code == 403
    assert anonymous.json() == {"detail": "Debe iniciar sesión.", "errors": {}}
    client.force_login(make_member(Role.ENTITY_ADMIN, other_entity))
    client.entity = entity
    refused = client.get(url)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "No tiene permiso para esta acción."


# --- cursor pagination --------------------------------------------------------------------------


def _walk(client, url: str) -> list[int]:
    ids: list[int] = []
    pages = 0
    while url:
        body = client.get(url).json()
        assert "count" not in body
        ids += [row["id"] for row in body["results"]]
        url = body["next"]
        pages += 1
    assert pages == 2
    return ids


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/api/v1/execution/staff/contributions/", ContributionFactory),
        ("/api/v1/execution/staff/commitments/", CommitmentFactory),
        ("/api/v1/execution/staff/events/", EventFactory),
        ("/api/v1/accountability/staff/questions/", "questions"),
        ("/api/v1/pqrs/gestion/", PetitionFactory),
    ],
)
def test_large_lists_page_by_cursor_without_gaps_or_repeats(staff_client, entity, url, make):
    client = staff_client(Role.ENTITY_ADMIN)
    if make == "questions":
        space = DialogueSpaceFactory(entity=entity)
        rows = QuestionFactory.create_batch(55, entity=entity, space=space)
    else:
        rows = make.create_batch(55, entity=entity)
    ids = _walk(client, url)
    assert len(ids) == 55 and set(ids) == {row.pk for row in rows}
