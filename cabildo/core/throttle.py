"""Per-address rate limits for public forms and the public API (no external captcha).

A sliding window kept in Django's cache: for each scope and client address, the times of the
recent submissions. A submission is allowed while fewer than ``rate`` happened in the last
``window`` seconds. Limits come from ``settings.PUBLIC_FORM_RATE_LIMITS``
(``{"scope": "N/seconds"}``, with a ``"default"`` entry); the client address is the one Django
sees through the trusted proxies (``cabildo.core.net.client_key``).

Use :class:`ThrottledFormViewMixin` on public ``FormView`` classes, :class:`PublicFormThrottle`
on DRF views.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle

from cabildo.core.net import client_key

DEFAULT_LIMIT = "10/600"
CACHE_PREFIX = "cabildo-throttle"


@dataclass(frozen=True)
class Limit:
    rate: int
    window: int  # seconds

    @classmethod
    def parse(cls, value: str) -> Limit:
        rate, _sep, window = str(value).partition("/")
        limit = cls(int(rate), int(window or 60))
        if limit.rate < 1 or limit.window < 1:
            raise ValueError(f"Invalid rate limit: {value!r}")
        return limit


def limit_for(scope: str) -> Limit:
    limits = getattr(settings, "PUBLIC_FORM_RATE_LIMITS", {}) or {}
    return Limit.parse(limits.get(scope) or limits.get("default") or DEFAULT_LIMIT)


def _cache_key(scope: str, key: str) -> str:
    return f"{CACHE_PREFIX}:{scope}:{key}"


def _recent(scope: str, key: str, window: int, now: float) -> list[float]:
    return [t for t in cache.get(_cache_key(scope, key), []) if t > now - window]


def allowed(scope: str, key: str, *, now: float | None = None) -> bool:
    """Whether one more submission fits in the window (nothing counted)."""
    limit = limit_for(scope)
    now = time.time() if now is None else now
    return len(_recent(scope, key, limit.window, now)) < limit.rate


def hit(scope: str, key: str, *, now: float | None = None) -> bool:
    """Count one submission; ``False`` (and nothing counted) when the limit is reached."""
    limit = limit_for(scope)
    now = time.time() if now is None else now
    recent = _recent(scope, key, limit.window, now)
    if len(recent) >= limit.rate:
        return False
    recent.append(now)
    cache.set(_cache_key(scope, key), recent, limit.window)
    return True


def retry_after(scope: str, key: str, *, now: float | None = None) -> int:
    """Seconds until the oldest counted submission leaves the window."""
    limit = limit_for(scope)
    now = time.time() if now is None else now
    recent = _recent(scope, key, limit.window, now)
    if len(recent) < limit.rate:
        return 0
    return max(1, int(recent[0] + limit.window - now) + 1)


def message(wait_seconds: int) -> str:
    minutes = max(1, (wait_seconds + 59) // 60)
    return _(
        "Recibimos demasiados envíos desde su conexión en poco tiempo. Por seguridad, espere "
        "%(minutes)s minuto(s) e intente de nuevo. Si necesita ayuda, comuníquese con la "
        "entidad por sus canales de atención."
    ) % {"minutes": minutes}


class ThrottledFormViewMixin:
    """For public form views: only accepted submissions count (a form sent back with errors
    does not use up the citizen's tries); over the limit the form is shown again with the
    message, status 429, and nothing is processed (``form_valid`` is never called).
    A subclass for staff sets ``throttle_scope = ""`` (no limit)."""

    throttle_scope = "default"
    request: Any

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = client_key(request)
        if self.throttle_scope and not allowed(self.throttle_scope, key):
            form = self.get_form()  # type: ignore[attr-defined]
            form.add_error(None, message(retry_after(self.throttle_scope, key)))
            response = self.render_to_response(  # type: ignore[attr-defined]
                self.get_context_data(form=form),
                status=429,  # type: ignore[attr-defined]
            )
            response["Retry-After"] = str(retry_after(self.throttle_scope, key))
            return response
        self._throttled_form = None
        response = super().post(request, *args, **kwargs)  # type: ignore[misc]
        form = self._throttled_form
        # Accepted: the form validated and the view added no error (a service's refusal).
        if self.throttle_scope and form is not None and form.is_valid() and not form.errors:
            hit(self.throttle_scope, key)
        return response

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)  # type: ignore[misc]
        if self.request.method == "POST":
            self._throttled_form = form
        return form


class PublicFormThrottle(BaseThrottle):
    """DRF throttle on unsafe methods with the same sliding window (scope from the view's
    ``throttle_scope``); the refusal carries the Spanish message. It only checks: the view
    calls :meth:`accepted` once it has accepted a submission, so refused ones do not count."""

    def allow_request(self, request: Any, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS") or request.user.is_authenticated:
            return True  # staff accounts are created by the entity and accountable
        self.scope = getattr(view, "throttle_scope", "default")
        self.key = client_key(request)
        if allowed(self.scope, self.key):
            return True
        wait = retry_after(self.scope, self.key)
        raise Throttled(wait=wait, detail=message(wait))

    @staticmethod
    def accepted(request: Any, view: Any) -> None:
        """Count a submission the view accepted (anonymous clients only, as above)."""
        if not request.user.is_authenticated:
            hit(getattr(view, "throttle_scope", "default"), client_key(request))

    def wait(self) -> float | None:
        return float(retry_after(self.scope, self.key)) if hasattr(self, "key") else None
