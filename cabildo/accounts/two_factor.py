"""Two-factor authentication (TOTP with django-otp, plus single-use backup codes).

Who must use it: members with a role in ``REQUIRED_ROLES`` in any entity, and superusers
(the technical admin sees everything), when ``settings.CABILDO_REQUIRE_2FA`` is on (the
default; off in development and tests, where tests turn it on to prove enforcement). Anyone
who set up a device must use it, whatever the setting.

The state is decided once, when the password is accepted (``user_logged_in``), and kept in
the session, so pages cost no extra query:

- ``"none"``: nothing more to do (no device, not required);
- ``"verify"``: the user has a device and must type a code;
- ``"setup"``: the user must set up a device before using any page;
- ``"done"``: the second factor was checked in this session.

A role granted during a session applies from the next login.
"""

from __future__ import annotations

import base64

import django_otp
import segno
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cabildo.accounts.models import Membership, Role, User

SESSION_KEY = "cabildo_2fa"
NONE, VERIFY, SETUP, DONE = "none", "verify", "setup", "done"
PENDING = frozenset({VERIFY, SETUP})

REQUIRED_ROLES = frozenset({Role.ENTITY_ADMIN, Role.PARTICIPATION_LEAD, Role.INTERNAL_CONTROL})
BACKUP_CODE_COUNT = 10
DEVICE_NAME = "Cabildo"


def is_required(user: User | AnonymousUser) -> bool:
    """Whether the user must use a second factor (the setting on and a sensitive role)."""
    if isinstance(user, AnonymousUser) or not getattr(settings, "CABILDO_REQUIRE_2FA", True):
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role__in=REQUIRED_ROLES).exists()


def totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_device(user: User | AnonymousUser) -> bool:
    if isinstance(user, AnonymousUser):
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def state_after_password(user: User | AnonymousUser) -> str:
    if has_device(user):
        return VERIFY
    return SETUP if is_required(user) else NONE


def session_state(request: HttpRequest) -> str:
    """The session's state; computed (and stored) for sessions opened before it existed."""
    state = request.session.get(SESSION_KEY)
    if state is None:
        state = state_after_password(request.user)
        request.session[SESSION_KEY] = state
    return state


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device shown on the setup page (same secret until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps expect it when typed by hand."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_data_uri(device: TOTPDevice) -> str:
    """The QR code of the ``otpauth://`` URI as an SVG ``data:`` URI (for an ``<img>``)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def _new_backup_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="Códigos de respaldo", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def verify_code(*, user: User, code: str) -> Device | None:
    """The device that accepts ``code`` (an authenticator code or an unused backup code)."""
    code = "".join(code.split())
    if not code:
        return None
    device = totp_device(user)
    if device is not None and device.verify_token(code):  # throttled after failures
        return device
    for static in StaticDevice.objects.filter(user=user, confirmed=True):
        if static.verify_token(code.lower()):  # consumes the code
            return static
    return None


def mark_verified(request: HttpRequest, device: Device) -> None:
    django_otp.login(request, device)
    request.session[SESSION_KEY] = DONE
    request.session.cycle_key()


@transaction.atomic
def confirm_device(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the pending device with a code from the app; returns new backup codes."""
    if device.user_id != user.pk or device.confirmed:
        return None
    if not device.verify_token("".join(code.split())):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return _new_backup_codes(user)


@transaction.atomic
def remove_devices(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def regenerate_backup_codes(*, user: User) -> list[str]:
    with transaction.atomic():
        return _new_backup_codes(user)
