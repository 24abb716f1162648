import factory

from cabildo.territories.models import Territory, TerritoryKind
from tests.factories import EntityFactory


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Comuna {n}")
    kind = TerritoryKind.COMMUNE
    parent = None
