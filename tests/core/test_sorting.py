"""Natural order where names carry numbers: Comuna 1, 2, …, 10, 22 (not 1, 10, 11, 2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.bodies.models import ParticipationBody
from cabildo.core.sorting import natural_key, natural_page, natural_sorted
from cabildo.territories import selectors as territory_selectors
from tests.bodies.factories import ParticipationBodyFactory
from tests.territories.factories import TerritoryFactory

COMUNAS = [f"Comuna {n}" for n in (10, 2, 22, 1, 11, 3)]
IN_ORDER = ["Comuna 1", "Comuna 2", "Comuna 3", "Comuna 10", "Comuna 11", "Comuna 22"]


def test_natural_key_orders_numbers_as_numbers_and_ignores_case_and_accents():
    assert natural_sorted(COMUNAS) == IN_ORDER
    assert natural_sorted(["Zona rural", "área 2", "Área 10", "Barrio 5"]) == [
        "área 2",
        "Área 10",
        "Barrio 5",
        "Zona rural",
    ]
    assert natural_key("JAL Comuna 9") < natural_key("JAL comuna 10")
    assert natural_key("2") < natural_key("Comuna")  # numbers first, like the database


@pytest.mark.django_db
def test_natural_page_sorts_before_paginating(entity):
    for name in COMUNAS:
        ParticipationBodyFactory(entity=entity, name=f"JAL {name}")
    queryset = ParticipationBody.objects.filter(entity=entity)
    first, rows = natural_page(queryset, field="name", per_page=4, number=1)
    assert [b.name for b in rows] == [f"JAL {name}" for name in IN_ORDER[:4]]
    second, rows = natural_page(queryset, field="name", per_page=4, number="2")
    assert [b.name for b in rows] == [f"JAL {name}" for name in IN_ORDER[4:]]
    assert first.paginator.num_pages == 2 and second.number == 2


@pytest.mark.django_db
def test_territory_tree_in_natural_order(entity):
    for name in COMUNAS:
        TerritoryFactory(entity=entity, name=name)
    tree = territory_selectors.territory_tree(entity=entity)
    assert [node.territory.name for node in tree] == IN_ORDER


@pytest.mark.django_db
def test_body_lists_in_natural_order(entity, staff_client, public_client):
    for name in COMUNAS:
        ParticipationBodyFactory(entity=entity, name=f"JAL {name}")
    pages = [
        staff_client(Role.VIEWER, entity).get(reverse("bodies:list")),
    ]
    staff_client(Role.VIEWER, entity).logout()
    pages.append(public_client(entity).get(reverse("bodies:directory")))
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        positions = [html.index(f"JAL {name}<") for name in IN_ORDER]
        assert positions == sorted(positions)
