"""Resolve the entity (tenant) of each request.

Order: an explicit ``?entidad=<slug>`` switch (remembered in the session), the
session's previous choice, the request's host name (``EntityHostname``), then
``settings.DEFAULT_ENTITY``. ``request.entity`` is ``None`` only on an empty database.

Each process remembers what a slug or host name resolved to for ``ENTITY_CACHE_SECONDS``
(every request needs it; entities almost never change). Saving or deleting an entity or a host
name forgets it at once in the process that did it; other processes see the change within
those seconds.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from cabildo.core.models import Entity

SESSION_KEY = "cabildo_entity"
SWITCH_PARAM = "entidad"
# Paths that must answer without touching the database (the health check reports its outage).
NO_ENTITY_PATHS = frozenset({"/healthz"})
API_PREFIX = "/api/"


_resolved: dict[tuple[str, str], tuple[float, Entity | None]] = {}
_MAX_REMEMBERED = 1000


def _remembered(kind: str, value: str, load: Callable[[], Entity | None]) -> Entity | None:
    seconds = getattr(settings, "ENTITY_CACHE_SECONDS", 30)
    if seconds <= 0:
        return load()
    now = time.monotonic()
    found = _resolved.get((kind, value))
    if found is None or found[0] <= now:
        if len(_resolved) >= _MAX_REMEMBERED:  # made-up host names must not grow it forever
            _resolved.clear()
        found = (now + seconds, load())
        _resolved[(kind, value)] = found
    # A copy per request: a view that changes request.entity does not change other requests'.
    return copy.copy(found[1]) if found[1] is not None else None


def forget_resolved_entities(**kwargs: object) -> None:
    """``post_save``/``post_delete`` receiver of Entity and EntityHostname."""
    _resolved.clear()


def _active() -> Any:
    return Entity.objects.filter(is_active=True)


def resolve_entity(request: HttpRequest) -> Entity | None:
    slug = request.GET.get(SWITCH_PARAM)
    if slug:
        entity = _remembered("slug", slug, lambda: _active().filter(slug=slug).first())
        if entity is None:
            raise Http404(_("La entidad solicitada no existe."))
        if hasattr(request, "session") and request.session.get(SESSION_KEY) != entity.slug:
            request.session[SESSION_KEY] = entity.slug  # (unchanged: no session write)
        return entity
    if hasattr(request, "session") and request.session.get(SESSION_KEY):
        remembered = request.session[SESSION_KEY]
        entity = _remembered("slug", remembered, lambda: _active().filter(slug=remembered).first())
        if entity is not None:
            return entity
    host = request.get_host().split(":")[0].lower()
    return _remembered(
        "host",
        host,
        lambda: (
            _active().filter(hostnames__hostname=host).first()
            or _active().filter(slug=settings.DEFAULT_ENTITY).first()
            or _active().order_by("pk").first()
        ),
    )


class EntityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info in NO_ENTITY_PATHS:
            request.entity = None  # type: ignore[attr-defined]
            return self.get_response(request)
        try:
            request.entity = resolve_entity(request)  # type: ignore[attr-defined]
        except Http404 as exc:
            if request.path_info.startswith(API_PREFIX):  # API clients read JSON, as from DRF
                return JsonResponse({"detail": str(exc)}, status=404)
            raise
        return self.get_response(request)
