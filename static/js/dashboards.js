// Dashboards' charts: data comes from json_script elements (no inline scripts under our CSP).
(function () {
  "use strict";
  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function shareChart(canvas) {
    var data = readJson(canvas.dataset.source);
    if (!data || typeof Chart === "undefined") return;
    var labels = data.labels.slice();
    var shares = data.shares.slice();
    var target = labels.map(function () { return null; });
    if (data.deadline) {
      var i = labels.indexOf(data.deadline);
      if (i === -1) { labels.push(data.deadline); shares.push(null); target.push(100); }
      else { target[i] = 100; }
    }
    new Chart(canvas, {
      type: "line",
      data: {
        labels: labels,
        datasets: [
          { label: "Доля, %", data: shares, borderColor: "#1f5fa8", backgroundColor: "#1f5fa8", spanGaps: true },
          { label: "Срок: 100 %", data: target, borderColor: "#b3261e", backgroundColor: "#b3261e",
            pointStyle: "triangle", pointRadius: 8, showLine: false }
        ]
      },
      options: { responsive: true, maintainAspectRatio: false, scales: { y: { min: 0, max: 100 } } }
    });
  }
  function riskChart(canvas) {
    var data = readJson(canvas.dataset.source);
    if (!data || typeof Chart === "undefined") return;
    new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: [{ label: "Школ", data: data.counts, backgroundColor: ["#b3261e", "#b26a00", "#2e7d32"] }] },
      options: { responsive: true, maintainAspectRatio: false }
    });
  }
  function init() {
    document.querySelectorAll("canvas.js-share-chart").forEach(shareChart);
    document.querySelectorAll("canvas.js-risk-chart").forEach(riskChart);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
