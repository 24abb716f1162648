// Draws each overview chart from the data table next to it (the table is the source of truth).
(function () {
  "use strict";
  var COLORS = ["#3366cc", "#004884", "#068460", "#a80521", "#ffab00", "#737373", "#5c2d91", "#00829b"];

  function draw(canvas) {
    if (typeof window.Chart === "undefined") { return; }
    var table = document.getElementById(canvas.dataset.table);
    if (!table) { return; }
    var type = canvas.dataset.type;
    var bodyRows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"))
      .filter(function (tr) { return tr.querySelector(".value"); });
    var labels = bodyRows.map(function (tr) { return tr.querySelector("th").textContent.trim(); });
    var datasets;
    if (type === "stacked") {
      var heads = Array.prototype.slice.call(table.querySelectorAll("thead th")).slice(1, -1);
      datasets = heads.map(function (th, i) {
        return {
          label: th.textContent.trim(),
          backgroundColor: COLORS[i % COLORS.length],
          data: bodyRows.map(function (tr) {
            return Number(tr.querySelectorAll(".value")[i].textContent);
          })
        };
      });
    } else {
      datasets = [{
        label: table.querySelector("caption").textContent.trim(),
        backgroundColor: labels.map(function (_l, i) { return COLORS[i % COLORS.length]; }),
        data: bodyRows.map(function (tr) { return Number(tr.querySelector(".value").textContent); })
      }];
    }
    var stacked = type === "stacked";
    new window.Chart(canvas, {
      type: stacked ? "bar" : type,
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true,
        plugins: { legend: { display: stacked || type === "doughnut" } },
        scales: type === "doughnut" ? {} : {
          x: { stacked: stacked },
          y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  }

  function init() {
    document.querySelectorAll("canvas.overview-chart").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
