"""Writes on entities and areas. Keyword-only, validated, atomic."""

from __future__ import annotations

from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from cabildo.core.models import Area, Entity


def _check_parent(*, entity: Entity, area: Area | None, parent: Area | None) -> None:
    if parent is None:
        return
    if parent.entity_id != entity.pk:
        raise ValidationError(
            {"parent": _("La dependencia superior debe ser de la misma entidad.")}
        )
    node: Area | None = parent
    while node is not None:
        if area is not None and node.pk == area.pk:
            raise ValidationError(
                {
                    "parent": _(
                        "Una dependencia no puede depender de sí misma ni de sus subordinadas."
                    )
                }
            )
        node = node.parent


@transaction.atomic
def area_create(
    *, entity: Entity, name: str, kind: str, acronym: str = "", parent: Area | None = None
) -> Area:
    _check_parent(entity=entity, area=None, parent=parent)
    area = Area(entity=entity, name=name.strip(), kind=kind, acronym=acronym.strip(), parent=parent)
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def area_update(
    *,
    area: Area,
    name: str,
    kind: str,
    acronym: str = "",
    parent: Area | None = None,
    is_active: bool = True,
) -> Area:
    _check_parent(entity=area.entity, area=area, parent=parent)
    area.name = name.strip()
    area.kind = kind
    area.acronym = acronym.strip()
    area.parent = parent
    area.is_active = is_active
    area.full_clean()
    area.save()
    return area


class EntityFields(TypedDict, total=False):
    """The entity's own data an administrator may change (each left out keeps its value)."""

    name: str
    short_name: str
    nit: str
    kind: str
    divipola_department: str
    divipola_municipality: str
    department_name: str
    municipality_name: str
    address: str
    phone: str
    email: str
    website: str
    office_hours: str
    works_saturdays: bool


ENTITY_EDITABLE_FIELDS = tuple(EntityFields.__annotations__)


@transaction.atomic
def entity_update(
    *, entity: Entity, logo: File[bytes] | None = None, **fields: Unpack[EntityFields]
) -> Entity:
    """Update the entity's data. A change of the Saturday rule changes every term, so the
    modules with open deadlines are told (``calendar_changed``) once the change commits."""
    unknown = set(fields) - set(ENTITY_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown entity fields: {sorted(unknown)}")
    saturdays_before = entity.works_saturdays
    for name, value in fields.items():
        setattr(entity, name, value.strip() if isinstance(value, str) else value)
    if logo is not None:
        entity.logo = logo
    entity.full_clean()
    entity.save()
    if entity.works_saturdays != saturdays_before:
        from cabildo.core.signals import calendar_changed

        transaction.on_commit(lambda: calendar_changed.send(sender=Entity, entity=entity))
    return entity
