"""Typed requests: what Cabildo's middlewares add to Django's ``HttpRequest``, and the one
accessor views use for the request's entity.

``EntityMiddleware`` sets ``request.entity`` (``None`` on the shared site's global pages);
staff views sit behind ``LoginRequiredMixin``, so their ``request.user`` is a signed-in
``accounts.User``. Views declare ``request: EntityRequest`` (the staff mixins of
``cabildo.core.mixins`` do) and mypy checks ``request.entity`` and ``request.user`` instead of
treating them as ``Any``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    # django-stubs' placeholder for AUTH_USER_MODEL: the mypy plugin reads it as
    # ``cabildo.accounts.models.User`` without core importing accounts (a layer above it).
    from django.contrib.auth.models import _User

    from cabildo.core.models import Entity


class SiteRequest(HttpRequest):
    """Any request after ``EntityMiddleware``: the entity of the address, if there is one."""

    entity: Entity | None
    entity_prefix: str  # "/<slug>" on the shared site's addresses only


class PublicRequest(HttpRequest):
    """A public page of an entity: the visitor may be anonymous."""

    entity: Entity


class EntityRequest(HttpRequest):
    """A staff page of an entity: the user has signed in (``LoginRequiredMixin``)."""

    entity: Entity
    user: _User


def request_entity(request: HttpRequest) -> Entity:
    """The request's entity; 404 where the address names none (the one accessor views use:
    DRF turns the ``Http404`` into its own 404 with the same message)."""
    entity: Entity | None = getattr(request, "entity", None)
    if entity is None:
        raise Http404(_("No hay una entidad configurada."))
    return entity
