import datetime

import factory

from cabildo.bodies.models import (
    BodyCharacterization,
    BodyKind,
    BodyMember,
    BodySession,
    BodyStatus,
    LegalActType,
    ParticipationBody,
    SeatSelection,
)
from tests.factories import AreaFactory, EntityFactory


class ParticipationBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipationBody

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Consejo Municipal {n}")
    kind = BodyKind.SECTORAL
    is_formal = True
    legal_act_type = LegalActType.AGREEMENT
    legal_act_number = factory.Sequence(lambda n: f"{n:03d}")
    legal_act_date = datetime.date(2019, 3, 1)
    legal_act_issuer = "Concejo Municipal"
    status = BodyStatus.ACTIVE
    secretariat = factory.SubFactory(AreaFactory, entity=factory.SelfAttribute("..entity"))
    public_contact = "instancias@municipio.test"


class BodyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyMember

    entity = factory.SubFactory(EntityFactory)
    body = factory.SubFactory(ParticipationBodyFactory, entity=factory.SelfAttribute("..entity"))
    seat = factory.Sequence(lambda n: f"Representante {n}")
    sector = "Juntas de Acción Comunal"
    selection = SeatSelection.ELECTED
    term_start = datetime.date(2024, 1, 1)
    term_end = datetime.date(2027, 12, 31)
    name = factory.Sequence(lambda n: f"Integrante {n}")
    contact = factory.Sequence(lambda n: f"integrante{n}@correo.test")
    is_public = True


class BodySessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodySession

    entity = factory.SubFactory(EntityFactory)
    body = factory.SubFactory(ParticipationBodyFactory, entity=factory.SelfAttribute("..entity"))
    date = datetime.date(2025, 5, 10)
    place = "Salón del Concejo"
    attendance_count = 12
    agenda = "Verificación del quórum"
    decisions = "Se aprobó el plan de trabajo"
    is_public = True


class BodyCharacterizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyCharacterization

    entity = factory.SubFactory(EntityFactory)
    body = factory.SubFactory(ParticipationBodyFactory, entity=factory.SelfAttribute("..entity"))
    year = 2019
    status = BodyStatus.ACTIVE
    results = "Visibilización de los sectores"
    difficulties = "Cambios permanentes de los funcionarios que acompañan"
