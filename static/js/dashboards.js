// Dashboards' charts: data comes from json_script elements (no inline scripts under our CSP).
(function () {
  "use strict";
  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function shareChart(canvas) {
    // The server orders the days (the year's start … today, the deadline at its own date) and puts today's
    // card value last; the chart only draws them.
    var data = readJson(canvas.dataset.source);
    if (!data || typeof Chart === "undefined") return;
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Доля, %", data: data.shares, borderColor: "#1f5fa8", backgroundColor: "#1f5fa8", spanGaps: true },
          { label: "Срок: 100 %", data: data.target, borderColor: "#b3261e", backgroundColor: "#b3261e",
            pointStyle: "triangle", pointRadius: 8, showLine: false }
        ]
      },
      options: { responsive: true, maintainAspectRatio: false,
        scales: { y: { min: 0, max: 100, title: { display: true, text: "доля, %" } } } }
    });
  }
  function riskChart(canvas) {
    var data = readJson(canvas.dataset.source);
    if (!data || typeof Chart === "undefined") return;
    new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: [{ label: data.unit, data: data.counts, backgroundColor: ["#b3261e", "#b26a00", "#2e7d32"] }] },
      options: { responsive: true, maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: data.unit.toLowerCase() } } } }
    });
  }
  function init() {
    document.querySelectorAll("canvas.js-share-chart").forEach(shareChart);
    document.querySelectorAll("canvas.js-risk-chart").forEach(riskChart);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
