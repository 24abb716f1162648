import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.stakeholders import selectors, services
from cabildo.stakeholders.models import DEFAULT_TYPES, StakeholderGroup, StakeholderType
from tests.factories import EntityFactory
from tests.stakeholders.factories import StakeholderGroupFactory, StakeholderTypeFactory
from tests.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_new_entity_gets_default_types():
    entity = EntityFactory()
    names = list(StakeholderType.objects.for_entity(entity).values_list("name", flat=True))
    assert names == DEFAULT_TYPES
    services.types_ensure_defaults(entity=entity)  # idempotent
    assert StakeholderType.objects.for_entity(entity).count() == len(DEFAULT_TYPES)
    # Each has its history row, as a type created by hand.
    assert StakeholderType.history.filter(entity=entity, history_type="+").count() == len(
        DEFAULT_TYPES
    )


def test_missing_default_types_come_back_and_renamed_ones_stay(entity):
    types = StakeholderType.objects.for_entity(entity)
    types.filter(name="Jóvenes").delete()
    types.filter(name="Academia").update(name="Universidades", order=99)
    services.types_ensure_defaults(entity=entity)
    names = set(types.values_list("name", flat=True))
    assert {"Jóvenes", "Academia", "Universidades"} <= names
    assert types.get(name="Universidades").order == 99
    assert types.count() == len(DEFAULT_TYPES) + 1


def test_creating_an_entity_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    # Its row and history, then the default types in one insert and their history in another
    # (not a query per type: every test and every new entity paid some 75).
    with django_assert_max_num_queries(10):
        EntityFactory()


def test_create_group(entity):
    stype = StakeholderType.objects.for_entity(entity).get(name="Jóvenes")
    group = services.group_create(
        entity=entity, name="Plataforma de juventudes", type=stype, zone="urbana"
    )
    assert group.type == stype


def test_type_of_other_entity_rejected(entity, other_entity):
    foreign = StakeholderType.objects.for_entity(other_entity).first()
    with pytest.raises(ValidationError):
        services.group_create(entity=entity, name="X", type=foreign)
    assert not StakeholderGroup.objects.exists()


def test_territory_of_other_entity_rejected(entity, other_entity):
    stype = StakeholderTypeFactory(entity=entity)
    with pytest.raises(ValidationError) as exc:
        services.group_create(
            entity=entity, name="X", type=stype, territory=TerritoryFactory(entity=other_entity)
        )
    assert "otra entidad" in str(exc.value)
    assert not StakeholderGroup.objects.exists()


def test_indicator(entity, other_entity):
    StakeholderGroupFactory(entity=entity, characterized_on=datetime.date(2025, 3, 1))
    StakeholderGroupFactory(entity=entity, characterized_on=datetime.date(2024, 3, 1))
    StakeholderGroupFactory(entity=entity, characterized_on=None)
    StakeholderGroupFactory(entity=other_entity, characterized_on=datetime.date(2025, 3, 1))
    indicator = selectors.characterization_indicator(entity=entity, year=2025)
    assert (indicator.characterized, indicator.total, indicator.percent) == (1, 3, 33)
    assert selectors.characterization_indicator(entity=entity, year=2000).characterized == 0


def _count(client, entity, n):
    StakeholderGroup.objects.all().delete()
    territory = TerritoryFactory(entity=entity)
    StakeholderGroupFactory.create_batch(n, entity=entity, territory=territory)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("stakeholders:list"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_constant_queries(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    assert _count(client, entity, 5) == _count(client, entity, 50)


def test_list_shows_indicator(staff_client, entity):
    client = staff_client(Role.VIEWER)
    StakeholderGroupFactory(entity=entity, characterized_on=timezone.localdate())
    StakeholderGroupFactory(entity=entity, characterized_on=None)
    html = client.get(reverse("stakeholders:list")).content.decode()
    assert "1 de 2 grupos caracterizados (50 %)" in html


def test_desk_shows_indicator(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    StakeholderGroupFactory(entity=entity, characterized_on=timezone.localdate())
    html = client.get(reverse("accounts:desk")).content.decode()
    assert "Caracterización de grupos de valor" in html
    assert "1 de 1" in html


def test_list_and_desk_without_groups_say_so_instead_of_zero_percent(staff_client, entity):
    """0 of 0 is not «0 %»: with no groups the indicator says there are none."""
    StakeholderGroup.objects.filter(entity=entity).delete()
    client = staff_client(Role.PARTICIPATION_LEAD)
    html = client.get(reverse("stakeholders:list")).content.decode()
    assert "no hay grupos de valor registrados" in html and "(0 %)" not in html
    desk = client.get(reverse("accounts:desk")).content.decode()
    assert "no hay grupos registrados" in desk


def test_create_via_view_and_bad_input(staff_client, entity, other_entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    stype = StakeholderType.objects.for_entity(entity).get(name="Mujeres")
    response = client.post(
        reverse("stakeholders:create"),
        {"name": "Mesa de mujeres", "type": stype.pk, "estimated_size": "-4"},
    )
    assert response.status_code == 200
    assert not StakeholderGroup.objects.exists()
    foreign_territory = TerritoryFactory(entity=other_entity)
    response = client.post(
        reverse("stakeholders:create"),
        {"name": "Mesa de mujeres", "type": stype.pk, "territory": foreign_territory.pk},
    )
    assert response.status_code == 200
    assert "Escoja una opción válida" in response.content.decode()
    assert not StakeholderGroup.objects.exists()
    response = client.post(
        reverse("stakeholders:create"),
        {"name": "Mesa de mujeres", "type": stype.pk, "characterized_on": "2025-02-01"},
    )
    assert response.status_code == 302
    assert StakeholderGroup.objects.get().name == "Mesa de mujeres"


def test_permissions(staff_client, entity):
    group = StakeholderGroupFactory(entity=entity)
    control = staff_client(Role.INTERNAL_CONTROL)
    assert control.get(reverse("stakeholders:list")).status_code == 200
    assert control.get(reverse("stakeholders:update", args=[group.pk])).status_code == 403
    assert control.post(reverse("stakeholders:delete", args=[group.pk])).status_code == 403
    assert StakeholderGroup.objects.filter(pk=group.pk).exists()


def test_cross_entity_404(staff_client, other_entity):
    client = staff_client(Role.ENTITY_ADMIN)
    group = StakeholderGroupFactory(entity=other_entity)
    stype = StakeholderType.objects.for_entity(other_entity).first()
    assert client.get(reverse("stakeholders:update", args=[group.pk])).status_code == 404
    assert client.post(reverse("stakeholders:delete", args=[group.pk])).status_code == 404
    assert client.get(reverse("stakeholders:type_update", args=[stype.pk])).status_code == 404
    assert StakeholderGroup.objects.filter(pk=group.pk).exists()


def test_type_crud(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    assert (
        client.post(reverse("stakeholders:type_create"), {"name": "", "order": "1"}).status_code
        == 200
    )
    response = client.post(
        reverse("stakeholders:type_create"),
        {"name": "Comunidad educativa", "order": "20", "is_active": "on"},
    )
    assert response.status_code == 302
    assert StakeholderType.objects.for_entity(entity).filter(name="Comunidad educativa").exists()
    html = client.get(reverse("stakeholders:type_list")).content.decode()
    assert "Comunidad educativa" in html
