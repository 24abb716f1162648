"""Shared ``rules`` predicates: role checks scoped by the object's entity.

Every app builds its ``rules.py`` from these. A predicate receives ``(user, obj)``;
``obj`` is an :class:`~cabildo.core.models.Entity` (for entity-wide permissions such as
"list" or "create") or a domain row with ``entity_id`` (and maybe ``area_id``).
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from cabildo.accounts.models import Role, User
from cabildo.accounts.selectors import entity_roles
from cabildo.core.models import Entity


def entity_id_of(obj: Any) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, Entity):
        return obj.pk
    return getattr(obj, "entity_id", None)


def area_id_of(obj: Any) -> int | None:
    getter = getattr(obj, "get_area_id", None)
    if callable(getter):
        return getter()
    return getattr(obj, "area_id", None)


def _role_predicate(*roles: str) -> Any:
    @rules.predicate
    def check(user: User | AnonymousUser, obj: Any = None) -> bool:
        return entity_roles(user, entity_id_of(obj)).has(*roles)

    check.name = "has_role_" + "_or_".join(roles)
    return check


@rules.predicate
def is_member(user: User | AnonymousUser, obj: Any = None) -> bool:
    return bool(entity_roles(user, entity_id_of(obj)).roles)


is_entity_admin = _role_predicate(Role.ENTITY_ADMIN)
is_participation_lead = _role_predicate(Role.PARTICIPATION_LEAD)
is_area_liaison = _role_predicate(Role.AREA_LIAISON)
is_planning_office = _role_predicate(Role.PLANNING_OFFICE)
is_internal_control = _role_predicate(Role.INTERNAL_CONTROL)
is_viewer = _role_predicate(Role.VIEWER)


@rules.predicate
def is_liaison_of_object_area(user: User | AnonymousUser, obj: Any = None) -> bool:
    """The user is the liaison of the area the object belongs to."""
    if obj is None or isinstance(obj, Entity):
        return False
    area_id = area_id_of(obj)
    return area_id is not None and area_id in entity_roles(user, entity_id_of(obj)).area_ids


# Common combinations.
manages_entity = is_entity_admin | is_participation_lead
reads_entity = is_member
