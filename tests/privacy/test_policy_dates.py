"""The one plausible-date rule on the data-protection policy: in force from Ley 1581 de 2012
at the earliest, published at most a year ahead; a Spanish message and nothing stored."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.privacy.models import PrivacyPolicy
from cabildo.privacy.services import policy_publish

pytestmark = pytest.mark.django_db

NEXT_YEAR = datetime.date.today().year + 1


@pytest.mark.parametrize(
    "day,message",
    [
        (datetime.date(1900, 1, 1), "Vigente desde: el año 1900 no es posible"),
        (datetime.date(2011, 12, 31), "debe ser 2012 o posterior"),
        (datetime.date(2999, 1, 1), f"debe ser {NEXT_YEAR} o anterior"),
    ],
)
def test_implausible_effective_dates_are_refused(entity, day, message):
    with pytest.raises(ValidationError) as caught:
        policy_publish(entity=entity, version="2026.9", text="Texto", effective_date=day)
    assert message in " ".join(caught.value.message_dict["effective_date"])
    assert PrivacyPolicy.objects.count() == 0


def test_the_form_names_the_field(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN, entity=entity)
    response = client.post(
        reverse("privacy:policy_create"),
        {"version": "2026.9", "title": "Política", "text": "Texto", "effective_date": "2999-01-01"},
    )
    assert response.status_code == 200
    assert "Vigente desde: el año 2999 no es posible" in response.content.decode()
    assert PrivacyPolicy.objects.count() == 0
