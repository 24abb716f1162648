import datetime

import factory

from cabildo.stakeholders.models import StakeholderGroup, StakeholderType, Zone
from tests.factories import EntityFactory


class StakeholderTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderType
        django_get_or_create = ("entity", "name")

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Tipo {n}")


class StakeholderGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderGroup

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Grupo de valor {n}")
    type = factory.SubFactory(StakeholderTypeFactory, entity=factory.SelfAttribute("..entity"))
    zone = Zone.URBAN
    interest_topics = ["participacion"]
    organisation_contact = factory.Sequence(lambda n: f"contacto{n}@org.test")
    characterized_on = datetime.date(2025, 6, 1)
