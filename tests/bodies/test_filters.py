"""The instancias directory's FilterSet (``bodies.filters.DirectoryFilterSet``): one class for
the staff list, the public directory and the API, with the same parameters; a bad value is a
message beside its field (pages) or a 400 naming the parameter (API), never a 500."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from cabildo.accounts.models import Role
from cabildo.bodies import selectors
from cabildo.bodies.api import BodyListAPIView
from cabildo.bodies.filters import DirectoryFilterSet
from cabildo.bodies.models import ParticipationBody
from tests.bodies.factories import ParticipationBodyFactory
from tests.factories import AreaFactory
from tests.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db

HUGE_NUMBER = "9" * 60

SHORTENED = "9" * 39 + "…"  # the message repeats at most 40 characters of the value


def _bad(value, label, choices=""):
    message = f"«{value}» no es un valor válido para «{label}»."
    return message + f" Use uno de estos: {choices}." if choices else message


KINDS = "territorial, poblacional, sectorial"
STATUSES = "en_conformacion, activa, inactiva, suprimida"

BAD_VALUES = [
    ("kind", "consejo", _bad("consejo", "Tipo", KINDS)),
    ("status", "cerrada", _bad("cerrada", "Estado", STATUSES)),
    ("territory", "abc", _bad("abc", "Territorio")),
    ("territory", HUGE_NUMBER, _bad(SHORTENED, "Territorio")),
    ("territory", "-1", _bad("-1", "Territorio")),
    ("area", "1.5", _bad("1.5", "Dependencia")),
    ("area", HUGE_NUMBER, _bad(SHORTENED, "Dependencia")),
    ("q", "x" * 5000, "Escriba como máximo 100 caracteres."),
]


def _filterset(entity, data):
    request = RequestFactory().get("/")
    request.entity = entity
    return DirectoryFilterSet(
        data, selectors.body_list(entity=entity, public=True), request=request
    )


def _names(qs):
    return sorted(body.name for body in qs)


@pytest.fixture
def bodies(entity, other_entity):
    comuna = TerritoryFactory(entity=entity, name="Comuna 1")
    barrio = TerritoryFactory(entity=entity, name="Barrio El Centro", parent=comuna)
    culture = AreaFactory(entity=entity, name="Secretaría de Cultura")
    ParticipationBodyFactory(
        entity=entity, name="JAL Comuna 1", kind="territorial", territory=comuna
    )
    ParticipationBodyFactory(
        entity=entity, name="JAC El Centro", kind="territorial", territory=barrio
    )
    ParticipationBodyFactory(
        entity=entity, name="Consejo de Cultura", acronym="CMC", secretariat=culture
    )
    ParticipationBodyFactory(entity=entity, name="Mesa de Víctimas", status="inactiva")
    foreign = ParticipationBodyFactory(entity=other_entity, name="Ajena")
    return {
        "comuna": comuna,
        "barrio": barrio,
        "culture": culture,
        "foreign_territory": TerritoryFactory(entity=other_entity),
        "foreign_area": foreign.secretariat,
    }


def test_pages_and_api_share_the_filterset():
    assert BodyListAPIView.filterset_class is DirectoryFilterSet
    assert list(DirectoryFilterSet.base_filters) == ["q", "kind", "territory", "area", "status"]


def test_each_filter(entity, bodies):
    def names(**data):
        filterset = _filterset(entity, data)
        assert filterset.is_valid(), filterset.errors
        return _names(filterset.qs)

    everyone = ["Consejo de Cultura", "JAC El Centro", "JAL Comuna 1", "Mesa de Víctimas"]
    assert names() == everyone
    assert names(q="cmc") == ["Consejo de Cultura"]
    assert names(kind="territorial") == ["JAC El Centro", "JAL Comuna 1"]
    assert names(status="inactiva") == ["Mesa de Víctimas"]
    # A comuna includes its barrios.
    assert names(territory=str(bodies["comuna"].pk)) == ["JAC El Centro", "JAL Comuna 1"]
    assert names(territory=str(bodies["barrio"].pk)) == ["JAC El Centro"]
    assert names(area=str(bodies["culture"].pk)) == ["Consejo de Cultura"]
    assert names(kind="territorial", territory=str(bodies["barrio"].pk), q="centro") == [
        "JAC El Centro"
    ]


def test_territory_choices_in_tree_order_with_empty_choice(entity, bodies):
    field = _filterset(entity, None).form.fields["territory"]
    labels = [str(label) for _value, label in field.choices]
    assert labels[0] == "Todos"
    assert labels.index("Comuna 1") < next(
        i for i, label in enumerate(labels) if "Barrio El Centro" in label
    )
    assert str(bodies["foreign_territory"].pk) not in [str(v) for v, _label in field.choices]


@pytest.mark.parametrize(("name", "value", "message"), BAD_VALUES)
def test_bad_value_is_a_message_and_filters_nothing(entity, bodies, name, value, message):
    good = {"status": "activa"} if name != "status" else {"kind": "territorial"}
    filterset = _filterset(entity, {**good, name: value})
    assert not filterset.is_valid()
    assert filterset.errors == {name: [message]}
    # The valid part of the query still applies; the bad filter is left out.
    assert filterset.qs.count() == (2 if name == "status" else 3)


def test_another_entitys_territory_and_area_are_refused(entity, bodies):
    filterset = _filterset(
        entity,
        {"territory": str(bodies["foreign_territory"].pk), "area": str(bodies["foreign_area"].pk)},
    )
    territory, area = bodies["foreign_territory"].pk, bodies["foreign_area"].pk
    assert filterset.errors == {
        "territory": [_bad(territory, "Territorio")],
        "area": [_bad(area, "Dependencia")],
    }


def test_messages_in_english(entity, bodies):
    with translation.override("en"):
        filterset = _filterset(entity, {"kind": "consejo", "q": "x" * 101})
        errors = {name: [str(e) for e in errs] for name, errs in filterset.errors.items()}
    assert errors == {
        "kind": [f"«consejo» is not a valid value for «Type». Use one of these: {KINDS}."],
        "q": ["Type at most 100 characters."],
    }


# ------------------------------------------------------------------ pages


@pytest.mark.parametrize(("name", "value", "message"), BAD_VALUES)
def test_public_directory_names_a_bad_value_beside_its_field(
    public_client, entity, bodies, name, value, message
):
    response = public_client(entity).get(reverse("bodies:directory"), {name: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{name}_error">{message}</div>' in html
    assert 'aria-invalid="true"' in html
    # The bad filter is left out: the whole directory is listed.
    assert len(response.context["bodies"]) == 4


def test_staff_list_names_a_bad_value_and_keeps_the_good_ones(staff_client, entity, bodies):
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.get(reverse("bodies:list"), {"territory": "abc", "kind": "territorial"})
    assert response.status_code == 200
    assert _bad("abc", "Territorio") in response.content.decode()
    assert [b.name for b in response.context["bodies"]] == ["JAC El Centro", "JAL Comuna 1"]


def test_staff_list_filters_archived_bodies_too(staff_client, entity, bodies):
    ParticipationBody.objects.filter(name="JAL Comuna 1").update(archived_at="2026-01-01T00:00Z")
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.get(reverse("bodies:list"), {"archivadas": "1", "kind": "territorial"})
    assert [b.name for b in response.context["bodies"]] == ["JAL Comuna 1"]
    # The filter form keeps the archived list when it is submitted again.
    assert '<input type="hidden" name="archivadas" value="1">' in response.content.decode()


def test_public_directory_in_english_names_the_bad_value(public_client, entity, bodies):
    response = public_client(entity).get(
        reverse("bodies:directory"), {"status": "cerrada"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert f"«cerrada» is not a valid value for «Status». Use one of these: {STATUSES}." in (
        response.content.decode()
    )


# ------------------------------------------------------------------ API


@pytest.mark.parametrize(("name", "value", "message"), BAD_VALUES)
def test_api_bad_value_is_a_400_naming_the_parameter(client, entity, bodies, name, value, message):
    response = client.get(f"/api/v1/bodies/?entidad={entity.slug}", {name: value})
    assert response.status_code == 400
    assert response.json()["errors"] == {name: [message]}


def test_api_filters_like_the_pages(client, entity, bodies):
    response = client.get(
        f"/api/v1/bodies/?entidad={entity.slug}", {"territory": bodies["comuna"].pk}
    )
    assert response.status_code == 200
    assert sorted(r["name"] for r in response.json()["results"]) == [
        "JAC El Centro",
        "JAL Comuna 1",
    ]
