"""Checks of each dependency for ``/healthz``. Only the database decides the answer (503 when
it is down): without a cache, a broker or mail the site still serves and files petitions
(cabildo.core.cache; tasks wait and mail is retried by the outbox), so those are reported,
never fatal. Their results are remembered for SECONDS per process, so a load balancer polling
``/healthz`` does not open a broker and an SMTP connection on every probe."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection

OK = "ok"
ERROR = "error"
NOT_USED = "not_used"
SECONDS = 30
PROBE_TIMEOUT = 2

_remembered: dict[str, tuple[float, str]] = {}


def database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return ERROR
    return OK


def cache() -> str:
    from cabildo.core.cache import ping

    return OK if ping() else ERROR


def broker() -> str:
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return NOT_USED
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=PROBE_TIMEOUT)
    except Exception:  # kombu raises its own and the transport's errors
        return ERROR
    return OK


def mail() -> str:
    backend = getattr(settings, "EMAIL_BACKEND", "")
    if not backend.endswith("smtp.EmailBackend"):
        return NOT_USED
    from django.core.mail import get_connection

    try:
        smtp = get_connection(timeout=PROBE_TIMEOUT, fail_silently=False)
        smtp.open()
        smtp.close()
    except Exception:  # smtplib and socket errors
        return ERROR
    return OK


def _remember(name: str, check: Callable[[], str]) -> str:
    now = time.monotonic()
    found = _remembered.get(name)
    if found is not None and now - found[0] < SECONDS:
        return found[1]
    result = check()
    _remembered[name] = (now, result)
    return result


def forget() -> None:
    _remembered.clear()


def report() -> tuple[int, dict[str, str]]:
    """``(status code, {"status": …, "database": …, "cache": …, "broker": …, "mail": …})``."""
    parts = {
        "database": database(),
        "cache": _remember("cache", cache),
        "broker": _remember("broker", broker),
        "mail": _remember("mail", mail),
    }
    if parts["database"] != OK:
        return 503, {"status": ERROR, **parts}
    degraded = any(value == ERROR for value in parts.values())
    return 200, {"status": "degraded" if degraded else OK, **parts}
