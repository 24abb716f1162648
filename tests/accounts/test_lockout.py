"""Login throttling (django-axes) and the account settings that protect passwords and sessions."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse, reverse_lazy

from cabildo.accounts.models import Role
from cabildo.audit.models import AccessAction, AccessLog
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "clave-de-prueba-123"
LOGIN = reverse_lazy("accounts:login")


def _fail(client, email="ana@a.test", ip="192.0.2.10"):
    return client.post(LOGIN, {"username": email, "password": "equivocada-1"}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_from_that_address(client, entity):
    user = UserFactory(email="ana@a.test")
    MembershipFactory(user=user, entity=entity, role=Role.VIEWER)
    for _ in range(4):
        assert _fail(client).status_code == 200
    locked = _fail(client)
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "Ingreso bloqueado temporalmente" in body and "30 minutos" in body
    # Even the right password is refused while locked; nothing logs the user in.
    right = client.post(
        LOGIN, {"username": "ANA@a.test ", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10"
    )
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    # The lockout and every attempt refused while locked are logged.
    lockouts = AccessLog.objects.filter(action=AccessAction.LOCKOUT).order_by("id")
    assert lockouts.count() == 2
    lockout = lockouts.first()
    assert lockout.user == user and lockout.entity == entity and lockout.ip == "192.0.2.10"


def test_lockout_is_per_account_and_address(client, entity):
    UserFactory(email="ana@a.test")
    UserFactory(email="beto@a.test")
    for _ in range(5):
        _fail(client)
    # Another address, or another account from the same address, may still log in.
    other_ip = client.post(
        LOGIN, {"username": "ana@a.test", "password": PASSWORD}, REMOTE_ADDR="192.0.2.99"
    )
    assert other_ip.status_code == 302
    client.post(reverse("accounts:logout"))
    other_user = client.post(
        LOGIN, {"username": "beto@a.test", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10"
    )
    assert other_user.status_code == 302


def test_forwarded_header_does_not_escape_the_lock(client, entity):
    UserFactory(email="ana@a.test")
    for n in range(5):
        client.post(
            LOGIN,
            {"username": "ana@a.test", "password": "equivocada-1"},
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    right = client.post(
        LOGIN,
        {"username": "ana@a.test", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert right.status_code == 429


def test_unknown_account_lockout_belongs_to_no_entity(client, entity):
    for _ in range(5):
        _fail(client, email="nadie@a.test")
    lockout = AccessLog.objects.get(action=AccessAction.LOCKOUT)
    assert lockout.user is None and lockout.entity is None
    assert lockout.detail == "nadie@a.test"


def test_success_resets_the_count(client, entity):
    UserFactory(email="ana@a.test")
    for _ in range(4):
        _fail(client)
    ok = client.post(
        LOGIN, {"username": "ana@a.test", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10"
    )
    assert ok.status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        assert _fail(client).status_code == 200


def test_passwords_are_hashed_with_argon2_in_every_real_environment():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert base.AUTH_PASSWORD_VALIDATORS  # the test settings share them


@pytest.mark.parametrize("weak", ["corta1", "1234567890123", "password123", "persona@a.test"])
def test_password_validators_refuse_weak_passwords(weak):
    user = UserFactory.build(email="persona@a.test", full_name="Persona Prueba")
    with pytest.raises(ValidationError):
        validate_password(weak, user)


def test_sessions_are_short_and_end_with_the_browser():
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


def test_axes_counts_the_normalised_email(rf):
    from cabildo.accounts.security import axes_username

    request = rf.post(LOGIN, {"username": " Ana@A.test "})
    assert axes_username(request, None) == "ana@a.test"
    assert axes_username(request, {"username": "X@Y.test"}) == "x@y.test"
