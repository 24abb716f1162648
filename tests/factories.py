"""factory-boy factories shared by every app's tests."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from cabildo.accounts.models import Invitation, Membership, Role, User
from cabildo.core.models import Area, AreaKind, Entity, EntityKind


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Municipio de Prueba {n}")
    short_name = factory.Sequence(lambda n: f"Prueba {n}")
    slug = factory.Sequence(lambda n: f"prueba-{n}")
    nit = factory.Sequence(lambda n: f"900.{n % 1000:03d}.{(n // 1000) % 1000:03d}-{n % 10}")
    kind = EntityKind.MAYORALTY
    divipola_department = "05"
    divipola_municipality = "05360"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Secretaría {n}")
    kind = AreaKind.MISSION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"usuario{n}@prueba.test")
    full_name = factory.Sequence(lambda n: f"Funcionaria {n}")
    password = factory.PostGenerationMethodCall("set_password", "clave-de-prueba-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation (what an entity admin typed), valid for a week."""

    class Meta:
        model = Invitation

    entity = factory.SubFactory(EntityFactory)
    email = factory.Sequence(lambda n: f"invitada{n}@example.com")
    full_name = "Persona Invitada"
    role = Role.VIEWER
    nonce = factory.Sequence(lambda n: f"{n:032x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    entity = factory.SubFactory(EntityFactory)
    role = Role.VIEWER
    area = None
