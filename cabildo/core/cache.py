"""A Redis cache that degrades instead of breaking (``settings.CACHES`` in production).

Redis is an accelerator: the page cache, the entity memo, sessions (``cached_db``) and the
form throttles all read it, so a Redis outage used to answer 500 everywhere. With this
backend every Redis error is a cache miss (reads give the default, writes do nothing, ``add``
and ``touch`` say ``False``, ``incr`` says the key is missing) and is logged at most once a
minute per process. Sessions then come from the database and throttles fail open (their
counters are empty while Redis is away). Short socket timeouts (``OPTIONS``) keep a Redis that
does not answer from holding requests.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("cabildo.cache")

LOG_EVERY_SECONDS = 60
_last_logged = 0.0


def _failed(operation: str, exc: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = now
        logger.warning(
            "Cache unavailable (%s: %s): serving without it (cache misses, sessions from the "
            "database, form limits open). Logged at most once a minute.",
            operation,
            exc,
        )


def reset_log() -> None:
    global _last_logged
    _last_logged = 0.0


class ResilientRedisCacheClient(RedisCacheClient):
    def add(self, key: Any, value: Any, timeout: Any) -> bool:
        try:
            return bool(super().add(key, value, timeout))
        except RedisError as exc:
            _failed("add", exc)
            return False

    def get(self, key: Any, default: Any) -> Any:
        try:
            return super().get(key, default)
        except RedisError as exc:
            _failed("get", exc)
            return default

    def set(self, key: Any, value: Any, timeout: Any) -> None:
        try:
            super().set(key, value, timeout)
        except RedisError as exc:
            _failed("set", exc)

    def touch(self, key: Any, timeout: Any) -> bool:
        try:
            return bool(super().touch(key, timeout))
        except RedisError as exc:
            _failed("touch", exc)
            return False

    def delete(self, key: Any) -> bool:
        try:
            return bool(super().delete(key))
        except RedisError as exc:
            _failed("delete", exc)
            return False

    def get_many(self, keys: Any) -> dict[Any, Any]:
        try:
            return super().get_many(keys)
        except RedisError as exc:
            _failed("get_many", exc)
            return {}

    def has_key(self, key: Any) -> bool:
        try:
            return bool(super().has_key(key))
        except RedisError as exc:
            _failed("has_key", exc)
            return False

    def incr(self, key: Any, delta: int) -> Any:
        try:
            return super().incr(key, delta)
        except RedisError as exc:
            _failed("incr", exc)
            raise ValueError(f"Key {key!r} not found (cache unavailable).") from exc

    def set_many(self, data: Mapping[Any, Any], timeout: Any) -> None:
        try:
            super().set_many(data, timeout)
        except RedisError as exc:
            _failed("set_many", exc)

    def delete_many(self, keys: Any) -> None:
        try:
            super().delete_many(keys)
        except RedisError as exc:
            _failed("delete_many", exc)

    def clear(self) -> bool:
        try:
            return bool(super().clear())
        except RedisError as exc:
            _failed("clear", exc)
            return False


class ResilientRedisCache(RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient


def ping() -> bool:
    """Whether the default cache answers (for ``/healthz``), without the fallback."""
    from django.core.cache import cache

    backend = getattr(cache, "_cache", None)
    if isinstance(backend, RedisCacheClient):
        try:
            return bool(backend.get_client(write=True).ping())
        except RedisError:
            return False
    return True
