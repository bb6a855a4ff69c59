// Outcome view charts: data from a json_script element (no inline scripts under our CSP).
(function () {
  "use strict";
  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function didChart(canvas) {
    var data = readJson(canvas.dataset.source);
    if (!data || typeof Chart === "undefined") return;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Школы программы: изменение доли «2», п.п.", data: data.programme, backgroundColor: "#1f5fa8" },
          { label: "Остальные школы: изменение доли «2», п.п.", data: data.comparison, backgroundColor: "#9e9e9e" }
        ]
      },
      options: { responsive: true, maintainAspectRatio: false, indexAxis: "y" }
    });
  }
  function fellChart(canvas) {
    var data = readJson(canvas.dataset.source);
    if (!data || typeof Chart === "undefined") return;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.directions,
        datasets: [{ label: "Доля школ, где риск снизился, %", data: data.fell, backgroundColor: "#2e7d32" }]
      },
      options: { responsive: true, maintainAspectRatio: false, indexAxis: "y", scales: { x: { min: 0, max: 100 } } }
    });
  }
  function init() {
    document.querySelectorAll("canvas.js-did-chart").forEach(didChart);
    document.querySelectorAll("canvas.js-fell-chart").forEach(fellChart);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
