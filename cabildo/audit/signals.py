"""Logins, failed logins and logouts go to the access log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from cabildo.accounts.models import User
from cabildo.accounts.selectors import entity_roles, user_entities
from cabildo.audit.models import AccessAction
from cabildo.audit.services import access_append
from cabildo.core.models import Entity


def _login_entity(request: HttpRequest | None, user: User | None) -> Entity | None:
    """The entity whose internal control sees the event: one where the user holds a role.

    Events of unknown accounts belong to no entity (only the technical admin lists them), so
    no entity's staff learns the addresses strangers type.
    """
    if user is None:
        return None
    current = getattr(request, "entity", None)
    if current is not None and entity_roles(user, current.pk).roles:
        return current
    entities = user_entities(user)
    return entities[0] if entities else None


@receiver(user_logged_in, dispatch_uid="audit_login")
def log_login(sender: type[User], request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    access_append(
        request=request,
        action=AccessAction.LOGIN,
        user=user,
        entity=_login_entity(request, user),
    )


@receiver(user_logged_out, dispatch_uid="audit_logout")
def log_logout(
    sender: type[User] | None, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is not None:
        access_append(
            request=request,
            action=AccessAction.LOGOUT,
            user=user,
            entity=_login_entity(request, user),
        )


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def log_login_failed(
    sender: str, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any
) -> None:
    """The account is named when it exists; otherwise the address typed goes in the detail."""
    user_model = get_user_model()
    typed = str(credentials.get("username") or credentials.get(user_model.USERNAME_FIELD) or "")
    typed = typed.strip().lower()[:254]
    user = user_model._default_manager.filter(email=typed).first() if typed else None
    access_append(
        request=request,
        action=AccessAction.LOGIN_FAILED,
        user=user,
        entity=_login_entity(request, user),
        detail="" if user is not None else typed,
    )
