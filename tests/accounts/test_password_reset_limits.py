"""Password reset is limited per account and per client address (issue 21): 12 emails in a
second were possible. Past a limit the page answers the same and no email is sent."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIMITS = {"default": "10000/60", "password_reset": "2/3600", "password_reset_address": "4/3600"}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@override_settings(PUBLIC_FORM_RATE_LIMITS=LIMITS)
def test_one_account_gets_at_most_the_limit_of_emails(client, entity):
    UserFactory(email="ana@a.test")
    answers = [
        client.post(reverse("accounts:password_reset"), {"email": "ANA@a.test"}, REMOTE_ADDR=ip)
        for ip in ("192.0.2.1", "192.0.2.2", "192.0.2.3")
    ]
    assert {a.status_code for a in answers} == {302}
    assert len({a["Location"] for a in answers}) == 1  # the same answer every time
    assert len(mail.outbox) == 2


@override_settings(PUBLIC_FORM_RATE_LIMITS=LIMITS)
def test_one_address_cannot_flood_many_accounts(client, entity):
    for n in range(6):
        UserFactory(email=f"persona{n}@a.test")
    for n in range(6):
        response = client.post(
            reverse("accounts:password_reset"),
            {"email": f"persona{n}@a.test"},
            REMOTE_ADDR="198.51.100.9",
        )
        assert response.status_code == 302
    assert len(mail.outbox) == 4
    other = client.post(
        reverse("accounts:password_reset"),
        {"email": "persona5@a.test"},
        REMOTE_ADDR="198.51.100.10",
    )
    assert other.status_code == 302
    assert len(mail.outbox) == 5
