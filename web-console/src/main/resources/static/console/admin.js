// Silences and alert rules: lists from the REST API, forms checked by it, previews of what they match.
"use strict";

const esc2 = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

/** Matchers as Alertmanager writes them: name="v", name!="v", name=~"re", name!~"re" (comma-separated). */
function parseMatchers(text) {
  const out = [];
  const re = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;
  let m;
  while (re.lastIndex < text.length && (m = re.exec(text))) out.push({ name: m[1], op: m[2], value: m[3], text: `${m[1]}${m[2]}"${m[3]}"` });
  if (re.lastIndex < text.trim().length && out.length === 0) throw new Error('write matchers as name="value", name=~"regex", name!="value"');
  return out;
}

function matches(labels, matchers) {
  return matchers.every((m) => {
    const v = labels[m.name] ?? "";
    if (m.op === "=") return v === m.value;
    if (m.op === "!=") return v !== m.value;
    const hit = new RegExp(`^(?:${m.value})$`).test(v);
    return m.op === "=~" ? hit : !hit;
  });
}

document.addEventListener("DOMContentLoaded", () => {
  if (document.body.dataset.page === "silences") silences();
  if (document.body.dataset.page === "rules") rules();
});

async function silences() {
  const list = async () => {
    try {
      const answer = await outrider.api("GET", "/api/silences");
      const body = document.querySelector("#silences tbody");
      body.innerHTML = answer.silences.length ? answer.silences.map((s) => `<tr><td>${s.matchers.map(esc2).join(", ")}</td>
        <td>${esc2(s.state)}</td><td><time datetime="${esc2(s.startsAt)}">${esc2(s.startsAt)}</time></td>
        <td><time datetime="${esc2(s.endsAt)}">${esc2(s.endsAt)}</time></td><td>${esc2(s.createdBy)}</td><td>${esc2(s.comment)}</td>
        <td>${s.state === "active" ? `<button class="expire" data-id="${esc2(s.id)}">Expire</button>` : ""}</td></tr>`).join("")
        : '<tr class="empty"><td colspan="7">No silences: every alert notifies.</td></tr>';
      outrider.localTimes(body);
      body.querySelectorAll("button.expire").forEach((b) => b.onclick = async () => {
        try { await outrider.api("DELETE", `/api/silences/${encodeURIComponent(b.dataset.id)}`); outrider.toast("Silence expired"); list(); }
        catch (e) { outrider.toast(e.message, true); }
      });
    } catch (e) { outrider.toast(e.message, true); }
  };
  list();
  const form = document.getElementById("silence-form");
  if (!form) return;
  const read = () => parseMatchers(document.getElementById("matchers").value);
  document.getElementById("preview").onclick = async () => {
    const box = document.getElementById("preview-result");
    try {
      const matchers = read();
      if (!matchers.length) throw new Error("give at least one matcher");
      const alerts = (await outrider.api("GET", "/api/alerts")).alerts.filter((a) => matches(a.labels, matchers));
      box.innerHTML = `<p>Would mute <strong>${alerts.length}</strong> alerts tracked now.</p>` + alerts.slice(0, 30).map((a) =>
        `<div>${esc2(a.rule)} · ${esc2(Object.entries(a.labels).map(([k, v]) => `${k}=${v}`).join(", "))} (${esc2(a.phase)})</div>`).join("");
    } catch (e) { box.innerHTML = `<p class="error">${esc2(e.message)}</p>`; }
  };
  form.onsubmit = async (e) => {
    e.preventDefault();
    try {
      const matchers = read().map((m) => m.text);
      await outrider.api("POST", "/api/silences", { matchers, duration: document.getElementById("duration").value,
        comment: document.getElementById("comment").value });
      outrider.toast("Silenced");
      form.reset();
      list();
    } catch (err) { outrider.toast(err.message, true); }
  };
}

async function rules() {
  let answer, tracked;
  try {
    [answer, tracked] = await Promise.all([outrider.api("GET", "/api/alert-rules"), outrider.api("GET", "/api/alerts")]);
  } catch (e) { outrider.toast(e.message, true); return; }
  const firing = {};
  tracked.alerts.forEach((a) => { if (a.phase === "firing") firing[a.rule] = (firing[a.rule] || 0) + 1; });
  document.getElementById("rule-errors").innerHTML = answer.errors.map((e) => `<p class="error">${esc2(e.text)}</p>`).join("");
  const body = document.querySelector("#rules tbody");
  body.innerHTML = answer.rules.map((r) => `<tr data-name="${esc2(r.name)}"><td><a href="#" class="edit">${esc2(r.name)}</a></td><td>${esc2(r.type)}</td>
    <td>${esc2(r.query ? r.query.metric + (r.query.match.length ? " {" + r.query.match.join(", ") + "}" : "") : "")} ${esc2(r.condition)}</td>
    <td>${esc2(r.labels.severity || "")}</td><td class="small">${esc2(r.origin)}</td><td class="num">${firing[r.name] || 0}</td></tr>`).join("")
    || '<tr class="empty"><td colspan="6">No rules.</td></tr>';
  const name = document.getElementById("rule-name"), text = document.getElementById("rule-text");
  body.querySelectorAll("a.edit").forEach((a) => a.onclick = (e) => {
    e.preventDefault();
    if (!text) return;
    const rule = answer.rules.find((r) => r.name === a.closest("tr").dataset.name);
    const { origin, ...editable } = rule;
    name.value = rule.name;
    text.value = JSON.stringify(editable, null, 2);
  });
  const preview = document.getElementById("rule-preview");
  if (preview) preview.onclick = async () => {
    const box = document.getElementById("rule-preview-result");
    try {
      const p = await outrider.api("POST", `/api/alert-rules/${encodeURIComponent(name.value.trim() || "preview")}/preview`, text.value);
      if (p.note) { box.innerHTML = `<p>${esc2(p.note)}</p>`; return; }
      box.innerHTML = `<p>On the window ${esc2(p.windowStart)} – ${esc2(p.windowEnd)} it selects <strong>${p.selected}</strong> series
        and holds for <strong>${p.holding}</strong>:</p>` + p.series.slice(0, 50).map((r) =>
        `<div>${r.holds ? '<span class="bad">holds</span>' : "ok"} · ${esc2(Object.entries(r.labels).map(([k, v]) => `${k}=${v}`).join(", "))}
          · ${esc2(r.detail)}</div>`).join("");
    } catch (e) { box.innerHTML = `<p class="error">${esc2(e.message)}</p>`; }
  };
  const save = document.getElementById("rule-save");
  if (save) save.onclick = async () => {
    try { await outrider.api("PUT", `/api/alert-rules/${encodeURIComponent(name.value.trim())}`, text.value); outrider.toast("Rule saved"); rules(); }
    catch (e) { outrider.toast(e.message, true); }
  };
  const del = document.getElementById("rule-delete");
  if (del) del.onclick = async () => {
    if (!confirm(`Delete rule ${name.value}?`)) return;
    try { await outrider.api("DELETE", `/api/alert-rules/${encodeURIComponent(name.value.trim())}`); outrider.toast("Rule deleted"); rules(); }
    catch (e) { outrider.toast(e.message, true); }
  };
}
