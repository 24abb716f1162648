"""``TenantModel.clean_fields``: Django's validation, without asking the database for a foreign
key's row when that row is already loaded on the instance (it was read from or saved to it)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cabildo.core.models import Area, AreaKind, Entity
from tests.factories import AreaFactory, EntityFactory

pytestmark = pytest.mark.django_db


def _key_lookups(queries: list[dict[str, str]]) -> list[str]:
    """The queries that look a referenced row up (Django's ForeignKey.validate)."""
    return [
        q["sql"]
        for q in queries
        if 'FROM "core_entity"' in q["sql"]
        or ('FROM "core_area"' in q["sql"] and "LIMIT 1" in q["sql"] and '"name"' not in q["sql"])
    ]


def test_loaded_rows_are_not_looked_up_again():
    entity = EntityFactory()
    parent = AreaFactory(entity=entity)
    area = Area(entity=entity, parent=parent, name="Oficina de Control", kind=AreaKind.CONTROL)
    with CaptureQueriesContext(connection) as loaded:
        area.full_clean()
    assert _key_lookups(loaded.captured_queries) == []

    by_id = Area(
        entity_id=entity.pk, parent_id=parent.pk, name="Oficina de Control", kind=AreaKind.CONTROL
    )
    with CaptureQueriesContext(connection) as bare:
        by_id.full_clean()
    # A bare id is still checked: one lookup for the entity, one for the parent area.
    assert len(_key_lookups(bare.captured_queries)) == 2
    assert len(bare.captured_queries) == len(loaded.captured_queries) + 2


def test_a_missing_row_named_by_id_is_still_refused():
    entity = EntityFactory()
    area = Area(entity=entity, parent_id=987_654, name="Huérfana", kind=AreaKind.SUPPORT)
    with pytest.raises(ValidationError) as caught:
        area.full_clean()
    assert set(caught.value.message_dict) == {"parent"}


def test_an_unsaved_object_is_checked_against_the_database():
    ghost = Entity(pk=987_654, name="Sin guardar", slug="sin-guardar")
    area = Area(entity=ghost, name="Oficina", kind=AreaKind.SUPPORT)
    with pytest.raises(ValidationError) as caught:
        area.full_clean()
    assert "entity" in caught.value.message_dict


def test_a_loaded_key_keeps_its_other_errors_and_the_rest_are_reported_with_it():
    entity = EntityFactory()
    area = Area(entity=entity, name="", kind="otra")
    with pytest.raises(ValidationError) as caught:
        area.full_clean()
    assert set(caught.value.message_dict) == {"name", "kind"}
    area = Area(entity=None, name="Oficina", kind=AreaKind.SUPPORT)
    with pytest.raises(ValidationError) as caught:
        area.full_clean()
    assert set(caught.value.message_dict) == {"entity"}


def test_excluded_fields_stay_excluded():
    entity = EntityFactory()
    area = Area(entity=entity, parent_id=987_654, name="", kind=AreaKind.SUPPORT)
    area.full_clean(exclude=["parent", "name"])
