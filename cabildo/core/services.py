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


ENTITY_EDITABLE_FIELDS = (
    "name",
    "short_name",
    "nit",
    "kind",
    "divipola_department",
    "divipola_municipality",
    "department_name",
    "municipality_name",
    "address",
    "phone",
    "email",
    "website",
    "office_hours",
    "works_saturdays",
)


@transaction.atomic
def entity_update(*, entity: Entity, logo: object = None, **fields: object) -> Entity:
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
