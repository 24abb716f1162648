import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from cabildo.accounts.models import Invitation, Membership, Role, User
from cabildo.accounts.services import invitation_accept, membership_add, membership_remove
from tests.factories import AreaFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_membership_add_creates_user_and_invites_on_commit(
    entity, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = membership_add(
            entity=entity, email=" Nueva@A.test ", full_name="Nueva Persona", role=Role.VIEWER
        )
    assert membership.user.email == "nueva@a.test"
    assert not membership.user.has_usable_password()
    assert len(mail.outbox) == 1
    assert "/cuentas/recuperar/" in mail.outbox[0].body


def test_membership_add_existing_user_sends_no_invitation(
    entity, make_member, django_capture_on_commit_callbacks
):
    user = make_member(Role.VIEWER, entity)
    with django_capture_on_commit_callbacks(execute=True):
        membership_add(entity=entity, email=user.email, full_name="x", role=Role.PLANNING_OFFICE)
    assert mail.outbox == []
    assert user.memberships.count() == 2


def test_liaison_needs_area_of_same_entity(entity, other_entity):
    with pytest.raises(ValidationError):
        membership_add(entity=entity, email="e@a.test", full_name="E", role=Role.AREA_LIAISON)
    with pytest.raises(ValidationError):
        membership_add(
            entity=entity,
            email="e@a.test",
            full_name="E",
            role=Role.AREA_LIAISON,
            area=AreaFactory(entity=other_entity),
        )
    assert not User.objects.filter(email="e@a.test").exists()


def test_duplicate_role_refused(entity, make_member):
    user = make_member(Role.VIEWER, entity)
    with pytest.raises(ValidationError):
        membership_add(entity=entity, email=user.email, full_name="x", role=Role.VIEWER)


def test_last_admin_cannot_be_removed(entity, make_member):
    admin = make_member(Role.ENTITY_ADMIN, entity)
    only = admin.memberships.get()
    with pytest.raises(ValidationError):
        membership_remove(membership=only)
    make_member(Role.ENTITY_ADMIN, entity)
    membership_remove(membership=only)
    assert not Membership.objects.filter(pk=only.pk).exists()


def test_views_admin_assigns_and_removes_role(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    response = client.post(
        reverse("accounts:membership_create"),
        {"email": "p@a.test", "full_name": "P", "role": Role.INTERNAL_CONTROL},
    )
    assert response.status_code == 302
    # The role is an invitation until the person accepts it (tests/accounts/test_invitations.py).
    assert not Membership.objects.filter(user__email="p@a.test").exists()
    invitation = Invitation.objects.get(email="p@a.test")
    invitation_accept(invitation=invitation, full_name="P", password="una-clave-larga-2026")
    membership = Membership.objects.get(user__email="p@a.test")
    assert membership.history.count() == 1  # role changes are audited
    response = client.post(reverse("accounts:membership_delete", args=[membership.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_views_bad_input_saves_nothing(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    response = client.post(
        reverse("accounts:membership_create"),
        {"email": "no-es-correo", "full_name": "", "role": "emperador"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(full_name="").exists()
    assert "Revise los siguientes campos" in response.text


def test_views_liaison_without_area_shows_error(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    response = client.post(
        reverse("accounts:membership_create"),
        {"email": "l@a.test", "full_name": "L", "role": Role.AREA_LIAISON},
    )
    assert response.status_code == 200
    assert "debe tener una dependencia" in response.text
    assert not User.objects.filter(email="l@a.test").exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ENTITY_ADMIN])
def test_only_admins_manage_memberships(staff_client, role):
    client = staff_client(role)
    assert client.get(reverse("accounts:membership_list")).status_code == 403
    assert client.get(reverse("accounts:membership_create")).status_code == 403


def test_membership_of_other_entity_is_404(staff_client, other_entity):
    client = staff_client(Role.ENTITY_ADMIN)
    foreign = MembershipFactory(entity=other_entity)
    assert client.post(reverse("accounts:membership_delete", args=[foreign.pk])).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_membership_list_constant_queries(staff_client, entity, django_assert_max_num_queries):
    client = staff_client(Role.ENTITY_ADMIN)
    MembershipFactory.create_batch(5, entity=entity)
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("accounts:membership_list"))
    MembershipFactory.create_batch(45, entity=entity)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("accounts:membership_list")).status_code == 200
