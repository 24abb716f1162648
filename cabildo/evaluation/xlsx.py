"""XLSX report of the seguimiento matrix of a year: seed 002's columns plus the measured
values, one row per current measurement. Written by the shared layer
(:func:`cabildo.core.tabular.write_xlsx`: real cell types, frozen and filtered header, formula
injection guarded); the matrix to edit and import back is :mod:`cabildo.evaluation.matrix`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cabildo.core.tabular import XLSX_CONTENT_TYPE, Column, parse_decimal, write_xlsx
from cabildo.evaluation import periods
from cabildo.evaluation.matrix import SEED_HEADERS, periodicity_of, periodicity_text
from cabildo.evaluation.selectors import MatrixRow

CONTENT_TYPE = XLSX_CONTENT_TYPE
HEADERS = SEED_HEADERS


def _columns() -> list[Column]:
    seed = zip(
        SEED_HEADERS,
        ("management_activity", "goal", "unit", "name", "responsible", "periodicity"),
        (50, 30, 25, 45, 25, 14),
        strict=True,
    )
    return [
        *[Column(header, key, width=width) for header, key, width in seed],
        Column(_("META NUMÉRICA (%)"), "target", parse_decimal, width=12),
        Column(_("FUENTE"), "source", width=14),
        Column(_("PERIODO"), "period", width=18),
        Column(_("NUMERADOR"), "numerator", parse_decimal, width=12),
        Column(_("DENOMINADOR"), "denominator", parse_decimal, width=12),
        Column(_("RESULTADO (%)"), "value", parse_decimal, width=12),
        Column(_("ESTADO"), "status", width=20),
    ]


def _rows(rows: list[MatrixRow]) -> list[dict[str, Any]]:
    found = []
    for row in rows:
        indicator = row.indicator
        base = {
            "management_activity": indicator.management_activity,
            "goal": indicator.goal,
            "unit": indicator.unit,
            "name": indicator.name,
            "responsible": indicator.responsible_label,
            "periodicity": periodicity_text(periodicity_of(indicator)),
            "target": indicator.target,
            "source": indicator.get_source_display(),
        }
        if not row.measurements:
            found.append({**base, "status": row.status_label})
        for m in row.measurements:
            met = m.value is not None and m.value >= indicator.target
            found.append(
                {
                    **base,
                    "period": periods.label(indicator.periodicity, m.year, m.period),
                    "numerator": m.numerator,
                    "denominator": m.denominator,
                    "value": m.value,
                    "status": _("Cumple la meta") if met else _("Por debajo de la meta"),
                }
            )
    return found


def matrix_xlsx(*, rows: list[MatrixRow], year: int) -> bytes:
    return write_xlsx(
        title=_("Seguimiento %(year)s") % {"year": year}, columns=_columns(), rows=_rows(rows)
    )
