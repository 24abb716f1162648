"""A clear 503 page when the database is down, instead of a generic 500.

``handler500`` (``config/urls.py``) calls :func:`server_error`: when the exception being
handled is a database connection error (PostgreSQL restarting, the network to it cut), the
answer is 503 "Servicio no disponible" with ``Retry-After``, rendered without any query;
every other error keeps the project's 500 page. Django closes the broken connection at the end
of the request and ``CONN_HEALTH_CHECKS`` checks reused connections, so the next request after
the database comes back succeeds by itself.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import Context, Engine, Template

RETRY_AFTER_SECONDS = 30
TEMPLATE = Path(__file__).with_name("templates") / "503.html"


def database_is_down(exc: BaseException | None) -> bool:
    """``exc`` or one of its causes is a database connection error."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, (OperationalError, InterfaceError)):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


@cache
def _template() -> Template:
    return Engine.get_default().from_string(TEMPLATE.read_text(encoding="utf-8"))


def unavailable(request: HttpRequest) -> HttpResponse:
    html = _template().render(Context({"request": request, "retry_after": RETRY_AFTER_SECONDS}))
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    if database_is_down(sys.exc_info()[1]):
        return unavailable(request)
    from cabildo.core.views import error_500

    return error_500(request)
