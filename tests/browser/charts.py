"""Every chart on a page is drawn from its data table (``core/js/charts.js``): this reads both
in the browser and lists where they disagree."""

from __future__ import annotations

from typing import Any

# For each canvas: the chart's numbers, and the table's data-value cells read the same way
# (by column, or by row for data-chart-series="rows"; rows with data-chart-skip left out).
_COMPARE = """() => Array.from(document.querySelectorAll('canvas[data-chart-table]')).map(c => {
  const chart = Chart.getChart(c);
  const table = document.getElementById(c.dataset.chartTable);
  const rows = Array.from(table.tBodies).flatMap(b => Array.from(b.rows))
    .filter(tr => !tr.hasAttribute('data-chart-skip') && tr.querySelector('[data-value]'));
  const num = cell => cell.dataset.value === '' ? null : Number(cell.dataset.value);
  let expected;
  if (c.dataset.chartSeries === 'rows') {
    expected = rows.map(tr => Array.from(tr.querySelectorAll('[data-value]')).map(num))
      .filter(values => values.some(v => v !== null));
  } else {
    const columns = Array.from(rows[0].cells)
      .flatMap((cell, i) => cell.hasAttribute('data-value') ? [i] : []);
    expected = columns.map(i => rows.map(tr => num(tr.cells[i])));
  }
  return {canvas: c.id, drawn: !!chart, expected: expected,
          actual: chart ? chart.data.datasets.map(d => d.data) : null,
          labels: chart ? chart.data.labels.length : 0};
})"""


def chart_mismatches(page: Any) -> list[dict[str, Any]]:
    """The charts that are not drawn, or whose numbers differ from their table's."""
    page.wait_for_function("() => typeof Chart !== 'undefined'")
    charts = page.evaluate(_COMPARE)
    assert charts, "no chart on the page"
    return [c for c in charts if not c["drawn"] or c["expected"] != c["actual"] or not c["labels"]]
