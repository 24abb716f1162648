"""Staff management of the channels of attention: permissions, validation, tenancy."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.portal import services
from cabildo.portal.models import AttentionChannel, ChannelKind
from tests.portal.factories import AttentionChannelFactory

pytestmark = pytest.mark.django_db

VALID = {
    "kind": ChannelKind.PHONE,
    "name": "Línea 195",
    "contact": "195",
    "hours": "Todos los días, 24 horas",
    "notes": "",
    "order": 10,
    "is_active": "on",
}


@pytest.mark.parametrize(
    ("role", "can_manage"),
    [
        (Role.ENTITY_ADMIN, True),
        (Role.PARTICIPATION_LEAD, True),
        (Role.AREA_LIAISON, False),
        (Role.VIEWER, False),
    ],
)
def test_rules(make_member, entity, other_entity, role, can_manage):
    user = make_member(role, entity)
    channel = AttentionChannelFactory(entity=entity)
    assert user.has_perm("portal.view_attentionchannel", entity)
    assert user.has_perm("portal.add_attentionchannel", entity) is can_manage
    assert user.has_perm("portal.change_attentionchannel", channel) is can_manage
    assert user.has_perm("portal.delete_attentionchannel", channel) is can_manage
    assert not user.has_perm("portal.add_attentionchannel", other_entity)
    foreign = AttentionChannelFactory(entity=other_entity)
    assert not user.has_perm("portal.change_attentionchannel", foreign)


def test_lead_creates_edits_and_deletes_a_channel(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.post(reverse("portal:channel_create"), VALID)
    assert response.status_code == 302
    channel = AttentionChannel.objects.get(entity=entity)
    assert (channel.kind, channel.name, channel.contact) == ("telefonico", "Línea 195", "195")
    html = client.get(reverse("portal:channels")).content.decode()
    assert "Línea 195" in html
    client.post(
        reverse("portal:channel_update", args=[channel.pk]),
        {**VALID, "hours": "Lunes a viernes", "is_active": ""},
    )
    channel.refresh_from_db()
    assert channel.hours == "Lunes a viernes" and not channel.is_active
    assert "Línea 195" not in client.get(reverse("portal:channels")).content.decode()
    client.post(reverse("portal:channel_delete", args=[channel.pk]))
    assert not AttentionChannel.objects.exists()


def test_bad_input_shows_the_error_summary_and_saves_nothing(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    response = client.post(reverse("portal:channel_create"), {**VALID, "name": "", "kind": "fax"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="alert alert-danger error-summary"' in html
    assert 'href="#id_name"' in html and 'href="#id_kind"' in html
    assert not AttentionChannel.objects.exists()


def test_duplicate_name_of_the_same_kind_is_refused(staff_client, entity):
    AttentionChannelFactory(entity=entity, kind=ChannelKind.PHONE, name="Línea 195")
    client = staff_client(Role.ENTITY_ADMIN)
    response = client.post(reverse("portal:channel_create"), {**VALID, "name": "línea 195"})
    assert "Ya existe un canal de este tipo con ese nombre." in response.content.decode()
    assert AttentionChannel.objects.count() == 1


def test_same_name_is_allowed_in_another_entity(entity, other_entity):
    AttentionChannelFactory(entity=other_entity, kind=ChannelKind.PHONE, name="Línea 195")
    services.channel_create(entity=entity, kind=ChannelKind.PHONE, name="Línea 195", contact="195")
    assert AttentionChannel.objects.count() == 2


def test_service_validates_the_kind(entity):
    with pytest.raises(ValidationError):
        services.channel_create(entity=entity, kind="fax", name="Fax", contact="123")
    assert not AttentionChannel.objects.exists()


def test_viewer_sees_the_list_but_cannot_create(staff_client, entity):
    AttentionChannelFactory(entity=entity, name="Ventanilla única CAM")
    client = staff_client(Role.VIEWER)
    html = client.get(reverse("portal:channel_list")).content.decode()
    assert "Ventanilla única CAM" in html
    assert reverse("portal:channel_create") not in html
    assert client.post(reverse("portal:channel_create"), VALID).status_code == 403
    assert AttentionChannel.objects.count() == 1


def test_another_entitys_channel_is_a_404(staff_client, entity, other_entity):
    foreign = AttentionChannelFactory(entity=other_entity)
    client = staff_client(Role.ENTITY_ADMIN)
    response = client.post(reverse("portal:channel_update", args=[foreign.pk]), VALID)
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.kind == ChannelKind.IN_PERSON


def test_staff_list_runs_a_constant_number_of_queries(staff_client, entity):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = staff_client(Role.ENTITY_ADMIN)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("portal:channel_list"))
        return len(ctx.captured_queries)

    AttentionChannelFactory.create_batch(5, entity=entity)
    few = count()
    AttentionChannelFactory.create_batch(45, entity=entity)
    assert count() == few


def test_demo_is_idempotent_and_follows_cali_seed():
    from cabildo.core import demo as core_demo
    from cabildo.portal import demo

    entities: dict = {}
    core_demo.seed(entities=entities)
    demo.seed(entities=entities)
    first = AttentionChannel.objects.count()
    demo.seed(entities=entities)
    assert AttentionChannel.objects.count() == first
    cali = AttentionChannel.objects.filter(entity__slug="cali")
    names = set(cali.values_list("name", flat=True))
    assert {"Ventanilla única CAM", "Línea 195", "Chat asistido", "Redes sociales"} <= names
    for slug in ("itagui", "fondeser", "cartago"):
        channels = AttentionChannel.objects.filter(entity__slug=slug)
        kinds = set(channels.values_list("kind", flat=True))
        assert kinds == {"presencial", "telefonico", "virtual"}, slug
