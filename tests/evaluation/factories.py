"""Factories of the evaluation app; each works with only ``entity=`` given."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from cabildo.evaluation.models import (
    AccountabilityStage,
    Evaluation,
    GoodPractice,
    Indicator,
    IndicatorSource,
    Measurement,
    MurcStage,
    Periodicity,
    ReportAudience,
    ReportFile,
    ReportFormat,
    ReportStatus,
)
from cabildo.plans.models import MurcAction
from tests.factories import EntityFactory
from tests.plans.factories import ActivityFactory

PDF_BYTES = b"%PDF-1.4\n%%EOF\n"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    entity = factory.SubFactory(EntityFactory)
    management_activity = "Caracterizar los grupos de valor de la entidad"
    goal = "Caracterizar los grupos de valor"
    unit = "Caracterización de los grupos de valor"
    name = factory.Sequence(lambda n: f"Grupos de valor caracterizados {n}")
    numerator_description = "Número de grupos de valor caracterizados"
    denominator_description = "Total de grupos de valor existentes"
    target = Decimal("80")
    periodicity = Periodicity.YEARLY
    responsible = "Todas las dependencias"
    source = IndicatorSource.MANUAL


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    entity = factory.SubFactory(EntityFactory)
    indicator = factory.SubFactory(IndicatorFactory, entity=factory.SelfAttribute("..entity"))
    year = 2026
    period = 1
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 12, 31)
    numerator = Decimal("6")
    denominator = Decimal("8")
    value = Decimal("75.00")
    evidence = factory.django.FileField(filename="acta.pdf", data=PDF_BYTES)
    evidence_content_type = "application/pdf"


class GoodPracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodPractice

    entity = factory.SubFactory(EntityFactory)
    year = 2025
    title = factory.Sequence(lambda n: f"Convocar por los canales de las JAC {n}")
    description = "Las juntas de acción comunal difundieron la convocatoria casa a casa."
    evidence = factory.django.FileField(filename="memoria.pdf", data=PDF_BYTES)
    evidence_content_type = "application/pdf"


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation
        django_get_or_create = ("entity", "year")

    entity = factory.SubFactory(EntityFactory)
    year = 2026
    conclusions = "Se cumplió la mayoría de las actividades con participación de la ciudadanía."


class ReportFileFactory(factory.django.DjangoModelFactory):
    """A ready public report of a published evaluation (what the public download serves)."""

    class Meta:
        model = ReportFile
        skip_postgeneration_save = True  # the hook publishes the evaluation, not the file

    entity = factory.SubFactory(EntityFactory)
    year = 2026
    format = ReportFormat.PDF
    audience = ReportAudience.PUBLIC
    status = ReportStatus.READY
    progress = 100
    file = factory.django.FileField(filename="informe.pdf", data=PDF_BYTES)

    @factory.post_generation
    def published(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted is not False:
            Evaluation.objects.update_or_create(
                entity=obj.entity, year=obj.year, defaults={"is_published": True}
            )


class AccountabilityStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountabilityStage

    entity = factory.SubFactory(EntityFactory)
    activity = factory.SubFactory(
        ActivityFactory,
        entity=factory.SelfAttribute("..entity"),
        is_accountability=True,
        murc_action=MurcAction.DIALOGUE,
    )
    stage = MurcStage.EXECUTION
