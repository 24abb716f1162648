"""Writes on grupos de valor and their types."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cabildo.core.models import Entity
from cabildo.stakeholders.models import DEFAULT_TYPES, StakeholderGroup, StakeholderType

if TYPE_CHECKING:
    from cabildo.territories.models import Territory


class GroupFields(TypedDict, total=False):
    """What an official (or the matrix import) may set on a grupo de valor."""

    name: str
    type: StakeholderType | None
    territory: Territory | None
    zone: str
    composition: dict[str, dict[str, int]]
    interest_topics: list[str]
    languages: list[str]
    technology_access: str
    channels: list[str]
    participation_spaces: list[str]
    participation_frequency: str
    notes: str
    estimated_size: int | None
    organisation_contact: str
    characterized_on: date | None


GROUP_FIELDS = set(GroupFields.__annotations__)


@transaction.atomic
def types_ensure_defaults(*, entity: Entity) -> None:
    """Create the default types of grupo de valor the entity lacks (idempotent): one query to
    read the names it has, one to insert the missing types and one for their history rows."""
    existing = set(StakeholderType.objects.filter(entity=entity).values_list("name", flat=True))
    missing = [
        StakeholderType(entity=entity, name=name, order=order)
        for order, name in enumerate(DEFAULT_TYPES, start=1)
        if name not in existing
    ]
    if missing:
        bulk_create_with_history(missing, StakeholderType)


def _assign(group: StakeholderGroup, fields: GroupFields) -> None:
    unknown = set(fields) - GROUP_FIELDS
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(group, name, value.strip() if isinstance(value, str) else value)


def _check_entity(group: StakeholderGroup) -> None:
    errors = {}
    for field in ("type", "territory"):
        related = getattr(group, field, None) if getattr(group, f"{field}_id") else None
        if related is not None and related.entity_id != group.entity_id:
            errors[field] = _("El valor elegido pertenece a otra entidad.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def group_create(*, entity: Entity, **fields: Unpack[GroupFields]) -> StakeholderGroup:
    group = StakeholderGroup(entity=entity)
    _assign(group, fields)
    _check_entity(group)
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def group_update(*, group: StakeholderGroup, **fields: Unpack[GroupFields]) -> StakeholderGroup:
    _assign(group, fields)
    _check_entity(group)
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def group_delete(*, group: StakeholderGroup) -> None:
    try:
        group.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("No se puede eliminar el grupo de valor: tiene registros asociados.")
        ) from exc


@transaction.atomic
def type_create(
    *, entity: Entity, name: str, order: int = 0, is_active: bool = True
) -> StakeholderType:
    stype = StakeholderType(entity=entity, name=name.strip(), order=order, is_active=is_active)
    stype.full_clean()
    stype.save()
    return stype


@transaction.atomic
def type_update(
    *, stype: StakeholderType, name: str, order: int = 0, is_active: bool = True
) -> StakeholderType:
    stype.name = name.strip()
    stype.order = order
    stype.is_active = is_active
    stype.full_clean()
    stype.save()
    return stype
