"""Reads of registrations: an event's registration list."""

from __future__ import annotations

from django.db.models import QuerySet

from cabildo.execution.models import (
    Event,
    Registration,
)


def registration_list(*, event: Event) -> QuerySet[Registration]:
    return event.registrations.select_related("stakeholder_group", "territory").order_by(
        "status", "created_at", "pk"
    )
