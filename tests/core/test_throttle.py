"""The per-address counters (``cabildo.core.throttle``, django-ratelimit on the cache's atomic
``incr``): concurrent submissions never exceed the limit, refused ones give their place back,
windows end, and the counters fail open without a cache."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

from cabildo.core import throttle

REDIS = "redis://127.0.0.1:6379/0"


def _redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def real_redis(settings):
    """The real Redis at 127.0.0.1:6379 with a key prefix of this test only."""
    if not _redis_available():
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    prefix = f"cabildo-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "cabildo.core.cache.ResilientRedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    import redis

    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@override_settings(PUBLIC_FORM_RATE_LIMITS={"default": "5/600"})
def test_concurrent_submissions_never_exceed_the_limit(real_redis):
    """30 threads submit at once from one address; each holds its place while it is being
    processed. Exactly 5 are accepted (the old read-then-write counter accepted 6–7)."""
    accepted: list[int] = []
    refused: list[int] = []
    start = threading.Barrier(30)
    lock = threading.Lock()

    def submit(n: int) -> None:
        start.wait()
        slot = throttle.reserve("form", "198.51.100.7")
        if slot.over:
            slot.release()
            with lock:
                refused.append(n)
            return
        time.sleep(0.05)  # processing the submission
        with lock:
            accepted.append(n)

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(accepted) == 5 and len(refused) == 25
    # Every refusal gave its place back: the window holds the 5 accepted, no more.
    assert throttle.peek("form", "198.51.100.7").count == 5
    assert throttle.peek("form", "198.51.100.8").count == 0  # another address


@override_settings(PUBLIC_FORM_RATE_LIMITS={"default": "3/600"})
def test_concurrent_refused_submissions_do_not_use_up_the_limit(real_redis):
    """Submissions that fail validation give their place back even when they race."""
    start = threading.Barrier(20)

    def submit_invalid() -> None:
        start.wait()
        slot = throttle.reserve("form", "198.51.100.9")
        time.sleep(0.01)
        slot.release()

    threads = [threading.Thread(target=submit_invalid) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert throttle.peek("form", "198.51.100.9").count == 0
    assert all(throttle.hit("form", "198.51.100.9") for _ in range(3))
    assert not throttle.hit("form", "198.51.100.9")


@override_settings(PUBLIC_FORM_RATE_LIMITS={"default": "3/60"})
def test_the_window_ends_and_scopes_are_separate(monkeypatch):
    caches["default"].clear()
    now = [1_000_000.0]
    monkeypatch.setattr("django_ratelimit.core.time.time", lambda: now[0])
    assert all(throttle.hit("s", "ip") for _ in range(3))
    assert not throttle.hit("s", "ip")
    wait = throttle.peek("s", "ip").wait
    assert 1 <= wait <= 60
    assert throttle.hit("other-scope", "ip")
    assert throttle.hit("s", "other-ip")
    now[0] += wait + 1  # the window of this address ended
    assert throttle.hit("s", "ip")


@override_settings(PUBLIC_FORM_RATE_LIMITS={"default": "2/600"})
def test_release_is_idempotent():
    caches["default"].clear()
    slot = throttle.reserve("s", "ip")
    assert slot.count == 1 and not slot.over
    slot.release()
    slot.release()
    assert throttle.peek("s", "ip").count == 0


@override_settings(
    PUBLIC_FORM_RATE_LIMITS={"default": "1/600"},
    CACHES={
        "default": {
            "BACKEND": "cabildo.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens: Redis is down
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    },
)
def test_without_a_working_cache_the_limits_fail_open():
    for _ in range(5):
        slot = throttle.reserve("s", "ip")
        assert slot.count == 0 and not slot.over
        slot.release()
    assert throttle.hit("s", "ip")


@pytest.mark.parametrize("value", ["0/60", "5/0", "abc", "-1/10"])
def test_invalid_limits_are_rejected(value):
    with pytest.raises(ValueError):
        throttle.Limit.parse(value)


def test_limit_in_django_ratelimit_notation():
    assert throttle.Limit.parse("5/600").ratelimit_rate == "5/600s"
