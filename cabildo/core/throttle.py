"""Per-address limits for public forms and the public API, on atomic counters.

The counters are django-ratelimit's (``django_ratelimit.core.get_usage``): a fixed window per
scope and client address kept in Django's cache, counted with the cache's atomic ``add`` and
``incr`` (Redis ``SET NX`` and ``INCR`` in production, a locked dict in development and tests).
Each address's window starts at its own offset (django-ratelimit adds a jitter per key), so
windows do not all end at once. Limits come from ``settings.PUBLIC_FORM_RATE_LIMITS``
(``{"scope": "N/seconds"}``, with a ``"default"`` entry); the client address is the one seen
through the trusted proxies (``cabildo.core.net.client_key``).

Only accepted submissions count, without a race: a submission first **reserves** its place
(one atomic increment: two concurrent requests can never both get the last place) and gives
it back (``Slot.release``, an atomic decrement) when the form is sent back with errors or a
service refuses it. Past the limit an anonymous public form asks for a proof-of-work
challenge (``cabildo.core.challenge``, ALTCHA) instead of refusing, up to
``PUBLIC_FORM_CHALLENGE_FACTOR`` times the limit; past that, or with the challenge turned
off, the answer is 429 with a Spanish message. With Redis down the counters are unavailable
and the limits fail open (``RATELIMIT_FAIL_OPEN``; ``cabildo.core.cache`` logs the outage).

Use :class:`ThrottledFormViewMixin` on public ``FormView`` classes, :class:`PublicFormThrottle`
on DRF views, :func:`hit` for a plain counter (password reset).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_ratelimit.core import _get_window, _make_cache_key, get_usage
from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle

from cabildo.core import challenge
from cabildo.core.net import client_key

logger = logging.getLogger("cabildo.throttle")

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

    @property
    def ratelimit_rate(self) -> str:
        """The same limit in django-ratelimit's notation."""
        return f"{self.rate}/{self.window}s"


def limit_for(scope: str) -> Limit:
    limits = getattr(settings, "PUBLIC_FORM_RATE_LIMITS", {}) or {}
    return Limit.parse(limits.get(scope) or limits.get("default") or DEFAULT_LIMIT)


@dataclass
class Slot:
    """One submission's place in its window. ``count`` is its number in the window (the
    current number for :func:`peek`); 0 when the counters are unavailable (fail open)."""

    scope: str
    limit: Limit
    count: int
    wait: int  # seconds until the window ends
    cache_key: str | None = field(default=None, repr=False)

    @property
    def over(self) -> bool:
        return self.count > self.limit.rate

    @property
    def past_challenge_ceiling(self) -> bool:
        return self.count > self.limit.rate * challenge_factor()

    def release(self) -> None:
        """Give the place back (the submission was not accepted). Atomic; idempotent."""
        if self.cache_key is None:
            return
        key, self.cache_key = self.cache_key, None
        # ValueError: the window ended meanwhile (or the cache is away): nothing to give back.
        with contextlib.suppress(ValueError):
            caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")].decr(key)


def challenge_factor() -> int:
    """How many times the limit an address may submit with a solved challenge (1 when the
    challenge is off: past the limit is then a refusal)."""
    if not challenge.enabled():
        return 1
    return max(1, int(getattr(settings, "PUBLIC_FORM_CHALLENGE_FACTOR", 10)))


def _usage(scope: str, key: str, limit: Limit, *, increment: bool) -> Slot:
    group = f"{CACHE_PREFIX}:{scope}"
    usage = get_usage(
        None, group=group, key=lambda _group, _request: key, rate=limit.ratelimit_rate,
        increment=increment,
    )  # fmt: skip
    if usage is None:  # counters unavailable: fail open
        return Slot(scope=scope, limit=limit, count=0, wait=0)
    cache_key = None
    if increment:
        # The key django-ratelimit just incremented (same window unless the second turned).
        window = _get_window(key, limit.window)
        cache_key = _make_cache_key(group, window, limit.ratelimit_rate, key, get_usage.ALL)
    return Slot(
        scope=scope,
        limit=limit,
        count=int(usage["count"]),
        wait=max(1, int(usage["time_left"])),
        cache_key=cache_key,
    )


def reserve(scope: str, key: str, *, limit: Limit | None = None) -> Slot:
    """Count one submission atomically and return its place (release it if not accepted)."""
    return _usage(scope, key, limit or limit_for(scope), increment=True)


def peek(scope: str, key: str, *, limit: Limit | None = None) -> Slot:
    """How many submissions the window holds now (nothing counted)."""
    return _usage(scope, key, limit or limit_for(scope), increment=False)


def hit(scope: str, key: str, *, limit: Limit | None = None) -> bool:
    """Count one; ``False`` (and nothing counted) when the limit is reached."""
    slot = reserve(scope, key, limit=limit)
    if slot.over:
        slot.release()
        return False
    return True


def message(wait_seconds: int) -> str:
    minutes = max(1, (wait_seconds + 59) // 60)
    return _(
        "Recibimos demasiados envíos desde su conexión en poco tiempo. Por seguridad, espere "
        "%(minutes)s minuto(s) e intente de nuevo. Si necesita ayuda, comuníquese con la "
        "entidad por sus canales de atención."
    ) % {"minutes": minutes}


def challenge_message(wait_seconds: int) -> str:
    minutes = max(1, (wait_seconds + 59) // 60)
    return _(
        "Recibimos varios envíos desde su conexión (puede ser una red compartida). Para "
        "continuar, su navegador debe resolver una verificación automática: espere a que "
        "diga «Verificado» y envíe de nuevo. Si no puede, espere %(minutes)s minuto(s) o "
        "comuníquese con la entidad por sus canales de atención."
    ) % {"minutes": minutes}


def accountable(request: Any) -> bool:
    """Whether the request comes from a member of the entity it addresses: staff accounts are
    created by the entity and accountable, so they are neither limited nor challenged there.
    An account of another entity is an anonymous visitor here."""
    user = getattr(request, "user", None)
    entity = getattr(request, "entity", None)
    if not getattr(user, "is_authenticated", False) or entity is None:
        return False
    from cabildo.accounts.predicates import is_member

    return is_member(user, entity)


class ThrottledFormViewMixin:
    """For public form views: only accepted submissions count (a form sent back with errors
    does not use up the citizen's tries). Past the limit an anonymous visitor is asked to
    solve the proof-of-work challenge (the widget appears on the form); without it, or past
    the ceiling, the form is shown again with the message, status 429, and nothing is
    processed (``form_valid`` is never called). Members of the entity are neither limited nor
    challenged (staff are accountable users; an account of another entity is not). A
    subclass for staff sets ``throttle_scope = ""``.

    ``throttle_counts`` says which outcome uses up a place: ``"accepted"`` (filings,
    registrations) or ``"refused"`` (the tracking page counts wrong codes)."""

    throttle_scope = "default"
    throttle_limit: Limit | None = None
    throttle_counts = "accepted"
    request: Any

    def _throttled(self) -> bool:
        return bool(self.throttle_scope) and not accountable(self.request)

    def throttle_message(self, wait: int) -> str:
        """The refusal past the ceiling (a view may say it its own way)."""
        return message(wait)

    def _refuse(self, form: Any, text: str, wait: int) -> HttpResponse:
        form.add_error(None, text)
        # mypy: a mixin for FormViews: the view provides render_to_response and get_context_data.
        response = self.render_to_response(  # type: ignore[attr-defined]
            self.get_context_data(form=form),  # type: ignore[attr-defined]
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self._throttled():
            # mypy: a mixin for FormViews: the view provides post.
            return super().post(request, *args, **kwargs)  # type: ignore[misc]
        slot = reserve(self.throttle_scope, client_key(request), limit=self.throttle_limit)
        self._throttle_slot = slot
        if slot.past_challenge_ceiling:
            slot.release()
            form = self.get_form()
            return self._refuse(form, self.throttle_message(slot.wait), slot.wait)
        if slot.over and not challenge.solved(request):
            slot.release()
            form = self.get_form()
            return self._refuse(form, challenge_message(slot.wait), slot.wait)
        self._throttled_form = None
        try:
            response = super().post(request, *args, **kwargs)  # type: ignore[misc]
        except BaseException:
            slot.release()
            raise
        form = self._throttled_form
        # Accepted: the form validated and the view added no error (a service's refusal).
        accepted = form is not None and form.is_valid() and not form.errors
        if accepted != (self.throttle_counts == "accepted"):
            slot.release()
        return response

    def get_form(self, form_class: Any = None) -> Any:
        # mypy: a mixin for FormViews: the view provides get_form.
        form = super().get_form(form_class)  # type: ignore[misc]
        if self.request.method == "POST":
            self._throttled_form = form
            slot = getattr(self, "_throttle_slot", None)
            form.challenge_required = bool(
                slot is not None and slot.over and not slot.past_challenge_ceiling
            )
        elif self._throttled() and challenge.enabled():
            slot = peek(self.throttle_scope, client_key(self.request), limit=self.throttle_limit)
            form.challenge_required = slot.count >= slot.limit.rate
        return form


class PublicFormThrottle(BaseThrottle):
    """DRF throttle on unsafe methods with the same counters (scope from the view's
    ``throttle_scope``); the refusal carries the Spanish message. It reserves the place: the
    view calls :meth:`accepted` once it has accepted a submission; any other outcome gives
    the place back (``finalize_response`` of :class:`ThrottledAPIViewMixin`). API clients
    cannot run the browser challenge, so past the limit the API refuses."""

    def allow_request(self, request: Any, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS") or accountable(request):
            return True  # staff of the entity are accountable users
        scope = getattr(view, "throttle_scope", "default")
        slot = reserve(scope, client_key(request))
        if slot.over:
            slot.release()
            raise Throttled(wait=slot.wait, detail=message(slot.wait))
        request._throttle_slot = slot  # given back unless the view accepts the submission
        return True

    @staticmethod
    def accepted(request: Any, view: Any = None) -> None:
        """The view accepted the submission: its reserved place stays counted."""
        request._throttle_slot = None

    @staticmethod
    def finish(request: Any) -> None:
        slot = getattr(request, "_throttle_slot", None)
        if slot is not None:
            slot.release()
            request._throttle_slot = None


class ThrottledAPIViewMixin:
    """Gives back the place :class:`PublicFormThrottle` reserved when the view did not call
    ``PublicFormThrottle.accepted`` (a 400, an exception)."""

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        PublicFormThrottle.finish(request)
        # mypy: a mixin for DRF views: the view provides finalize_response.
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
