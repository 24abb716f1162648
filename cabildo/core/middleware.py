"""The URL names the entity (tenant) of each request; the session never does.

Two ways, both first-class (``docs/architecture.md``, "Tenancy"):

- **a host name of the entity** (``EntityHostname``): every path of that host is the entity's,
  with no prefix (``https://participa.cali.gov.co/pqrs/radicar/``);
- **a path prefix on the shared site**: ``/<slug>/…`` (``/cali/pqrs/radicar/``). The prefix is
  taken off ``request.path_info`` and becomes the script prefix for the request, so ``reverse()``
  and ``{% url %}`` give the entity's own paths with no change to views or templates.

On the shared site, ``/`` is the directory of entities and ``/sitemap.xml`` the index of their
sitemaps; ``/api/…`` takes the entity from ``?entidad=`` as a plain, stateless filter (or
``DEFAULT_ENTITY``). Old links keep working: ``?entidad=<slug>`` and unprefixed paths answer a
permanent redirect to the canonical URL of the entity they would have shown; nothing is stored.

Each process remembers what a slug or host name resolved to for ``ENTITY_CACHE_SECONDS`` (every
request needs it; entities almost never change). Saving or deleting an entity or a host name
forgets it at once in the process that did it; other processes see the change within those
seconds.
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Callable
from typing import cast
from urllib.parse import urlencode

from django.conf import settings
from django.core.handlers.wsgi import get_script_name
from django.db.models import Exists, OuterRef, Q
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
    QueryDict,
)
from django.urls import Resolver404, get_script_prefix, resolve, set_script_prefix
from django.utils.translation import gettext as _

from cabildo.core import links
from cabildo.core.http import SiteRequest
from cabildo.core.models import RESERVED_ENTITY_SLUGS, Entity, EntityHostname, EntityQuerySet

SWITCH_PARAM = "entidad"
# Read (never written) to redirect an old unprefixed link to the entity it would have shown.
LEGACY_SESSION_KEY = "cabildo_entity"
# Paths of the whole installation, never of an entity (the health check must not touch the DB).
NO_ENTITY_PATHS = frozenset({"/healthz", "/robots.txt", "/favicon.ico"})
GLOBAL_PREFIXES = ("/static/", "/media/", "/admin-tecnico/", "/i18n/", "/jsi18n/")
API_PREFIX = "/api/"
# Pages of the shared site itself: the directory of entities and the index of their sitemaps.
SHARED_SITE_PATHS = frozenset({"/", "/sitemap.xml"})
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,60}$")

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


def _active() -> EntityQuerySet:
    return Entity.objects.filter(is_active=True).with_canonical_host()


def entity_by_slug(slug: str | None) -> Entity | None:
    """The active entity with this slug (``None`` for anything that cannot be a slug)."""
    if not slug or not _valid_slug(slug):
        return None
    return _remembered("slug", slug, lambda: _active().filter(slug=slug).first())


def _valid_slug(value: str) -> bool:
    return bool(_SLUG.match(value)) and value.lower() not in RESERVED_ENTITY_SLUGS


def entity_by_route(host: str, segment: str) -> tuple[Entity | None, bool]:
    """The entity a request names, in one query: ``(entity of the host name, True)``, else
    ``(entity whose slug is the path's first segment, False)``, else ``(None, False)``."""
    segment = segment if _valid_slug(segment) else ""

    def load() -> Entity | None:
        named = (
            Q(hostnames__hostname=host) | Q(slug=segment)
            if segment
            else Q(hostnames__hostname=host)
        )
        rows = list(
            _active()
            .filter(named)
            .annotate(
                by_host=Exists(EntityHostname.objects.filter(entity=OuterRef("pk"), hostname=host))
            )
            .distinct()[:2]
        )
        return next((e for e in rows if getattr(e, "by_host", False)), None) or next(
            iter(rows), None
        )

    entity = _remembered("route", f"{host} /{segment}", load)
    return entity, bool(entity is not None and getattr(entity, "by_host", False))


def default_entity() -> Entity | None:
    return _remembered(
        "default",
        "",
        lambda: (
            _active().filter(slug=settings.DEFAULT_ENTITY).first()
            or _active().order_by("pk").first()
        ),
    )


def _query_without_switch(request: HttpRequest) -> str:
    query: QueryDict = request.GET.copy()
    query.pop(SWITCH_PARAM, None)
    return f"?{urlencode(list(query.lists()), doseq=True)}" if query else ""


def _permanent_redirect(request: HttpRequest, url: str) -> HttpResponse:
    response = HttpResponsePermanentRedirect(url)
    if request.method not in ("GET", "HEAD"):
        response.status_code = 308  # keeps the method and the body
    return response


def _unknown_entity(request: HttpRequest) -> HttpResponse:
    message = _("La entidad solicitada no existe.")
    if request.path_info.startswith(API_PREFIX):  # API clients read JSON, as from DRF
        return JsonResponse({"detail": message}, status=404)
    raise Http404(message)


def _resolves(path: str) -> bool:
    for candidate in (path, path if path.endswith("/") else f"{path}/"):
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return True
    return False


class EntityMiddleware:
    """Sets ``request.entity`` from the URL (host name or ``/<slug>/`` prefix)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, http_request: HttpRequest) -> HttpResponse:
        request = cast(SiteRequest, http_request)  # this middleware makes it one
        path = request.path_info
        request.entity = None
        if path in NO_ENTITY_PATHS or path.startswith(GLOBAL_PREFIXES):
            return self.get_response(request)
        switch = request.GET.get(SWITCH_PARAM)
        is_api = path.startswith(API_PREFIX)

        segment, _slash, rest = path[1:].partition("/")
        entity, by_host = entity_by_route(request.get_host().rsplit(":", 1)[0].lower(), segment)
        if entity is not None and by_host:
            if switch and not is_api:
                return self._switch(request, switch, path)
            request.entity = entity
            return self.get_response(request)

        # The shared site: /<slug>/… names the entity.
        if entity is not None:
            if switch and not rest.startswith("api/"):
                return self._switch(request, switch, f"/{rest}")
            if not _slash:  # /cali → /cali/
                return _permanent_redirect(request, f"{request.path}/{_query(request)}")
            return self._serve_prefixed(request, entity, segment, f"/{rest}")

        if is_api:  # a plain, stateless filter
            entity = entity_by_slug(switch) if switch else default_entity()
            if switch and entity is None:
                return _unknown_entity(request)
            request.entity = entity
            return self.get_response(request)
        if switch:
            return self._switch(request, switch, path)
        if path in SHARED_SITE_PATHS:
            return self.get_response(request)
        return self._legacy(request, path)

    def _serve_prefixed(
        self, request: SiteRequest, entity: Entity, slug: str, path_info: str
    ) -> HttpResponse:
        request.entity = entity
        request.entity_prefix = f"/{slug}"  # (on the shared site)
        request.path_info = path_info
        previous = get_script_prefix()
        set_script_prefix(f"{get_script_name(request.META).rstrip('/')}/{slug}/")
        try:
            return self.get_response(request)
        finally:
            set_script_prefix(previous)

    def _switch(self, request: HttpRequest, slug: str, path: str) -> HttpResponse:
        """``?entidad=<slug>``: a permanent redirect to that entity's page, without the switch."""
        target = entity_by_slug(slug)
        if target is None:
            return _unknown_entity(request)
        url = links.entity_root(target, absolute=False) + path.removeprefix("/")
        return _permanent_redirect(request, url + _query_without_switch(request))

    def _legacy(self, request: HttpRequest, path: str) -> HttpResponse:
        """An unprefixed path on the shared site (an old link): redirect it to the entity it
        would have shown (the old session's choice, else the default entity)."""
        session = getattr(request, "session", None)
        remembered = session.get(LEGACY_SESSION_KEY) if session is not None else None
        target = entity_by_slug(remembered) if isinstance(remembered, str) else None
        target = target or default_entity()
        if target is None or not _resolves(path):  # (an empty installation has no pages)
            raise Http404(_("La página solicitada no existe."))
        url = links.entity_root(target, absolute=False) + path.removeprefix("/")
        return _permanent_redirect(request, url + _query(request))


def _query(request: HttpRequest) -> str:
    query = request.META.get("QUERY_STRING", "")
    return f"?{query}" if query else ""
