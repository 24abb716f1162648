"""Reads of the business-day calendar."""

from __future__ import annotations

from django.db.models import QuerySet

from cabildo.core.models import Entity
from cabildo.workdays.models import ClosureDay


def closure_day_list(*, entity: Entity | None) -> QuerySet[ClosureDay]:
    """The entity's closure days, newest first (one query, no related rows needed)."""
    return ClosureDay.objects.for_entity(entity).order_by("-date")
