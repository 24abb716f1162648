"""Where Cabildo holds personal data of citizens: one entry per model, naming the fields that
identify a person. The data-subject tools (search, export, rectification, anonymization)
read this list; a module that starts storing personal data adds its entry here.

Field roles: ``email``, ``phone``, ``document`` and ``name`` are searched (``contact`` fields,
free text such as "correo / teléfono", match by containment); ``other`` fields are blanked on
anonymization as well. Fields are matched by name, so an entry whose model or field does not
exist in this installation is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

ANONYMOUS_NAME = "Anónimo"


@dataclass(frozen=True)
class Source:
    key: str  # "app_label.model"
    label: Any
    email: str = ""
    phone: str = ""
    document: str = ""
    name: str = ""
    contact: str = ""  # free text holding an email or a phone
    other: tuple[str, ...] = ()
    show: tuple[str, ...] = field(default_factory=tuple)  # context shown in the results

    @property
    def model(self) -> type[models.Model] | None:
        try:
            model = apps.get_model(self.key)
        except (LookupError, ValueError):
            return None
        for name in self.identity_fields:
            try:
                model._meta.get_field(name)
            except FieldDoesNotExist:
                return None
        return model

    @property
    def identity_fields(self) -> list[str]:
        names = [self.email, self.phone, self.document, self.name, self.contact, *self.other]
        return [n for n in names if n]

    def anonymized_values(self) -> dict[str, str]:
        values = dict.fromkeys(self.identity_fields, "")
        if self.name:
            values[self.name] = ANONYMOUS_NAME
        return values


SOURCES: list[Source] = [
    Source(
        "pqrs.petition",
        _("Peticiones (PQRSD)"),
        email="requester_email",
        phone="requester_phone",
        document="requester_document_number",
        name="requester_name",
        other=("requester_address", "requester_document_type"),
        show=("filing_number", "subject", "filed_at"),
    ),
    Source(
        "execution.registration",
        _("Inscripciones a eventos"),
        email="email",
        phone="phone",
        name="name",
        show=("event", "created_at"),
    ),
    Source(
        "execution.contribution",
        _("Aportes en eventos"),
        name="author_name",
        show=("event", "kind"),
    ),
    Source(
        "plans.observation",
        _("Observaciones al plan"),
        email="email",
        show=("consultation", "created_at"),
    ),
    Source(
        "bodies.bodymember",
        _("Integrantes de instancias"),
        name="name",
        contact="contact",
        show=("body", "seat"),
    ),
    Source(
        "exercises.surveyresponse",
        _("Respuestas a encuestas"),
        email="email",
        show=("survey",),
    ),
    Source(
        "exercises.forumcomment",
        _("Comentarios en foros"),
        email="email",
        name="pseudonym",
        show=("forum",),
    ),
    Source(
        "privacy.consent",
        _("Autorizaciones de tratamiento de datos"),
        email="subject_email",
        name="subject_name",
        other=("guardian_name",),
        show=("purpose", "policy_version", "given_at"),
    ),
]


def available_sources() -> list[tuple[Source, type[models.Model]]]:
    return [(s, m) for s in SOURCES if (m := s.model) is not None]


def source_by_key(key: str) -> Source | None:
    return next((s for s in SOURCES if s.key == key), None)
