"""Every read of a petition's personal data by staff is in the access log (issue 21)."""

import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.audit.models import AccessAction, AccessLog
from tests.pqrs.factories import PetitionFactory

pytestmark = pytest.mark.django_db


def _reads(petition):
    return AccessLog.objects.filter(
        action=AccessAction.PERSONAL_DATA_VIEW, target_id=petition.pk
    ).select_related("user")


def test_the_staff_page_of_a_petition_is_logged(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    petition = PetitionFactory(entity=entity)
    assert client.get(reverse("pqrs:staff_detail", args=[petition.pk])).status_code == 200
    read = _reads(petition).get()
    assert read.user == client.user
    assert read.entity == entity
    assert read.detail == petition.filing_number


def test_the_staff_api_detail_is_logged(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    petition = PetitionFactory(entity=entity)
    response = client.get(f"/api/v1/pqrs/gestion/{petition.pk}/", {"entidad": entity.slug})
    assert response.status_code == 200
    assert _reads(petition).get().user == client.user


def test_a_refused_read_is_not_logged_as_a_read(staff_client, entity, other_entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    foreign = PetitionFactory(entity=other_entity)
    assert client.get(reverse("pqrs:staff_detail", args=[foreign.pk])).status_code == 404
    assert not _reads(foreign).exists()
