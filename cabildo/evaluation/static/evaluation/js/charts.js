/* Evaluation charts. Each chart has its data table and text summary on the page; clicking a
   bar (or the link under the chart) takes the reader to that table. */
(function () {
  "use strict";
  var source = document.getElementById("evaluation-chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);

  function drill(tableId) {
    var table = document.getElementById(tableId);
    if (!table) { return; }
    window.location.hash = tableId;
    table.focus();
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var chart = data[canvas.getAttribute("data-chart")];
    if (!chart) { return; }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: [{ label: chart.title, data: chart.values, backgroundColor: "#004884" }]
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        onClick: function () { drill(chart.table); }
      }
    });
  });
})();
