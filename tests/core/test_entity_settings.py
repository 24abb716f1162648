import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.core.models import Entity
from cabildo.core.services import entity_update
from cabildo.workdays.signals import calendar_changed

pytestmark = pytest.mark.django_db


def _form_data(entity, **overrides):
    data = {
        "name": entity.name,
        "short_name": entity.short_name,
        "nit": entity.nit,
        "kind": entity.kind,
        "divipola_department": entity.divipola_department,
        "divipola_municipality": entity.divipola_municipality,
        "department_name": "",
        "municipality_name": "",
        "address": "Calle 1",
        "phone": "123",
        "email": "contacto@a.test",
        "website": "",
        "office_hours": "Lunes a viernes",
    }
    data.update(overrides)
    return data


def test_saturday_rule_change_signals_calendar_change(entity, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, entity, **kwargs):
        received.append(entity.pk)

    calendar_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            entity_update(entity=entity, works_saturdays=True)
        with django_capture_on_commit_callbacks(execute=True):
            entity_update(entity=entity, phone="555")
    finally:
        calendar_changed.disconnect(receiver)
    assert received == [entity.pk]


def test_admin_updates_entity_channels(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    response = client.post(reverse("core:entity_update"), _form_data(entity, works_saturdays="on"))
    assert response.status_code == 302
    entity.refresh_from_db()
    assert entity.works_saturdays and entity.address == "Calle 1"
    assert "Calle 1" in client.get("/").text  # the footer shows the channels


def test_bad_input_changes_nothing(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    before = Entity.objects.get(pk=entity.pk)
    response = client.post(
        reverse("core:entity_update"),
        _form_data(entity, nit="12", divipola_department="ABC", email="x"),
    )
    assert response.status_code == 200
    assert "NIT" in response.text
    after = Entity.objects.get(pk=entity.pk)
    assert (after.nit, after.divipola_department, after.email) == (
        before.nit,
        before.divipola_department,
        before.email,
    )


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ENTITY_ADMIN])
def test_only_admin_edits_entity(staff_client, role):
    assert staff_client(role).get(reverse("core:entity_update")).status_code == 403
