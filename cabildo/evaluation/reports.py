"""The "Informe de resultados del plan de participación": PDF (WeasyPrint, SVG charts with
their tables) and XLSX (one sheet per breakdown). The public version holds no personal data."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from cabildo.core import formulas
from cabildo.core.models import Entity
from cabildo.evaluation import charts, selectors
from cabildo.evaluation.selectors import YearlyEvaluation


@dataclass
class ChartBlock:
    """A chart, its data table and its text summary (the same figures, three ways)."""

    slug: str
    title: str
    image: str
    headers: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    values: list[float | None]
    summary: str
    # The column of ``rows`` the chart draws (its cells carry ``values`` for the chart script).
    value_column: int = 1

    @property
    def table_rows(self) -> list[tuple[tuple[Any, ...], float | None]]:
        """Each table row with the number its charted cell holds (``None``: a gap)."""
        return list(zip(self.rows, self.values, strict=True))


def _top(labels: list[str], values: list[float | None]) -> tuple[list[str], float] | None:
    """The highest figure and every category that reaches it (a tie names them all: one of
    four categories with one activity each is not «the category with most»)."""
    measured = [(label, v) for label, v in zip(labels, values, strict=True) if v is not None]
    if not measured:
        return None
    highest = max(v for _label, v in measured)
    if highest <= 0:
        return None
    return [label for label, v in measured if v == highest], highest


def _quoted(labels: list[str]) -> str:
    """«A», «B» y «C» (the conjunction in the reader's language)."""
    return str(get_text_list([_("«%(label)s»") % {"label": label} for label in labels], _("y")))


def _number(value: float) -> str:
    return f"{value:g}"


def no_value_text() -> str:
    """What a chart's table says for a category without a figure (a gap, never a zero)."""
    return _("sin medición")


def count_block(
    *,
    slug: str,
    title: str,
    rows: list[tuple[str, float | None]],
    headers: tuple[str, str],
    unit: str = "",
) -> ChartBlock:
    """A chart of one figure per category, with its table and summary. A category whose
    figure is ``None`` (an indicator without a measurement) is a gap in the chart and says
    «sin medición» in the table: it is never drawn as zero."""
    labels = [str(label) for label, _v in rows]
    values = [None if v is None else float(v) for _l, v in rows]
    top = _top(labels, values)
    if top is None:
        summary = _("%(title)s: no hay datos registrados.") % {"title": title}
    elif len(top[0]) == 1:
        summary = _("%(title)s: el valor más alto es «%(label)s» con %(value)s%(unit)s.") % {
            "title": title,
            "label": top[0][0],
            "value": _number(top[1]),
            "unit": unit,
        }
    else:
        summary = _("%(title)s: el valor más alto, %(value)s%(unit)s, lo comparten %(labels)s.") % {
            "title": title,
            "labels": _quoted(top[0]),
            "value": _number(top[1]),
            "unit": unit,
        }
    svg = charts.bar_chart_svg(
        title=title,
        rows=list(zip(labels, values, strict=True)),
        unit=unit,
        no_value=no_value_text(),
    )
    table = [(label, no_value_text() if v is None else v) for label, v in rows]
    return ChartBlock(slug, title, charts.data_uri(svg), headers, table, values, summary)


def _css_string(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "")


def breakdown_blocks(result: YearlyEvaluation) -> list[ChartBlock]:
    """A chart and its table for each breakdown, and for the incidence reached."""
    headers = (_("Categoría"), _("Programadas"), _("Realizadas"), _("Porcentaje de ejecución"))
    blocks = []
    for breakdown in result.breakdowns:
        rows = [
            (r.label, r.planned, r.done, "—" if r.percent is None else f"{r.percent} %")
            for r in breakdown.rows
        ]
        labels = [r.label for r in breakdown.rows]
        values: list[float | None] = [float(r.done) for r in breakdown.rows]
        title = _("Actividades realizadas · %(t)s") % {"t": breakdown.title.lower()}
        # The activities themselves, counted once: the rows of a breakdown whose activities
        # may have several categories (grupos de valor, channels) add up to more.
        summary = ngettext(
            "Se realizaron %(done)s de %(planned)s actividad programada.",
            "Se realizaron %(done)s de %(planned)s actividades programadas.",
            result.activities_planned,
        ) % {"done": result.activities_done, "planned": result.activities_planned}
        if breakdown.total_planned > result.activities_planned:
            summary += " " + _(
                "Una actividad con varias categorías cuenta en cada una, así que la tabla suma "
                "%(planned)s programadas y %(done)s realizadas."
            ) % {"planned": breakdown.total_planned, "done": breakdown.total_done}
        top = _top(labels, values)
        if top and len(top[0]) == 1:
            summary += " " + _(
                "La categoría con más actividades realizadas es «%(label)s» (%(n)s)."
            ) % {
                "label": top[0][0],
                "n": _number(top[1]),
            }
        elif top:
            summary += " " + _(
                "Las categorías con más actividades realizadas, %(n)s cada una, son %(labels)s."
            ) % {
                "labels": _quoted(top[0]),
                "n": _number(top[1]),
            }
        svg = charts.bar_chart_svg(title=title, rows=list(zip(labels, values, strict=True)))
        blocks.append(
            ChartBlock(
                breakdown.slug,
                breakdown.title,
                charts.data_uri(svg),
                headers,
                rows,
                values,
                summary,
                value_column=2,
            )
        )
    blocks.append(
        count_block(
            slug="incidencia-alcanzada",
            title=_("Resultados de la incidencia: aportes por nivel alcanzado"),
            rows=[(r.label, r.count) for r in result.incidence],
            headers=(_("Nivel de incidencia"), _("Aportes")),
        )
    )
    return blocks


def _context(*, entity: Entity, year: int, public: bool) -> dict[str, Any]:
    result = selectors.yearly_evaluation(entity=entity, year=year)
    context: dict[str, Any] = {
        "entity": entity,
        "year": year,
        "result": result,
        "public": public,
        "blocks": breakdown_blocks(result),
        "matrix": selectors.seguimiento_matrix(entity=entity, year=year),
        "accountability": selectors.accountability(entity=entity, year=year),
        "practices": list(selectors.good_practices(entity=entity, year=year)),
        "today": timezone.localdate(),
        "page_header": _css_string(
            _("%(entity)s · Informe de resultados del plan de participación %(year)s")
            % {"entity": entity.name, "year": year}
        ),
    }
    if not public:
        context["contributions"] = contribution_rows(entity=entity, year=year)
    return context


def contribution_rows(*, entity: Entity, year: int) -> list[Any]:
    """Internal version only: every contribution of the year with who raised it."""
    from cabildo.execution.models import Contribution

    activities = selectors.activities_of_year(entity=entity, year=year)
    return list(
        Contribution.objects.for_entity(entity)
        .filter(event__activity__in=activities)
        .select_related("event", "stakeholder_group")
        .order_by("event__starts_at", "pk")
    )


def report_pdf(
    *, entity: Entity, year: int, public: bool, progress: Callable[[int], None] | None = None
) -> bytes:
    from weasyprint import HTML

    context = _context(entity=entity, year=year, public=public)
    if progress:
        progress(40)
    html = render_to_string("evaluation/report_pdf.html", context)
    if progress:
        progress(60)
    return HTML(string=html).write_pdf()


def _sheet(workbook: Workbook, title: str, headers: tuple[str, ...], rows: list[Any]) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        formulas.append_row(sheet, row)
    for index, _header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 22 if index > 1 else 50
    sheet.freeze_panes = "A2"


def report_xlsx(*, entity: Entity, year: int, public: bool) -> bytes:
    context = _context(entity=entity, year=year, public=public)
    result: YearlyEvaluation = context["result"]
    workbook = Workbook()
    workbook.remove(workbook.active)
    summary = [
        (_("Entidad"), entity.name),
        (_("Vigencia"), year),
        (_("Actividades programadas"), result.activities_planned),
        (_("1. Actividades en las que se involucró a la ciudadanía"), result.activities_done),
        (_("2. Grupos de valor involucrados"), result.groups_involved_count),
        (_("3. Fases del ciclo sometidas a participación"), result.phases_count),
        (_("4. Aportes recibidos"), result.contributions_received),
        (_("Aportes analizados"), result.contributions_analysed),
        (
            _("Aportes incorporados (viables o parcialmente viables)"),
            result.contributions_incorporated,
        ),
        (_("Personas asistentes"), result.participants),
        (_("Eventos realizados"), result.events_held),
    ]
    _sheet(workbook, _("Resumen"), (_("Cifra"), _("Valor")), summary)
    for block in context["blocks"]:
        _sheet(workbook, block.title.replace(":", ""), block.headers, block.rows)
    _sheet(
        workbook,
        _("Grupos de valor involucrados"),
        (_("Grupo de valor"),),
        [(name,) for name in result.groups_involved],
    )
    _sheet(
        workbook,
        _("Indicadores"),
        (
            "ACTIVIDADES DE GESTIÓN",
            "META",
            "UNIDAD DE MEDIDA",
            "INDICADOR",
            "RESPONSABLE",
            "PERIODICIDAD",
            _("META NUMÉRICA (%)"),
            _("MEDICIONES"),
            _("ESTADO"),
        ),
        [
            (
                row.indicator.management_activity,
                row.indicator.goal,
                row.indicator.unit,
                row.indicator.name,
                row.indicator.responsible,
                row.indicator.get_periodicity_display(),
                float(row.indicator.target),
                row.measurement_summary,
                row.status_label,
            )
            for row in context["matrix"]
        ],
    )
    _sheet(
        workbook,
        _("Reportes aceptados"),
        (_("Actividad"), _("Dependencia"), _("Resultados")),
        [(r.activity.name, r.activity.area.name, r.results) for r in result.reports],
    )
    _sheet(
        workbook,
        _("Buenas prácticas"),
        (_("Título"), _("Dependencia"), _("Descripción")),
        [(p.title, p.area.name if p.area else "", p.description) for p in context["practices"]],
    )
    if not public:
        _sheet(
            workbook,
            _("Aportes (interno)"),
            (_("Evento"), _("Tipo"), _("Aporte"), _("Quién aporta"), _("Viabilidad")),
            [
                (
                    c.event.title,
                    c.get_kind_display(),
                    c.text,
                    c.author_name,
                    c.get_viability_display() if c.viability else _("Sin analizar"),
                )
                for c in context["contributions"]
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
