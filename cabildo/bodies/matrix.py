"""The bodies' characterization matrix: one row per body for a year (XLSX)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

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
    CellError,
    Column,
    choice_column,
    fold,
    lookup_parser,
    model_errors,
    parse_bool,
    parse_date,
    parse_int,
    parse_text,
    read_table,
    write_xlsx,
    yes_no,
)
from cabildo.territories.models import Territory

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


def export_matrix(*, entity: Entity, year: int) -> bytes:
    """Every body of the entity, with its characterization of the year if any."""
    chars = {
        c.body_id: c
        for c in with_figures(BodyCharacterization.objects.for_entity(entity).filter(year=year))
    }
    rows = []
    for body in (
        ParticipationBody.objects.for_entity(entity)
        .select_related("territory", "secretariat")
        .order_by("name")
    ):
        row = {key: getattr(body, key) for key in BODY_KEYS}
        char = chars.get(body.pk)
        if char is not None:
            row.update({key: getattr(char, key) for key in CHAR_KEYS})
            row.update({key: getattr(char, f"{key}_value") for key in FIGURE_KEYS})
        else:
            row["status"] = body.status
        rows.append(row)
    return write_xlsx(
        title=_("Instancias %(year)s") % {"year": year}, columns=columns(entity), rows=rows
    )


@dataclass
class ImportResult:
    errors: list[CellError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    rows: int = 0


def _body_values(values: dict[str, Any]) -> dict[str, Any]:
    data = {k: values[k] for k in BODY_KEYS if k in values}
    for key in ("legal_act_type",):
        data[key] = data.get(key) or ""
    return data


def _char_values(values: dict[str, Any]) -> dict[str, Any]:
    """The characterization's fields and its typed figures (blank: the registry's recount)."""
    return {k: values[k] for k in (*CHAR_KEYS, *FIGURE_KEYS) if k in values}


def import_matrix(*, entity: Entity, year: int, file: Any, actor: Any = None) -> ImportResult:
    """All or nothing: validate every row first; save only when the whole file is clean."""
    cols = columns(entity)
    table = read_table(file=file, columns=cols)
    headers = {c.key: c.header for c in cols} | table.labels
    rows = table.rows
    result = ImportResult(errors=table.errors, rows=len(rows))
    if any(e.row in (0, table.header_row) for e in table.errors):
        return result  # not the matrix: no row can be read
    # Cell errors and the model's rules are reported together, in one pass.
    rows_with_errors = {e.row for e in table.errors}
    existing = {fold(b.name): b for b in ParticipationBody.objects.for_entity(entity)}
    seen: dict[str, int] = {}
    for number, values in rows:
        key = fold(values.get("name"))
        if key in seen:
            result.errors.append(
                CellError(
                    number,
                    headers["name"],
                    _("La instancia está repetida (también en la fila %(row)s).")
                    % {"row": seen[key]},
                )
            )
            continue
        seen[key] = number
        if number in rows_with_errors:
            continue
        body = copy.copy(existing[key]) if key in existing else ParticipationBody(entity=entity)
        for name, value in _body_values(values).items():
            setattr(body, name, value)
        try:
            body.full_clean(exclude=["status"] if body.pk else None)
        except ValidationError as exc:
            result.errors.extend(model_errors(exc, number, headers))
        char_values = _char_values(values)
        typed = {k: char_values.pop(k) for k in FIGURE_KEYS if k in char_values}
        char = BodyCharacterization(entity=entity, year=year, **char_values)
        if body.pk:
            char.body = existing[key]
        char.set_typed_figures(typed)
        try:
            char.full_clean(exclude=["body"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            result.errors.extend(model_errors(exc, number, headers))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for number, values in rows:
                key = fold(values["name"])
                body_data = _body_values(values)
                try:
                    if key in existing:
                        body = ParticipationBody.objects.get(pk=existing[key].pk)
                        services.body_update(body=body, actor=actor, **body_data)
                        result.updated += 1
                    else:
                        body = services.body_create(
                            entity=entity, actor=actor, status=values["status"], **body_data
                        )
                        result.created += 1
                    char_data = _char_values(values)
                    char = BodyCharacterization.objects.filter(body=body, year=year).first()
                    if char is None:
                        services.characterization_create(body=body, year=year, **char_data)
                    else:
                        services.characterization_update(characterization=char, **char_data)
                except ValidationError as exc:
                    result.errors.extend(model_errors(exc, number, headers))
                    raise
    except ValidationError:
        result.created = result.updated = 0
    return result
