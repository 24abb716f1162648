import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.territories import selectors, services
from cabildo.territories.models import Territory, TerritoryKind
from tests.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_create_and_tree_order(entity):
    comuna = services.territory_create(entity=entity, name="Comuna 1", kind="comuna")
    services.territory_create(entity=entity, name="Santa María", kind="barrio", parent=comuna)
    services.territory_create(entity=entity, name="El Manzanillo", kind="corregimiento")
    nodes = selectors.territory_tree(entity=entity)
    assert [(n.territory.name, n.depth) for n in nodes] == [
        ("Comuna 1", 0),
        ("Santa María", 1),
        ("El Manzanillo", 0),
    ]


def test_parent_of_other_entity_rejected(entity, other_entity):
    foreign = TerritoryFactory(entity=other_entity)
    with pytest.raises(ValidationError) as exc:
        services.territory_create(entity=entity, name="Barrio X", kind="barrio", parent=foreign)
    assert "misma entidad" in str(exc.value)
    assert not Territory.objects.filter(name="Barrio X").exists()


def test_cycle_rejected(entity):
    a = TerritoryFactory(entity=entity)
    b = TerritoryFactory(entity=entity, parent=a)
    c = TerritoryFactory(entity=entity, parent=b)
    with pytest.raises(ValidationError) as exc:
        services.territory_update(territory=a, name=a.name, kind=a.kind, parent=c)
    assert "sí mismo" in str(exc.value)
    a.refresh_from_db()
    assert a.parent_id is None


def test_delete_with_children_is_refused(entity):
    parent = TerritoryFactory(entity=entity)
    TerritoryFactory(entity=entity, parent=parent)
    with pytest.raises(ValidationError):
        services.territory_delete(territory=parent)
    assert Territory.objects.filter(pk=parent.pk).exists()


def test_descendants(entity):
    a = TerritoryFactory(entity=entity)
    b = TerritoryFactory(entity=entity, parent=a)
    c = TerritoryFactory(entity=entity, parent=b)
    TerritoryFactory(entity=entity)
    assert selectors.descendant_ids(territory=a) == {a.pk, b.pk, c.pk}


def _list_queries(client, n, entity):
    Territory.objects.filter(parent__isnull=False).delete()
    Territory.objects.all().delete()
    root = TerritoryFactory(entity=entity)
    for _ in range(n - 1):
        TerritoryFactory(entity=entity, parent=root)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("territories:list"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_constant_queries(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    assert _list_queries(client, 5, entity) == _list_queries(client, 50, entity)


def test_lead_creates_via_view(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.post(
        reverse("territories:create"), {"name": "Comuna 2", "kind": TerritoryKind.COMMUNE}
    )
    assert response.status_code == 302
    assert Territory.objects.for_entity(entity).filter(name="Comuna 2").exists()


def test_view_rejects_bad_input(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    response = client.post(reverse("territories:create"), {"name": "", "kind": "planeta"})
    assert response.status_code == 200
    assert "Este campo es requerido" in response.content.decode()
    assert not Territory.objects.exists()


def test_view_rejects_cycle(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    a = TerritoryFactory(entity=entity)
    b = TerritoryFactory(entity=entity, parent=a)
    response = client.post(
        reverse("territories:update", args=[a.pk]),
        {"name": a.name, "kind": a.kind, "parent": b.pk},
    )
    assert response.status_code == 200
    a.refresh_from_db()
    assert a.parent_id is None


def test_liaison_cannot_create(staff_client):
    client = staff_client(Role.AREA_LIAISON)
    assert client.get(reverse("territories:create")).status_code == 403
    assert client.get(reverse("territories:list")).status_code == 200


def test_cross_entity_is_404(staff_client, other_entity):
    client = staff_client(Role.ENTITY_ADMIN)
    foreign = TerritoryFactory(entity=other_entity)
    assert client.get(reverse("territories:update", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("territories:delete", args=[foreign.pk])).status_code == 404
    assert Territory.objects.filter(pk=foreign.pk).exists()


def test_anonymous_redirected(client, entity):
    response = client.get(reverse("territories:list"))
    assert response.status_code == 302
