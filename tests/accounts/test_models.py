import pytest
from django.db import IntegrityError, transaction

from cabildo.accounts.models import Membership, Role, User
from tests.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_is_normalised():
    user = User.objects.create_user(email="Ana.Perez@Ejemplo.TEST", password="x", full_name="Ana")
    assert user.email == "ana.perez@ejemplo.test"
    assert User.USERNAME_FIELD == "email"


def test_liaison_membership_requires_an_area(entity):
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, entity=entity, role=Role.AREA_LIAISON)


def test_same_role_twice_without_area_is_refused(entity):
    user = UserFactory()
    Membership.objects.create(user=user, entity=entity, role=Role.VIEWER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, entity=entity, role=Role.VIEWER)


def test_liaison_of_two_areas_is_allowed(entity):
    user = UserFactory()
    for area in AreaFactory.create_batch(2, entity=entity):
        Membership.objects.create(user=user, entity=entity, role=Role.AREA_LIAISON, area=area)
    assert user.memberships.count() == 2
