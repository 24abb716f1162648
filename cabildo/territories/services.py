"""Writes on territories. Keyword-only, validated, atomic."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from cabildo.core.models import Entity
from cabildo.territories.models import Territory


def _check_parent(*, entity: Entity, parent: Territory | None) -> None:
    if parent is not None and parent.entity_id != entity.pk:
        raise ValidationError({"parent": _("El territorio superior debe ser de la misma entidad.")})


@transaction.atomic
def territory_create(
    *, entity: Entity, name: str, kind: str, parent: Territory | None = None
) -> Territory:
    _check_parent(entity=entity, parent=parent)
    territory = Territory(entity=entity, name=name.strip(), kind=kind, parent=parent)
    territory.full_clean()
    territory.save()
    return territory


@transaction.atomic
def territory_update(
    *, territory: Territory, name: str, kind: str, parent: Territory | None = None
) -> Territory:
    _check_parent(entity=territory.entity, parent=parent)
    territory.name = name.strip()
    territory.kind = kind
    territory.parent = parent
    territory.full_clean()
    territory.save()
    return territory


@transaction.atomic
def territory_delete(*, territory: Territory) -> None:
    try:
        territory.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _(
                "No se puede eliminar el territorio: tiene subdivisiones o registros "
                "asociados (instancias, grupos de valor u otros)."
            )
        ) from exc
