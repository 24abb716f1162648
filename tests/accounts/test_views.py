import pytest
from django.core import mail
from django.urls import reverse

from cabildo.accounts.models import Role
from tests.factories import EntityFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "clave-de-prueba-123"


def test_login_with_email_lands_on_desk(client, entity):
    user = UserFactory(email="lider@a.test")
    MembershipFactory(user=user, entity=entity, role=Role.PARTICIPATION_LEAD)
    response = client.post(
        reverse("accounts:login"), {"username": "LIDER@a.test", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:desk")
    assert "Líder de participación" in response.text


def test_login_bad_password_shows_spanish_error(client, entity):
    UserFactory(email="lider@a.test")
    response = client.post(
        reverse("accounts:login"), {"username": "lider@a.test", "password": "mala"}
    )
    assert response.status_code == 200
    assert "El correo o la contraseña no son correctos" in response.text
    assert "_auth_user_id" not in client.session


def test_login_lands_on_an_entity_where_the_user_has_a_role(raw_client, entity, other_entity):
    user = UserFactory(email="b@b.test")
    MembershipFactory(user=user, entity=other_entity, role=Role.VIEWER)
    response = raw_client.post(
        f"/{entity.slug}/cuentas/ingresar/", {"username": "b@b.test", "password": PASSWORD}
    )
    assert response["Location"] == f"/{other_entity.slug}/cuentas/escritorio/"
    desk = raw_client.get(response["Location"])
    assert desk.context["entity"] == other_entity and desk.context["is_member"]
    # With ?next=, the official goes where they asked (the URL names the entity).
    raw_client.logout()
    asked = raw_client.post(
        f"/{entity.slug}/cuentas/ingresar/?next=/{entity.slug}/participa/",
        {"username": "b@b.test", "password": PASSWORD},
    )
    assert asked["Location"] == f"/{entity.slug}/participa/"


def test_desk_requires_login(client, entity):
    response = client.get(reverse("accounts:desk"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_desk_for_user_without_role_in_current_entity(client, entity, other_entity):
    user = UserFactory()
    MembershipFactory(user=user, entity=other_entity, role=Role.VIEWER)
    client.force_login(user)
    response = client.get(reverse("accounts:desk") + "?entidad=" + entity.slug)
    assert response.status_code == 200
    assert not response.context["is_member"]
    assert other_entity in response.context["other_entities"]


def test_password_reset_does_not_reveal_whether_email_exists(client, entity):
    UserFactory(email="existe@a.test")
    known = client.post(reverse("accounts:password_reset"), {"email": "existe@a.test"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nadie@a.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["existe@a.test"]
    assert "/cuentas/recuperar/" in mail.outbox[0].body


def test_password_reset_rejects_malformed_email(client, entity):
    response = client.post(reverse("accounts:password_reset"), {"email": "no-es-correo"})
    assert response.status_code == 200
    assert len(mail.outbox) == 0


def test_logout_requires_post_and_logs_out(client, entity):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_demo_logins_command_lists_users(db, capsys):
    from django.core.management import call_command

    EntityFactory(slug="itagui", name="Municipio de Itagüí")
    call_command("demo_logins")
    out = capsys.readouterr().out
    assert "admin@itagui.test" in out and "consulta@itagui.test" in out
