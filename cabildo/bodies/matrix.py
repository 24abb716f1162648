"""The bodies' characterization matrix: one row per body for a year (XLSX or CSV), imported as
an update in place with a preview (:mod:`cabildo.matrices`): a row is the body and its
characterization of the year."""

from __future__ import annotations

import copy
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cabildo.bodies import services
from cabildo.bodies.models import (
    BodyCharacterization,
    BodyKind,
    BodyStatus,
    LegalActType,
    MeetingFrequency,
    ParticipationBody,
)
from cabildo.bodies.selectors import with_figures
from cabildo.core.models import Area, Entity
from cabildo.core.tabular import (
    Column,
    choice_column,
    fold,
    lookup_parser,
    parse_bool,
    parse_date,
    parse_int,
    parse_text,
    yes_no,
)
from cabildo.matrices.adapters import MatrixAdapter
from cabildo.territories.models import Territory

if TYPE_CHECKING:
    from cabildo.accounts.models import User

BODY_KEYS = [
    "name",
    "acronym",
    "kind",
    "is_formal",
    "legal_act_type",
    "legal_act_number",
    "legal_act_date",
    "legal_act_issuer",
    "territory",
    "represented",
    "secretariat",
    # Seed 000's characterization variables (Itagüí): norms, functions, scope, periodicity.
    "regulating_norms",
    "functions",
    "scope",
    "meeting_frequency",
]
FIGURE_KEYS = ["sessions_held", "active_members"]
CHAR_KEYS = [
    "status",
    "sessions_held_reason",
    "active_members_reason",
    "results",
    "difficulties",
    "challenges",
    "needs",
    "survey_answers",
]


def columns(entity: Entity) -> list[Column]:
    territories = list(Territory.objects.for_entity(entity))
    areas = list(Area.objects.for_entity(entity))
    return [
        Column(_("Nombre"), "name", parse_text, required=True),
        Column(_("Sigla"), "acronym", parse_text),
        choice_column(_("Tipo de instancia"), "kind", BodyKind.choices, required=True),
        Column(_("Formal"), "is_formal", parse_bool, True, yes_no),
        choice_column(_("Tipo de acto"), "legal_act_type", LegalActType.choices),
        Column(_("Número del acto"), "legal_act_number", parse_text),
        Column(_("Fecha del acto"), "legal_act_date", parse_date),
        Column(_("Expedido por"), "legal_act_issuer", parse_text),
        Column(
            _("Territorio"),
            "territory",
            lookup_parser(
                territories,
                lambda t: [t.name, str(t)],
                _("El territorio «%(value)s» no existe en la entidad."),
            ),
            False,
            lambda t: t.name if t else "",
        ),
        Column(_("Población o sector que representa"), "represented", parse_text),
        Column(
            _("Secretaría técnica"),
            "secretariat",
            lookup_parser(
                areas,
                lambda a: [a.name, a.acronym],
                _("La dependencia «%(value)s» no existe en la entidad."),
            ),
            False,
            lambda a: a.name if a else "",
        ),
        choice_column(_("Estado"), "status", BodyStatus.choices, required=True),
        # The figures are the registry's recount; a different number is a correction and
        # needs its reason in the next column.
        Column(_("Sesiones realizadas"), "sessions_held", parse_int),
        Column(_("Motivo de la corrección de sesiones"), "sessions_held_reason", parse_text),
        Column(_("Integrantes activos"), "active_members", parse_int),
        Column(_("Motivo de la corrección de integrantes"), "active_members_reason", parse_text),
        Column(_("Resultados"), "results", parse_text),
        Column(_("Dificultades"), "difficulties", parse_text),
        Column(_("Retos"), "challenges", parse_text),
        Column(_("Necesidades"), "needs", parse_text),
        Column(_("Respuestas de la encuesta"), "survey_answers", parse_text),
        Column(_("Normas que la regulan"), "regulating_norms", parse_text, width=40),
        Column(_("Funciones"), "functions", parse_text, width=40),
        Column(_("Alcance"), "scope", parse_text, width=40),
        choice_column(
            _("Periodicidad de las reuniones"), "meeting_frequency", MeetingFrequency.choices
        ),
    ]


class BodyMatrix(MatrixAdapter):
    """``target`` is the year of the characterization."""

    kind = "instancias"
    prefix = "I"
    title = gettext_lazy("Matriz de caracterización de instancias")
    permission = "bodies.import_matrix"

    @property
    def year(self) -> int:
        if self.target is None:
            raise ValueError("The instancias matrix is read for one year (target).")
        return self.target

    @cached_property
    def characterizations(self) -> dict[int, BodyCharacterization]:
        if self.target is None:
            return {}
        found = BodyCharacterization.objects.for_entity(self.entity).filter(year=self.target)
        return {c.body_id: c for c in with_figures(found)}

    def data_columns(self) -> list[Column]:
        return columns(self.entity)

    def objects(self) -> list[ParticipationBody]:
        return list(
            ParticipationBody.objects.for_entity(self.entity)
            .select_related("territory", "secretariat")
            .order_by("name", "pk")
        )

    def values_of(self, obj: ParticipationBody) -> dict[str, Any]:
        row = {key: getattr(obj, key) for key in BODY_KEYS}
        char = self.characterizations.get(obj.pk)
        if char is not None:
            row.update({key: getattr(char, key) for key in CHAR_KEYS})
            row.update({key: getattr(char, f"{key}_value") for key in FIGURE_KEYS})
        else:
            row["status"] = obj.status
        return row

    def natural_key(self, values: dict[str, Any]) -> Any:
        return fold(values.get("name")) or None

    def sheet_title(self) -> str:
        return _("Instancias %(year)s") % {"year": self.target}

    def filename(self) -> str:
        return f"instancias-{self.entity.slug}-{self.target}"

    def export_xlsx(self) -> bytes:
        from cabildo.core.tabular import file_language, write_xlsx

        columns = self.file_columns()
        with file_language():
            return write_xlsx(title=self.sheet_title(), columns=columns, rows=self.export_rows())

    def back_url(self) -> str:
        return reverse("bodies:list")

    def check(self, *, obj: Any, values: dict[str, Any]) -> None:
        body = copy.copy(obj) if obj is not None else ParticipationBody(entity=self.entity)
        for name, value in _body_values(values).items():
            setattr(body, name, value)
        errors: dict[str, list] = {}
        try:
            body.full_clean(exclude=["status"] if body.pk else None)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        char_values = _char_values(values)
        typed = {k: char_values.pop(k) for k in FIGURE_KEYS if k in char_values}
        char = BodyCharacterization(entity=self.entity, year=self.year, **char_values)
        if obj is not None:
            char.body = obj
        char.set_typed_figures(typed)
        try:
            char.full_clean(exclude=["body"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def save(
        self, *, obj: Any, values: dict[str, Any], changed: set[str], user: User | None, reason: str
    ) -> Any:
        body_data = {k: v for k, v in _body_values(values).items() if k in changed}
        if obj is None:
            body = services.body_create(
                entity=self.entity, actor=user, status=values["status"], **body_data
            )
        else:
            body = ParticipationBody.objects.get(pk=obj.pk)
            if body_data:
                services.body_update(body=body, actor=user, **body_data)
        char_keys = {*CHAR_KEYS, *FIGURE_KEYS}
        if obj is not None and not (changed & char_keys):
            return body
        char_data = _char_values(values)
        char = BodyCharacterization.objects.filter(body=body, year=self.year).first()
        if char is None:
            services.characterization_create(body=body, year=self.year, **char_data)
        else:
            services.characterization_update(characterization=char, **char_data)
        return body


def export_matrix(*, entity: Entity, year: int) -> bytes:
    """Every body of the entity, with its characterization of the year if any."""
    return BodyMatrix(entity=entity, target=year).export_xlsx()


def _body_values(values: dict[str, Any]) -> dict[str, Any]:
    data = {k: values[k] for k in BODY_KEYS if k in values}
    for key in ("legal_act_type",):
        data[key] = data.get(key) or ""
    return data


def _char_values(values: dict[str, Any]) -> dict[str, Any]:
    """The characterization's fields and its typed figures (blank: the registry's recount)."""
    return {k: values[k] for k in (*CHAR_KEYS, *FIGURE_KEYS) if k in values}
