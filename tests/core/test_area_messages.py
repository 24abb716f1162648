"""The dependencias pages: the product's message for a duplicate name, the liaison of each area."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.core.models import Area
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_duplicate_area_name_has_a_product_message(staff_client, entity, area):
    client = staff_client(Role.ENTITY_ADMIN, entity)
    response = client.post(
        reverse("core:area_create"), {"name": area.name, "kind": "misional", "is_active": "on"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ya hay una dependencia con ese nombre en la entidad." in html
    assert "ya existe" not in html  # "Dependencia con este Entidad y Nombre ya existe."
    assert Area.objects.filter(entity=entity, name=area.name).count() == 1


def test_area_list_shows_each_areas_liaison(
    staff_client, entity, make_member, django_assert_max_num_queries
):
    with_liaison, without = AreaFactory(entity=entity), AreaFactory(entity=entity)
    liaison = make_member(Role.AREA_LIAISON, entity, with_liaison)
    client = staff_client(Role.ENTITY_ADMIN, entity)
    response = client.get(reverse("core:area_list"))
    assert response.status_code == 200
    rows = {
        area.name: row
        for area in (with_liaison, without)
        for row in response.content.decode().split("<tr>")
        if f"<td>{area.name}</td>" in row
    }
    assert liaison.full_name in rows[with_liaison.name]
    assert "Sin enlace" in rows[without.name]
    # One query for every area's liaisons, whatever the number of areas.
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("core:area_list"))
    for _ in range(20):
        make_member(Role.AREA_LIAISON, entity, AreaFactory(entity=entity))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("core:area_list"))
