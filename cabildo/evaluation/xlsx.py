"""XLSX export of the seguimiento matrix: seed 002's columns plus the measured values."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from cabildo.core import formulas
from cabildo.evaluation import periods
from cabildo.evaluation.selectors import MatrixRow

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Seed 002's header row, exactly as officials use it.
HEADERS = (
    "ACTIVIDADES DE GESTIÓN",
    "META",
    "UNIDAD DE MEDIDA",
    "INDICADOR",
    "RESPONSABLE",
    "PERIODICIDAD",
)


def matrix_xlsx(*, rows: list[MatrixRow], year: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Seguimiento %(year)s") % {"year": year}
    headers = [
        *HEADERS,
        _("META NUMÉRICA (%)"),
        _("FUENTE"),
        _("PERIODO"),
        _("NUMERADOR"),
        _("DENOMINADOR"),
        _("RESULTADO (%)"),
        _("ESTADO"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        indicator = row.indicator
        base = [
            indicator.management_activity,
            indicator.goal,
            indicator.unit,
            indicator.name,
            indicator.responsible_label,
            indicator.get_periodicity_display(),
            float(indicator.target),
            indicator.get_source_display(),
        ]
        if not row.measurements:
            formulas.append_row(sheet, [*base, "", None, None, None, row.status_label])
            continue
        for m in row.measurements:
            met = m.value is not None and m.value >= indicator.target
            formulas.append_row(
                sheet,
                [
                    *base,
                    periods.label(indicator.periodicity, m.year, m.period),
                    float(m.numerator),
                    float(m.denominator),
                    float(m.value) if m.value is not None else None,
                    _("Cumple la meta") if met else _("Por debajo de la meta"),
                ],
            )
    widths = (50, 30, 25, 45, 25, 14, 12, 14, 18, 12, 12, 12, 20)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
