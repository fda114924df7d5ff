/* Charts of the dashboard and the statistics explorer (Chart.js served by the app).
   Data comes from json_script blocks: no inline script (CSP). */
(function () {
  "use strict";
  const palette = ["#0b5394", "#93c5fd", "#16a34a", "#86efac", "#f59e0b", "#fcd34d", "#dc2626",
    "#a78bfa", "#0ea5e9", "#64748b"];
  const vn = new Intl.NumberFormat("vi-VN");
  const options = { responsive: true, maintainAspectRatio: false, animation: false,
    plugins: { legend: { position: "bottom" } },
    scales: { y: { beginAtZero: true, ticks: { precision: 0, callback: (v) => vn.format(v) } } } };

  function read(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (canvas && window.Chart) new window.Chart(canvas, config);
  }

  const dashboard = read("dashboard-data");
  if (dashboard) {
    draw("chart-months", { type: "bar", options, data: { labels: dashboard.months,
      datasets: dashboard.series.map((s, i) => ({ label: s.label, data: s.values,
        backgroundColor: palette[i % palette.length] })) } });
    draw("chart-countries", { type: "bar", options: { ...options, indexAxis: "y",
      plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
      data: { labels: dashboard.countries.labels || [], datasets: [{ label: dashboard.countries.label,
        data: dashboard.countries.values || [], backgroundColor: palette[0] }] } });
    draw("chart-areas", { type: "doughnut", options: { responsive: true, maintainAspectRatio: false,
      animation: false, plugins: { legend: { position: "bottom" } } },
      data: { labels: dashboard.areas.labels, datasets: [{ data: dashboard.areas.values,
        backgroundColor: palette }] } });
  }
  const explorer = read("explorer-data");
  if (explorer) {
    draw("chart-explorer", { type: "bar", options: { ...options, plugins: { legend: { display: false } } },
      data: { labels: explorer.labels, datasets: [{ label: explorer.label, data: explorer.values,
        backgroundColor: palette[0] }] } });
  }
})();
