"""Writes of the portal: the entity's channels of attention. Keyword-only, validated, atomic."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cabildo.core.models import Entity
from cabildo.portal.models import AttentionChannel

CHANNEL_FIELDS = ("kind", "name", "contact", "hours", "notes", "order", "is_active")


def _check_unique(channel: AttentionChannel) -> None:
    clash = AttentionChannel.objects.for_entity(channel.entity_id).filter(
        kind=channel.kind, name__iexact=channel.name.strip()
    )
    if channel.pk:
        clash = clash.exclude(pk=channel.pk)
    if clash.exists():
        raise ValidationError({"name": _("Ya existe un canal de este tipo con ese nombre.")})


@transaction.atomic
def channel_create(
    *,
    entity: Entity,
    kind: str,
    name: str,
    contact: str,
    hours: str = "",
    notes: str = "",
    order: int = 100,
    is_active: bool = True,
) -> AttentionChannel:
    channel = AttentionChannel(
        entity=entity,
        kind=kind,
        name=name.strip(),
        contact=contact.strip(),
        hours=hours.strip(),
        notes=notes.strip(),
        order=order,
        is_active=is_active,
    )
    channel.full_clean(validate_constraints=False)
    _check_unique(channel)
    channel.save()
    return channel


@transaction.atomic
def channel_update(
    *,
    channel: AttentionChannel,
    kind: str,
    name: str,
    contact: str,
    hours: str = "",
    notes: str = "",
    order: int = 100,
    is_active: bool = True,
) -> AttentionChannel:
    channel.kind = kind
    channel.name = name.strip()
    channel.contact = contact.strip()
    channel.hours = hours.strip()
    channel.notes = notes.strip()
    channel.order = order
    channel.is_active = is_active
    channel.full_clean(validate_constraints=False)
    _check_unique(channel)
    channel.save()
    return channel


@transaction.atomic
def channel_delete(*, channel: AttentionChannel) -> None:
    channel.delete()
