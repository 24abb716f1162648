"""Factories of the exercises app; each works with only ``entity=`` given."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from cabildo.exercises.models import (
    DesiredScenario,
    Diagnosis,
    Forum,
    ForumComment,
    ModerationStatus,
    Obstacle,
    Question,
    QuestionKind,
    QuestionOption,
    Survey,
    SurveySection,
)
from cabildo.plans.models import CyclePhase
from tests.factories import EntityFactory
from tests.plans.factories import ActivityFactory


def _now(days: int = 0) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    entity = factory.SubFactory(EntityFactory)
    activity = factory.SubFactory(ActivityFactory, entity=factory.SelfAttribute("..entity"))
    title = factory.Sequence(lambda n: f"Encuesta de diagnóstico {n}")
    description = "Queremos conocer su opinión sobre los espacios de participación."
    opens_at = factory.LazyFunction(lambda: _now(-1))
    closes_at = factory.LazyFunction(lambda: _now(10))
    is_published = True
    results_published = True


class SurveySectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveySection

    entity = factory.SubFactory(EntityFactory)
    survey = factory.SubFactory(SurveyFactory, entity=factory.SelfAttribute("..entity"))
    title = factory.Sequence(lambda n: f"Sección {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    entity = factory.SubFactory(EntityFactory)
    survey = factory.SubFactory(SurveyFactory, entity=factory.SelfAttribute("..entity"))
    text = factory.Sequence(lambda n: f"¿Cómo califica la convocatoria {n}?")
    kind = QuestionKind.SCALE
    order = factory.Sequence(lambda n: n)


class QuestionOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionOption

    entity = factory.SubFactory(EntityFactory)
    question = factory.SubFactory(
        QuestionFactory, entity=factory.SelfAttribute("..entity"), kind=QuestionKind.SINGLE
    )
    label = factory.Sequence(lambda n: f"Opción {n}")
    order = factory.Sequence(lambda n: n)


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    entity = factory.SubFactory(EntityFactory)
    activity = factory.SubFactory(ActivityFactory, entity=factory.SelfAttribute("..entity"))
    topic = factory.Sequence(lambda n: f"¿Cómo mejorar el acceso a la información? {n}")
    description = "Cuéntenos qué información necesita para participar."
    opens_at = factory.LazyFunction(lambda: _now(-1))
    closes_at = factory.LazyFunction(lambda: _now(10))
    is_published = True


class ForumCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumComment

    entity = factory.SubFactory(EntityFactory)
    forum = factory.SubFactory(ForumFactory, entity=factory.SelfAttribute("..entity"))
    pseudonym = "Vecina de la comuna 3"
    text = factory.Sequence(lambda n: f"Publiquen los planes de inversión por comuna {n}.")
    status = ModerationStatus.PUBLISHED


class DiagnosisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Diagnosis

    entity = factory.SubFactory(EntityFactory)
    year = factory.Sequence(lambda n: 2000 + n % 100)
    title = "Diagnóstico participativo"
    is_published = True


class ObstacleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Obstacle

    entity = factory.SubFactory(EntityFactory)
    diagnosis = factory.SubFactory(DiagnosisFactory, entity=factory.SelfAttribute("..entity"))
    phase = CyclePhase.DIAGNOSIS
    theme = "Acceso a la información"
    text = factory.Sequence(lambda n: f"No hay fácil acceso a la información {n}.")


class DesiredScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DesiredScenario

    entity = factory.SubFactory(EntityFactory)
    diagnosis = factory.SubFactory(DiagnosisFactory, entity=factory.SelfAttribute("..entity"))
    phase = CyclePhase.DIAGNOSIS
    theme = "Acceso a la información"
    text = factory.Sequence(lambda n: f"La ciudadanía tiene fácil acceso a la información {n}.")
