"""Reads of the outbox."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType

from cabildo.core.models import Entity
from cabildo.outbox.models import OutboundEmail


def emails_about(*, entity: Entity, obj: Any) -> list[OutboundEmail]:
    """The messages sent (or being sent) about ``obj``, oldest first: proof of notification."""
    return list(
        OutboundEmail.objects.for_entity(entity).filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )
    )
