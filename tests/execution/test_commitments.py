from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.execution.models import Commitment, CommitmentStatus
from cabildo.execution.services.commitments import commitment_create, commitment_update
from tests.execution.factories import CommitmentFactory, EventFactory
from tests.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


# Services -------------------------------------------------------------------------------------


def test_create_commitment(entity):
    event = EventFactory(entity=entity)
    area = AreaFactory(entity=entity)
    c = commitment_create(
        event=event,
        description="Publicar la matriz de respuestas",
        responsible_area=area,
        responsible_person="Secretaria de Participación",
        due_date=_days(40),
        status=CommitmentStatus.PENDING,
    )
    assert c.entity == entity
    assert not c.is_overdue
    assert c.follow_up == ""


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"description": "  "}, "Describa el acuerdo"),
        ({"due_date": None}, "fecha límite"),
        ({"responsible_area": None}, "dependencia responsable"),
        ({"status": "olvidado"}, "olvidado"),
        ({"status": CommitmentStatus.DONE}, "cómo se cumplió"),
    ],
)
def test_create_refusals_save_nothing(entity, overrides, message):
    event = EventFactory(entity=entity)
    data = {
        "description": "Publicar la matriz",
        "responsible_area": AreaFactory(entity=entity),
        "due_date": _days(40),
        "status": CommitmentStatus.PENDING,
    }
    data.update(overrides)
    with pytest.raises(ValidationError, match=message):
        commitment_create(event=event, **data)
    assert not Commitment.objects.exists()


def test_create_refuses_area_of_other_entity(entity, other_entity):
    event = EventFactory(entity=entity)
    with pytest.raises(ValidationError, match="dependencia responsable"):
        commitment_create(
            event=event,
            description="Algo",
            responsible_area=AreaFactory(entity=other_entity),
            due_date=_days(40),
        )
    assert not Commitment.objects.exists()


def test_create_refuses_due_date_before_event(entity):
    event = EventFactory(entity=entity)
    with pytest.raises(ValidationError, match="anterior a la fecha del evento"):
        commitment_create(
            event=event,
            description="Algo",
            responsible_area=AreaFactory(entity=entity),
            due_date=_days(1),
        )
    assert not Commitment.objects.exists()


def test_follow_up_notes_are_appended_with_date(entity):
    c = CommitmentFactory(entity=entity)
    user = UserFactory(full_name="Ana Restrepo")
    commitment_update(
        commitment=c, user=user, note="Se convocó la mesa", status=CommitmentStatus.IN_PROGRESS
    )
    commitment_update(
        commitment=c, user=user, note="Matriz publicada", status=CommitmentStatus.DONE
    )
    c.refresh_from_db()
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert c.follow_up_notes == [
        f"{today} — Ana Restrepo: Se convocó la mesa",
        f"{today} — Ana Restrepo: Matriz publicada",
    ]
    assert c.status == CommitmentStatus.DONE
    assert c.completed_on == timezone.localdate()


def test_marking_done_without_note_saves_nothing(entity):
    c = CommitmentFactory(entity=entity)
    with pytest.raises(ValidationError, match="cómo se cumplió"):
        commitment_update(commitment=c, status=CommitmentStatus.DONE)
    c.refresh_from_db()
    assert c.status == CommitmentStatus.PENDING
    assert c.completed_on is None


def test_overdue_is_computed(entity):
    event = EventFactory(entity=entity, starts_at=timezone.now() - datetime.timedelta(days=20))
    event.ends_at = event.starts_at + datetime.timedelta(hours=2)
    event.save()
    late = CommitmentFactory(entity=entity, event=event, due_date=_days(-1))
    done = CommitmentFactory(
        entity=entity, event=event, due_date=_days(-1), status=CommitmentStatus.DONE
    )
    assert late.is_overdue
    assert not done.is_overdue
    assert list(Commitment.objects.overdue(timezone.localdate())) == [late]


# Rules ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "view", "change"),
    [
        (Role.ENTITY_ADMIN, True, True),
        (Role.PARTICIPATION_LEAD, True, True),
        (Role.PLANNING_OFFICE, True, False),
        (Role.INTERNAL_CONTROL, True, False),
        (Role.VIEWER, False, False),
    ],
)
def test_commitment_roles(make_member, entity, role, view, change):
    user = make_member(role, entity)
    c = CommitmentFactory(entity=entity)
    assert user.has_perm("execution.view_commitment", entity) is view
    assert user.has_perm("execution.add_commitment", c.event) is change
    assert user.has_perm("execution.change_commitment", c) is change


def test_liaison_follows_up_only_their_area(make_member, entity, area):
    user = make_member(Role.AREA_LIAISON, entity, area)
    own = CommitmentFactory(entity=entity, responsible_area=area)
    other = CommitmentFactory(entity=entity)
    assert user.has_perm("execution.change_commitment", own)
    assert not user.has_perm("execution.change_commitment", other)


# Views ----------------------------------------------------------------------------------------


def _post(area, **overrides):
    data = {
        "description": "Publicar la matriz de respuestas",
        "responsible_area": area.pk,
        "responsible_person": "",
        "due_date": _days(40).isoformat(),
        "status": "pendiente",
        "note": "",
    }
    data.update(overrides)
    return data


def test_create_view(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=entity)
    area = AreaFactory(entity=entity)
    response = client.post(reverse("execution:commitment_create", args=[event.pk]), _post(area))
    assert response.status_code == 302
    assert Commitment.objects.get().responsible_area == area


def test_create_view_bad_input_saves_nothing(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=entity)
    area = AreaFactory(entity=entity)
    response = client.post(
        reverse("execution:commitment_create", args=[event.pk]),
        _post(area, due_date=_days(1).isoformat()),
    )
    assert response.status_code == 200
    assert "anterior a la fecha del evento" in response.content.decode()
    assert not Commitment.objects.exists()


def test_update_view_done_needs_note(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    c = CommitmentFactory(entity=entity)
    url = reverse("execution:commitment_update", args=[c.pk])
    response = client.post(url, _post(c.responsible_area, status="cumplido"))
    assert response.status_code == 200
    assert "cómo se cumplió" in response.content.decode()
    c.refresh_from_db()
    assert c.status == "pendiente"
    response = client.post(
        url, _post(c.responsible_area, status="cumplido", note="Publicada en la web")
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == "cumplido"


def test_liaison_cannot_move_commitment_to_other_area(staff_client, entity, area):
    client = staff_client(Role.AREA_LIAISON, area=area)
    c = CommitmentFactory(entity=entity, responsible_area=area)
    other = AreaFactory(entity=entity)
    response = client.post(reverse("execution:commitment_update", args=[c.pk]), _post(other))
    assert response.status_code == 200
    c.refresh_from_db()
    assert c.responsible_area == area


def test_cross_entity_is_404(staff_client, other_entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    c = CommitmentFactory(entity=other_entity)
    assert client.get(reverse("execution:commitment_update", args=[c.pk])).status_code == 404
    assert client.get(reverse("execution:event_commitments", args=[c.event_id])).status_code == 404
    assert client.get(reverse("execution:commitment_create", args=[c.event_id])).status_code == 404


def test_list_shows_overdue_label_and_filter(staff_client, entity):
    client = staff_client(Role.PLANNING_OFFICE)
    event = EventFactory(entity=entity, starts_at=timezone.now() - datetime.timedelta(days=20))
    event.ends_at = event.starts_at + datetime.timedelta(hours=2)
    event.save()
    CommitmentFactory(entity=entity, event=event, due_date=_days(-2), description="Atrasado")
    CommitmentFactory(entity=entity, event=event, due_date=_days(20), description="A tiempo")
    body = client.get(reverse("execution:commitment_list")).content.decode()
    assert "Vencido" in body
    body = client.get(reverse("execution:commitment_list") + "?vencidos=1").content.decode()
    assert "Atrasado" in body
    assert "A tiempo" not in body


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_constant_queries(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=entity)
    urls = [
        reverse("execution:commitment_list"),
        reverse("execution:event_commitments", args=[event.pk]),
    ]
    CommitmentFactory.create_batch(5, entity=entity, event=event)
    few = [_count(client, url) for url in urls]
    CommitmentFactory.create_batch(45, entity=entity, event=event)
    CommitmentFactory.create_batch(5, entity=entity)
    many = [_count(client, url) for url in urls]
    assert few == many


def test_readers_get_no_follow_up_link(staff_client, entity):
    c = CommitmentFactory(entity=entity)
    body = staff_client(Role.INTERNAL_CONTROL).get(reverse("execution:commitment_list"))
    assert reverse("execution:commitment_update", args=[c.pk]) not in body.content.decode()
    body = staff_client(Role.PARTICIPATION_LEAD).get(reverse("execution:commitment_list"))
    assert reverse("execution:commitment_update", args=[c.pk]) in body.content.decode()


def test_update_refuses_area_of_other_entity(entity, other_entity):
    c = CommitmentFactory(entity=entity)
    area = c.responsible_area
    with pytest.raises(ValidationError, match="dependencia responsable"):
        commitment_update(commitment=c, responsible_area=AreaFactory(entity=other_entity))
    c.refresh_from_db()
    assert c.responsible_area == area
