"""Natural order for names that carry numbers: "Comuna 2" before "Comuna 10" (Cali has 22)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

T = TypeVar("T")
_PARTS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key: digits compare as numbers, letters without case or accents ("Área" ~ "area")."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().casefold()
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.strip())
        for part in _PARTS.split(plain)
        if part.strip()
    )


def natural_sorted(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    return sorted(items, key=lambda item: natural_key(key(item)))


def natural_page(
    queryset: QuerySet[Any], *, field: str, per_page: int, number: Any
) -> tuple[Page, list[Any]]:
    """One page of ``queryset`` in the natural order of ``field``.

    Reads only (pk, field) of every row to sort them, then the page's rows in full (with the
    queryset's annotations): two queries, whatever the number of rows.
    """
    keys = natural_sorted(queryset.values_list("pk", field), key=lambda row: row[1])
    page = Paginator([pk for pk, _name in keys], per_page).get_page(number)
    rows = {row.pk: row for row in queryset.filter(pk__in=list(page.object_list))}
    return page, [rows[pk] for pk in page.object_list if pk in rows]
