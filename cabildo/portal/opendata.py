"""Open data generated from each :class:`~cabildo.core.registry.PublicDataset`: the columns of
its data dictionary, its records (the serializer's output) and the CSV file.

The CSV is UTF-8 (what datos.gov.co takes), comma separated, with one header row of Spanish
column names (the serializer fields' labels); booleans are «Sí»/«No», empty values are empty.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from cabildo.core import formulas
from cabildo.core.models import Entity
from cabildo.core.registry import ParticipaSection, PublicDataset, open_datasets

# Most specific first: DateTimeField is not a DateField, but DecimalField must precede none.
TYPE_LABELS: tuple[tuple[type, Any], ...] = (
    (serializers.BooleanField, gettext_lazy("Sí/No")),
    (serializers.IntegerField, gettext_lazy("Número entero")),
    (serializers.DecimalField, gettext_lazy("Número decimal")),
    (serializers.FloatField, gettext_lazy("Número decimal")),
    (serializers.DateTimeField, gettext_lazy("Fecha y hora (ISO 8601)")),
    (serializers.DateField, gettext_lazy("Fecha (AAAA-MM-DD)")),
    (serializers.ListField, gettext_lazy("Lista de textos")),
)


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    type_label: str
    description: str


def datasets() -> list[PublicDataset]:
    return open_datasets()


def dataset_or_404(slug: str) -> PublicDataset:
    for dataset in open_datasets():
        if dataset.slug == slug:
            return dataset
    raise Http404(_("No existe ese conjunto de datos."))


def section_label(dataset: PublicDataset) -> str:
    try:
        return str(ParticipaSection(dataset.section).label)
    except ValueError:
        return ""


def _type_label(field: serializers.Field) -> str:
    for field_class, label in TYPE_LABELS:
        if isinstance(field, field_class):
            return str(label)
    return _("Texto")


def columns(dataset: PublicDataset) -> list[Column]:
    """The data dictionary: column name, Spanish header, type and description."""
    fields = dataset.serializer_class().fields
    return [
        Column(
            name=name,
            label=str(field.label or name),
            type_label=_type_label(field),
            description=str(field.help_text or ""),
        )
        for name, field in fields.items()
    ]


def source(dataset: PublicDataset, entity: Entity | None) -> Iterable[Any]:
    """The dataset's rows for ``entity`` (nothing without an entity)."""
    if entity is None:
        return []
    return dataset.queryset(entity)


def iterate(rows: Iterable[Any]) -> Iterator[Any]:
    """Rows one by one; querysets with prefetches are read whole (prefetching needs it),
    plain ones in chunks."""
    if isinstance(rows, QuerySet) and not getattr(rows, "_prefetch_related_lookups", ()):
        return rows.iterator(chunk_size=2000)
    return iter(rows)


def records(dataset: PublicDataset, rows: Iterable[Any]) -> Iterator[dict[str, Any]]:
    serializer = dataset.serializer_class()
    for row in iterate(rows):
        yield dict(serializer.to_representation(row))


def csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if value is True:
        return _("Sí")
    if value is False:
        return _("No")
    if isinstance(value, (list, tuple)):
        return "; ".join(str(item) for item in value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def csv_lines(dataset: PublicDataset, rows: Iterable[Any]) -> Iterator[str]:
    """The CSV file, line by line (UTF-8 text; the response encodes it)."""
    buffer = io.StringIO()
    writer = formulas.csv_writer(buffer, lineterminator="\r\n")
    cols = columns(dataset)
    writer.writerow([column.label for column in cols])
    yield buffer.getvalue()
    for record in records(dataset, rows):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([csv_value(record.get(column.name)) for column in cols])
        yield buffer.getvalue()


def count(rows: Iterable[Any]) -> int:
    if isinstance(rows, QuerySet):
        return rows.count()
    return len(list(rows))
