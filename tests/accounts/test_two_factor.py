"""Two-factor authentication: setup, verification, enforcement by role, backup codes."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse, reverse_lazy
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cabildo.accounts import two_factor
from cabildo.accounts.models import Role
from cabildo.audit.models import AccessAction, AccessLog
from tests.factories import AreaFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "clave-de-prueba-123"
SETUP = reverse_lazy("accounts:two_factor_setup")
VERIFY = reverse_lazy("accounts:two_factor_verify")
DESK = reverse_lazy("accounts:desk")


def _code(device: TOTPDevice) -> str:
    return TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()


def _member(entity, role, email="persona@a.test"):
    user = UserFactory(email=email)
    area = AreaFactory(entity=entity) if role == Role.AREA_LIAISON else None
    MembershipFactory(user=user, entity=entity, role=role, area=area)
    return user


def _login(client, email="persona@a.test", next_url=""):
    data = {"username": email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def _with_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Cabildo", confirmed=True)


REQUIRE = override_settings(CABILDO_REQUIRE_2FA=True)


@REQUIRE
@pytest.mark.parametrize(
    "role", [Role.ENTITY_ADMIN, Role.PARTICIPATION_LEAD, Role.INTERNAL_CONTROL]
)
def test_sensitive_roles_must_set_up_before_any_staff_page(client, entity, role):
    _member(entity, role)
    response = _login(client)
    assert response["Location"].startswith(str(SETUP))
    # Every staff page, the desk and the API send them back to the setup.
    for url in (DESK, reverse("accounts:membership_list"), reverse("audit:access_log")):
        page = client.get(url)
        assert page.status_code == 302 and page["Location"].startswith(str(SETUP)), url
    api = client.get("/api/v1/pqrs/")
    assert api.status_code == 403
    assert api.json()["detail"].startswith("Complete la verificación")
    assert client.get(SETUP).status_code == 200


@REQUIRE
@pytest.mark.parametrize("role", [Role.AREA_LIAISON, Role.PLANNING_OFFICE, Role.VIEWER])
def test_other_roles_may_skip_it(client, entity, role):
    _member(entity, role)
    assert _login(client)["Location"] == DESK
    assert client.get(DESK).status_code == 200


def test_not_required_when_the_setting_is_off(client, entity, settings):
    settings.CABILDO_REQUIRE_2FA = False
    _member(entity, Role.ENTITY_ADMIN)
    assert _login(client)["Location"] == DESK


@REQUIRE
def test_superuser_must_set_up(client, entity):
    UserFactory(email="root@a.test", is_superuser=True, is_staff=True)
    assert _login(client, "root@a.test")["Location"].startswith(str(SETUP))
    assert client.get("/admin-tecnico/")["Location"].startswith(str(SETUP))


# django-otp delays the attempt after a failure: no delay here. (Never mix the ``settings``
# fixture with override_settings in one test: their teardowns restore each other's state.)
@override_settings(CABILDO_REQUIRE_2FA=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_setup_with_qr_secret_and_first_code_then_backup_codes(client, entity):
    user = _member(entity, Role.ENTITY_ADMIN)
    _login(client, next_url=reverse("accounts:membership_list"))
    page = client.get(str(SETUP) + "?next=" + reverse("accounts:membership_list"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["secret"] == two_factor.secret_base32(device)
    assert page.context["qr_data_uri"].startswith("data:image/svg+xml")
    assert page.context["otpauth_uri"].startswith("otpauth://totp/Cabildo")
    html = page.content.decode()
    assert page.context["secret"] in html and 'alt="Código QR' in html
    # Reloading keeps the same secret until confirmed.
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=user).count() == 1

    wrong = client.post(SETUP, {"code": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "El código no es válido" in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(DESK).status_code == 302

    done = client.post(SETUP, {"code": _code(device), "next": reverse("accounts:membership_list")})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    assert done.context["next"] == reverse("accounts:membership_list")
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("accounts:membership_list")).status_code == 200
    assert AccessLog.objects.filter(action=AccessAction.TWO_FACTOR_ENABLED, user=user).exists()


def test_user_with_device_must_verify_even_when_not_required(client, entity, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = _member(entity, Role.VIEWER)
    device = _with_device(user)
    response = _login(client, next_url=reverse("accounts:two_factor"))
    assert response["Location"].startswith(str(VERIFY))
    assert client.get(DESK)["Location"].startswith(str(VERIFY))
    # The setup page cannot be used to replace the device before verifying.
    assert client.get(SETUP)["Location"] == VERIFY

    bad = client.post(VERIFY, {"code": "12345x"})
    assert bad.status_code == 200 and "El código no es válido" in bad.content.decode()
    assert client.get(DESK).status_code == 302

    ok = client.post(VERIFY, {"code": _code(device), "next": reverse("accounts:two_factor")})
    assert ok["Location"] == reverse("accounts:two_factor")
    assert client.get(DESK).status_code == 200
    assert client.session[two_factor.SESSION_KEY] == two_factor.DONE


def test_verify_refuses_an_external_next(client, entity):
    user = _member(entity, Role.VIEWER)
    device = _with_device(user)
    _login(client)
    ok = client.post(VERIFY, {"code": _code(device), "next": "https://malo.example/"})
    assert ok["Location"] == DESK


def test_backup_code_works_once(client, entity):
    user = _member(entity, Role.VIEWER)
    _with_device(user)
    [code, *_rest] = two_factor.regenerate_backup_codes(user=user)
    _login(client)
    assert client.post(VERIFY, {"code": code})["Location"] == DESK
    assert not StaticToken.objects.filter(token=code).exists()
    client.post(reverse("accounts:logout"))
    _login(client)
    again = client.post(VERIFY, {"code": code})
    assert again.status_code == 200
    assert client.get(DESK).status_code == 302


def test_verify_page_without_pending_step_redirects(client, entity):
    user = _member(entity, Role.VIEWER)
    client.force_login(user)
    assert client.get(VERIFY)["Location"] == DESK
    client.logout()
    assert client.get(VERIFY)["Location"].startswith(reverse("accounts:login"))


def test_optional_user_can_disable_and_renew_codes(client, entity):
    user = _member(entity, Role.VIEWER)
    _with_device(user)
    old = two_factor.regenerate_backup_codes(user=user)
    client.force_login(user)
    session = client.session
    session[two_factor.SESSION_KEY] = two_factor.DONE
    session.save()
    renewed = client.post(reverse("accounts:two_factor"), {"accion": "codigos"})
    assert renewed.status_code == 200
    assert set(renewed.context["codes"]).isdisjoint(old)
    assert StaticToken.objects.filter(device__user=user).count() == 10
    response = client.post(reverse("accounts:two_factor"), {"accion": "desactivar"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert AccessLog.objects.filter(action=AccessAction.TWO_FACTOR_DISABLED, user=user).exists()


@REQUIRE
def test_required_user_cannot_disable(client, entity):
    user = _member(entity, Role.INTERNAL_CONTROL)
    device = _with_device(user)
    _login(client)
    client.post(VERIFY, {"code": _code(device)})
    response = client.post(reverse("accounts:two_factor"), {"accion": "desactivar"}, follow=True)
    assert "no puede desactivarla" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()
    bad = client.post(reverse("accounts:two_factor"), {"accion": "borrar-todo"}, follow=True)
    assert "no es válida" in bad.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()


def test_two_factor_page_states(client, entity):
    user = _member(entity, Role.VIEWER)
    client.force_login(user)
    page = client.get(reverse("accounts:two_factor"))
    assert not page.context["has_device"]
    assert "inactiva" in page.content.decode()


@REQUIRE
def test_force_login_sessions_follow_the_same_rule(client, entity):
    """Tests log in with force_login: the state is decided by the same login signal."""
    user = _member(entity, Role.ENTITY_ADMIN)
    client.force_login(user)
    assert client.session[two_factor.SESSION_KEY] == two_factor.SETUP
    assert client.get(DESK)["Location"].startswith(str(SETUP))


@REQUIRE
def test_session_without_state_is_judged_on_first_request(client, entity):
    user = _member(entity, Role.ENTITY_ADMIN)
    client.force_login(user)
    session = client.session
    del session[two_factor.SESSION_KEY]
    session.save()
    assert client.get(DESK)["Location"].startswith(str(SETUP))


@REQUIRE
def test_pending_user_may_still_log_out_and_change_language(client, entity):
    _member(entity, Role.ENTITY_ADMIN)
    _login(client)
    assert client.post(reverse("set_language"), {"language": "es"}).status_code == 302
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_failed_codes_slow_down_the_next_attempt(client, entity):
    """django-otp's throttling: right after a wrong code even the right one is refused."""
    user = _member(entity, Role.VIEWER)
    device = _with_device(user)
    _login(client)
    client.post(VERIFY, {"code": "000000" if _code(device) != "000000" else "111111"})
    assert client.post(VERIFY, {"code": _code(device)}).status_code == 200
    assert client.get(DESK).status_code == 302
