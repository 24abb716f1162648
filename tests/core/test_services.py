import pytest
from django.core.exceptions import ValidationError

from cabildo.core.models import Area
from cabildo.core.services import area_create, area_update
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_area_create_strips_and_saves(entity):
    area = area_create(entity=entity, name="  Secretaría de Gobierno ", kind="misional")
    assert area.name == "Secretaría de Gobierno"
    assert area.history.count() == 1


def test_area_create_rejects_unknown_kind(entity):
    with pytest.raises(ValidationError):
        area_create(entity=entity, name="X", kind="inventada")
    assert not Area.objects.exists()


def test_parent_must_be_same_entity(entity, other_entity):
    foreign = AreaFactory(entity=other_entity)
    with pytest.raises(ValidationError) as exc:
        area_create(entity=entity, name="X", kind="misional", parent=foreign)
    assert "misma entidad" in str(exc.value)


def test_parent_cycle_is_refused(entity):
    top = AreaFactory(entity=entity)
    child = AreaFactory(entity=entity, parent=top)
    with pytest.raises(ValidationError):
        area_update(area=top, name=top.name, kind=top.kind, parent=child)
    top.refresh_from_db()
    assert top.parent is None


def test_nit_format_is_validated(entity):
    entity.nit = "123"
    with pytest.raises(ValidationError):
        entity.full_clean()
