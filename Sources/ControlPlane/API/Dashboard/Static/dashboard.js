// Ember's dashboard: live rows and progress bars from the server's event stream (/dashboard/events).
// No framework and nothing from outside; every value goes in as text, never as markup.
"use strict";
(() => {
  const url = document.body.dataset.events;
  if (!url || !window.EventSource) return;

  const byteUnits = ["B", "KiB", "MiB", "GiB", "TiB"];
  const bytes = (n) => {
    let i = 0;
    while (n >= 1024 && i < byteUnits.length - 1) { n /= 1024; i++; }
    return `${n.toFixed(i ? 1 : 0)} ${byteUnits[i]}`;
  };

  const cell = (text, className) => {
    const td = document.createElement("td");
    if (className) td.className = className;
    td.textContent = text;
    return td;
  };

  // A row the page does not show yet (made elsewhere, or after the page was served).
  const newRow = (kind, row) => {
    const tr = document.createElement("tr");
    tr.id = `${kind}-${row.id}`;
    tr.dataset.row = kind;
    const name = document.createElement("td");
    if (kind === "volume") {
      const link = document.createElement("a");
      link.className = "name";
      link.href = `/dashboard/volumes/${row.id}`;
      name.appendChild(link);
    } else {
      name.className = "name";
    }
    tr.append(name, cell("", "status"), cell("", "size"));
    const progress = cell("", "progress");
    progress.dataset.progressFor = row.id;
    tr.append(cell(row.type || ""), cell(""), progress);
    return tr;
  };

  const update = (kind, row) => {
    let element = document.getElementById(`${kind}-${row.id}`);
    if (!element) {
      const table = document.querySelector(`table[data-live="${kind}"] tbody`);
      if (!table) return;
      element = newRow(kind, row);
      table.appendChild(element);
    }
    const set = (selector, text) => element.querySelectorAll(selector).forEach((e) => { e.textContent = text; });
    set(".status", row.status);
    set(".size", String(row.size));
    set(".name", row.label);
    element.dataset.status = row.status;
  };

  const remove = (kind, id) => {
    const element = document.getElementById(`${kind}-${id}`);
    if (element && element.tagName === "TR") element.remove();
    else if (element) element.querySelectorAll(".status").forEach((e) => { e.textContent = "deleted"; });
  };

  const progress = (op) => {
    document.querySelectorAll(`[data-progress-for="${op.resource_id}"]`).forEach((target) => {
      target.textContent = "";
      if (op.state !== "running") {
        target.textContent = `${op.kind} ${op.state}`;
        return;
      }
      const bar = document.createElement("progress");
      bar.max = 100;
      bar.value = op.percent;
      bar.setAttribute("aria-label", `${op.kind}: ${op.percent}% done`);
      const text = document.createElement("span");
      const left = op.seconds_left == null ? "" : `, ${Math.ceil(op.seconds_left)} s left`;
      text.textContent = ` ${op.kind} ${op.percent}%: ${bytes(op.bytes_done)} of ${bytes(op.bytes_total)}, ${bytes(op.bytes_per_second)}/s${left}`;
      target.append(bar, text);
    });
  };

  const source = new EventSource(url);
  for (const kind of ["volume", "snapshot"]) {
    source.addEventListener(kind, (event) => update(kind, JSON.parse(event.data)));
    source.addEventListener(`${kind}-removed`, (event) => remove(kind, JSON.parse(event.data).id));
    source.addEventListener(`${kind}-ids`, (event) => {
      const live = new Set(JSON.parse(event.data));
      document.querySelectorAll(`[data-row="${kind}"]`).forEach((element) => {
        const id = element.id.slice(kind.length + 1);
        if (!live.has(id)) remove(kind, id);
      });
    });
  }
  source.addEventListener("operation", (event) => progress(JSON.parse(event.data)));
  source.addEventListener("open", () => { document.body.dataset.live = "connected"; });
  source.addEventListener("error", () => { document.body.dataset.live = "reconnecting"; });
})();
