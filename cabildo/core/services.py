"""Writes on entities and areas. Keyword-only, validated, atomic."""

from __future__ import annotations

from django.core.exceptions import ValidationError
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
