// Outrider console: what every page shares — calls to the API with the CSRF token, messages, local times, keys.
"use strict";

const outrider = (() => {
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content;

  /** Calls the REST API as the signed-in user; resolves to the JSON answer, rejects with its error message. */
  async function api(method, url, body) {
    const headers = { Accept: "application/json" };
    const token = meta("_csrf");
    if (token) headers[meta("_csrf_header") || "X-CSRF-TOKEN"] = token;
    let payload;
    if (body !== undefined) {
      if (typeof body === "string") { headers["Content-Type"] = "text/plain"; payload = body; }
      else { headers["Content-Type"] = "application/json"; payload = JSON.stringify(body); }
    }
    const response = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
    const text = await response.text();
    let json = {};
    try { json = text ? JSON.parse(text) : {}; } catch (e) { json = { error: text.slice(0, 300) }; }
    if (!response.ok) {
      const message = json.error || (json.errors && json.errors.map(e => e.message || JSON.stringify(e)).join("; "))
        || `${response.status} ${response.statusText}`;
      throw new Error(response.status === 403 ? `Not allowed: ${message}` : message);
    }
    return json;
  }

  /** A short message at the bottom of the page; errors stay until clicked. */
  function toast(message, isError) {
    const box = document.getElementById("toast");
    if (!box) { if (isError) alert(message); return; }
    box.textContent = message;
    box.className = isError ? "show error" : "show";
    clearTimeout(box._timer);
    if (!isError) box._timer = setTimeout(() => { box.className = ""; }, 4000);
    box.onclick = () => { box.className = ""; };
  }

  /** Times are stored in UTC; people read them in their own zone, with the zone named. */
  function localTimes(root) {
    const format = new Intl.DateTimeFormat(undefined, {
      year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
      timeZoneName: "short", hour12: false });
    (root || document).querySelectorAll("time[datetime]").forEach((t) => {
      const d = new Date(t.getAttribute("datetime"));
      if (!isNaN(d)) { t.textContent = format.format(d); t.title = t.getAttribute("datetime"); }
    });
  }

  document.addEventListener("DOMContentLoaded", () => localTimes());
  document.addEventListener("htmx:afterSwap", (e) => localTimes(e.target));
  document.addEventListener("htmx:configRequest", (e) => {
    const token = meta("_csrf");
    if (token) e.detail.headers[meta("_csrf_header") || "X-CSRF-TOKEN"] = token;
  });
  document.addEventListener("htmx:responseError", (e) => toast(`The server answered ${e.detail.xhr.status}; reload the page`, true));

  /** Keys that work everywhere but in text fields. */
  function onKey(handler) {
    document.addEventListener("keydown", (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const tag = (e.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea" || tag === "select") return;
      handler(e);
    });
  }

  return { api, toast, localTimes, onKey };
})();

// The inbox: live rows, keyboard selection, acknowledge and resolve from the list.
document.addEventListener("DOMContentLoaded", () => {
  if (document.body.dataset.page !== "inbox") return;
  const form = document.getElementById("filters");
  const live = document.getElementById("live");
  let pending = null;
  const refresh = () => {
    clearTimeout(pending);
    pending = setTimeout(() => htmx.ajax("GET", "/inbox/rows?" + new URLSearchParams(new FormData(form)),
      { target: "#rows", swap: "outerHTML" }), 300);
  };
  const events = new EventSource("/inbox/events");
  events.addEventListener("incident", refresh);
  events.onopen = () => { live.classList.remove("off"); live.title = "updates as they happen"; };
  events.onerror = () => { live.classList.add("off"); live.title = "reconnecting…"; };

  const rows = () => Array.from(document.querySelectorAll("#rows tr.incident"));
  let selected = 0;
  const select = (n) => {
    const all = rows();
    if (!all.length) return;
    selected = Math.max(0, Math.min(all.length - 1, n));
    all.forEach((r, i) => r.classList.toggle("selected", i === selected));
    all[selected].focus();
  };
  const act = async (to) => {
    const row = rows()[selected];
    if (!row) return;
    try {
      await outrider.api("POST", `/api/incidents/${encodeURIComponent(row.dataset.id)}/status?to=${to}`);
      outrider.toast(`Incident ${to}`);
      refresh();
    } catch (e) { outrider.toast(e.message, true); }
  };
  document.addEventListener("click", (e) => {
    const row = e.target.closest("tr.incident");
    if (row && e.target.tagName !== "A") location.href = "/incidents/" + encodeURIComponent(row.dataset.id);
  });
  outrider.onKey((e) => {
    if (e.key === "j") select(selected + 1);
    else if (e.key === "k") select(selected - 1);
    else if (e.key === "Enter" && rows()[selected]) location.href = "/incidents/" + encodeURIComponent(rows()[selected].dataset.id);
    else if (e.key === "a") act("acknowledged");
    else if (e.key === "r") act("resolved");
  });
});

// Any button with data-post: a POST to that address, its outcome as a message (e.g. a channel's test message).
document.addEventListener("click", async (e) => {
  const button = e.target.closest("button[data-post]");
  if (!button) return;
  button.disabled = true;
  try {
    await outrider.api("POST", button.dataset.post);
    outrider.toast("Done; reload to see the outcome");
  } catch (err) { outrider.toast(err.message, true); }
  finally { button.disabled = false; }
});
