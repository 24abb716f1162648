"""Whole-page cache of the public pages, for anonymous visitors.

A public page is the same for every anonymous visitor of an entity in one language, until a
row of that entity changes. Views opt in by declaring ``public_cache_params`` (the query
parameters the page understands; see :class:`cabildo.core.mixins.PublicPageCacheMixin`);
:class:`PublicPageCacheMiddleware` then serves them from the cache.

- **Key**: the language, the host name, the full path and the htmx headers; each entry keeps
  the entity's cache version it was rendered at (:mod:`cabildo.core.public_cache`: any saved or
  deleted row of the entity makes every page of it stale), read in the same round trip.
  Entries also expire after :data:`~cabildo.core.public_cache.PUBLIC_CACHE_SECONDS`.
- **Who**: GET and HEAD from anonymous visitors with no pending message, on addresses whose
  query string holds only the view's declared parameters (so made-up parameters cannot fill the
  cache). Signed-in officials always get a fresh page.
- **What is stored**: 200 HTML answers that set no cookie of their own. The two per-request
  values of a page are replaced by markers when stored and refilled on every hit: the CSP
  nonce (a fresh one per answer, as the strict CSP requires) and the CSRF token of the forms
  (the language switch), from the visitor's own CSRF cookie.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from cabildo.core import public_cache
from cabildo.core.middleware import SWITCH_PARAM  # API filter, never a cached page

NONCE_MARK = b"__cabildo_csp_nonce__"
CSRF_MARK = b"__cabildo_csrf_token__"
_CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
MAX_QUERY_LENGTH = 300
STORED_HEADERS = ("Content-Type", "Content-Language")
CACHE_HEADER = "X-Page-Cache"


def cache_params(view_func: Callable[..., Any]) -> tuple[str, ...] | None:
    """The query parameters a cacheable view understands, or ``None`` when it is not cacheable."""
    owner = getattr(view_func, "view_class", view_func)
    params = getattr(owner, "public_cache_params", None)
    return tuple(params) if params is not None else None


def _has_messages(request: HttpRequest) -> bool:
    if "messages" in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.get("_messages"))


def eligible(request: HttpRequest, params: tuple[str, ...]) -> bool:
    if request.method not in ("GET", "HEAD") or getattr(request, "entity", None) is None:
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return False
    if any(name not in params and name != SWITCH_PARAM for name in request.GET):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not _has_messages(request)


def page_cache_parts(request: HttpRequest) -> tuple[str, ...]:
    return (
        request.get_host(),
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
    )


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if "no-store" in response.get("Cache-Control", "") or "private" in response.get(
        "Cache-Control", ""
    ):
        return False
    storage = getattr(request, "_messages", None)
    return not getattr(storage, "_queued_messages", None)


def freeze(request: HttpRequest, content: bytes) -> bytes:
    """The page with its per-request values replaced by markers."""
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce:
        content = content.replace(nonce.encode("ascii"), NONCE_MARK)
    return _CSRF_VALUE.sub(rb"\1" + CSRF_MARK + rb"\2", content)


def thaw(request: HttpRequest, content: bytes) -> bytes:
    """A stored page with this request's nonce and CSRF token."""
    if NONCE_MARK in content:
        # mypy: django-csp's CSPMiddleware sets csp_nonce (untyped).
        content = content.replace(NONCE_MARK, str(request.csp_nonce).encode("ascii"))  # type: ignore[attr-defined]
    if CSRF_MARK in content:
        content = content.replace(CSRF_MARK, get_token(request).encode("ascii"))
    return content


class PublicPageCacheMiddleware:
    """Serves and stores the public pages (after the entity, session and user are known)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        pending = getattr(request, "_page_cache_pending", None)
        if pending and _storable(request, response):
            parts, version = pending
            entry = {
                "content": freeze(request, response.content),
                "headers": {h: response[h] for h in STORED_HEADERS if response.has_header(h)},
            }
            # mypy: eligible() admits only requests of an entity (set by EntityMiddleware).
            public_cache.versioned_set(request.entity, "page", parts, version, entry)  # type: ignore[attr-defined]
            response[CACHE_HEADER] = "miss"
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        params = cache_params(view_func)
        if params is None or not eligible(request, params):
            return None
        parts = page_cache_parts(request)
        # mypy: eligible() admits only requests of an entity (set by EntityMiddleware).
        version, entry = public_cache.versioned_get(request.entity, "page", parts)  # type: ignore[attr-defined]
        if entry is None:
            # mypy: carried from process_request to process_response on the request.
            request._page_cache_pending = (parts, version)  # type: ignore[attr-defined]
            return None
        response = HttpResponse(thaw(request, entry["content"]))
        for header, value in entry["headers"].items():
            response[header] = value
        response[CACHE_HEADER] = "hit"
        return response
