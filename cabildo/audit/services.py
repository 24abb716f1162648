"""Writes of the access log. The only way rows get into :class:`AccessLog`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest
from django.utils.text import Truncator

from cabildo.audit.models import (
    DETAIL_MAX_LENGTH,
    TARGET_REPR_MAX_LENGTH,
    USER_AGENT_MAX_LENGTH,
    AccessAction,
    AccessLog,
)
from cabildo.core.models import Entity
from cabildo.core.net import client_ip

if TYPE_CHECKING:
    from cabildo.accounts.models import User


def _user_of(request: HttpRequest | None) -> Any:
    user = getattr(request, "user", None) if request is not None else None
    return user if getattr(user, "is_authenticated", False) else None


def access_record(
    *,
    request: HttpRequest | None = None,
    action: str,
    entity: Entity | None = None,
    target: models.Model | None = None,
    detail: str = "",
    user: User | None = None,
) -> AccessLog:
    """Append one row to the access log.

    ``user`` defaults to the request's authenticated user and ``entity`` to the target's
    entity, then to the request's entity. Never raises for a missing request: services
    called from commands or tasks log without an address.
    """
    if user is None:
        user = _user_of(request)
    if entity is None and target is not None:
        target_entity_id = (
            target.pk if isinstance(target, Entity) else getattr(target, "entity_id", None)
        )
        if target_entity_id is not None:
            entity = Entity(pk=target_entity_id)
    if entity is None and request is not None:
        entity = getattr(request, "entity", None)
    return access_append(
        request=request, action=action, entity=entity, target=target, detail=detail, user=user
    )


def access_append(
    *,
    request: HttpRequest | None,
    action: str,
    entity: Entity | None,
    target: models.Model | None = None,
    detail: str = "",
    user: User | None = None,
) -> AccessLog:
    """Append the row exactly as given (no defaults taken from the request but its address)."""
    if action not in AccessAction.values:
        raise ValueError(f"Unknown access action: {action!r}")
    user_agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    log = AccessLog(
        entity_id=entity.pk if entity is not None else None,
        user_id=getattr(user, "pk", None),
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_repr=(
            Truncator(str(target)).chars(TARGET_REPR_MAX_LENGTH) if target is not None else ""
        ),
        detail=Truncator(detail).chars(DETAIL_MAX_LENGTH),
        ip=client_ip(request),
        user_agent=user_agent[:USER_AGENT_MAX_LENGTH],
    )
    log.save()
    return log
