"""Factories of the plans app; each works with only ``entity=`` given."""

from __future__ import annotations

import datetime

import factory
from django.db.models import Max

from cabildo.bodies.models import BodyKind, LegalActType, ParticipationBody
from cabildo.plans.models import (
    Channel,
    Consultation,
    CyclePhase,
    IncidenceLevel,
    Mechanism,
    Observation,
    ParticipationPlan,
    PlannedActivity,
    PlanStatus,
    PlanVersion,
    Procedure,
)
from cabildo.privacy.models import Consent, ConsentChannel
from cabildo.stakeholders.models import StakeholderGroup, StakeholderType
from tests.factories import AreaFactory, EntityFactory


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipationBody

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Consejo de Participación {n}")
    kind = BodyKind.SECTORAL
    is_formal = True
    legal_act_type = LegalActType.AGREEMENT
    legal_act_number = factory.Sequence(lambda n: f"{n:03d}")
    legal_act_date = datetime.date(2019, 3, 1)


class StakeholderTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderType

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Tipo {n}")


class StakeholderGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderGroup

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Grupo de valor {n}")
    type = factory.SubFactory(StakeholderTypeFactory, entity=factory.SelfAttribute("..entity"))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipationPlan
        # One plan per entity and year (plan_unique_entity_year): a second factory call for the
        # same year reuses it, as two consultations of this year's plan must.
        django_get_or_create = ("entity", "year")

    entity = factory.SubFactory(EntityFactory)
    year = factory.Sequence(lambda n: 2030 + n % 60)
    title = factory.LazyAttribute(lambda o: f"Plan de participación {o.year}")


def _next_version_number(plan: ParticipationPlan) -> int:
    if plan.pk is None:
        return 1
    last = PlanVersion.objects.filter(plan=plan).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


class PlanVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanVersion

    entity = factory.SubFactory(EntityFactory)
    plan = factory.SubFactory(PlanFactory, entity=factory.SelfAttribute("..entity"))
    # The plan's next version number: 1 for a new plan, the following one when the factory
    # reuses the entity's plan of that year (PlanFactory's get_or_create).
    number = factory.LazyAttribute(lambda o: _next_version_number(o.plan))
    status = PlanStatus.DRAFT


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedActivity

    entity = factory.SubFactory(EntityFactory)
    version = factory.SubFactory(PlanVersionFactory, entity=factory.SelfAttribute("..entity"))
    area = factory.SubFactory(AreaFactory, entity=factory.SelfAttribute("..entity"))
    name = factory.Sequence(lambda n: f"Mesa de trabajo {n}")
    phase = CyclePhase.FORMULATION
    procedure = Procedure.PARTICIPATORY_PLANNING
    incidence_level = IncidenceLevel.CONSULT
    other_space = "Casa de la cultura"
    channels = factory.LazyFunction(lambda: [Channel.IN_PERSON])
    mechanism = Mechanism.WORKING_TABLE
    # Within the plan's vigencia, as ``PlannedActivity.clean`` requires.
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.version.plan.year, 3, 1))
    end_date = factory.LazyAttribute(lambda o: datetime.date(o.version.plan.year, 4, 30))
    responsible = "Secretaría de Participación"
    periodicity = "Trimestral"


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    entity = factory.SubFactory(EntityFactory)
    # The plan of the year the window closes in (a consultation runs from the year before the
    # plan to its end: core.dates' rule), so the default window is valid on any day.
    version = factory.SubFactory(
        PlanVersionFactory,
        entity=factory.SelfAttribute("..entity"),
        status=PlanStatus.IN_CONSULTATION,
        plan__year=factory.LazyFunction(
            lambda: (datetime.date.today() + datetime.timedelta(days=12)).year
        ),
    )
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=2))
    end_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=12))


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    entity = factory.SubFactory(EntityFactory)
    purpose = "plan_observation"
    policy_version = "2026.1"
    text = "Autorizo el tratamiento de mis datos."
    channel = ConsentChannel.WEB


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    entity = factory.SubFactory(EntityFactory)
    consultation = factory.SubFactory(ConsultationFactory, entity=factory.SelfAttribute("..entity"))
    text = factory.Sequence(lambda n: f"Propongo incluir a las juntas de acción comunal ({n}).")
    consent = factory.SubFactory(ConsentFactory, entity=factory.SelfAttribute("..entity"))
    area = factory.SubFactory(AreaFactory, entity=factory.SelfAttribute("..entity"))
