// Pages drawn from the REST API: the topology map, a service's reports, one request's logview.
"use strict";

const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const fixed = (n, d = 1) => (typeof n === "number" ? n.toFixed(d) : "—");
const windowFrom = () => new Date(Date.now() - Number(document.getElementById("window")?.value || 15) * 60000).toISOString();
const fill = (table, rows, empty) => {
  const body = document.querySelector(`#${table} tbody`);
  body.innerHTML = rows.length ? rows.join("") : `<tr class="empty"><td colspan="9">${empty}</td></tr>`;
};

document.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  if (page === "topology") { drawTopology(); document.getElementById("window").onchange = drawTopology; }
  if (page === "service") { drawService(); document.getElementById("window").onchange = drawService; }
  if (page === "trace") drawTrace();
});

async function drawTopology() {
  let graph;
  try { graph = await outrider.api("GET", `/api/topology?from=${windowFrom()}`); }
  catch (e) { outrider.toast("Topology not read: " + e.message, true); return; }
  const served = {};
  graph.edges.forEach((e) => {
    const s = (served[e.callee] ||= { calls: 0, failures: 0 });
    s.calls += e.calls; s.failures += e.failures;
  });
  const box = document.getElementById("map");
  if (!graph.services.length) { box.innerHTML = '<p class="empty">No calls recorded in this window.</p>'; }
  else {
    const chart = echarts.getInstanceByDom(box) || echarts.init(box);
    chart.setOption({
      tooltip: { formatter: (p) => p.dataType === "edge" ? `${esc(p.data.source)} → ${esc(p.data.target)}: ${p.data.value} calls, ${fixed(p.data.errorRate * 100)} % failed, p99 ${fixed(p.data.p99)} ms` : esc(p.name) },
      series: [{
        type: "graph", layout: "force", roam: true, draggable: true, force: { repulsion: 300, edgeLength: 120 },
        label: { show: true, position: "bottom" }, edgeSymbol: ["none", "arrow"], edgeSymbolSize: 8,
        data: graph.services.map((name) => {
          const s = served[name];
          const bad = s && s.calls > 0 && s.failures / s.calls > 0.05;
          return { name, symbolSize: 16 + Math.min(24, Math.log10(1 + (s ? s.calls : 0)) * 5), itemStyle: { color: bad ? "#d1242f" : "#1a7f37" } };
        }),
        links: graph.edges.map((e) => ({ source: e.caller, target: e.callee, value: e.calls, errorRate: e.errorRate, p99: e.p99Ms,
          lineStyle: { width: 1 + Math.min(5, Math.log10(1 + e.calls)), color: e.errorRate > 0.05 ? "#d1242f" : "#8c959f" } })),
      }],
    }, true);
    chart.off("click");
    chart.on("click", (p) => { if (p.dataType === "node") location.href = "/services/" + encodeURIComponent(p.name); });
  }
  fill("edges", graph.edges.map((e) => `<tr><td><a href="/services/${encodeURIComponent(e.caller)}">${esc(e.caller)}</a></td>
    <td><a href="/services/${encodeURIComponent(e.callee)}">${esc(e.callee)}</a></td><td class="num">${e.calls}</td>
    <td class="num">${e.failures}</td><td class="num">${fixed(e.p95Ms)}</td><td class="num">${fixed(e.p99Ms)}</td></tr>`), "No calls in this window.");
}

async function drawService() {
  const service = encodeURIComponent(document.body.dataset.service);
  const from = windowFrom();
  const get = (what) => outrider.api("GET", `/api/reports/${service}/${what}?from=${from}`).catch((e) => { outrider.toast(e.message, true); return { rows: [] }; });
  const [tx, events, problems, beats] = await Promise.all([get("transactions"), get("events"), get("problems"), get("heartbeats")]);
  fill("transactions", tx.rows.map((r) => `<tr><td>${esc(r.type)}</td><td>${esc(r.name)}</td><td class="num">${r.count}</td>
    <td class="num">${r.failures} (${fixed(r.failureRate * 100)} %)</td><td class="num">${fixed(r.tps, 2)}</td><td class="num">${fixed(r.p50Ms)}</td>
    <td class="num">${fixed(r.p95Ms)}</td><td class="num">${fixed(r.p99Ms)}</td><td class="num">${fixed(r.maxMs)}</td></tr>`), "No transactions in this window.");
  const top = tx.rows.slice(0, 12);
  const chartBox = document.getElementById("tx-chart");
  (echarts.getInstanceByDom(chartBox) || echarts.init(chartBox)).setOption({
    tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 60, right: 60, top: 30, bottom: 90 },
    xAxis: { type: "category", data: top.map((r) => `${r.type} ${r.name}`), axisLabel: { rotate: 30, fontSize: 10 } },
    yAxis: [{ type: "value", name: "calls" }, { type: "value", name: "ms" }],
    series: [{ name: "calls", type: "bar", data: top.map((r) => r.count) },
             { name: "failures", type: "bar", data: top.map((r) => r.failures), itemStyle: { color: "#d1242f" } },
             { name: "p95 ms", type: "line", yAxisIndex: 1, data: top.map((r) => r.p95Ms) }],
  }, true);
  fill("events", events.rows.map((r) => `<tr><td>${esc(r.type)}</td><td>${esc(r.name)}</td><td class="num">${r.count}</td>
    <td class="num">${r.failures}</td></tr>`), "No events in this window.");
  fill("problems", problems.rows.map((r) => `<tr><td>${esc(r.kind)}</td><td>${esc(r.name)}</td><td class="num">${r.count}</td>
    <td>${r.sampleMessageId ? `<a href="/traces/message/${encodeURIComponent(r.sampleMessageId)}">logview</a>` : ""}</td></tr>`), "No problems in this window.");
  fill("instances", beats.rows.map((r) => `<tr><td>${esc(r.ip)}</td><td>${r.up ? "up" : '<span class="bad">silent</span>'}</td>
    <td><time datetime="${esc(r.lastHeartbeat)}">${esc(r.lastHeartbeat)}</time></td><td class="num">${fixed(r.jvm_threads, 0)}</td>
    <td class="num">${fixed(r.system_load_average, 2)}</td></tr>`), "No heartbeats in this window.");
  outrider.localTimes(document.getElementById("instances"));
  const charts = document.getElementById("heartbeats");
  charts.innerHTML = "";
  const metrics = new Set(beats.rows.flatMap((r) => Object.keys(r.series || {})));
  for (const metric of metrics) {
    const div = document.createElement("div");
    div.className = "chart";
    charts.appendChild(div);
    echarts.init(div).setOption({
      title: { text: metric, textStyle: { fontSize: 12 } }, tooltip: { trigger: "axis" },
      grid: { left: 60, right: 10, top: 30, bottom: 25 }, xAxis: { type: "time" }, yAxis: { type: "value", scale: true },
      series: beats.rows.map((r) => ({ name: r.ip, type: "line", showSymbol: false, data: (r.series || {})[metric] || [] })),
    });
  }
}

async function drawTrace() {
  const box = document.getElementById("trace");
  const id = document.body.dataset.trace;
  const url = id.startsWith("message:") ? `/api/messages/${encodeURIComponent(id.slice(8))}/trace` : `/api/traces/${encodeURIComponent(id)}`;
  let trace;
  try { trace = await outrider.api("GET", url); }
  catch (e) { document.getElementById("trace-summary").textContent = e.message; return; }
  document.getElementById("trace-summary").textContent =
    `${trace.trees} trees across ${trace.services.join(" → ")}` + (trace.missing.length ? `; ${trace.missing.length} called trees not stored (yet)` : "");
  let start = Infinity, end = 0;
  const walk = (m) => { if (!m) return; start = Math.min(start, m.ts); end = Math.max(end, m.ts + (m.us || 0) / 1000);
    (m.children || []).forEach(walk); if (m.linked) walk(m.linked.tree); };
  const walkDoc = (d) => { walk(d.tree); (d.unlinked || []).forEach(walkDoc); };
  trace.roots.forEach(walkDoc);
  const span = Math.max(1, end - start);
  const rows = [];
  const message = (m, depth, service) => {
    if (!m) return;
    const kind = m.k === "t" ? "" : `[${esc(m.k)}] `;
    const failed = m.status && m.status !== "0";
    const left = ((m.ts - start) / span) * 100, width = Math.max(0.3, ((m.us || 0) / 1000 / span) * 100);
    rows.push(`<div class="row"><span style="padding-left:${depth * 14}px">${service ? `<span class="svc">${esc(service)}</span> ` : ""}${kind}${esc(m.type)} ${esc(m.name)}${failed ? ` <span class="bad">${esc(m.status)}</span>` : ""}</span>
      <span class="num">${m.us !== undefined ? fixed(m.us / 1000) + " ms" : ""}</span>
      <span>${m.us !== undefined ? `<span class="bar${failed ? " fail" : ""}" style="margin-left:${left}%;width:${width}%"></span>` : ""}</span></div>`);
    (m.children || []).forEach((c) => message(c, depth + 1));
    if (m.linked) doc(m.linked, depth + 1);
  };
  const doc = (d, depth) => { message(d.tree, depth, d.domain); (d.unlinked || []).forEach((u) => doc(u, depth + 1)); };
  trace.roots.forEach((d) => doc(d, 0));
  box.innerHTML = rows.join("");
}
