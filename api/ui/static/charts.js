// Charts of the report pages, drawn with the vendored Chart.js from data the server put in the page
// (<script type="application/json">). Every chart has a table with the same numbers next to it.
"use strict";

(function () {
  if (typeof window.Chart === "undefined") return;
  const palette = ["#0b6e75", "#b3541e", "#5b3fa6", "#2f6b2f", "#a4243b", "#1f4e9c", "#7a5c00", "#444f5a", "#8a3d8f", "#c2185b"];
  const Chart = window.Chart;
  Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
  Chart.defaults.color = "#26303b";
  Chart.defaults.animation = false;

  function data(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  const lift = data("lift-data");
  const liftCanvas = document.getElementById("lift-chart");
  if (lift && liftCanvas) {
    const datasets = [];
    lift.series.forEach((s, i) => {
      const colour = palette[i % palette.length];
      datasets.push({
        label: `${s.label}: interval low`,
        data: s.low,
        borderColor: "transparent",
        pointRadius: 0,
        fill: false,
        interval: true,
      });
      datasets.push({
        label: `${s.label}: interval`,
        data: s.high,
        borderColor: "transparent",
        backgroundColor: colour + "33",
        pointRadius: 0,
        fill: "-1",
        interval: true,
      });
      datasets.push({ label: s.label, data: s.lift, borderColor: colour, backgroundColor: colour, pointRadius: 2, tension: 0.1 });
    });
    new Chart(liftCanvas, {
      type: "line",
      data: { labels: lift.labels, datasets },
      options: {
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          y: {
            title: { display: true, text: "relative lift (%)" },
            ticks: { callback: (v) => `${v}%` },
            grid: { color: (ctx) => (ctx.tick && ctx.tick.value === 0 ? "#26303b" : "#e3e6ea") },
          },
        },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12, filter: (item, d) => !d.datasets[item.datasetIndex].interval || item.text.endsWith(": interval") } },
          tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${ctx.parsed.y === null ? "–" : ctx.parsed.y.toFixed(2) + "%"}` } },
        },
      },
    });
  }
})();
