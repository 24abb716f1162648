from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from cabildo.accounts.selectors import entity_roles, user_entities
from cabildo.core.middleware import SESSION_KEY


@receiver(user_logged_in)
def switch_to_own_entity(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """After login, act in an entity where the user holds a role."""
    if request is None:
        return
    current = getattr(request, "entity", None)
    if current is not None and entity_roles(user, current.pk).roles:
        request.session[SESSION_KEY] = current.slug
        return
    entities = user_entities(user)
    if entities:
        request.session[SESSION_KEY] = entities[0].slug
        request.entity = entities[0]
