// Progress chart of a school's roadmap indicators across monitoring stages (data from json_script).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("progress-data");
    var canvas = document.getElementById("progress-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var palette = ["#1f5aa6", "#b35c00", "#2e7d32", "#8e24aa", "#c62828", "#00838f"];
    var dashes = [[], [6, 4], [2, 3], [10, 3, 2, 3]];
    window.Chart && new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.indicators.map(function (ind, i) {
          return {
            label: ind.title,
            data: ind.values,
            borderColor: palette[i % palette.length],
            backgroundColor: palette[i % palette.length],
            borderDash: dashes[i % dashes.length],
            pointStyle: ["circle", "rect", "triangle", "rectRot"][i % 4],
            spanGaps: true,
          };
        }),
      },
      options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } },
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
