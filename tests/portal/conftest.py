import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached pages and API throttle counters never leak from one test to another."""
    cache.clear()
    yield
    cache.clear()
