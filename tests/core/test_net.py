"""The client's address behind the trusted proxies (cabildo.core.net)."""

import pytest
from django.test import RequestFactory, override_settings

from cabildo.core.net import client_ip, client_key

rf = RequestFactory()

BEHIND_NGINX = {"CABILDO_PROXY_COUNT": 1, "CABILDO_TRUSTED_PROXIES": ["127.0.0.1/32", "::1/128"]}


def ip_of(**meta):
    return client_ip(rf.get("/", **meta))


def test_without_proxies_the_peer_is_the_client_and_headers_are_ignored():
    assert ip_of(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1") == "203.0.113.5"


@override_settings(**BEHIND_NGINX)
@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.5", "203.0.113.5"),  # nginx sets the header to $remote_addr
        ("1.2.3.4, 203.0.113.5", "203.0.113.5"),  # $proxy_add_x_forwarded_for: spoof on the left
        ("10.20.30.40", "10.20.30.40"),  # a private client address is still the client
        ("2001:db8::7", "2001:db8::7"),
        ("[2001:db8::7]:5555", "2001:db8::7"),
    ],
)
def test_behind_nginx_the_client_is_the_nearest_hop_of_the_chain(forwarded, expected):
    assert ip_of(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded) == expected


@override_settings(**BEHIND_NGINX)
def test_a_header_from_an_untrusted_peer_is_ignored():
    assert ip_of(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1") == "203.0.113.9"


@override_settings(**BEHIND_NGINX)
def test_the_proxy_itself_without_header_is_its_own_client():
    assert ip_of(REMOTE_ADDR="127.0.0.1") == "127.0.0.1"


@override_settings(CABILDO_PROXY_COUNT=2, CABILDO_TRUSTED_PROXIES=["127.0.0.1/32"])
def test_two_proxies_skip_the_load_balancer_hop():
    forwarded = "6.6.6.6, 203.0.113.5, 10.0.0.2"  # spoof, client (seen by the LB), LB
    assert ip_of(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded) == "203.0.113.5"


@override_settings(**BEHIND_NGINX)
@pytest.mark.parametrize("bad", ["", "not-an-ip", "\x00", "999.1.1.1"])
def test_garbage_never_raises(bad):
    assert ip_of(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=bad) in (None, "127.0.0.1")
    assert ip_of(REMOTE_ADDR=bad) is None
    assert client_key(rf.get("/", REMOTE_ADDR=bad)) == "unknown"


def test_no_request():
    assert client_ip(None) is None


@pytest.mark.django_db
@override_settings(**BEHIND_NGINX)
def test_consent_audit_and_throttle_use_the_forwarded_address(entity):
    from cabildo.audit.models import AccessAction
    from cabildo.audit.services import access_record
    from cabildo.core.throttle import client_key as throttle_key
    from cabildo.privacy.services import consent_record

    request = rf.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.77")
    consent = consent_record(
        entity=entity,
        purpose="pqrs",
        text="Autorizo el tratamiento.",
        channel="web",
        request=request,
    )
    row = access_record(request=request, action=AccessAction.values[0], entity=entity)
    assert consent.ip_address == "203.0.113.77"
    assert row.ip == "203.0.113.77"
    assert throttle_key(request) == "203.0.113.77"


@pytest.mark.django_db
@override_settings(**BEHIND_NGINX)
def test_an_attacker_behind_nginx_does_not_lock_the_official_out(client, entity):
    from django.urls import reverse

    from tests.factories import UserFactory

    UserFactory(email="ana@a.test")
    login = f"/{entity.slug}{reverse('accounts:login')}"
    via_nginx = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(6):
        client.post(
            login,
            {"username": "ana@a.test", "password": "equivocada-1"},
            HTTP_X_FORWARDED_FOR="198.51.100.66",
            **via_nginx,
        )
    attacker = client.post(
        login,
        {"username": "ana@a.test", "password": "clave-de-prueba-123"},
        HTTP_X_FORWARDED_FOR="198.51.100.66",
        **via_nginx,
    )
    official = client.post(
        login,
        {"username": "ana@a.test", "password": "clave-de-prueba-123"},
        HTTP_X_FORWARDED_FOR="203.0.113.10",
        **via_nginx,
    )
    assert attacker.status_code == 429
    assert official.status_code == 302
