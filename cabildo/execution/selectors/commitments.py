"""Reads of commitments: the staff list (``filters.CommitmentFilterSet`` filters it further)."""

from __future__ import annotations

from django.db.models import QuerySet

from cabildo.core.models import Entity
from cabildo.execution.models import (
    Commitment,
    Event,
)


def commitment_list(*, entity: Entity, event: Event | None = None) -> QuerySet[Commitment]:
    """The entity's commitments (of one event), the nearest due date first;
    ``filters.CommitmentFilterSet`` filters them further (the list page and the API)."""
    qs = Commitment.objects.for_entity(entity).select_related("event", "responsible_area")
    if event is not None:
        qs = qs.filter(event=event)
    return qs.order_by("due_date", "pk")
