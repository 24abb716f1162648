"""Reads about users and their roles, cached on the user object for the request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser

from cabildo.accounts.models import Membership, Role, User

if TYPE_CHECKING:
    from cabildo.core.models import Entity


@dataclass(frozen=True)
class EntityRoles:
    roles: frozenset[str] = frozenset()
    area_ids: frozenset[int] = frozenset()  # areas where the user is a liaison
    memberships: tuple[Membership, ...] = field(default=())

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


_CACHE_ATTR = "_cabildo_entity_roles"


def entity_roles(user: User | AnonymousUser, entity_id: int | None) -> EntityRoles:
    """The roles ``user`` holds in the entity, computed once per user object."""
    if entity_id is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EntityRoles()
    cache: dict[int, EntityRoles] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if entity_id not in cache:
        memberships = tuple(
            Membership.objects.filter(user=user, entity_id=entity_id).select_related("area")
        )
        cache[entity_id] = EntityRoles(
            roles=frozenset(m.role for m in memberships),
            area_ids=frozenset(
                m.area_id for m in memberships if m.role == Role.AREA_LIAISON and m.area_id
            ),
            memberships=memberships,
        )
    return cache[entity_id]


def clear_role_cache(user: User) -> None:
    user.__dict__.pop(_CACHE_ATTR, None)


def user_entities(user: User | AnonymousUser) -> list[Entity]:
    """Entities where the user holds any role, for the entity switch."""
    from cabildo.core.models import Entity

    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return []
    return list(
        Entity.objects.filter(accounts_membership_set__user=user)
        .with_canonical_host()
        .distinct()
        .order_by("name")
    )


def membership_list(*, entity: Any) -> Any:
    return (
        Membership.objects.for_entity(entity)
        .select_related("user", "area")
        .order_by("user__full_name", "role")
    )


def pending_invitations(*, entity: Any) -> Any:
    """Invitations not yet accepted, expired ones included (they can be sent again or
    cancelled); what the admin typed, nothing more."""
    from cabildo.accounts.models import Invitation

    return (
        Invitation.objects.for_entity(entity)
        .filter(accepted_at__isnull=True)
        .select_related("area")
        .order_by("-created_at", "-pk")
    )
