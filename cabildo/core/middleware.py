"""Resolve the entity (tenant) of each request.

Order: an explicit ``?entidad=<slug>`` switch (remembered in the session), the
session's previous choice, the request's host name (``EntityHostname``), then
``settings.DEFAULT_ENTITY``. ``request.entity`` is ``None`` only on an empty database.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from cabildo.core.models import Entity

SESSION_KEY = "cabildo_entity"
SWITCH_PARAM = "entidad"
# Paths that must answer without touching the database (the health check reports its outage).
NO_ENTITY_PATHS = frozenset({"/healthz"})


def resolve_entity(request: HttpRequest) -> Entity | None:
    active = Entity.objects.filter(is_active=True)
    slug = request.GET.get(SWITCH_PARAM)
    if slug:
        entity = active.filter(slug=slug).first()
        if entity is None:
            raise Http404(_("La entidad solicitada no existe."))
        if hasattr(request, "session") and request.session.get(SESSION_KEY) != entity.slug:
            request.session[SESSION_KEY] = entity.slug  # (unchanged: no session write)
        return entity
    if hasattr(request, "session") and request.session.get(SESSION_KEY):
        entity = active.filter(slug=request.session[SESSION_KEY]).first()
        if entity is not None:
            return entity
    host = request.get_host().split(":")[0].lower()
    entity = active.filter(hostnames__hostname=host).first()
    if entity is not None:
        return entity
    return active.filter(slug=settings.DEFAULT_ENTITY).first() or active.order_by("pk").first()


class EntityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info in NO_ENTITY_PATHS:
            request.entity = None  # type: ignore[attr-defined]
            return self.get_response(request)
        request.entity = resolve_entity(request)  # type: ignore[attr-defined]
        return self.get_response(request)
