"""The plan de participación matrix: export, and import as an update in place with a preview.

Every exported row carries a stable key (``CLAVE``, ``A-<id>``). An import matches rows by
that key (an activity of this version, or the one it was copied from in the previous
version), or, for workbooks that never came from Cabildo, by activity name and dependencia.
Reading stores a :class:`PlanImport` (the parsed rows, ids instead of objects) and changes
nothing; :func:`plan_import_preview` says which rows are new, which change (field by field,
old → new), which are unchanged and which activities the file does not list;
:func:`plan_import_apply` writes all of it in one transaction when the official confirms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cabildo.core.models import Area, Entity
from cabildo.core.tabular import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    CellError,
    Column,
    area_parser,
    bilingual_columns,
    choice_column,
    file_language,
    fold,
    lookup_parser,
    model_errors,
    multi_parser,
    parse_bool,
    parse_date,
    parse_decimal,
    read_table,
    write_csv,
    write_xlsx,
    yes_no,
)
from cabildo.plans import services
from cabildo.plans.models import (
    Channel,
    CyclePhase,
    ImportStatus,
    IncidenceLevel,
    Mechanism,
    MurcAction,
    PlanImport,
    PlannedActivity,
    PlanVersion,
    Procedure,
)
from cabildo.plans.selectors import body_model, stakeholder_group_model, version_activities

SHEET_TITLE = "Plan de participación"
KEY_HEADER = "CLAVE"
KEY_PATTERN = re.compile(r"^A-(\d+)$", re.IGNORECASE)

# The fields an import compares and writes, in the order of the matrix.
FIELDS = (
    "name",
    "description",
    "goal",
    "unit",
    "indicator",
    "responsible",
    "periodicity",
    "area",
    "phase",
    "procedure",
    "incidence_level",
    "body",
    "other_space",
    "stakeholder_groups",
    "channel",
    "mechanism",
    "methodology",
    "alliances",
    "start_date",
    "end_date",
    "budget",
    "is_accountability",
    "murc_action",
)
TEXT_FIELDS = {
    "name",
    "description",
    "goal",
    "unit",
    "indicator",
    "responsible",
    "periodicity",
    "other_space",
    "methodology",
    "alliances",
}
CHOICES = {
    "phase": CyclePhase,
    "procedure": Procedure,
    "incidence_level": IncidenceLevel,
    "channel": Channel,
    "mechanism": Mechanism,
    "murc_action": MurcAction,
}


def columns(entity: Entity | int) -> list[Column]:
    """The matrix's columns: seed 002's seguimiento columns first, then the rest of the plan."""
    entity_id = entity if isinstance(entity, int) else entity.pk
    bodies = list(body_model().objects.filter(entity_id=entity_id))
    groups = list(stakeholder_group_model().objects.filter(entity_id=entity_id))
    group_parser = lookup_parser(
        groups, lambda g: [g.name], _("No existe el grupo de valor «%(value)s» en la entidad.")
    )
    return [
        Column(KEY_HEADER, "key", width=10),
        Column("ACTIVIDAD", "name", required=True, width=40),
        Column("META", "goal", width=24),
        Column("UNIDAD DE MEDIDA", "unit"),
        Column("INDICADOR", "indicator", width=30),
        Column("RESPONSABLE", "responsible", width=24),
        Column("PERIODICIDAD", "periodicity"),
        Column(
            "DEPENDENCIA",
            "area",
            area_parser(entity_id),
            required=True,
            export=lambda a: a.name if a else "",
            width=30,
        ),
        choice_column("FASE", "phase", CyclePhase.choices, required=True),
        choice_column("PROCEDIMIENTO", "procedure", Procedure.choices, required=True),
        choice_column(
            "NIVEL DE INCIDENCIA", "incidence_level", IncidenceLevel.choices, required=True
        ),
        Column(
            "INSTANCIA DE PARTICIPACIÓN",
            "body",
            lookup_parser(
                bodies,
                lambda b: [b.name, b.acronym],
                _("No existe la instancia «%(value)s» en la entidad."),
            ),
            export=lambda b: b.name if b else "",
            width=30,
        ),
        Column("OTRO ESPACIO", "other_space", width=24),
        Column(
            "GRUPOS DE VALOR",
            "stakeholder_groups",
            multi_parser(group_parser),
            export=lambda gs: "; ".join(sorted(g.name for g in gs)),
            width=30,
        ),
        choice_column("CANAL", "channel", Channel.choices, required=True),
        choice_column("MECANISMO", "mechanism", Mechanism.choices, required=True),
        Column("DESCRIPCIÓN", "description", width=40),
        Column("METODOLOGÍA", "methodology", width=40),
        Column("ALIANZAS Y CONVENIOS", "alliances", width=30),
        Column("FECHA INICIO", "start_date", parse_date),
        Column("FECHA FIN", "end_date", parse_date),
        Column("PRESUPUESTO", "budget", parse_decimal, width=16),
        Column("RENDICIÓN DE CUENTAS", "is_accountability", parse_bool, export=yes_no),
        choice_column("ACCIÓN MURC", "murc_action", MurcAction.choices),
    ]


def activity_key(activity: PlannedActivity) -> str:
    return f"A-{activity.pk}"


def _export_rows(version: PlanVersion) -> list[dict[str, Any]]:
    rows = []
    for activity in version_activities(version=version):
        row = {name: getattr(activity, name) for name in FIELDS if name != "stakeholder_groups"}
        row["stakeholder_groups"] = list(activity.stakeholder_groups.all())
        row["key"] = activity_key(activity)
        rows.append(row)
    return rows


def file_columns(entity_id: int) -> list[Column]:
    """The columns as the file holds them: Spanish headers and labels, read in Spanish or
    English (an export made while the interface was in English imports in Spanish too)."""
    return bilingual_columns(lambda: columns(entity_id))


def _export_columns(version: PlanVersion, with_key: bool) -> list[Column]:
    found = file_columns(version.entity_id)
    return found if with_key else [c for c in found if c.key != "key"]


def export_xlsx(*, version: PlanVersion, with_key: bool = True) -> bytes:
    """The workbook in Spanish, whatever the interface's language (the file's language)."""
    found = _export_columns(version, with_key)
    with file_language():
        return write_xlsx(title=SHEET_TITLE, columns=found, rows=_export_rows(version))


def response(
    version: PlanVersion, *, fmt: str = "xlsx", delimiter: str = ",", with_key: bool = True
) -> HttpResponse:
    """The matrix as a download: XLSX, or CSV (UTF-8 with BOM, ``,`` or ``;``). The public
    download leaves out the keys (they only serve to import the file back)."""
    name = slugify(f"plan-participacion-{version.plan.year}-v{version.number}")
    if fmt == "csv":
        found = _export_columns(version, with_key)
        with file_language():
            content = write_csv(columns=found, rows=_export_rows(version), delimiter=delimiter)
        result = HttpResponse(content, content_type=CSV_CONTENT_TYPE)
        result["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return result
    result = HttpResponse(
        export_xlsx(version=version, with_key=with_key), content_type=XLSX_CONTENT_TYPE
    )
    result["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return result


# ---------------------------------------------------------------- comparable values


def _stored(name: str, value: Any) -> Any:
    """A field's value as the import stores and compares it (JSON: ids, ISO dates, text)."""
    if name in ("area", "body"):
        return getattr(value, "pk", value)
    if name == "stakeholder_groups":
        return sorted(getattr(g, "pk", g) for g in value or [])
    if name in ("start_date", "end_date"):
        return value.isoformat() if value else None
    if name == "budget":
        return str(Decimal(value or 0).quantize(Decimal("0.01")))
    if name == "is_accountability":
        return bool(value)
    return "" if value is None else str(value).strip()


def activity_values(activity: PlannedActivity) -> dict[str, Any]:
    values: dict[str, Any] = {"area": activity.area_id, "body": activity.body_id}
    for name in FIELDS:
        if name in ("area", "body"):
            continue
        if name == "stakeholder_groups":
            values[name] = sorted(g.pk for g in activity.stakeholder_groups.all())
        else:
            values[name] = _stored(name, getattr(activity, name))
    return values


def _objects(entity_id: int, values: dict[str, Any]) -> dict[str, Any]:
    """Stored values back to what ``services.save_activity`` takes."""
    data: dict[str, Any] = {}
    for name, value in values.items():
        if name == "area":
            data[name] = Area.objects.for_entity(entity_id).get(pk=value)
        elif name == "body":
            data[name] = body_model().objects.get(entity_id=entity_id, pk=value) if value else None
        elif name == "stakeholder_groups":
            data[name] = list(
                stakeholder_group_model().objects.filter(entity_id=entity_id, pk__in=value)
            )
        elif name in ("start_date", "end_date"):
            data[name] = date.fromisoformat(value) if value else None
        elif name == "budget":
            data[name] = Decimal(value)
        else:
            data[name] = value
    return data


# ---------------------------------------------------------------- reading


def _match(
    number: int,
    values: dict[str, Any],
    stored: dict[str, Any],
    *,
    by_pk: dict[int, PlannedActivity],
    by_origin: dict[int, PlannedActivity],
    by_name: dict[tuple[str, Any], list[PlannedActivity]],
    taken: dict[int, int],
    labels: dict[str, str],
) -> tuple[int | None, list[CellError]]:
    key = values.get("key") or ""
    if key:
        found = KEY_PATTERN.match(key)
        pk = int(found.group(1)) if found else None
        activity = by_pk.get(pk) or by_origin.get(pk) if pk else None
        if activity is None:
            return None, [
                CellError(
                    number,
                    labels.get("key", KEY_HEADER),
                    _(
                        "La clave «%(key)s» no corresponde a ninguna actividad de esta versión: "
                        "déjela vacía para agregar la fila como actividad nueva."
                    )
                    % {"key": key},
                )
            ]
    else:
        candidates = [
            a
            for a in by_name.get((fold(stored["name"]), stored.get("area")), [])
            if a.pk not in taken
        ]
        if len(candidates) != 1:
            return None, []
        activity = candidates[0]
    if activity.pk in taken:
        return None, [
            CellError(
                number,
                labels.get("key", KEY_HEADER),
                _("La actividad ya aparece en la fila %(row)s: cada actividad va una sola vez.")
                % {"row": taken[activity.pk]},
            )
        ]
    taken[activity.pk] = number
    return activity.pk, []


def _check_row(
    version: PlanVersion, number: int, stored: dict[str, Any], labels: dict[str, str]
) -> list[CellError]:
    """The model's own rules (one space, MURC, dates) on the row, before anything is saved."""
    fields = {k: v for k, v in stored.items() if k not in ("stakeholder_groups",)}
    candidate = PlannedActivity(
        entity_id=version.entity_id,
        version=version,
        area_id=fields.pop("area"),
        body_id=fields.pop("body"),
        **{
            k: (date.fromisoformat(v) if k.endswith("_date") and v else v)
            for k, v in fields.items()
        },
    )
    if candidate.budget is not None:
        candidate.budget = Decimal(candidate.budget)
    try:
        candidate.full_clean(exclude=["version", "copied_from"])
    except ValidationError as exc:
        headers = dict(labels)
        headers.setdefault("other_space", labels.get("body", "OTRO ESPACIO"))
        return model_errors(exc, number, headers, default=labels.get("name", ""))
    return []


@dataclass
class PrepareResult:
    pending: PlanImport | None = None
    errors: list[CellError] = field(default_factory=list)


@transaction.atomic
def plan_import_prepare(
    *, version: PlanVersion, file: Any, user: Any, file_name: str = ""
) -> PrepareResult:
    """Read the file; store the rows as a pending import when every row is valid."""
    if not services.is_editable(version):
        return PrepareResult(
            errors=[CellError(0, "", _("La versión no admite cambios en su estado actual."))]
        )
    table = read_table(file=file, columns=file_columns(version.entity_id), sheet_name=SHEET_TITLE)
    errors = list(table.errors)
    existing = list(version.activities.all())
    by_pk = {a.pk: a for a in existing}
    by_origin = {a.copied_from_id: a for a in existing if a.copied_from_id}
    by_name: dict[tuple[str, Any], list[PlannedActivity]] = {}
    for activity in existing:
        by_name.setdefault((fold(activity.name), activity.area_id), []).append(activity)
    taken: dict[int, int] = {}
    rows = []
    row_errors = {e.row for e in errors}
    for number, values in table.rows:
        stored = {name: _stored(name, values.get(name)) for name in FIELDS}
        activity_id, problems = _match(
            number,
            values,
            stored,
            by_pk=by_pk,
            by_origin=by_origin,
            by_name=by_name,
            taken=taken,
            labels=table.labels,
        )
        errors.extend(problems)
        if number not in row_errors and not problems:
            errors.extend(_check_row(version, number, stored, table.labels))
        rows.append({"row": number, "activity": activity_id, "data": stored})
    if not table.rows and not errors:
        errors.append(CellError(0, "", _("El archivo no tiene filas de actividades.")))
    if errors:
        return PrepareResult(errors=sorted(errors, key=lambda e: (e.row, e.column)))
    pending = PlanImport(
        entity_id=version.entity_id,
        version=version,
        user=user if getattr(user, "pk", None) else None,
        file_name=(file_name or getattr(file, "name", "") or "")[:255],
        rows=rows,
    )
    pending.full_clean()
    pending.save()
    return PrepareResult(pending=pending)


# ---------------------------------------------------------------- preview


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class RowPreview:
    row: int
    activity_id: int | None
    name: str
    changes: list[FieldChange] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Preview:
    new: list[RowPreview] = field(default_factory=list)
    changed: list[RowPreview] = field(default_factory=list)
    unchanged: list[RowPreview] = field(default_factory=list)
    absent: list[PlannedActivity] = field(default_factory=list)

    @property
    def change_count(self) -> int:
        return sum(len(r.changes) for r in self.changed)


class _Shown:
    """Stored values as the official reads them (names, labels, DD/MM/AAAA, pesos)."""

    def __init__(self, entity_id: int) -> None:
        self.areas = {a.pk: a.name for a in Area.objects.for_entity(entity_id)}
        self.bodies = {b.pk: b.name for b in body_model().objects.filter(entity_id=entity_id)}
        self.groups = {
            g.pk: g.name for g in stakeholder_group_model().objects.filter(entity_id=entity_id)
        }
        self.headers = {c.key: c.header for c in columns(entity_id)}

    def __call__(self, name: str, value: Any) -> str:
        if name == "area":
            return self.areas.get(value, "")
        if name == "body":
            return self.bodies.get(value, "") if value else ""
        if name == "stakeholder_groups":
            return "; ".join(sorted(self.groups.get(pk, "") for pk in value))
        if name in CHOICES:
            return str(dict(CHOICES[name].choices).get(value, value or ""))
        if name in ("start_date", "end_date"):
            return date.fromisoformat(value).strftime("%d/%m/%Y") if value else ""
        if name == "budget":
            return number_format(Decimal(value), decimal_pos=2, force_grouping=True)
        if name == "is_accountability":
            return str(yes_no(value))
        return value or ""


def plan_import_preview(*, pending: PlanImport) -> Preview:
    """Compare the stored rows with the activities as they are now."""
    version = pending.version
    current = {
        a.pk: a for a in version.activities.prefetch_related("stakeholder_groups").order_by("pk")
    }
    shown = _Shown(version.entity_id)
    preview = Preview()
    listed = set()
    for item in pending.rows:
        data = item["data"]
        activity = current.get(item["activity"]) if item["activity"] else None
        row = RowPreview(
            row=item["row"],
            activity_id=activity.pk if activity else None,
            name=data["name"],
            data=data,
        )
        if activity is None:
            preview.new.append(row)
            continue
        listed.add(activity.pk)
        before = activity_values(activity)
        for name in FIELDS:
            if before[name] != data[name]:
                row.changes.append(
                    FieldChange(
                        name,
                        shown.headers[name],
                        shown(name, before[name]),
                        shown(name, data[name]),
                    )
                )
        (preview.changed if row.changes else preview.unchanged).append(row)
    preview.absent = [a for pk, a in current.items() if pk not in listed]
    return preview


# ---------------------------------------------------------------- applying


@transaction.atomic
def plan_import_apply(*, pending: PlanImport, user: Any, withdraw_absent: bool = False) -> Preview:
    """Write the import in one transaction: new rows, changed fields, absent rows if asked."""
    pending = PlanImport.objects.select_for_update().get(pk=pending.pk)
    if pending.status != ImportStatus.PENDING:
        raise ValidationError(_("Esta importación ya fue aplicada o descartada."))
    if pending.user_id is not None and pending.user_id != getattr(user, "pk", None):
        raise ValidationError(_("Solo quien cargó el archivo puede confirmar la importación."))
    version = pending.version
    preview = plan_import_preview(pending=pending)
    entity_id = version.entity_id
    for row in preview.new:
        services.save_activity(version=version, data=_objects(entity_id, row.data), user=user)
    activities = {a.pk: a for a in version.activities.all()}
    for row in preview.changed:
        changed = {c.field: row.data[c.field] for c in row.changes}
        services.save_activity(
            version=version,
            activity=activities[row.activity_id or 0],
            data=_objects(entity_id, changed),
            user=user,
        )
    withdrawn = 0
    if withdraw_absent:
        for activity in preview.absent:
            services.delete_activity(activity=activity, user=user)
            withdrawn += 1
    pending.status = ImportStatus.APPLIED
    pending.withdraw_absent = withdraw_absent
    pending.created_count = len(preview.new)
    pending.updated_count = len(preview.changed)
    pending.unchanged_count = len(preview.unchanged)
    pending.withdrawn_count = withdrawn
    pending.applied_at = timezone.now()
    pending.full_clean()
    pending.save()
    return preview


@transaction.atomic
def plan_import_discard(*, pending: PlanImport, user: Any) -> PlanImport:
    pending = PlanImport.objects.select_for_update().get(pk=pending.pk)
    if pending.status != ImportStatus.PENDING:
        raise ValidationError(_("Esta importación ya fue aplicada o descartada."))
    pending.status = ImportStatus.DISCARDED
    pending.rows = []
    pending.save(update_fields=["status", "rows"])
    return pending


def pending_imports(*, version: PlanVersion, user: Any) -> Iterable[PlanImport]:
    return PlanImport.objects.for_entity(version.entity_id).filter(
        version=version, user=user, status=ImportStatus.PENDING
    )
