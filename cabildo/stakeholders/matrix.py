"""The grupos de valor characterization matrix: one row per group (XLSX)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cabildo.core.models import Entity
from cabildo.core.tabular import (
    CellError,
    Column,
    choice_column,
    fold,
    lookup_parser,
    model_errors,
    parse_date,
    parse_int,
    parse_text,
    read_table,
    write_xlsx,
)
from cabildo.stakeholders import services
from cabildo.stakeholders.models import StakeholderGroup, StakeholderType, TechnologyAccess, Zone
from cabildo.territories.models import Territory

KEYS = [
    "name",
    "type",
    "territory",
    "zone",
    "age_range",
    "sex_gender",
    "ethnicity",
    "disability",
    "interests",
    "language",
    "technology_access",
    "preferred_channels",
    "participation_history",
    "estimated_size",
    "organisation_contact",
    "characterized_on",
]


def columns(entity: Entity) -> list[Column]:
    types = list(StakeholderType.objects.for_entity(entity))
    territories = list(Territory.objects.for_entity(entity))
    return [
        Column(_("Nombre"), "name", parse_text, required=True),
        Column(
            _("Tipo"),
            "type",
            lookup_parser(
                types, lambda t: [t.name], _("El tipo «%(value)s» no existe en la entidad.")
            ),
            True,
            lambda t: t.name if t else "",
        ),
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
        choice_column(_("Zona"), "zone", Zone.choices),
        Column(_("Rango de edad"), "age_range", parse_text),
        Column(_("Sexo o género"), "sex_gender", parse_text),
        Column(_("Pertenencia étnica"), "ethnicity", parse_text),
        Column(_("Discapacidad"), "disability", parse_text),
        Column(_("Intereses"), "interests", parse_text),
        Column(_("Lengua"), "language", parse_text),
        choice_column(_("Acceso a tecnología"), "technology_access", TechnologyAccess.choices),
        Column(_("Canales preferidos"), "preferred_channels", parse_text),
        Column(_("Historial de participación"), "participation_history", parse_text),
        Column(_("Tamaño estimado"), "estimated_size", parse_int),
        Column(_("Contacto de la organización"), "organisation_contact", parse_text),
        Column(_("Fecha de caracterización"), "characterized_on", parse_date),
    ]


def export_matrix(*, entity: Entity) -> bytes:
    rows = [
        {key: getattr(group, key) for key in KEYS}
        for group in StakeholderGroup.objects.for_entity(entity)
        .select_related("type", "territory")
        .order_by("name")
    ]
    return write_xlsx(title=_("Grupos de valor"), columns=columns(entity), rows=rows)


@dataclass
class ImportResult:
    errors: list[CellError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    rows: int = 0


def _values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values.get(k) if k in values else None for k in KEYS if k in values}


def import_matrix(*, entity: Entity, file: Any) -> ImportResult:
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
    existing = {fold(g.name): g for g in StakeholderGroup.objects.for_entity(entity)}
    seen: dict[str, int] = {}
    for number, values in rows:
        key = fold(values.get("name"))
        if key in seen:
            result.errors.append(
                CellError(
                    number,
                    headers["name"],
                    _("El grupo está repetido (también en la fila %(row)s).") % {"row": seen[key]},
                )
            )
            continue
        seen[key] = number
        if number in rows_with_errors:
            continue
        group = copy.copy(existing[key]) if key in existing else StakeholderGroup(entity=entity)
        for name, value in _values(values).items():
            setattr(group, name, value)
        try:
            group.full_clean()
        except ValidationError as exc:
            result.errors.extend(model_errors(exc, number, headers))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for number, values in rows:
                key = fold(values["name"])
                try:
                    if key in existing:
                        group = StakeholderGroup.objects.get(pk=existing[key].pk)
                        services.group_update(group=group, **_values(values))
                        result.updated += 1
                    else:
                        services.group_create(entity=entity, **_values(values))
                        result.created += 1
                except ValidationError as exc:
                    result.errors.extend(model_errors(exc, number, headers))
                    raise
    except ValidationError:
        result.created = result.updated = 0
    return result
