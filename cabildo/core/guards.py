"""Refuse hostile input before it reaches a view: a NUL byte in the path or the query string.

PostgreSQL cannot store or compare text with NUL (``\\x00``): a query built from such a value
fails with a database error (a 500). No page or API of Cabildo takes one, so the request is
answered 400 at once, as JSON under ``/api/`` and with the 400 page elsewhere, and logged as
one line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger("cabildo.security")

NUL = "\x00"
API_PREFIX = "/api/"
MAX_ID = 2**63 - 1  # the largest primary key any database here stores


def has_nul(request: HttpRequest) -> bool:
    if NUL in request.path:
        return True
    return any(NUL in key or any(NUL in v for v in values) for key, values in request.GET.lists())


def parse_id(value: str | None) -> int | None:
    """A positive integer id from a query parameter, or ``None`` when it is not one that any
    row could have (letters, signs, more digits than a 64-bit integer holds)."""
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


class HostileInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            logger.warning(
                "Refused a request with a NUL byte: %s", request.path.replace(NUL, "%00")
            )
            message = _("La solicitud contiene caracteres no permitidos.")
            if request.path_info.startswith(API_PREFIX):
                return JsonResponse({"detail": message, "errors": {}}, status=400)
            raise BadRequest(message)
        return self.get_response(request)
