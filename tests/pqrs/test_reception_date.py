"""A PQRSD is received no earlier than the entity's start of operations (or 1991, the
Constitution's right of petition, when the entity has not recorded it) and never in the
future: refused with a Spanish message naming the field, nothing stored."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.core.models import Entity
from cabildo.pqrs.models import Petition
from tests.pqrs.factories import file_petition, kind_for

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")


def test_reception_before_the_start_of_operations_is_refused(entity):
    Entity.objects.filter(pk=entity.pk).update(operations_started_on=date(2005, 3, 1))
    entity.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        file_petition(entity, filed_at=datetime(2005, 2, 28, 9, 0, tzinfo=BOGOTA))
    message = exc.value.message_dict["filed_at"][0]
    assert "Fecha y hora de recepción no puede ser anterior a inicio de operaciones" in message
    assert "01/03/2005" in message
    assert Petition.objects.count() == 0
    petition = file_petition(entity, filed_at=datetime(2005, 3, 1, 9, 0, tzinfo=BOGOTA)).petition
    assert petition.filing_number.startswith("2005-")


def test_without_a_start_of_operations_receptions_start_in_1991(entity):
    assert entity.operations_started_on is None
    with pytest.raises(ValidationError) as exc:
        file_petition(entity, filed_at=datetime(1900, 1, 2, 9, 0, tzinfo=BOGOTA))
    assert (
        "el año 1900 no es posible; debe ser 1991 o posterior"
        in (exc.value.message_dict["filed_at"][0])
    )
    assert Petition.objects.count() == 0


def test_staff_intake_names_the_start_of_operations(staff_client, entity):
    Entity.objects.filter(pk=entity.pk).update(operations_started_on=date(2010, 1, 1))
    client = staff_client(Role.PARTICIPATION_LEAD)
    data = {
        "channel": "verbal",
        "filed_at": "2009-12-31T10:00",
        "kind": kind_for(entity, "peticion_general").pk,
        "subject": "Petición verbal",
        "description": "El ciudadano pidió información del subsidio.",
        "anonymous": "on",
    }
    response = client.post(reverse("pqrs:staff_file"), data)
    assert response.status_code == 200
    assert "inicio de operaciones de la entidad (01/01/2010)" in response.content.decode()
    assert Petition.objects.count() == 0
    past = (timezone.localtime() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(reverse("pqrs:staff_file"), {**data, "filed_at": past}).status_code == 302


@pytest.mark.parametrize(
    ("day", "fragment"),
    [(date(1850, 1, 1), "el año 1850 no es posible"), (date(2999, 1, 1), "posterior a hoy")],
)
def test_the_start_of_operations_is_itself_plausible(entity, day, fragment):
    entity.operations_started_on = day
    with pytest.raises(ValidationError) as exc:
        entity.full_clean()
    assert fragment in exc.value.message_dict["operations_started_on"][0]
