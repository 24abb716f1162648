"""A commitment's deadline is plausible (core.dates): at most a few years ahead."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from cabildo.execution.models import Commitment, CommitmentStatus
from cabildo.execution.services.commitments import commitment_create
from tests.execution.factories import EventFactory
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_a_deadline_centuries_ahead_is_refused(entity):
    with pytest.raises(ValidationError) as exc:
        commitment_create(
            event=EventFactory(entity=entity),
            description="Publicar la matriz de respuestas",
            responsible_area=AreaFactory(entity=entity),
            due_date=datetime.date(2999, 1, 1),
            status=CommitmentStatus.PENDING,
        )
    assert "Fecha límite: el año 2999 no es posible" in exc.value.message_dict["due_date"][0]
    assert not Commitment.objects.exists()
