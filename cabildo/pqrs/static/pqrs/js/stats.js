/* PQRSD charts; each chart's data table on the page is the accessible source. */
(function () {
  "use strict";
  var source = document.getElementById("pqrs-chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var channels = document.getElementById("pqrs-chart-channels");
  if (channels) {
    new Chart(channels, {
      type: "bar",
      data: {
        labels: data.channels.labels,
        datasets: [
          { label: data.channels.currentLabel, data: data.channels.current, backgroundColor: "#004884" },
          { label: data.channels.previousLabel, data: data.channels.previous, backgroundColor: "#A80521" }
        ]
      },
      options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } }
    });
  }
  var months = document.getElementById("pqrs-chart-months");
  if (months) {
    new Chart(months, {
      type: "line",
      data: {
        labels: data.months.labels,
        datasets: [{ label: data.months.label, data: data.months.values, borderColor: "#3366CC", backgroundColor: "#3366CC" }]
      },
      options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } }
    });
  }
})();
