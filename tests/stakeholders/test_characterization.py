"""Structured characterization of grupos de valor: catalogues in the four families of Función
Pública's guide, demographic parts that add up to the size, coverage that adds up across
groups, free text only as notes (and the migration that moved it there)."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cabildo.accounts.models import Role
from cabildo.stakeholders import catalogues, selectors, services
from cabildo.stakeholders.forms import count_field
from cabildo.stakeholders.models import StakeholderGroup, StakeholderType
from tests.factories import EntityFactory
from tests.properties import examples

pytestmark = pytest.mark.django_db


def _type(entity, name="Jóvenes"):
    return StakeholderType.objects.for_entity(entity).get(name=name)


def test_every_variable_belongs_to_one_of_the_four_families():
    families = {v.family for v in (*catalogues.COUNTED, *catalogues.LISTED)}
    assert families <= set(catalogues.FAMILY_LABELS)
    keys = {v.key for v in catalogues.COUNTED}
    assert keys == {"age_range", "sex", "gender", "ethnic_group", "disability", "occupation"}
    assert all(catalogues.UNKNOWN in v.codes for v in catalogues.COUNTED)


def test_parts_that_add_up_to_the_size_are_kept(entity):
    group = services.group_create(
        entity=entity,
        name="Plataforma de juventudes",
        type=_type(entity),
        estimated_size=100,
        composition={"age_range": {"menor18": 30, "18-28": 70}, "sex": {"mujer": 55, "hombre": 45}},
        interest_topics=["empleo", "cultura_deporte"],
        channels=["redes"],
    )
    assert group.counts("age_range") == {"menor18": 30, "18-28": 70}
    assert group.labels("channels") == ["Redes sociales"]


@pytest.mark.parametrize(
    ("size", "composition", "fragment"),
    [
        (100, {"age_range": {"18-28": 60}}, "las partes suman 60 y el tamaño estimado es 100"),
        (None, {"sex": {"mujer": 5}}, "indique el tamaño estimado"),
        (10, {"sex": {"marciano": 10}}, "la categoría «marciano» no existe"),
        (10, {"estatura": {"alta": 10}}, "La variable «estatura» no existe"),
        (10, {"sex": {"mujer": -1, "hombre": 11}}, "número entero no negativo"),
    ],
)
def test_parts_that_do_not_add_up_are_refused(entity, size, composition, fragment):
    with pytest.raises(ValidationError) as exc:
        services.group_create(
            entity=entity,
            name="Mesa",
            type=_type(entity),
            estimated_size=size,
            composition=composition,
        )
    assert fragment in " ".join(exc.value.message_dict["composition"])
    assert not StakeholderGroup.objects.exists()


def test_listed_values_come_from_the_catalogue(entity):
    with pytest.raises(ValidationError) as exc:
        services.group_create(
            entity=entity, name="Mesa", type=_type(entity), channels=["paloma mensajera"]
        )
    assert "elija valores del catálogo" in exc.value.message_dict["channels"][0]
    assert not StakeholderGroup.objects.exists()


def test_characterization_date_is_plausible(entity):
    for day, fragment in (("1850-01-01", "el año 1850 no es posible"), ("2999-01-01", "hoy")):
        with pytest.raises(ValidationError) as exc:
            services.group_create(
                entity=entity, name="Mesa", type=_type(entity), characterized_on=day
            )
        assert fragment in exc.value.message_dict["characterized_on"][0]
    assert not StakeholderGroup.objects.exists()


def _form_data(entity, **over):
    data = {"name": "Mesa de juventudes", "type": _type(entity).pk, "estimated_size": "50"}
    data.update(over)
    return data


def test_form_in_four_families_refuses_parts_that_do_not_add_up(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    page = client.get(reverse("stakeholders:create")).content.decode()
    for legend in (
        "Variables geográficas",
        "Variables demográficas",
        "Variables intrínsecas",
        "Variables de comportamiento",
    ):
        assert legend in page
    age = catalogues.COUNTED[0]
    bad = _form_data(
        entity, **{count_field("age_range", 1): "20", count_field("age_range", 2): "20"}
    )
    response = client.post(reverse("stakeholders:create"), bad)
    assert response.status_code == 200
    assert "las partes suman 40 y el tamaño estimado es 50" in response.content.decode()
    assert not StakeholderGroup.objects.exists()
    unknown = age.codes.index(catalogues.UNKNOWN)
    good = {**bad, count_field("age_range", unknown): "10", "channels": ["redes", "mensajeria"]}
    response = client.post(reverse("stakeholders:create"), good)
    assert response.status_code == 302
    group = StakeholderGroup.objects.get()
    assert group.counts("age_range") == {"18-28": 20, "29-59": 20, catalogues.UNKNOWN: 10}
    assert group.channels == ["redes", "mensajeria"]
    # The edit form shows the stored counts.
    page = client.get(reverse("stakeholders:update", args=[group.pk])).content.decode()
    assert f'name="{count_field("age_range", 1)}" value="20"' in page


sizes = st.integers(min_value=0, max_value=500)


@st.composite
def group_spec(draw):
    size = draw(st.one_of(st.none(), sizes))
    composition = {}
    if size is not None:
        for variable in draw(st.lists(st.sampled_from(catalogues.COUNTED), unique=True)):
            cuts = sorted(draw(st.lists(st.integers(0, size), max_size=len(variable.codes) - 1)))
            parts = [b - a for a, b in zip([0, *cuts], [*cuts, size], strict=True)]
            codes = draw(st.permutations(variable.codes))
            counts = {code: n for code, n in zip(codes, parts, strict=False) if n}
            if counts:
                composition[variable.key] = counts
    return size, composition


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(group_spec(), max_size=5))
def test_coverage_adds_up_to_the_groups_parts(specs):
    entity = EntityFactory()
    stype = StakeholderType.objects.for_entity(entity).first()
    for number, (size, composition) in enumerate(specs):
        services.group_create(
            entity=entity,
            name=f"Grupo {number}",
            type=stype,
            estimated_size=size,
            composition=composition,
        )
    coverage = selectors.coverage(entity=entity)
    assert coverage["groups"] == len(specs)
    assert coverage["people"] == sum(size or 0 for size, _c in specs)
    for demographic in coverage["variables"]:
        reported = [(size, c[demographic.key]) for size, c in specs if demographic.key in c]
        assert demographic.groups == len(reported)
        assert demographic.covered == sum(size for size, _c in reported)
        # Totals are the sum of the parts, and the parts cover exactly those groups' people.
        assert demographic.total == sum(n for _s, counts in reported for n in counts.values())
        assert demographic.total == demographic.covered
        for row in demographic.rows:
            assert row["count"] == sum(counts.get(row["code"], 0) for _s, counts in reported)


def test_list_page_shows_coverage(staff_client, entity):
    services.group_create(
        entity=entity,
        name="Personas mayores",
        type=_type(entity, "Adulto mayor"),
        estimated_size=40,
        composition={"age_range": {"60+": 40}},
    )
    html = staff_client(Role.PARTICIPATION_LEAD).get(reverse("stakeholders:list")).content.decode()
    assert "Cobertura y demografía" in html
    assert 'id="coverage-age_range"' in html


def test_migration_moves_free_text_to_catalogues_and_notes():
    migration = importlib.import_module(
        "cabildo.stakeholders.migrations.0003_structured_characterization"
    )
    saved = []
    row = SimpleNamespace(
        age_range="14 a 28 años",
        sex_gender="",
        ethnicity="Afrocolombianos",
        disability="",
        interests="Empleo, cultura y deporte",
        language="Español y lengua de señas",
        preferred_channels="Redes sociales, WhatsApp",
        participation_history="Ha participado en la rendición de cuentas",
        save=lambda update_fields: saved.append(update_fields),
    )
    manager = SimpleNamespace(all=lambda: SimpleNamespace(iterator=lambda: iter([row])))
    apps = SimpleNamespace(get_model=lambda app, name: SimpleNamespace(objects=manager))
    migration.free_text_to_catalogues(apps, None)
    assert row.interest_topics == ["cultura_deporte", "empleo"]
    assert row.languages == ["espanol", "lsc"]
    assert row.channels == ["redes", "mensajeria"]
    assert row.participation_spaces == ["rendicion"]
    assert "Rango de edad (texto anterior): 14 a 28 años" in row.notes
    assert "Pertenencia étnica (texto anterior): Afrocolombianos" in row.notes
    assert saved
