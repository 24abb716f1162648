"""Factories of rendición de cuentas and control social; each works with only ``entity=``."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from cabildo.accountability.models import (
    CouncilReport,
    DialogueSpace,
    ImprovementAction,
    MayorReportReview,
    OversightItem,
    Question,
    QuestionChannel,
    QuestionKind,
    SpaceKind,
    Stage,
    Strategy,
    StrategyTask,
    SupervisorReport,
    Veeduria,
    VeeduriaMember,
    VeeduriaObservation,
)
from tests.factories import AreaFactory, EntityFactory


def _today() -> datetime.date:
    return timezone.localdate()


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    entity = factory.SubFactory(EntityFactory)
    year = factory.LazyFunction(lambda: _today().year)
    objective = "Informar y dialogar sobre los resultados del plan de desarrollo."
    lead_team = "Ana Pérez — Secretaría de Participación\nLuis Gómez — Planeación"


class StrategyTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyTask

    entity = factory.SubFactory(EntityFactory)
    strategy = factory.SubFactory(StrategyFactory, entity=factory.SelfAttribute("..entity"))
    stage = Stage.READINESS
    description = factory.Sequence(lambda n: f"Conformar el equipo líder {n}")
    owner_area = factory.SubFactory(AreaFactory, entity=factory.SelfAttribute("..entity"))
    due_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=20))


class DialogueSpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DialogueSpace

    entity = factory.SubFactory(EntityFactory)
    # Of a published strategy: its public page is shown (the URL crawl's positive control).
    strategy = factory.SubFactory(
        StrategyFactory, entity=factory.SelfAttribute("..entity"), is_published=True
    )
    kind = SpaceKind.HEARING
    name = factory.Sequence(lambda n: f"Audiencia pública de rendición de cuentas {n}")
    planned_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=10))
    area = factory.SubFactory(AreaFactory, entity=factory.SelfAttribute("..entity"))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    entity = factory.SubFactory(EntityFactory)
    space = factory.SubFactory(DialogueSpaceFactory, entity=factory.SelfAttribute("..entity"))
    kind = QuestionKind.QUESTION
    text = "¿Cuántas vías terciarias se pavimentaron este año?"
    channel = QuestionChannel.WEB
    received_on = factory.LazyFunction(_today)
    due_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=21))


class ImprovementActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementAction

    entity = factory.SubFactory(EntityFactory)
    space = factory.SubFactory(DialogueSpaceFactory, entity=factory.SelfAttribute("..entity"))
    description = "Publicar el avance mensual de las obras viales."
    owner_area = factory.SubFactory(AreaFactory, entity=factory.SelfAttribute("..entity"))
    due_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=60))


class OversightItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OversightItem

    entity = factory.SubFactory(EntityFactory)
    kind = "contrato"
    reference = factory.Sequence(lambda n: f"CO-{n:04d}-2026")
    object = "Construcción del parque biblioteca del barrio."
    value = 1_250_000_000
    starts_on = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=90))
    ends_on = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=270))
    supervisor = "Ing. Carlos Ruiz, Secretaría de Infraestructura"
    area = factory.SubFactory(AreaFactory, entity=factory.SelfAttribute("..entity"))


class VeeduriaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Veeduria

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Veeduría ciudadana {n}")
    registrar = "personeria"
    registration_number = factory.Sequence(lambda n: f"PER-{n:04d}")
    registered_on = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=120))
    object = "Vigilar la construcción del parque biblioteca."
    territorial_level = "municipal"


class VeeduriaMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VeeduriaMember

    entity = factory.SubFactory(EntityFactory)
    veeduria = factory.SubFactory(VeeduriaFactory, entity=factory.SelfAttribute("..entity"))
    name = "Marta Londoño"


class SupervisorReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisorReport

    entity = factory.SubFactory(EntityFactory)
    item = factory.SubFactory(OversightItemFactory, entity=factory.SelfAttribute("..entity"))
    report_date = factory.LazyFunction(_today)
    period = "Primer trimestre"
    summary = "Avance físico del 35 %, sin retrasos en el cronograma."


class VeeduriaObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VeeduriaObservation

    entity = factory.SubFactory(EntityFactory)
    veeduria = factory.SubFactory(VeeduriaFactory, entity=factory.SelfAttribute("..entity"))
    item = factory.SubFactory(OversightItemFactory, entity=factory.SelfAttribute("..entity"))
    text = "La obra no tiene la valla informativa con el valor del contrato."
    received_on = factory.LazyFunction(_today)
    due_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=21))


class CouncilReportFactory(factory.django.DjangoModelFactory):
    """Published: its public page is shown."""

    class Meta:
        model = CouncilReport

    entity = factory.SubFactory(EntityFactory)
    year = factory.LazyFunction(lambda: _today().year - 1)
    president = "Presidencia del Concejo"
    published_at = factory.LazyFunction(timezone.now)


class MayorReportReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MayorReportReview

    entity = factory.SubFactory(EntityFactory)
    year = factory.LazyFunction(lambda: _today().year)
    received_on = factory.LazyFunction(_today)
    due_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=31))
