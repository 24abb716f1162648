"""The one import engine of Cabildo's matrices: read → preview → confirm, updating in place.

Every exported row carries a stable key (``CLAVE``: ``G-12``, ``I-3``…). Reading a file
(:func:`matrix_import_prepare`) matches each row to a row of the database by that key, or,
for workbooks that never came from Cabildo, by the matrix's natural key (a group's name, an
indicator's name, a plan action's MIPG activity); it collects every error at once (cells,
repeated rows, the model's own rules) and, when there is none, stores the cells as read in a
:class:`~cabildo.matrices.models.MatrixImport` and changes nothing else.
:func:`matrix_import_preview` says which rows are new, which change (field by field, old →
new, compared as the spreadsheet shows them, so an export imported back changes nothing),
which are unchanged and which rows of the database the file does not list;
:func:`matrix_import_apply` writes all of it in one transaction when the official confirms,
through the app's services, and leaves the import as the audit record (who, file, counts).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cabildo.core.models import Entity
from cabildo.core.tabular import CellError, Column, cell_value, model_errors, parse_cells, yes_no
from cabildo.matrices.adapters import MatrixAdapter, adapter_class
from cabildo.matrices.models import MatrixImport, MatrixImportStatus

if TYPE_CHECKING:
    from cabildo.accounts.models import User

logger = logging.getLogger(__name__)

# Files up to this size are read while the official waits; larger ones by a background job.
SYNC_MAX_BYTES = 256 * 1024


# ---------------------------------------------------------------- cells as stored and shown


def to_json(value: Any) -> Any:
    """A cell as read (openpyxl or CSV) as JSON; :func:`from_json` gives it back."""
    if isinstance(value, datetime.datetime):
        return {"d": value.date().isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def from_json(value: Any) -> Any:
    if isinstance(value, dict) and "d" in value:
        return datetime.date.fromisoformat(value["d"])
    return value


def comparable(column: Column, value: Any) -> str:
    """A value as the spreadsheet holds it, as text: what "changed" means."""
    cell = cell_value(column, value)
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, (int, float, Decimal)):
        number = Decimal(str(cell)).normalize()
        return format(number, "f")
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell).strip()


def shown(column: Column, value: Any) -> str:
    """A value as the official reads it in the preview (DD/MM/AAAA, 45 %, 1.234,50)."""
    cell = cell_value(column, value)
    if cell is None or cell == "":
        return ""
    if isinstance(cell, bool):
        return str(yes_no(cell))
    if isinstance(cell, datetime.date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, (int, float, Decimal)):
        if column.cell_kind == "percent":
            return f"{number_format(Decimal(str(cell)) * 100, decimal_pos=0)} %"
        if column.cell_kind == "decimal":
            return number_format(Decimal(str(cell)), decimal_pos=2, force_grouping=True)
        return number_format(cell)
    return str(cell)


# ---------------------------------------------------------------- reading


@dataclass
class PrepareResult:
    pending: MatrixImport | None = None
    errors: list[CellError] = field(default_factory=list)


def adapter_for(pending: MatrixImport) -> MatrixAdapter:
    return adapter_class(pending.kind)(entity=pending.entity, target=pending.target)


def _match(
    adapter: MatrixAdapter,
    number: int,
    values: dict[str, Any],
    *,
    by_pk: dict[int, Any],
    by_natural: dict[Any, list[Any]],
    taken: dict[int, int],
    new_naturals: dict[Any, int],
    key_label: str,
) -> tuple[Any, list[CellError]]:
    key = values.get("key") or ""
    obj = None
    if key:
        pk = adapter.pk_of_key(key)
        obj = adapter.object_of_key(pk, by_pk) if pk else None
        if obj is None:
            return None, [
                CellError(
                    number,
                    key_label,
                    _(
                        "La clave «%(key)s» no corresponde a ninguna fila de esta matriz: "
                        "déjela vacía para agregar la fila como nueva."
                    )
                    % {"key": key},
                )
            ]
    else:
        natural = adapter.natural_key(values)
        if natural is not None:
            candidates = [o for o in by_natural.get(natural, []) if o.pk not in taken]
            if len(candidates) == 1:
                obj = candidates[0]
            elif not by_natural.get(natural):
                if natural in new_naturals:
                    return None, [
                        CellError(
                            number,
                            key_label,
                            _("La fila está repetida (también en la fila %(row)s).")
                            % {"row": new_naturals[natural]},
                        )
                    ]
                new_naturals[natural] = number
    if obj is None:
        return None, []
    if obj.pk in taken:
        return None, [
            CellError(
                number,
                key_label,
                _("La fila ya aparece en la fila %(row)s: cada fila va una sola vez.")
                % {"row": taken[obj.pk]},
            )
        ]
    taken[obj.pk] = number
    return obj, []


def read_rows(
    adapter: MatrixAdapter, file: Any
) -> tuple[list[dict[str, Any]], dict[str, Any], list[CellError]]:
    """Read and check a file: ``(rows to store, meta, errors)``; nothing is written."""
    refused = adapter.refusal()
    if refused:
        return [], {}, [CellError(0, "", refused)]
    table = adapter.read(file)
    errors = list(table.errors)
    if any(e.row in (0, table.header_row) for e in errors):
        return [], {}, sorted(errors, key=lambda e: (e.row, e.column))
    existing = list(adapter.objects())
    by_pk = {o.pk: o for o in existing}
    by_natural: dict[Any, list[Any]] = {}
    for obj in existing:
        natural = adapter.natural_key(adapter.values_of(obj))
        if natural is not None:
            by_natural.setdefault(natural, []).append(obj)
    taken: dict[int, int] = {}
    new_naturals: dict[Any, int] = {}
    key_label = table.labels.get("key") or next(
        (label for k, label in table.labels.items() if k != "key"), ""
    )
    rows_with_errors = {e.row for e in errors}
    rows = []
    raw = dict(table.raw)
    for number, values in table.rows:
        obj, problems = _match(
            adapter,
            number,
            values,
            by_pk=by_pk,
            by_natural=by_natural,
            taken=taken,
            new_naturals=new_naturals,
            key_label=key_label,
        )
        errors.extend(problems)
        if number not in rows_with_errors and not problems:
            try:
                adapter.check(obj=obj, values=values)
            except ValidationError as exc:
                errors.extend(model_errors(exc, number, table.labels, default=key_label))
        cells = {k: to_json(v) for k, v in raw.get(number, {}).items() if k != "key"}
        rows.append({"row": number, "object": obj.pk if obj else None, "cells": cells})
    if not table.rows and not errors:
        errors.append(CellError(0, "", _("El archivo no tiene filas.")))
    return rows, adapter.meta(table), sorted(errors, key=lambda e: (e.row, e.column))


def error_dicts(errors: list[CellError]) -> list[dict[str, Any]]:
    return [{"row": e.row, "column": e.column, "message": e.message} for e in errors]


def stored_errors(pending: MatrixImport) -> list[CellError]:
    return [CellError(e["row"], e["column"], e["message"]) for e in pending.errors or []]


@transaction.atomic
def matrix_import_prepare(
    *,
    entity: Entity,
    kind: str,
    target: int | None,
    file: Any,
    user: User | None,
    file_name: str = "",
) -> PrepareResult:
    """Read the file now; store its rows as a pending import when every row is valid."""
    adapter = adapter_class(kind)(entity=entity, target=target)
    rows, meta, errors = read_rows(adapter, file)
    if errors:
        return PrepareResult(errors=errors)
    pending = MatrixImport(
        entity=entity,
        kind=kind,
        target=target,
        user=user if getattr(user, "pk", None) else None,
        file_name=(file_name or getattr(file, "name", "") or "")[:255],
        rows=rows,
        meta=meta,
        progress=100,
    )
    pending.full_clean()
    pending.save()
    return PrepareResult(pending=pending)


@transaction.atomic
def matrix_import_queue(
    *,
    entity: Entity,
    kind: str,
    target: int | None,
    data: bytes,
    user: User,
    file_name: str = "",
) -> MatrixImport:
    """Keep a large file and read it in the background (:func:`matrix_import_read`); the
    page polls :class:`MatrixImport` for the progress."""
    from cabildo.matrices import tasks

    job = MatrixImport(
        entity=entity,
        kind=kind,
        target=target,
        user=user if getattr(user, "pk", None) else None,
        file_name=file_name[:255],
        status=MatrixImportStatus.READING,
        upload=data,
    )
    job.full_clean(exclude=["upload"])
    job.save()
    transaction.on_commit(lambda: tasks.read_matrix.delay(job.pk))
    return job


def matrix_import_read(*, job_id: int) -> MatrixImport:
    """The background job: read the kept file; the import becomes pending or failed."""
    job = MatrixImport.objects.select_related("entity").get(pk=job_id)
    if job.status != MatrixImportStatus.READING:
        return job
    job.progress = 10
    job.save(update_fields=["progress"])
    adapter = adapter_for(job)
    try:
        rows, meta, errors = read_rows(adapter, bytes(job.upload or b""))
    except Exception:  # a damaged file must not leave the job reading for ever
        logger.exception("Reading matrix import %s failed", job.pk)
        rows, meta, errors = [], {}, [CellError(0, "", _("No se pudo leer el archivo."))]
    job.upload = None
    job.progress = 100
    if errors:
        job.status = MatrixImportStatus.FAILED
        job.errors = error_dicts(errors)
    else:
        job.status = MatrixImportStatus.PENDING
        job.rows = rows
        job.meta = meta
    job.save()
    return job


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
    object_id: int | None
    name: str
    changes: list[FieldChange] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Preview:
    new: list[RowPreview] = field(default_factory=list)
    changed: list[RowPreview] = field(default_factory=list)
    unchanged: list[RowPreview] = field(default_factory=list)
    absent: list[Any] = field(default_factory=list)
    absent_names: list[str] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def change_count(self) -> int:
        return sum(len(r.changes) for r in self.changed)


def matrix_import_preview(*, pending: MatrixImport) -> Preview:
    """Compare the stored rows with the matrix as it is now (parsing the cells again: a row
    deleted or renamed since the file was read is reported, not guessed)."""
    adapter = adapter_for(pending)
    columns = adapter.file_columns()
    compared = adapter.compared()
    current = {o.pk: o for o in adapter.objects()}
    labels = {c.key: str(c.header) for c in columns}
    preview = Preview()
    listed = set()
    for item in pending.rows:
        cells = {k: from_json(v) for k, v in item["cells"].items()}
        values, errors = parse_cells(columns, cells, item["row"], labels)
        preview.errors.extend(errors)
        obj = current.get(item["object"]) if item["object"] else None
        if item["object"] and obj is None:
            preview.errors.append(
                CellError(
                    item["row"],
                    "",
                    _("La fila ya no existe en la matriz: lea el archivo de nuevo."),
                )
            )
            continue
        row = RowPreview(
            row=item["row"],
            object_id=obj.pk if obj else None,
            name=adapter.name_of(values),
            values=values,
        )
        if obj is None:
            preview.new.append(row)
            continue
        listed.add(obj.pk)
        before = adapter.values_of(obj)
        for column in compared:
            if column.key not in values:
                continue  # a column the file does not have changes nothing
            old, new = before.get(column.key), values[column.key]
            if comparable(column, old) != comparable(column, new):
                row.changes.append(
                    FieldChange(
                        column.key, str(column.header), shown(column, old), shown(column, new)
                    )
                )
        (preview.changed if row.changes else preview.unchanged).append(row)
    preview.absent = [o for pk, o in current.items() if pk not in listed]
    preview.absent_names = [adapter.name_of(adapter.values_of(o)) for o in preview.absent]
    return preview


# ---------------------------------------------------------------- applying


def _locked_pending(pending: MatrixImport, user: User | None) -> MatrixImport:
    pending = MatrixImport.objects.select_for_update().get(pk=pending.pk)
    if pending.status != MatrixImportStatus.PENDING:
        raise ValidationError(_("Esta importación ya fue aplicada o descartada."))
    if pending.user_id is not None and pending.user_id != getattr(user, "pk", None):
        raise ValidationError(_("Solo quien cargó el archivo puede confirmar la importación."))
    return pending


@transaction.atomic
def matrix_import_apply(
    *, pending: MatrixImport, user: User | None, withdraw_absent: bool = False, reason: str = ""
) -> Preview:
    """Write the import in one transaction: new rows, changed fields, absent rows if asked."""
    pending = _locked_pending(pending, user)
    adapter = adapter_for(pending)
    refused = adapter.refusal()
    if refused:
        raise ValidationError(refused)
    preview = matrix_import_preview(pending=pending)
    if preview.errors:
        raise ValidationError([str(e) for e in preview.errors])
    reason = (reason or "").strip()
    if adapter.reason_needed(preview) and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Escriba el motivo de los cambios: el archivo modifica valores ya registrados."
                )
            }
        )
    if withdraw_absent and not adapter.can_withdraw:
        withdraw_absent = False
    current = {o.pk: o for o in adapter.objects()}
    adapter.apply_meta(pending.meta or {}, user)
    for row in preview.new:
        _save(adapter, row, None, set(row.values), user, reason)
    for row in preview.changed:
        changed = {c.field for c in row.changes}
        _save(adapter, row, current[row.object_id], changed, user, reason)
    if withdraw_absent:
        for obj in preview.absent:
            adapter.withdraw(obj=obj, user=user)
    pending.status = MatrixImportStatus.APPLIED
    pending.withdraw_absent = withdraw_absent
    pending.reason = reason
    pending.created_count = len(preview.new)
    pending.updated_count = len(preview.changed)
    pending.unchanged_count = len(preview.unchanged)
    pending.withdrawn_count = len(preview.absent) if withdraw_absent else 0
    pending.applied_at = timezone.now()
    pending.full_clean(exclude=["upload"])
    pending.save()
    return preview


def _save(
    adapter: MatrixAdapter,
    row: RowPreview,
    obj: Any,
    changed: set[str],
    user: User | None,
    reason: str,
) -> None:
    """One row through the app's services; its refusal names the row (and nothing is kept)."""
    try:
        adapter.save(obj=obj, values=row.values, changed=changed, user=user, reason=reason)
    except ValidationError as exc:
        raise ValidationError(
            [_("Fila %(row)s: %(message)s") % {"row": row.row, "message": m} for m in exc.messages]
        ) from exc


@transaction.atomic
def matrix_import_discard(*, pending: MatrixImport, user: User) -> MatrixImport:
    pending = _locked_pending(pending, user)
    pending.status = MatrixImportStatus.DISCARDED
    pending.rows = []
    pending.save(update_fields=["status", "rows"])
    return pending


@dataclass
class Outcome:
    """What :func:`matrix_import_run` did: the errors (nothing saved) or the counts."""

    errors: list[CellError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    pending: MatrixImport | None = None


@transaction.atomic
def matrix_import_run(
    *,
    entity: Entity,
    kind: str,
    file: Any,
    target: int | None = None,
    user: User | None = None,
    reason: str = "",
    withdraw_absent: bool = False,
) -> Outcome:
    """Read and apply at once (commands, demo data, tests): the same checks, the same record."""
    result = matrix_import_prepare(entity=entity, kind=kind, target=target, file=file, user=user)
    if result.errors or result.pending is None:
        return Outcome(errors=result.errors)
    try:
        preview = matrix_import_apply(
            pending=result.pending, user=user, withdraw_absent=withdraw_absent, reason=reason
        )
    except ValidationError as exc:
        transaction.set_rollback(True)
        return Outcome(errors=[CellError(0, "", m) for m in exc.messages])
    return Outcome(
        created=len(preview.new),
        updated=len(preview.changed),
        unchanged=len(preview.unchanged),
        pending=result.pending,
    )
