// On-call analytics: the report the page carries (as /api/analytics gives it) drawn with ECharts.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const report = JSON.parse(document.getElementById("report").textContent);
  const num = (v) => (v === null || v === "NaN" || Number.isNaN(Number(v))) ? null : Math.round(Number(v) * 10) / 10;
  const draw = (id, option) => {
    const el = document.getElementById(id);
    if (!el) return;
    const chart = echarts.init(el);
    chart.setOption(Object.assign({ grid: { left: 48, right: 16, top: 32, bottom: 48 }, tooltip: { trigger: "axis" } }, option));
    window.addEventListener("resize", () => chart.resize());
  };
  const weeks = report.byWeek.map((c) => c.week);
  draw("chart-weeks", {
    legend: { top: 0 },
    xAxis: { type: "category", data: weeks }, yAxis: { type: "value", name: "min" },
    series: [
      { name: "MTTA", type: "line", data: report.byWeek.map((c) => num(c.mttaMinutes)), connectNulls: true },
      { name: "MTTR", type: "line", data: report.byWeek.map((c) => num(c.mttrMinutes)), connectNulls: true },
      { name: "incidents", type: "bar", yAxisIndex: 0, data: report.byWeek.map((c) => c.incidents), itemStyle: { opacity: 0.35 } },
    ],
  });
  const services = Object.keys(report.perService).slice(0, 15);
  draw("chart-services", {
    grid: { left: 140, right: 16, top: 16, bottom: 32 },
    xAxis: { type: "value" }, yAxis: { type: "category", data: services.slice().reverse() },
    series: [{ type: "bar", data: services.slice().reverse().map((s) => report.perService[s]) }],
  });
  draw("chart-noise", {
    xAxis: { type: "category", data: Object.keys(report.noise), name: "alerts" }, yAxis: { type: "value", name: "incidents" },
    series: [{ type: "bar", data: Object.values(report.noise) }],
  });
  draw("chart-hours", {
    legend: { top: 0 },
    xAxis: { type: "category", data: report.weeks }, yAxis: { type: "value", name: "pages" },
    series: [
      { name: "in working hours", type: "bar", stack: "pages", data: report.weeks.map((w) => report.inHours[w] || 0) },
      { name: "out of hours", type: "bar", stack: "pages", data: report.weeks.map((w) => report.outOfHours[w] || 0), itemStyle: { color: "#c62828" } },
    ],
  });
});
