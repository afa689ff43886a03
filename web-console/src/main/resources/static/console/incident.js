// The incident page: its actions through the REST API, its evidence charts and the call graph around it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const id = document.body.dataset.incident;
  const base = `/api/incidents/${encodeURIComponent(id)}`;
  // while actions are on their way, a live change does not reload the page: the reload would cancel the request
  let busy = 0;
  const typing = () => document.activeElement && ["INPUT", "TEXTAREA"].includes(document.activeElement.tagName);
  let missed = false;
  const reload = (after) => setTimeout(() => location.reload(), after);
  const done = (message) => { outrider.toast(message); reload(400); };
  const run = async (what, call) => {
    busy++;
    try { await call(); done(what); } catch (e) {
      busy--;
      outrider.toast(e.message, true);
      if (missed) changed(); // the incident changed meanwhile
    }
  };
  const on = (selector, handler) => document.querySelectorAll(selector).forEach((el) => el.addEventListener("click", handler));

  on("[data-act=status]", (e) => {
    const to = e.currentTarget.dataset.to;
    run(`Incident ${to}`, () => outrider.api("POST", `${base}/status?to=${to}`));
  });
  document.getElementById("snooze")?.addEventListener("change", (e) => {
    if (!e.target.value) return;
    run("Snoozed", () => outrider.api("POST", `${base}/snooze?for=${e.target.value}`));
  });
  on("#assign", () => {
    const to = document.getElementById("assignee").value.trim();
    if (!to) return outrider.toast("Name the user to assign it to", true);
    run(`Assigned to ${to}`, () => outrider.api("POST", `${base}/assign?to=${encodeURIComponent(to)}`));
  });
  on("#merge", () => {
    const into = document.getElementById("merge-into").value.trim();
    if (!into) return outrider.toast("Give the id of the incident to merge into", true);
    run("Merged", async () => {
      await outrider.api("POST", `${base}/merge?into=${encodeURIComponent(into)}`);
      location.href = "/incidents/" + encodeURIComponent(into);
    });
  });
  on("#split", async () => {
    const keys = Array.from(document.querySelectorAll(".split-pick:checked")).flatMap((c) => c.dataset.keys.split(","));
    if (!keys.length) return outrider.toast("Check the alerts to split off first", true);
    try {
      const split = await outrider.api("POST", `${base}/split?alerts=${encodeURIComponent(keys.join(","))}`);
      location.href = "/incidents/" + encodeURIComponent(split.id);
    } catch (e) { outrider.toast(e.message, true); }
  });
  document.getElementById("note")?.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = document.getElementById("note-text").value;
    if (!text.trim()) return outrider.toast("The note is empty", true);
    run("Note added", () => outrider.api("POST", `${base}/notes`, text));
  });

  // runbooks: preview what a run would change, start one, approve, reject, revert
  // a preview on its way counts as an action: a live change meanwhile would reload the page and lose the answer
  on("button.preview", async (e) => {
    const box = e.currentTarget.parentElement.querySelector(".plan");
    busy++;
    try {
      const answer = await outrider.api("POST", `/api/runbooks/${encodeURIComponent(e.currentTarget.dataset.runbook)}/dry-run`, { parameters: {} });
      box.textContent = answer.plan.map((c) => `${c.changed ? "change" : "keep  "} ${c.target}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`).join("\n") || "nothing to change";
      box.hidden = false;
    } catch (err) { outrider.toast(err.message, true); }
    busy--;
    if (missed) changed();
  });
  on("button.propose", (e) => {
    const b = e.currentTarget;
    if (!confirm(`Propose a run of ${b.dataset.runbook} on ${b.dataset.target}? It waits for an approver.`)) return;
    run("Run proposed", () => outrider.api("POST", `/api/runbooks/${encodeURIComponent(b.dataset.runbook)}/runs`,
      { target: b.dataset.target, incidentId: id, parameters: {} }));
  });
  on("button.approve", (e) => run("Run approved", () => outrider.api("POST", `/api/runbook-runs/${e.currentTarget.dataset.run}/approve`)));
  on("button.reject", (e) => run("Run rejected", () => outrider.api("POST", `/api/runbook-runs/${e.currentTarget.dataset.run}/reject`)));
  on("button.revert", (e) => {
    if (!confirm("Take this run's changes back now?")) return;
    run("Run reverted", () => outrider.api("POST", `/api/runbook-runs/${e.currentTarget.dataset.run}/revert`));
  });

  outrider.onKey((e) => {
    if (e.key === "a") document.getElementById("ack")?.click();
    else if (e.key === "r") document.getElementById("resolve")?.click();
  });

  // live: reload when this incident changes; while someone types or reads a runbook's preview, say so instead (a
  // reload would take their text or the preview away), and while an action is on its way, its own reload follows
  const previewing = () => Array.from(document.querySelectorAll(".plan")).some((p) => !p.hidden);
  const changed = () => {
    if (document.getElementById("changed")) return;
    const bar = document.createElement("div");
    bar.id = "changed";
    bar.textContent = "This incident changed while you were here. ";
    const show = document.createElement("button");
    show.type = "button";
    show.textContent = "Show the changes";
    show.addEventListener("click", () => location.reload());
    bar.appendChild(show);
    document.body.appendChild(bar);
  };
  const events = new EventSource("/inbox/events");
  events.addEventListener("incident", (e) => {
    const change = JSON.parse(e.data);
    if (change.id !== id) return;
    // the state this page shows (the echo of its own action, after the reload that action caused), or an older one
    const shown = document.body.dataset;
    if (change.revision === shown.revision || Date.parse(change.updatedAt) < Number(shown.updated)) return;
    if (busy) missed = true;
    else if (typing() || previewing()) changed();
    else location.reload();
  });

  drawEvidence(id);
  drawGraph(id);
});

async function drawEvidence(id) {
  const box = document.getElementById("evidence");
  if (!box || typeof echarts === "undefined") return;
  let answer;
  try { answer = await outrider.api("GET", `/api/incidents/${encodeURIComponent(id)}/evidence`); }
  catch (e) { box.textContent = "Evidence series not read: " + e.message; return; }
  for (const c of answer.charts) {
    const div = document.createElement("div");
    div.className = "chart";
    box.appendChild(div);
    echarts.init(div).setOption({
      title: { text: c.series, textStyle: { fontSize: 12 } },
      grid: { left: 50, right: 10, top: 30, bottom: 25 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "time" },
      yAxis: { type: "value", scale: true },
      series: [{
        type: "line", showSymbol: false, data: c.points, name: c.series,
        markLine: { symbol: "none", data: [{ yAxis: c.baseline, name: "usual" }, { xAxis: c.since, name: "since" }],
          lineStyle: { type: "dashed" }, label: { formatter: (p) => p.name } },
      }],
    });
  }
}

async function drawGraph(id) {
  const box = document.getElementById("graph");
  if (!box || typeof echarts === "undefined") return;
  let answer;
  try { answer = await outrider.api("GET", `/api/incidents/${encodeURIComponent(id)}/graph`); }
  catch (e) { box.textContent = "Topology not read: " + e.message; return; }
  if (!answer.services.length) { box.textContent = "No calls recorded around this incident."; return; }
  const chart = echarts.init(box);
  chart.setOption({
    tooltip: {},
    series: [{
      type: "graph", layout: "force", roam: true, draggable: true, force: { repulsion: 220, edgeLength: 90 },
      label: { show: true, position: "bottom", fontSize: 11 },
      edgeSymbol: ["none", "arrow"],
      data: answer.services.map((s) => ({
        name: s.name, value: s.score,
        symbolSize: s.suspect ? 34 : 18 + Math.min(14, s.score * 14),
        itemStyle: { color: s.suspect ? "#d93025" : s.affected ? "#f29900" : "#5f8fbf" },
      })),
      links: answer.edges.map((e) => ({
        source: e.caller, target: e.callee, value: e.calls,
        lineStyle: { width: 1 + Math.min(4, Math.log10(1 + e.calls)), color: e.errorRate > 0.05 ? "#d93025" : "#999" },
      })),
    }],
  });
  chart.on("click", (p) => { if (p.dataType === "node") location.href = "/services/" + encodeURIComponent(p.name); });
}
