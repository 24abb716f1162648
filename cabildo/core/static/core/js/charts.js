/* Draws every <canvas data-chart-table="ID"> from the data table with that id: the table on the
   page is the chart's source of truth and its accessible version, so the two cannot disagree.

   The table: each body row's first cell is its label; a cell charted carries its number in
   data-value (unlocalized; empty for a gap, never a zero). A row with data-chart-skip (a
   total) is left out.
   The canvas:
     data-chart-type     bar (default), line or doughnut
     data-chart-series   columns (default: each column with data-value cells is a series, the
                         rows are the labels) or rows (each row is a series, the headers after
                         the first are the labels: years, say)
     data-chart-horizontal, data-chart-stacked   bars drawn sideways, or stacked
     data-chart-max      the value axis' maximum (it always starts at zero)
     data-chart-colours  one colour per bar (a single series of categories)
     data-chart-ratio    keeps the chart's own width-to-height ratio (default: it fills the
                         height of its box)
     data-chart-drill    clicking the chart takes the reader to the table
   A row of a rows-series table may carry data-chart-style="total" (drawn thick and black) or
   "reference" (grey, dashed). */
(function () {
  "use strict";
  // Categories (bars or segments of one series) go from the GOV.CO blues; several series
  // (this year and the last, one line per category) need colours far apart.
  var PALETTE = ["#004884", "#3366CC", "#A80521", "#069169", "#F3561F", "#5B2C6F", "#8D6E63",
    "#00796B", "#455A64", "#C2185B"];
  var SERIES = ["#004884", "#A80521", "#069169", "#F3561F", "#3366CC", "#5B2C6F", "#8D6E63",
    "#00796B", "#455A64", "#C2185B"];

  function text(cell) { return cell ? cell.textContent.replace(/\s+/g, " ").trim() : ""; }

  function value(cell) {
    var raw = cell ? cell.getAttribute("data-value") : null;
    if (raw === null || raw === "") { return null; }
    var number = Number(raw);
    return isFinite(number) ? number : null;
  }

  function bodyRows(table) {
    var rows = [];
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (tr) {
        if (!tr.hasAttribute("data-chart-skip") && tr.querySelector("[data-value]")) { rows.push(tr); }
      });
    });
    return rows;
  }

  function byColumns(table, rows) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    var columns = [];
    Array.prototype.forEach.call(rows[0].cells, function (cell, i) {
      if (cell.hasAttribute("data-value")) { columns.push(i); }
    });
    return {
      labels: rows.map(function (tr) { return text(tr.cells[0]); }),
      datasets: columns.map(function (i) {
        return { label: text(heads[i]), data: rows.map(function (tr) { return value(tr.cells[i]); }) };
      })
    };
  }

  function byRows(table, rows) {
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells, 1);
    return {
      labels: heads.map(text),
      datasets: rows.map(function (tr) {
        return {
          label: text(tr.cells[0]),
          style: tr.getAttribute("data-chart-style"),
          data: Array.prototype.slice.call(tr.cells, 1).map(value)
        };
      }).filter(function (set) {
        return set.data.some(function (v) { return v !== null; });
      })
    };
  }

  function paint(datasets, type, eachColour) {
    var colours = datasets.length > 1 ? SERIES : PALETTE;
    datasets.forEach(function (set, i) {
      var colour = colours[i % colours.length];
      if (set.style === "total") {
        colour = "#000000";
        set.borderWidth = 4;
      } else if (set.style === "reference") {
        colour = "#666666";
        set.borderDash = [6, 4];
      }
      delete set.style;
      if (type === "doughnut" || eachColour) {
        // One colour per category; the segments keep Chart.js's white borders.
        set.backgroundColor = set.data.map(function (_v, j) { return PALETTE[j % PALETTE.length]; });
      } else {
        set.borderColor = colour;
        set.backgroundColor = colour;
      }
      if (type === "line") { set.spanGaps = true; }
    });
  }

  function draw(canvas) {
    var table = document.getElementById(canvas.getAttribute("data-chart-table"));
    if (!table || typeof window.Chart === "undefined") { return; }
    var rows = bodyRows(table);
    if (!rows.length) { return; }
    var type = canvas.getAttribute("data-chart-type") || "bar";
    var data = canvas.getAttribute("data-chart-series") === "rows" ? byRows(table, rows) : byColumns(table, rows);
    paint(data.datasets, type, canvas.hasAttribute("data-chart-colours"));
    var horizontal = canvas.hasAttribute("data-chart-horizontal");
    var stacked = canvas.hasAttribute("data-chart-stacked");
    var valueAxis = { beginAtZero: true, stacked: stacked, ticks: { precision: 0 } };
    if (canvas.hasAttribute("data-chart-max")) {
      valueAxis.min = 0;
      valueAxis.max = Number(canvas.getAttribute("data-chart-max"));
    }
    var options = {
      responsive: true,
      maintainAspectRatio: canvas.hasAttribute("data-chart-ratio"),
      plugins: { legend: { display: data.datasets.length > 1 || type === "doughnut", position: "bottom" } }
    };
    if (type !== "doughnut") {
      options.indexAxis = horizontal ? "y" : "x";
      options.scales = horizontal
        ? { x: valueAxis, y: { stacked: stacked } }
        : { x: { stacked: stacked }, y: valueAxis };
    }
    if (canvas.hasAttribute("data-chart-drill")) {
      options.onClick = function () {
        window.location.hash = table.id;
        table.focus();
      };
    }
    new window.Chart(canvas, { type: type, data: data, options: options });
  }

  function init() { document.querySelectorAll("canvas[data-chart-table]").forEach(draw); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
