"""Fast inserts: PostgreSQL ``COPY`` through psycopg 3, ``bulk_create`` elsewhere.

Rows are tuples in the order of the model's concrete fields, with their primary keys
allocated up front (:meth:`Writer.allocate_ids`) so that child rows can point to them
without reading anything back.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.db.models import Max
from django.utils import timezone


class Table:
    """A model's concrete columns with their defaults; ``row(**values)`` builds one row."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        now = timezone.now()
        self._index = {f.attname: i for i, f in enumerate(self.fields)}
        self._defaults = [
            now
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.get_default()
            for f in self.fields
        ]

    def row(self, **values: Any) -> tuple[Any, ...]:
        row = list(self._defaults)
        index = self._index
        for name, value in values.items():
            row[index[name]] = value
        return tuple(row)


@dataclass
class Written:
    rows: int = 0
    seconds: float = 0.0


@dataclass
class Writer:
    """Writes rows and counts them per table (rows and seconds, for the rows/s report)."""

    stats: dict[str, Written] = field(default_factory=dict)

    @property
    def uses_copy(self) -> bool:
        return connection.vendor == "postgresql"

    def allocate_ids(self, model: type[models.Model], n: int) -> list[int]:
        """``n`` fresh primary keys of ``model``'s table."""
        if n == 0:
            return []
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.uses_copy:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, n],
                )
                return [r[0] for r in cursor.fetchall()]
        start = (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
        return list(range(start, start + n))

    def write(self, table: Table, rows: Iterable[tuple[Any, ...]]) -> int:
        started = time.perf_counter()
        count = self._copy(table, rows) if self.uses_copy else self._bulk_create(table, rows)
        stat = self.stats.setdefault(table.model._meta.label, Written())
        stat.rows += count
        stat.seconds += time.perf_counter() - started
        return count

    def _copy(self, table: Table, rows: Iterable[tuple[Any, ...]]) -> int:
        columns = ", ".join(connection.ops.quote_name(f.column) for f in table.fields)
        sql = f"COPY {connection.ops.quote_name(table.model._meta.db_table)} ({columns}) FROM STDIN"
        count = 0
        connection.ensure_connection()
        with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                # JSON columns (lists, dicts) travel as their JSON text.
                copy.write_row([json.dumps(v) if isinstance(v, dict | list) else v for v in row])
                count += 1
        return count

    def _bulk_create(self, table: Table, rows: Iterable[tuple[Any, ...]]) -> int:
        names = [f.attname for f in table.fields]
        objects = [table.model(**dict(zip(names, row, strict=True))) for row in rows]
        table.model._default_manager.bulk_create(objects, batch_size=500)
        return len(objects)
