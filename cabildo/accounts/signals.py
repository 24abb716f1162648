from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from cabildo.accounts.models import User
from cabildo.accounts.selectors import user_entities


@receiver(user_logged_in, dispatch_uid="accounts_two_factor_state")
def decide_second_factor(
    sender: type[User], request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    """Once the password is accepted: does this session still need a second factor?"""
    if request is None or not hasattr(request, "session"):
        return
    from cabildo.accounts import two_factor

    request.session[two_factor.SESSION_KEY] = two_factor.state_after_password(user)


@receiver(user_locked_out, dispatch_uid="accounts_lockout_logged")
def log_lockout(
    sender: Any, request: HttpRequest | None, username: str, ip_address: str, **kw: Any
) -> None:
    """django-axes locked the address and account out: internal control must see it."""
    from cabildo.audit.models import AccessAction
    from cabildo.audit.services import access_append

    typed = (username or "").strip().lower()[:254]
    user = get_user_model()._default_manager.filter(email=typed).first() if typed else None
    entities = user_entities(user) if user is not None else []
    # Explicit entity (never the request's): strangers' addresses belong to no entity.
    access_append(
        request=request,
        action=AccessAction.LOCKOUT,
        user=user,
        entity=entities[0] if entities else None,
        detail="" if user is not None else typed,
    )
