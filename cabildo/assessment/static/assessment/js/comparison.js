/* Comparison chart of ratings by year; the data table on the page is the accessible source. */
(function () {
  "use strict";
  var canvas = document.getElementById("comparison-chart");
  var source = document.getElementById("comparison-data");
  if (!canvas || !source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var palette = ["#004884", "#3366CC", "#A80521", "#069169", "#F3561F", "#5b2c6f", "#8d6e63", "#00796b", "#455a64", "#c2185b"];
  var datasets = data.series.map(function (serie, i) {
    var isTotal = serie.label === data.totalLabel;
    return {
      label: serie.label,
      data: serie.values,
      borderColor: isTotal ? "#000000" : palette[i % palette.length],
      backgroundColor: isTotal ? "#000000" : palette[i % palette.length],
      borderWidth: isTotal ? 4 : 2,
      spanGaps: true
    };
  });
  if (data.furag.some(function (v) { return v !== null; })) {
    datasets.push({ label: data.furagLabel, data: data.furag, borderColor: "#666666", borderDash: [6, 4], spanGaps: true });
  }
  new Chart(canvas, {
    type: data.years.length > 1 ? "line" : "bar",
    data: { labels: data.years, datasets: datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { min: 0, max: 100 } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
