"""What each matrix tells the shared import engine (:mod:`cabildo.matrices.services`).

A :class:`MatrixAdapter` describes one matrix of one entity (and, for some, one year or one
plan: ``target``): its columns (on :mod:`cabildo.core.tabular`), its rows in the database, the
values a row shows in the matrix, how a row of a workbook that never came from Cabildo is
recognised (the natural key), and how a row is validated, created, updated or withdrawn
(always through the app's services). Everything else — the stable key column, matching,
the preview field by field, the one transaction, the audit record — is the engine's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.module_loading import import_string
from django.utils.text import slugify

from cabildo.core.models import Entity
from cabildo.core.tabular import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Column,
    Table,
    bilingual_columns,
    file_language,
    read_table,
    write_csv,
    write_xlsx,
)

if TYPE_CHECKING:
    from cabildo.accounts.models import User

KEY_HEADER = "CLAVE"

# kind → dotted path of the adapter class (the apps own their matrices).
ADAPTERS = {
    "grupos-de-valor": "cabildo.stakeholders.matrix.GroupMatrix",
    "instancias": "cabildo.bodies.matrix.BodyMatrix",
    "plan-de-mejoramiento": "cabildo.assessment.plan_matrix.ImprovementPlanMatrix",
    "autodiagnostico": "cabildo.assessment.workbook.AssessmentMatrix",
    "indicadores": "cabildo.evaluation.matrix.IndicatorMatrix",
    "mediciones": "cabildo.evaluation.matrix.MeasurementMatrix",
    "plan": "cabildo.plans.matrix.PlanMatrix",
}


def adapter_class(kind: str) -> type[MatrixAdapter]:
    return import_string(ADAPTERS[kind])


class MatrixAdapter:
    kind: ClassVar[str] = ""
    # The key column's prefix: "G-12" is the row of pk 12.
    prefix: ClassVar[str] = ""
    title: ClassVar[Any] = ""
    sheet_name: ClassVar[str] = ""
    # Permission checked on :meth:`permission_object` to import (and confirm).
    permission: ClassVar[str] = ""
    allow_extra: ClassVar[bool] = False
    # Rows of the database absent from the file may be withdrawn when the official asks.
    can_withdraw: ClassVar[bool] = False
    # A change to a recorded value states its reason (measurements).
    needs_reason: ClassVar[bool] = False
    # Column keys shown but never compared nor written (computed on export).
    export_only: ClassVar[tuple[str, ...]] = ()
    with_key: ClassVar[bool] = True
    # A row whose cell of this column is empty is not data (a total row, a group heading).
    row_key: ClassVar[str] = ""

    def __init__(self, *, entity: Entity, target: int | None = None) -> None:
        self.entity = entity
        self.target = target

    # -------------------------------------------------------------- to implement

    def data_columns(self) -> list[Column]:
        raise NotImplementedError

    def objects(self) -> Sequence[Any]:
        """The rows of the matrix in the database, in the export's order."""
        raise NotImplementedError

    def values_of(self, obj: Any) -> dict[str, Any]:
        """What the row shows in the matrix, by column key (python values, as parsed)."""
        raise NotImplementedError

    def natural_key(self, values: dict[str, Any]) -> Any:
        """How a row without CLAVE is recognised (``None``: never matched)."""
        return None

    def object_of_key(self, pk: int, by_pk: dict[int, Any]) -> Any:
        """The row a key names (``None``: no such row). A plan version answers also to the
        keys of the version its activities were copied from."""
        return by_pk.get(pk)

    def refusal(self) -> str:
        """Why the matrix takes no import now ("" when it does): a locked plan version."""
        return ""

    def check(self, *, obj: Any, values: dict[str, Any]) -> None:
        """The model's own rules on the row; raise ``ValidationError`` (field → column key)."""

    def save(
        self, *, obj: Any, values: dict[str, Any], changed: set[str], user: User | None, reason: str
    ) -> Any:
        """Create (``obj`` is ``None``) or update the row through the app's services."""
        raise NotImplementedError

    def reason_needed(self, preview: Any) -> bool:
        """Whether applying ``preview`` asks the official for the reason of the changes."""
        return self.needs_reason and bool(preview.changed)

    def withdraw(self, *, obj: Any, user: User | None) -> None:
        raise ValidationError("not supported")

    def name_of(self, values: dict[str, Any]) -> str:
        return str(values.get("name") or "")

    def back_url(self) -> str:
        raise NotImplementedError

    def permission_object(self) -> Any:
        return self.entity

    # -------------------------------------------------------------- defaults

    def columns(self) -> list[Column]:
        key = [Column(KEY_HEADER, "key", width=10)] if self.with_key else []
        return key + self.data_columns()

    def file_columns(self) -> list[Column]:
        """The columns as the file holds them: the seeds' Spanish headers and values, read
        in Spanish or English (:func:`~cabildo.core.tabular.bilingual_columns`). Every
        read, export and preview goes through these, never :meth:`columns` directly."""
        return bilingual_columns(self.columns)

    def compared(self) -> list[Column]:
        return [c for c in self.data_columns() if c.key not in self.export_only]

    def key_of(self, obj: Any) -> str:
        return f"{self.prefix}-{obj.pk}"

    def pk_of_key(self, key: Any) -> int | None:
        found = re.match(rf"^\s*{re.escape(self.prefix)}-(\d+)\s*$", str(key or ""), re.I)
        return int(found.group(1)) if found else None

    def skip(self) -> Callable[[tuple], bool] | None:
        return None

    def read(self, file: Any) -> Table:
        return read_table(
            file=file,
            columns=self.file_columns(),
            sheet_name=self.sheet_name,
            allow_extra=self.allow_extra,
            skip=self.skip(),
            row_key=self.row_key,
        )

    def meta(self, table: Table) -> dict[str, Any]:
        """What the file says besides its rows (JSON), kept with the pending import."""
        return {}

    def apply_meta(self, meta: dict[str, Any], user: User | None) -> None:
        """Write what :meth:`meta` found, when the import is confirmed."""

    def export_rows(self) -> list[dict[str, Any]]:
        rows = []
        for obj in self.objects():
            row = self.values_of(obj)
            row["key"] = self.key_of(obj)
            rows.append(row)
        return rows

    def letterhead(self) -> list[list[Any]]:
        return []

    def footer(self) -> list[list[Any]]:
        return []

    def filename(self) -> str:
        return slugify(
            f"{self.kind}-{self.entity.slug}" + (f"-{self.target}" if self.target else "")
        )

    def export_xlsx(self) -> bytes:
        """The workbook, in Spanish whatever the interface's language (the file's language)."""
        columns = self.file_columns()
        with file_language():
            return write_xlsx(
                title=str(self.sheet_name or self.title),
                columns=columns,
                rows=self.export_rows(),
                letterhead=self.letterhead(),
                footer=self.footer(),
            )

    def response(self, *, fmt: str = "xlsx", delimiter: str = ",") -> HttpResponse:
        """The matrix as a download: XLSX, or CSV (UTF-8 with BOM, ``,`` or ``;``)."""
        if fmt == "csv":
            columns = self.file_columns()
            with file_language():
                content = write_csv(columns=columns, rows=self.export_rows(), delimiter=delimiter)
            result = HttpResponse(content, content_type=CSV_CONTENT_TYPE)
            result["Content-Disposition"] = f'attachment; filename="{self.filename()}.csv"'
            return result
        result = HttpResponse(self.export_xlsx(), content_type=XLSX_CONTENT_TYPE)
        result["Content-Disposition"] = f'attachment; filename="{self.filename()}.xlsx"'
        return result
