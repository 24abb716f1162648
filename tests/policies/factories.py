"""Factories of the policy cycle; each works with only ``entity=``."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from cabildo.policies.models import (
    STAGE_ORDER,
    Draft,
    DraftArticle,
    DraftComment,
    DraftStatus,
    PlanAction,
    PlanComponent,
    PlanLine,
    Policy,
    PolicyKind,
    PolicyStage,
    StageKind,
)
from tests.factories import AreaFactory, EntityFactory
from tests.plans.factories import ConsentFactory


def _today() -> datetime.date:
    return timezone.localdate()


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    entity = factory.SubFactory(EntityFactory)
    kind = PolicyKind.POLICY
    title = factory.Sequence(lambda n: f"Política pública de participación ciudadana {n}")
    area = factory.SubFactory(AreaFactory, entity=factory.SelfAttribute("..entity"))
    is_published = True


class PolicyStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyStage

    entity = factory.SubFactory(EntityFactory)
    policy = factory.SubFactory(PolicyFactory, entity=factory.SelfAttribute("..entity"))
    kind = StageKind.DIAGNOSIS
    order = STAGE_ORDER[StageKind.DIAGNOSIS]
    started_on = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=60))


class DraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Draft

    entity = factory.SubFactory(EntityFactory)
    policy = factory.SubFactory(PolicyFactory, entity=factory.SelfAttribute("..entity"))
    number = factory.Sequence(lambda n: n + 1)
    title = "Proyecto de decreto de participación"
    motives = "Porque la ciudadanía pidió reglas claras."
    status = DraftStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    consultation_start = factory.LazyFunction(_today)
    consultation_end = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=21))
    business_days = 15


class DraftArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DraftArticle

    entity = factory.SubFactory(EntityFactory)
    draft = factory.SubFactory(DraftFactory, entity=factory.SelfAttribute("..entity"))
    number = factory.Sequence(lambda n: n + 1)
    text = "Objeto. Este decreto regula los espacios de participación."


class DraftCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DraftComment

    entity = factory.SubFactory(EntityFactory)
    draft = factory.SubFactory(DraftFactory, entity=factory.SelfAttribute("..entity"))
    text = "Propongo incluir a las juntas de acción comunal."
    consent = factory.SubFactory(ConsentFactory, entity=factory.SelfAttribute("..entity"))


class PlanComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanComponent

    entity = factory.SubFactory(EntityFactory)
    policy = factory.SubFactory(PolicyFactory, entity=factory.SelfAttribute("..entity"))
    name = "Sinergias poblacionales, sectoriales e institucionales"


class PlanLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanLine

    entity = factory.SubFactory(EntityFactory)
    component = factory.SubFactory(PlanComponentFactory, entity=factory.SelfAttribute("..entity"))
    name = "Diseño del sistema municipal de participación"


class PlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanAction

    entity = factory.SubFactory(EntityFactory)
    line = factory.SubFactory(PlanLineFactory, entity=factory.SelfAttribute("..entity"))
    description = factory.Sequence(lambda n: f"Primer encuentro de instancias {n}")
    owner_area = factory.SubFactory(AreaFactory, entity=factory.SelfAttribute("..entity"))
    starts_on = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=30))
    due_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=30))
