"""Late actions through the pages: a transfer after day 5 is made and flagged (detail page,
statistics); the staff see that a late completion request does not suspend the term."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.pqrs import selectors
from cabildo.pqrs.models import ClosingReason, Transfer
from cabildo.pqrs.services.transfers import petition_transfer
from tests.pqrs.factories import file_petition

pytestmark = pytest.mark.django_db


def old_petition(entity, days: int = 20):
    return file_petition(entity, filed_at=timezone.now() - timedelta(days=days)).petition


def test_staff_transfer_after_five_days_is_made_and_flagged(staff_client, entity):
    petition = old_petition(entity)
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    response = client.post(
        reverse("pqrs:transfer", args=[petition.pk]),
        {
            "transfer-target_name": "Gobernación del Valle",
            "transfer-target_email": "contactenos@valle.gov.co",
            "transfer-reason": "La vía es departamental.",
        },
        follow=True,
    )
    assert response.status_code == 200
    petition.refresh_from_db()
    assert petition.closing_reason == ClosingReason.TRANSFERRED
    assert Transfer.objects.get(petition=petition).is_late
    html = response.content.decode()
    assert "Extemporáneo" in html and "Traslado extemporáneo" in html


def test_statistics_count_late_transfers(staff_client, entity):
    late = old_petition(entity)
    petition_transfer(petition=late, reason="x", target_name="A", target_email="a@b.co")
    on_time = file_petition(entity).petition
    petition_transfer(petition=on_time, reason="x", target_name="A", target_email="a@b.co")
    year = timezone.localdate().year
    if late.filed_at.year != year:  # early January: the late one belongs to last year
        pytest.skip("the two petitions fall in different years")
    stats = selectors.statistics(entity=entity, year=year)
    assert (stats.transfers, stats.late_transfers) == (2, 1)
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    html = client.get(reverse("pqrs:stats"), {"year": year}).content.decode()
    assert "Trasladadas por competencia: 2, de ellas 1 extemporáneas" in html


def test_late_completion_request_is_shown_as_not_suspending(staff_client, entity):
    petition = old_petition(entity)
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    client.post(
        reverse("pqrs:request_completion", args=[petition.pk]),
        {"completion-missing": "Copia de la cédula"},
    )
    html = client.get(reverse("pqrs:staff_detail", args=[petition.pk])).content.decode()
    assert "el término de respuesta no está suspendido" in html
    petition.refresh_from_db()
    assert not petition.is_paused
