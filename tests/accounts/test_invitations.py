"""Entity admins invite people to a role (issue 21): an email through the outbox with a signed,
expiring, single-use link; a new person sets a name and password, an existing account accepts
while signed in; bad, expired and reused links say so and change nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts import services
from cabildo.accounts.models import Invitation, Membership, Role, User
from cabildo.audit.models import AccessAction, AccessLog
from cabildo.outbox.models import OutboundEmail

pytestmark = pytest.mark.django_db

PASSWORD = "una-clave-larga-2026"


def _invite(client, email="nueva@example.com", role=Role.VIEWER, **extra):
    data = {"email": email, "full_name": "Nueva Funcionaria", "role": role, **extra}
    return client.post(reverse("accounts:membership_create"), data)


def _link(entity) -> str:
    body = mail.outbox[-1].body
    return re.search(r"https?://\S+/cuentas/invitacion/\S+/", body).group(0)


def _path(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def _accept_new(client, path, **extra):
    data = {"full_name": "Ana Pérez", "password1": PASSWORD, "password2": PASSWORD, **extra}
    return client.post(path, data)


@pytest.fixture
def admin(staff_client):
    return staff_client(Role.ENTITY_ADMIN)


def test_an_admin_invites_and_a_new_person_accepts(
    admin, entity, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(admin)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.invited_by == admin.user and invitation.accepted_at is None
    assert not User.objects.filter(email="nueva@example.com").exists()  # nothing until accepted
    assert OutboundEmail.objects.filter(to="nueva@example.com").count() == 1
    assert "vence en 7 días" in mail.outbox[-1].body
    listing = admin.get(reverse("accounts:membership_list")).content.decode()
    assert "Invitaciones pendientes" in listing and "nueva@example.com" in listing

    path = _path(_link(entity))
    admin.logout()
    page = client.get(path)
    assert page.status_code == 200 and "Consulta" in page.content.decode()
    response = _accept_new(client, path)
    assert response.status_code == 302 and response["Location"].endswith("/cuentas/ingresar/")
    user = User.objects.get(email="nueva@example.com")
    assert user.full_name == "Ana Pérez" and user.check_password(PASSWORD)
    assert Membership.objects.filter(user=user, entity=entity, role=Role.VIEWER).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    assert AccessLog.objects.filter(action=AccessAction.ROLE_CHANGE, user=user).exists()

    reused = client.get(path)
    assert reused.status_code == 410 and "ya fue aceptada" in reused.content.decode()
    again = _accept_new(client, path, full_name="Otra")
    assert again.status_code == 410
    assert User.objects.get(email="nueva@example.com").full_name == "Ana Pérez"


def test_bad_passwords_create_nothing(admin, entity, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(admin)
    path = _path(_link(entity))
    admin.logout()
    mismatch = _accept_new(client, path, password2="otra-clave-distinta-1")
    assert mismatch.status_code == 400 and "no coinciden" in mismatch.content.decode()
    weak = _accept_new(client, path, password1="123", password2="123")
    assert weak.status_code == 400
    assert not User.objects.filter(email="nueva@example.com").exists()
    assert Invitation.objects.get().accepted_at is None


# The signed token is made inside the test: built at collection time it carries a timestamp,
# and pytest-xdist's workers would collect different test ids.
@pytest.mark.parametrize("token", ["x", "no-es-un-token", "a" * 300, "signed-with-another-salt"])
def test_bad_links_say_so(client, entity, token):
    if token == "signed-with-another-salt":
        token = signing.dumps({"i": 999999, "n": "x"}, salt="otra")
    client.entity = entity
    response = client.get(reverse("accounts:invitation_accept", args=[token]))
    assert response.status_code == 404
    assert "no es válido" in response.content.decode()
    assert client.post(reverse("accounts:invitation_accept", args=[token]), {}).status_code == 404


def test_a_forged_nonce_or_another_entity_is_invalid(client, entity, other_entity, make_member):
    inviter = make_member(Role.ENTITY_ADMIN, entity)
    invitation = services.invitation_create(
        entity=entity, email="p@example.com", full_name="P", role=Role.VIEWER, invited_by=inviter
    )
    forged = signing.dumps({"i": invitation.pk, "n": "0" * 32}, salt="cabildo.accounts.invitation")
    client.entity = entity
    assert client.get(reverse("accounts:invitation_accept", args=[forged])).status_code == 404
    token = services.invitation_token(invitation)
    client.entity = other_entity
    assert client.get(reverse("accounts:invitation_accept", args=[token])).status_code == 404
    client.entity = entity
    assert client.get(reverse("accounts:invitation_accept", args=[token])).status_code == 200


def test_expired_links_say_so(client, entity, make_member, monkeypatch):
    invitation = services.invitation_create(
        entity=entity, email="p@example.com", full_name="P", role=Role.VIEWER
    )
    token = services.invitation_token(invitation)
    client.entity = entity
    url = reverse("accounts:invitation_accept", args=[token])
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(url)
    assert response.status_code == 410 and "venció" in response.content.decode()
    # The signature itself expires too (a row whose date was moved cannot revive a link).
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() + timedelta(days=30)
    )
    later = timezone.now().timestamp() + 8 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert client.get(url).status_code == 410
    assert not User.objects.filter(email="p@example.com").exists()


def test_an_existing_account_accepts_while_signed_in(client, entity, other_entity, make_member):
    person = make_member(Role.VIEWER, other_entity)  # has an account in another entity
    invitation = services.invitation_create(
        entity=entity, email=person.email.upper(), full_name="Como la escribió el admin",
        role=Role.PLANNING_OFFICE,
    )  # fmt: skip
    url = reverse("accounts:invitation_accept", args=[services.invitation_token(invitation)])
    client.entity = entity
    page = client.get(url).content.decode()
    assert "Ingresar para aceptar" in page and 'name="password1"' not in page
    # Not signed in: sent to the login page, nothing given.
    response = client.post(url, {"full_name": "x", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and "/cuentas/ingresar/" in response["Location"]
    assert not person.memberships.filter(entity=entity).exists()
    # Signed in as somebody else: refused.
    other = make_member(Role.VIEWER, entity)
    client.force_login(other)
    assert "otra cuenta" in client.get(url).content.decode()
    client.post(url)
    assert not person.memberships.filter(entity=entity).exists()
    assert not other.memberships.filter(role=Role.PLANNING_OFFICE).exists()
    # Signed in as the invited account: accepted, the account's own name kept.
    client.force_login(person)
    assert client.post(url).status_code == 302
    assert person.memberships.filter(entity=entity, role=Role.PLANNING_OFFICE).exists()
    person.refresh_from_db()
    assert person.full_name != "Como la escribió el admin"
    assert client.post(url).status_code == 410


def test_only_admins_invite_and_bad_input_sends_nothing(staff_client, entity, area):
    lead = staff_client(Role.PARTICIPATION_LEAD)
    assert _invite(lead).status_code == 403
    admin = staff_client(Role.ENTITY_ADMIN)
    assert _invite(admin, email="no-es-correo").status_code == 200
    assert _invite(admin, role="superusuario").status_code == 200
    assert _invite(admin, role=Role.AREA_LIAISON).status_code == 200  # no area
    assert not Invitation.objects.exists() and not OutboundEmail.objects.exists()
    assert _invite(admin, role=Role.AREA_LIAISON, area=area.pk).status_code == 302
    assert Invitation.objects.get().area == area


def test_an_existing_role_is_not_invited_again(staff_client, entity):
    admin = staff_client(Role.ENTITY_ADMIN)
    response = _invite(admin, email=admin.user.email, role=Role.ENTITY_ADMIN)
    assert response.status_code == 200 and "ya tiene ese rol" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_admin_sends_an_invitation_again_and_the_old_link_stops_working(
    admin, entity, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(admin)
    first = _path(_link(entity))
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(  # expired: still listed, can be resent
        expires_at=timezone.now() - timedelta(days=1)
    )
    listing = admin.get(reverse("accounts:membership_list")).content.decode()
    assert "nueva@example.com" in listing and "vencida" in listing
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("accounts:invitation_resend", args=[invitation.pk]))
    assert response.status_code == 302
    assert OutboundEmail.objects.filter(to="nueva@example.com").count() == 2
    second = _path(_link(entity))
    assert second != first
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + timedelta(days=6)
    assert AccessLog.objects.filter(detail__startswith="Invitación reenviada").count() == 1
    admin.logout()
    assert client.get(first).status_code == 404  # the old link no longer works
    assert _accept_new(client, second).status_code == 302
    assert Membership.objects.filter(user__email="nueva@example.com", entity=entity).exists()


def test_an_admin_cancels_an_invitation_and_its_link_stops_working(
    admin, entity, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(admin)
    path = _path(_link(entity))
    invitation = Invitation.objects.get()
    response = admin.post(reverse("accounts:invitation_cancel", args=[invitation.pk]))
    assert response.status_code == 302
    assert not Invitation.objects.exists()
    assert AccessLog.objects.filter(detail__startswith="Invitación cancelada").count() == 1
    listing = admin.get(reverse("accounts:membership_list")).content.decode()
    assert (
        "<td>nueva@example.com</td>" not in listing and "No hay invitaciones pendientes" in listing
    )
    admin.logout()
    assert client.get(path).status_code == 404
    assert _accept_new(client, path).status_code == 404
    assert not User.objects.filter(email="nueva@example.com").exists()


def test_an_accepted_invitation_is_neither_resent_nor_cancelled(staff_client, entity, make_member):
    admin = staff_client(Role.ENTITY_ADMIN)
    invitation = services.invitation_create(
        entity=entity, email="p@example.com", full_name="P", role=Role.VIEWER
    )
    services.invitation_accept(invitation=invitation, full_name="P", password=PASSWORD)
    for name in ("accounts:invitation_resend", "accounts:invitation_cancel"):
        response = admin.post(reverse(name, args=[invitation.pk]), follow=True)
        assert "ya fue aceptada" in response.content.decode()
    assert Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=False).exists()
    assert OutboundEmail.objects.filter(to="p@example.com").count() == 1


def test_only_admins_of_the_entity_resend_or_cancel(staff_client, entity, other_entity):
    invitation = services.invitation_create(
        entity=entity, email="p@example.com", full_name="P", role=Role.VIEWER
    )
    lead = staff_client(Role.PARTICIPATION_LEAD)
    for name in ("accounts:invitation_resend", "accounts:invitation_cancel"):
        assert lead.post(reverse(name, args=[invitation.pk])).status_code == 403
    other_admin = staff_client(Role.ENTITY_ADMIN, entity=other_entity)
    for name in ("accounts:invitation_resend", "accounts:invitation_cancel"):
        assert other_admin.post(reverse(name, args=[invitation.pk])).status_code in {403, 404}
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert OutboundEmail.objects.filter(to="p@example.com").count() == 1
