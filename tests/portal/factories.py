import factory

from cabildo.portal.models import AttentionChannel, ChannelKind
from tests.factories import EntityFactory


class AttentionChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttentionChannel

    entity = factory.SubFactory(EntityFactory)
    kind = ChannelKind.IN_PERSON
    name = factory.Sequence(lambda n: f"Ventanilla única {n}")
    contact = "Centro Administrativo Municipal, sótano 1"
    hours = "Lunes a viernes de 8:00 a. m. a 5:00 p. m."
