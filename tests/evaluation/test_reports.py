"""The results report: the PDF converted to text shows the figures, Spanish characters and
page numbers; the XLSX has one sheet per breakdown; the public version has no personal data."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from cabildo.evaluation import charts, reports
from tests.evaluation import scenario

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(  # noqa: S603 (our own bytes through a known binary)
        [pdftotext, "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode("utf-8")


def test_pdf_figures_accents_and_page_numbers(entity):
    scenario.build(entity)
    content = reports.report_pdf(entity=entity, year=2025, public=False)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Informe de resultados del plan de participación 2025" in text
    assert entity.name in text
    assert "Página 1 de" in text
    assert "2 de 3 programadas (67 %)" in text
    assert "Jóvenes, Juntas de acción comunal" in text
    assert "3 de 5 recibidos (analizados: 4)" in text
    assert "Diagnóstico, Formulación" in text
    assert "Secretaría de Gobierno" in text
    # The internal version lists who raised each contribution (the cell may wrap).
    assert "Rosa Elena" in text and "Vélez" in text


def test_public_pdf_has_no_personal_data(entity):
    scenario.build(entity)
    text = pdf_text(reports.report_pdf(entity=entity, year=2025, public=True))
    assert "Versión pública" in text
    assert "Rosa Elena" not in text
    assert "Vélez" not in text
    assert "@example.com" not in text
    assert "2 de 3 programadas" in text


def test_xlsx_one_sheet_per_breakdown(entity):
    scenario.build(entity)
    book = load_workbook(io.BytesIO(reports.report_xlsx(entity=entity, year=2025, public=True)))
    names = book.sheetnames
    assert names[0] == "Resumen"
    for title in (
        "Por dependencia",
        "Por fase del ciclo de la gestió",
        "Por procedimiento",
        "Por grupo de valor",
        "Por canal",
    ):
        assert title in names
    assert "Aportes (interno)" not in names
    summary = {row[0]: row[1] for row in book["Resumen"].iter_rows(values_only=True)}
    assert summary["1. Actividades en las que se involucró a la ciudadanía"] == 2
    assert summary["2. Grupos de valor involucrados"] == 2
    assert summary["3. Fases del ciclo sometidas a participación"] == 2
    assert summary["Aportes incorporados (viables o parcialmente viables)"] == 3
    areas = list(book["Por dependencia"].iter_rows(values_only=True))
    assert areas[0] == ("Categoría", "Programadas", "Realizadas", "Porcentaje de ejecución")
    assert ("Secretaría de Gobierno", 2, 1, "50 %") in areas
    every_cell = " ".join(
        str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row
    )
    assert "Rosa Elena" not in every_cell


def test_internal_xlsx_has_the_contributions_annex(entity):
    scenario.build(entity)
    book = load_workbook(io.BytesIO(reports.report_xlsx(entity=entity, year=2025, public=False)))
    rows = list(book["Aportes (interno)"].iter_rows(values_only=True))
    assert len(rows) == 1 + 5
    assert rows[1][3] == "Rosa Elena Vélez"


def test_svg_chart_writes_every_value_as_text():
    svg = charts.bar_chart_svg(
        title="Aportes <por> nivel", rows=[("Consultar", 2), ("Colaborar", 1)]
    )
    assert svg.startswith("<svg")
    assert "Aportes &lt;por&gt; nivel" in svg
    assert ">2<" in svg and ">1<" in svg
    assert svg.count("<rect") == 2
    assert charts.data_uri(svg).startswith("data:image/svg+xml;base64,")


def _result(rows_by_slug, *, planned=4, done=3):
    from cabildo.evaluation.selectors import Breakdown, Row, YearlyEvaluation

    return YearlyEvaluation(
        entity=None,  # type: ignore[arg-type]
        year=2026,
        version=None,
        activities_planned=planned,
        activities_done=done,
        groups_involved=[],
        phases=[],
        incidence=[],
        contributions_received=0,
        contributions_analysed=0,
        contributions_incorporated=0,
        viability=[],
        participants=0,
        events_held=0,
        breakdowns=[
            Breakdown(slug, slug.title(), [Row(k, k, p, d) for k, p, d in rows])
            for slug, rows in rows_by_slug.items()
        ],
    )


def test_a_tie_names_every_category_that_reaches_the_top():
    """Four areas with one activity each: none is «the category with most»."""
    result = _result({"area": [("A", 1, 1), ("B", 1, 1), ("C", 2, 1), ("D", 0, 0)]})
    block = reports.breakdown_blocks(result)[0]
    assert "«A», «B» y «C»" in block.summary and "1 cada una" in block.summary
    assert "La categoría con más" not in block.summary
    single = reports.breakdown_blocks(_result({"area": [("A", 2, 2), ("B", 2, 1)]}))[0]
    assert "La categoría con más actividades realizadas es «A» (2)." in single.summary
    tie = reports.count_block(
        slug="s", title="Semáforo", rows=[("Vencida", 3), ("A tiempo", 3)], headers=("x", "y")
    )
    assert tie.summary == "Semáforo: el valor más alto, 3, lo comparten «Vencida» y «A tiempo»."


def test_a_category_with_nothing_planned_has_no_execution_percentage():
    block = reports.breakdown_blocks(_result({"canal": [("Presencial", 4, 3), ("Mixto", 0, 0)]}))[0]
    assert block.rows == [("Presencial", 4, 3, "75 %"), ("Mixto", 0, 0, "—")]
    empty = _result({}, planned=0, done=0)
    assert empty.execution_percent is None and empty.incorporated_percent is None


def test_the_summary_counts_each_activity_once():
    """An activity aimed at two grupos de valor is one activity: the sentence says 3 of 4 and
    explains why the table adds up to more."""
    block = reports.breakdown_blocks(
        _result({"grupo": [("Jóvenes", 3, 2), ("Mujeres", 3, 3)]}, planned=4, done=3)
    )[0]
    assert block.summary.startswith("Se realizaron 3 de 4 actividades programadas.")
    assert "la tabla suma 6 programadas y 5 realizadas" in block.summary
    same = reports.breakdown_blocks(_result({"area": [("A", 4, 3)]}, planned=4, done=3))[0]
    assert "la tabla suma" not in same.summary
    fewer = reports.breakdown_blocks(_result({"area": [("A", 3, 2)]}, planned=4, done=3))[0]
    assert "la tabla suma" not in fewer.summary  # an activity without a category is not «more»


def test_one_activity_is_singular():
    block = reports.breakdown_blocks(_result({"area": [("A", 1, 1)]}, planned=1, done=1))[0]
    assert block.summary.startswith("Se realizaron 1 de 1 actividad programada.")
