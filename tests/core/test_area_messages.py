"""A duplicate area name gets the product's message, not Django's generic one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.core.models import Area

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
