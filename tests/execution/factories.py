"""Factories of the execution app; each works with only ``entity=`` given."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from cabildo.execution.models import (
    ActivityReport,
    AttendanceSheet,
    Commitment,
    Contribution,
    ContributionKind,
    Convocation,
    ConvocationChannel,
    Event,
    Modality,
    Registration,
    RegistrationStatus,
    ReportStatus,
)
from tests.factories import AreaFactory, EntityFactory
from tests.plans.factories import ActivityFactory


def _future(days: int, hour: int = 8) -> datetime.datetime:
    base = timezone.localtime() + datetime.timedelta(days=days)
    return base.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    entity = factory.SubFactory(EntityFactory)
    activity = factory.SubFactory(ActivityFactory, entity=factory.SelfAttribute("..entity"))
    title = factory.Sequence(lambda n: f"Encuentro de instancias {n}")
    starts_at = factory.LazyFunction(lambda: _future(10, 8))
    ends_at = factory.LazyFunction(lambda: _future(10, 12))
    modality = Modality.IN_PERSON
    place = "Institución Educativa Diego Echavarría Misas"
    address = "Calle 36 # 50-30"
    agenda = "Instalación\nMesas de trabajo\nConclusiones"
    capacity = 50
    is_published = True

    class Params:
        # Already begun (attendance, contributions and reports are recorded from the start).
        started = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=2)),
            ends_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=2)),
        )


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    entity = factory.SubFactory(EntityFactory)
    event = factory.SubFactory(EventFactory, entity=factory.SelfAttribute("..entity"))
    name = factory.Sequence(lambda n: f"Persona {n}")
    email = factory.Sequence(lambda n: f"persona{n}@example.com")
    status = RegistrationStatus.CONFIRMED


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    entity = factory.SubFactory(EntityFactory)
    event = factory.SubFactory(EventFactory, entity=factory.SelfAttribute("..entity"))
    kind = ContributionKind.PROPOSAL
    text = factory.Sequence(lambda n: f"Propuesta ciudadana {n}: ampliar los horarios de atención")
    author_name = "Marta Lucía Gómez"


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    entity = factory.SubFactory(EntityFactory)
    event = factory.SubFactory(EventFactory, entity=factory.SelfAttribute("..entity"))
    description = factory.Sequence(lambda n: f"Compromiso {n}: publicar la respuesta a las mesas")
    responsible_area = factory.SubFactory(AreaFactory, entity=factory.SelfAttribute("..entity"))
    responsible_person = "Jefe de la Oficina de Planeación"
    due_date = factory.LazyFunction(lambda: _future(30).date())


class ConvocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Convocation

    entity = factory.SubFactory(EntityFactory)
    activity = factory.SubFactory(ActivityFactory, entity=factory.SelfAttribute("..entity"))
    subject = factory.Sequence(lambda n: f"Invitación al encuentro de instancias {n}")
    message = "Le invitamos al Primer Encuentro de Instancias de Participación."
    channels = factory.LazyFunction(lambda: [ConvocationChannel.EMAIL])


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class AttendanceSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttendanceSheet

    entity = factory.SubFactory(EntityFactory)
    event = factory.SubFactory(EventFactory, entity=factory.SelfAttribute("..entity"))
    file = factory.django.FileField(filename="planilla.pdf", data=PDF_BYTES)
    content_type = "application/pdf"
    original_name = "planilla.pdf"
    size = len(PDF_BYTES)


class ActivityReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityReport

    entity = factory.SubFactory(EntityFactory)
    activity = factory.SubFactory(ActivityFactory, entity=factory.SelfAttribute("..entity"))
    # Accepted by default: the public report pages (and the URL crawl) show accepted ones only.
    status = ReportStatus.ACCEPTED
    activities_done = "Se realizó el encuentro de instancias con mesas de trabajo."
    results = "Se recogieron las propuestas de las instancias."
