"""A Redis outage costs speed, never the site (issue 21): with the production cache backend
pointed at a closed port and sessions from ``cached_db``, the public pages, the PQRSD form,
the login page and the API intake keep working; the outage is logged once."""

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from cabildo.core import cache as resilient
from cabildo.pqrs.models import Petition

pytestmark = pytest.mark.django_db

CLOSED = "redis://127.0.0.1:9/0"  # the discard port: nothing listens


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "cabildo.core.cache.ResilientRedisCache",
            "LOCATION": CLOSED,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PUBLIC_FORM_RATE_LIMITS = {"default": "5/600", "pqrs": "5/600"}
    resilient.reset_log()
    yield
    resilient.reset_log()


def test_the_cache_misses_instead_of_failing(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="cabildo.cache"):
        assert cache.get("x", "missing") == "missing"
        cache.set("x", 1)
        assert cache.add("x", 1) is False
        assert cache.get_many(["x", "y"]) == {}
        with pytest.raises(ValueError):
            cache.incr("x")
        cache.delete("x")
    warnings = [r for r in caplog.records if r.name == "cabildo.cache"]
    assert len(warnings) == 1  # logged once, not once per call
    assert "Cache unavailable" in warnings[0].getMessage()


@pytest.mark.parametrize(
    "url_name", ["core:home", "portal:participa", "pqrs:file", "accounts:login"]
)
def test_pages_keep_working(redis_down, client, entity, url_name):
    from tests.pqrs.factories import PetitionKindFactory

    PetitionKindFactory(entity=entity)
    client.entity = entity
    response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_api_intake_keeps_working_and_the_throttle_fails_open(redis_down, client, entity):
    from rest_framework.test import APIClient

    from tests.pqrs.factories import PetitionKindFactory

    kind = PetitionKindFactory(entity=entity)
    api = APIClient()
    for n in range(7):  # more than the limit of 5: no counter while Redis is away
        response = api.post(
            f"/api/v1/pqrs/?entidad={entity.slug}",
            {
                "kind": kind.code,
                "subject": f"Solicitud {n}",
                "description": "Información del subsidio.",
                "anonymous": True,
            },
            format="json",
        )
        assert response.status_code == 201, response.content
    assert Petition.objects.filter(entity=entity).count() == 7


def test_staff_login_session_lives_in_the_database(redis_down, client, entity, make_member):
    from cabildo.accounts.models import Role

    user = make_member(Role.PARTICIPATION_LEAD, entity)
    client.force_login(user)
    client.entity = entity
    response = client.get(reverse("accounts:desk"))
    assert response.status_code == 200
