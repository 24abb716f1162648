"""Every new entity starts with the default types of grupo de valor."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from cabildo.core.models import Entity


@receiver(post_save, sender=Entity, dispatch_uid="stakeholders_default_types")
def create_default_types(
    sender: Any, instance: Entity, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        from cabildo.stakeholders.services import types_ensure_defaults

        types_ensure_defaults(entity=instance)
