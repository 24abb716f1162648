"""Factories of the PQRSD module: each works with only ``entity=`` given."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from cabildo.core.models import Entity
from cabildo.pqrs.models import (
    Attachment,
    CompletionRequest,
    EventKind,
    Extension,
    ImportedYearCount,
    OutgoingDocument,
    Petition,
    PetitionEvent,
    PetitionKind,
    SubChannel,
    Transfer,
)
from cabildo.pqrs.services import tracking
from cabildo.pqrs.services.configuration import kinds_ensure_defaults
from cabildo.pqrs.services.filing import petition_file
from cabildo.workdays.calendar import calendar_for
from tests.factories import EntityFactory


def kind_for(entity: Entity, code: str = "peticion_general") -> PetitionKind:
    kinds_ensure_defaults(entity=entity)
    return PetitionKind.objects.get(entity=entity, code=code)


def file_petition(entity: Entity, code: str = "peticion_general", **kwargs: Any) -> Any:
    """File through the service (the real path): returns the FilingResult."""
    kwargs.setdefault("subject", "Arreglo del alumbrado público")
    kwargs.setdefault("description", "La calle 10 no tiene alumbrado desde hace un mes.")
    kwargs.setdefault("anonymous", True)
    return petition_file(entity=entity, kind=kind_for(entity, code), **kwargs)


class PetitionKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PetitionKind
        django_get_or_create = ("entity", "code")

    entity = factory.SubFactory(EntityFactory)
    code = factory.Sequence(lambda n: f"clase-{n}")
    name = factory.Sequence(lambda n: f"Clase {n}")
    term_days = 15


class PetitionFactory(factory.django.DjangoModelFactory):
    """A petition as the service would have filed it (number, hash, due date)."""

    class Meta:
        model = Petition

    entity = factory.SubFactory(EntityFactory)
    kind = factory.LazyAttribute(lambda o: kind_for(o.entity))
    channel = "web"
    subject = factory.Sequence(lambda n: f"Petición de prueba {n}")
    description = "Solicito información sobre el programa de huertas comunitarias."
    anonymous = True
    filed_at = factory.LazyFunction(timezone.now)
    year = factory.LazyAttribute(lambda o: timezone.localtime(o.filed_at).year)
    sequence = factory.Sequence(lambda n: n + 900000)
    filing_number = factory.LazyAttribute(lambda o: f"{o.year}-{o.sequence:06d}")
    tracking_code_hash = factory.LazyFunction(
        lambda: tracking.tracking_code_hash(tracking.tracking_code_new())
    )
    term_days = factory.LazyAttribute(lambda o: o.kind.term_days)
    term_start = factory.LazyAttribute(lambda o: timezone.localtime(o.filed_at).date())
    due_date = factory.LazyAttribute(
        lambda o: (
            None
            if o.term_days is None
            else calendar_for(o.entity).add_business_days(o.term_start, o.term_days)
        )
    )


class PetitionEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PetitionEvent

    entity = factory.SubFactory(EntityFactory)
    petition = factory.LazyAttribute(lambda o: PetitionFactory(entity=o.entity))
    kind = EventKind.NOTE
    text = "Nota de prueba"
    at = factory.LazyFunction(timezone.now)


class ExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Extension

    entity = factory.SubFactory(EntityFactory)
    petition = factory.LazyAttribute(lambda o: PetitionFactory(entity=o.entity))
    reason = "Se requiere concepto de otra dependencia."
    previous_due_date = factory.LazyAttribute(lambda o: o.petition.due_date)
    new_due_date = factory.LazyAttribute(lambda o: o.petition.due_date + timedelta(days=7))


class TransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transfer

    entity = factory.SubFactory(EntityFactory)
    petition = factory.LazyAttribute(lambda o: PetitionFactory(entity=o.entity))
    target_name = "Gobernación del Valle"
    target_email = "contactenos@valle.gov.co"
    reason = "El asunto es de competencia departamental."


class CompletionRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompletionRequest

    entity = factory.SubFactory(EntityFactory)
    petition = factory.LazyAttribute(lambda o: PetitionFactory(entity=o.entity))
    requested_on = factory.LazyFunction(timezone.localdate)
    missing = "Copia del documento de identidad."
    deadline = factory.LazyAttribute(lambda o: o.requested_on + timedelta(days=31))


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    entity = factory.SubFactory(EntityFactory)
    petition = factory.LazyAttribute(lambda o: PetitionFactory(entity=o.entity))
    file = factory.django.FileField(filename="anexo.txt", data=b"Texto del anexo")
    original_name = "anexo.txt"
    content_type = "text/plain"
    size = 15


class OutgoingDocumentFactory(factory.django.DjangoModelFactory):
    """An answer letter with its outgoing radicado (the service numbers real ones)."""

    class Meta:
        model = OutgoingDocument

    entity = factory.SubFactory(EntityFactory)
    petition = factory.LazyAttribute(lambda o: PetitionFactory(entity=o.entity))
    kind = "respuesta"
    year = 2026
    sequence = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: f"2026-S-{o.sequence:06d}")
    issued_at = factory.LazyFunction(timezone.now)
    verification_code = factory.Sequence(lambda n: f"TEST-{n:04d}-CODE")
    recipient = "Ana Ruiz"
    subject = "Respuesta a su petición"
    body = "Texto de la respuesta."


class SubChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubChannel

    entity = factory.SubFactory(EntityFactory)
    channel = "presencial"
    name = factory.Sequence(lambda n: f"Punto de atención {n}")


class ImportedYearCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportedYearCount

    entity = factory.SubFactory(EntityFactory)
    year = 2018
    channel = "presencial"
    label = factory.Sequence(lambda n: f"Fila {n}")
    count = 100
    source = "Informe de prueba"
