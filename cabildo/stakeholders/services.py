"""Writes on grupos de valor and their types."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from cabildo.core.models import Entity
from cabildo.stakeholders.models import DEFAULT_TYPES, StakeholderGroup, StakeholderType

GROUP_FIELDS = {
    "name",
    "type",
    "territory",
    "zone",
    "composition",
    "interest_topics",
    "languages",
    "technology_access",
    "channels",
    "participation_spaces",
    "participation_frequency",
    "notes",
    "estimated_size",
    "organisation_contact",
    "characterized_on",
}


def ensure_default_types(*, entity: Entity) -> None:
    """Create the default types of grupo de valor for the entity (idempotent)."""
    for order, name in enumerate(DEFAULT_TYPES, start=1):
        StakeholderType.objects.get_or_create(entity=entity, name=name, defaults={"order": order})


def _assign(group: StakeholderGroup, fields: dict[str, Any]) -> None:
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
def group_create(*, entity: Entity, **fields: Any) -> StakeholderGroup:
    group = StakeholderGroup(entity=entity)
    _assign(group, fields)
    _check_entity(group)
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def group_update(*, group: StakeholderGroup, **fields: Any) -> StakeholderGroup:
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
