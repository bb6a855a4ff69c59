// The risk profile chart: reads the json_script data island, draws a bar chart (Chart.js).
// The table on the same page holds the same numbers, so the page works without this script.
document.addEventListener("DOMContentLoaded", function () {
  var island = document.getElementById("risk-chart-data");
  var canvas = document.getElementById("risk-chart");
  if (!island || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(island.textContent);
  var colours = { high: "#c62828", medium: "#e0a100", low: "#2e7d32", nodata: "#9e9e9e" };
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [{
        label: "Балл риска (0–100)",
        data: data.scores,
        backgroundColor: data.levels.map(function (level) { return colours[level] || colours.nodata; }),
      }],
    },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      scales: { x: { min: 0, max: 100 } },
      plugins: { legend: { display: false } },
    },
  });
});
