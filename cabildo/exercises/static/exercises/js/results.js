/* Survey result charts; each chart's data table on the page is the accessible source. */
(function () {
  "use strict";
  var source = document.getElementById("exercises-chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  JSON.parse(source.textContent).forEach(function (item) {
    var canvas = document.getElementById(item.id);
    if (!canvas) { return; }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: item.labels,
        datasets: [{ label: item.label, data: item.values, backgroundColor: "#3366CC" }]
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  });
})();
