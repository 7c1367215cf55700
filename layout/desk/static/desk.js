// The desk page: draws pages, frames and the copyfit table from /api/state, redraws whenever
// the server announces a new build, and makes pages: frames are dragged, resized and moved
// with the keys, each change asked of the server while dragging (the fit it would have) and
// written on the drop. Text from the issue is only ever set as textContent, never as HTML.
"use strict";

const shown = {
  version: -1, pages: {}, selected: null, selectedKey: null, state: null,
  zoom: "fit",          // "fit", 1 (100 %) or 2 (200 %)
  view: "two",          // "two" pages side by side, or "one" at a time
  page: 1,              // the page shown when one at a time
  focusKey: null,       // the frame to focus again after a redraw
};
const busy = {
  queue: Promise.resolve(), pending: 0,   // changes sent one after another
  fitting: false, pendingFit: null,       // one question about the fit at a time
  drag: null,                             // the drag under way: its cancel()
  redraw: false,                          // a state came during the drag: draw it after
  fixes: 0,                               // the latest request for one-click fits
};

// The desk's words, in the language the desk runs in: the page carries the translation of
// every message passed to _() here. The English text is the message id, written as one
// string literal in double quotes (never a template literal, nor joined with +) so that the
// catalogue's extraction and the server both find it; {name} placeholders are filled from
// `values`.
const MESSAGES = JSON.parse(document.getElementById("desk-messages").textContent);

function _(message, values = {}) {
  const text = Object.hasOwn(MESSAGES, message) ? MESSAGES[message] : message;
  return text.replace(/\{(\w+)\}/g, (slot, name) =>
    Object.hasOwn(values, name) ? String(values[name]) : slot);
}

// How an article fits, in the desk's language (the report's verdict is the paper's).
function verdict(fit) {
  const said = shown.state && shown.state.verdicts[fit.source];
  return said === undefined ? fit.verdict : said;
}

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

function fitClass(fit) {
  if (!fit) return "fits";
  if (!fit.fits) return "over";  // text over, or a headline or caption that does not fit
  return fit.empty_lines > 0 ? "loose" : "fits";
}

// ---------------------------------------------------------------- the grid, in millimetres

function gridRect(place) {
  const g = shown.state.plan.grid;
  return [g.x + (place.column - 1) * (g.column_w + g.gutter), g.y + place.top * g.line,
          place.span * g.column_w + (place.span - 1) * g.gutter, place.lines * g.line];
}

function placeStyle([x, y, w, h]) {
  const [trimW, trimH] = shown.state.report.trim_mm;
  return `left:${x / trimW * 100}%;top:${y / trimH * 100}%;` +
         `width:${w / trimW * 100}%;height:${h / trimH * 100}%`;
}

function samePlace(a, b) {
  return a.column === b.column && a.span === b.span && a.top === b.top && a.lines === b.lines;
}

// Modules in reading order: down the page, then across.
function readingOrder(modules) {
  const plan = shown.state.plan ? shown.state.plan.modules : {};
  const at = (m) => plan[m.key] ? plan[m.key].place : { top: 0, column: 0 };
  return [...modules].sort((a, b) => at(a).top - at(b).top || at(a).column - at(b).column);
}

// ---------------------------------------------------------------- pages and frames

function pageWidth() {
  if (shown.zoom === "fit" && shown.view === "one") {   // the whole page in the window
    const [trimW, trimH] = shown.state.report.trim_mm;
    return Math.max(430, Math.min(window.innerWidth - 520, (window.innerHeight - 140) * trimW / trimH));
  }
  if (shown.zoom === "fit") return 430;
  return shown.state.report.trim_mm[0] / 25.4 * 96 * shown.zoom;  // CSS pixels at that zoom
}

// The picture of a page: the build's preview when fitted, else drawn for the zoom and the
// screen's pixel density, so that 100 % and 200 % stay sharp.
function pictureUrl(page, version) {
  if (shown.zoom === "fit") return `/files/${page.preview}?v=${version}`;
  const wanted = 96 * shown.zoom * (window.devicePixelRatio || 1);
  const dpi = [96, 144, 192, 288, 384, 576].find((d) => d >= wanted) || 576;
  return `/pictures/${page.number}/${dpi}?v=${version}`;
}

function drawPages(state) {
  const report = state.report;
  const holder = document.getElementById("pages");
  holder.className = `${shown.view} zoom-${shown.zoom}`;
  const fits = Object.fromEntries(report.articles.map((a) => [a.source, a]));
  for (const page of report.pages) {
    let box = document.getElementById(`page-${page.number}`);
    if (!box) {
      box = el("div", { class: "page", id: `page-${page.number}`, "data-page": page.number });
      box.append(el("span", { class: "label" },
                    _("Page {number}: {name}", { number: page.number, name: page.name })));
      box.append(el("img", { alt: _("Page {number}", { number: page.number }) }));
      holder.append(box);
    }
    box.hidden = shown.view === "one" && page.number !== shown.page;
    box.style.width = `${pageWidth()}px`;
    const version = state.page_versions[page.number];
    const img = box.querySelector("img");
    const src = pictureUrl(page, version);
    if (shown.pages[page.number] !== src) {  // only a page that changed is fetched again
      img.src = src;
      shown.pages[page.number] = src;
    }
    img.dataset.version = version;
    box.querySelectorAll(".frame").forEach((f) => f.remove());
    for (const module of readingOrder(page.modules)) box.append(frameFor(page, module, fits));
  }
  const focus = shown.focusKey && document.querySelector(`.frame[data-key="${shown.focusKey}"]`);
  if (focus) focus.focus({ preventScroll: true });
}

function frameFor(page, module, fits) {
  const fit = fits[module.source];
  const frame = el("div", {
    class: `frame ${fitClass(fit)}`, tabindex: "0", role: "button",
    "data-page": page.number, "data-source": module.source, "data-key": module.key,
    "aria-label": fit ? `${fit.title}: ${verdict(fit)}` : module.source,
    style: placeStyle(module.outer) });
  // The verdict stands on the article's last part, where its text ends (or overflows).
  const lastPart = module.fit && Object.hasOwn(module.fit, "lines_over");
  if (fit && lastPart) frame.append(el("span", { class: "badge" }, verdict(fit)));
  if (shown.selected === module.source) frame.classList.add("selected");
  for (const edge of ["n", "e", "s", "w"]) {
    frame.append(el("span", { class: `handle edge-${edge}`, "data-edge": edge }));
  }
  if (module.photo) {
    const [x, y, w, h] = module.photo;
    const [ox, oy, ow, oh] = module.outer;
    frame.append(el("span", { class: "photo-handle", "data-edge": "photo",
      title: _("Drag to make the photo taller or shorter"),
      style: `left:${(x - ox) / ow * 100}%;top:${(y + h - oy) / oh * 100}%;width:${w / ow * 100}%` }));
    // Its edge toward the text: dragged across, the photo takes more or fewer columns.
    const planned = plannedModule(module.key);
    const inner = planned && planned.photo && planned.photo.side === "left" ? x + w : x;
    frame.append(el("span", { class: "photo-side-handle", "data-edge": "photo-side",
      title: _("Drag to make the photo wider or narrower"),
      style: `left:${(inner - ox) / ow * 100}%;top:${(y - oy) / oh * 100}%;height:${h / oh * 100}%` }));
  }
  frame.addEventListener("pointerdown", (event) => startDrag(event, frame, module));
  frame.addEventListener("keydown", (event) => frameKey(event, module));
  frame.addEventListener("focus", () => { shown.focusKey = module.key; });
  return frame;
}

// ---------------------------------------------------------------- dragging

function plannedModule(key) {
  return shown.state.plan && shown.state.plan.modules[key];
}

// The place a drag has reached: whole columns and body lines from where it began. An edge
// stops a line or a column short of the opposite one, and at the page's first column and
// line: the opposite edge never moves.
function draggedPlace(start, edge, dx, dy) {
  const g = shown.state.plan.grid;
  const columns = Math.round(dx / (g.column_w + g.gutter));
  const lines = Math.round(dy / g.line);
  const p = { ...start };
  const right = start.column + start.span;    // first column after the frame
  const bottom = start.top + start.lines;     // first line under it
  if (edge === "move") {
    p.column = Math.max(1, start.column + columns);
    p.top = Math.max(0, start.top + lines);
  }
  if (edge === "e") p.span = Math.max(1, start.span + columns);
  if (edge === "s") p.lines = Math.max(1, start.lines + lines);
  if (edge === "w") {
    p.column = Math.min(Math.max(1, start.column + columns), right - 1);
    p.span = right - p.column;
  }
  if (edge === "n") {
    p.top = Math.min(Math.max(0, start.top + lines), bottom - 1);
    p.lines = bottom - p.top;
  }
  return p;
}

function startDrag(event, frame, module) {
  const planned = plannedModule(module.key);
  if (event.button !== 0 || !planned || busy.drag) return;
  if (busy.pending) {            // the page is about to change: drag from what it will show
    notice(_("Saving the last change…"));
    return;
  }
  const edge = event.target.dataset.edge || "move";
  const box = frame.parentElement.getBoundingClientRect();
  const mmPerPx = shown.state.report.trim_mm[0] / box.width;
  const start = { x: event.clientX, y: event.clientY };
  const photo = planned.photo;
  let change = null;
  frame.setPointerCapture(event.pointerId);
  const move = (e) => {
    const dx = (e.clientX - start.x) * mmPerPx;
    const dy = (e.clientY - start.y) * mmPerPx;
    if (!change && Math.hypot(e.clientX - start.x, e.clientY - start.y) < 4) return;
    frame.classList.add("dragging");
    let next;
    if (edge === "photo") {
      const lines = Math.max(2, photo.lines + Math.round(dy / shown.state.plan.grid.line));
      next = { op: "photo", key: module.key, source: planned.source, photo_lines: lines,
               photo_span: photo.span };
      frame.querySelector(".badge")?.replaceChildren(_("photo {lines} lines", { lines }));
    } else if (edge === "photo-side") {
      const g = shown.state.plan.grid;
      const columns = planned.columns;   // the module's text columns
      const step = Math.round(dx / (g.column_w + g.gutter)) * (photo.side === "left" ? 1 : -1);
      const span = Math.min(columns, Math.max(1, (photo.span || columns) + step));
      next = { op: "photo", key: module.key, source: planned.source, photo_lines: photo.lines,
               photo_span: span === columns ? null : span };
      frame.querySelector(".badge")?.replaceChildren(_("photo {span} columns", { span }));
    } else {
      const place = draggedPlace(planned.place, edge, dx, dy);
      next = { op: "place", key: module.key, source: planned.source, place };
      frame.setAttribute("style", placeStyle(gridRect(place)));
    }
    if (!change || JSON.stringify(next) !== JSON.stringify(change)) {
      change = next;
      askFit(frame, module, change);
    }
  };
  const finish = (drop) => {
    frame.removeEventListener("pointermove", move);
    frame.removeEventListener("pointerup", up);
    frame.removeEventListener("pointercancel", cancel);
    frame.classList.remove("dragging");
    busy.drag = null;
    if (drop && !change) select(module.source, module.key);
    const unchanged = !change || (change.op === "place" && samePlace(change.place, planned.place));
    if (drop && !unchanged) {
      apply(change);
    } else {
      if (change) notice("");
      redraw();            // the frame back where it was, and any state that came meanwhile
    }
  };
  const up = () => finish(true);
  const cancel = () => finish(false);     // the browser took the pointer, or Esc: no change
  busy.drag = { cancel };
  frame.addEventListener("pointermove", move);
  frame.addEventListener("pointerup", up);
  frame.addEventListener("pointercancel", cancel);
}

// While dragging: the fit the article would have there, from the server, one question at
// a time (a newer place replaces a question not yet sent).
async function askFit(frame, module, change) {
  if (busy.fitting) { busy.pendingFit = [frame, module, change]; return; }
  busy.fitting = true;
  try {
    const response = await send("POST", "/api/fit", { change });
    const answer = await response.json();
    if (frame.isConnected && frame.classList.contains("dragging")) showAnswer(frame, module, answer);
  } catch (error) {
    lostServer();
  } finally {
    busy.fitting = false;
    const next = busy.pendingFit;
    busy.pendingFit = null;
    if (next) askFit(...next);
  }
}

function showAnswer(frame, module, answer) {
  const badge = frame.querySelector(".badge") || frame.appendChild(el("span", { class: "badge" }));
  frame.classList.remove("fits", "loose", "over", "refused");
  if (answer.message || (answer.problems && answer.problems.length)) {
    const reason = answer.message || answer.problems.join("\n");
    frame.classList.add("refused");
    frame.title = reason;
    badge.textContent = reason;
    notice(reason);
    return;
  }
  notice("");
  const fit = answer.verdicts[module.source];
  frame.title = "";
  if (fit) {
    frame.classList.add(fitClass(fit));
    badge.textContent = fit.verdict;
  }
}

// ---------------------------------------------------------------- the keyboard

function frameKey(event, module) {
  const moves = event.shiftKey
    ? { ArrowUp: (p) => { p.lines -= 1; }, ArrowDown: (p) => { p.lines += 1; },
        ArrowLeft: (p) => { p.span -= 1; }, ArrowRight: (p) => { p.span += 1; } }
    : { ArrowUp: (p) => { p.top -= 1; }, ArrowDown: (p) => { p.top += 1; },
        ArrowLeft: (p) => { p.column -= 1; }, ArrowRight: (p) => { p.column += 1; } };
  if (moves[event.key] && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    shown.focusKey = module.key;
    // Worked out when its turn comes, from the place the changes before it left: a key
    // held down makes as many steps as it repeats, none lost.
    apply(() => {
      const planned = plannedModule(module.key);
      if (!planned || planned.source !== module.source) return null;
      const p = { ...planned.place };
      moves[event.key](p);
      if (p.lines < 1 || p.span < 1 || p.top < 0 || p.column < 1) {
        notice(_("The frame cannot go further that way"));
        return null;
      }
      return { op: "place", key: module.key, source: module.source, place: p };
    });
  } else if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    select(module.source, module.key);
  } else if (event.key === "Delete") {
    event.preventDefault();
    takeOff(module.key, module.source);
  }
}

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && busy.drag) {
    busy.drag.cancel();
    return;
  }
  if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== "z") return;
  if (event.target.closest && event.target.closest("input, textarea")) return;
  event.preventDefault();
  step(event.shiftKey ? "redo" : "undo");
});

// ---------------------------------------------------------------- changes to issue.toml

// Changes go one after another, each based on the issue.toml the last one left: a change
// is a value, or a function that works it out from the page as it then is (null: none). A
// change the server refuses, or a file changed meanwhile, is said and nothing is lost.
function apply(change) {
  busy.pending += 1;
  busy.queue = busy.queue.then(async () => {
    const made = typeof change === "function" ? change() : change;
    if (made) await post("/api/change", { change: made });
  }).finally(() => { busy.pending -= 1; });
  return busy.queue;
}

function step(direction) {
  busy.pending += 1;
  busy.queue = busy.queue.then(() => post(`/api/${direction}`, {}))
    .finally(() => { busy.pending -= 1; });
  return busy.queue;
}

function takeOff(key, source) {
  return apply({ op: "remove", key, source });
}

async function post(url, body) {
  let response;
  try {
    response = await send("POST", url, { ...body, base: shown.state.manifest });
  } catch (error) {
    lostServer();
    return false;
  }
  const answer = await response.json().catch(() => ({}));
  if (response.ok) {
    notice("");
    show(answer);
    return true;
  }
  notice(answer.message || _("The desk refused the change ({status})", { status: response.status }));
  await refresh();  // the page shows the file as it is now
  return false;
}

// ---------------------------------------------------------------- articles to place

function drawUnplaced(state) {
  const list = document.getElementById("unplaced");
  const unplaced = state.plan ? state.plan.unplaced : [];
  list.replaceChildren(...unplaced.map(({ source, title }) => {
    const item = el("li", { tabindex: "0", "data-source": source,
      title: _("{source}: drag onto a page to place it", { source }) }, title);
    item.addEventListener("pointerdown", (event) => startPlacing(event, item, source, title));
    return item;
  }));
  document.getElementById("unplaced-empty").hidden = unplaced.length > 0;
}

function startPlacing(event, item, source, title) {
  if (event.button !== 0 || busy.drag) return;
  event.preventDefault();
  const ghost = el("div", { class: "ghost" }, title);
  document.body.append(ghost);
  const follow = (e) => { ghost.style.left = `${e.clientX + 8}px`; ghost.style.top = `${e.clientY + 8}px`; };
  follow(event);
  const drop = (e) => {
    document.removeEventListener("pointermove", follow);
    document.removeEventListener("pointerup", drop);
    ghost.remove();
    const box = document.elementsFromPoint(e.clientX, e.clientY).find((n) => n.classList && n.classList.contains("page"));
    if (!box) {
      notice(_("Drop the article on a page to place it"));
      return;
    }
    const rect = box.getBoundingClientRect();
    const mmPerPx = shown.state.report.trim_mm[0] / rect.width;
    const g = shown.state.plan.grid;
    const x = (e.clientX - rect.left) * mmPerPx - g.x;
    const y = (e.clientY - rect.top) * mmPerPx - g.y;
    const span = Math.min(2, g.columns);
    const lines = Math.min(20, g.lines);
    const column = Math.min(Math.max(1, Math.floor(x / (g.column_w + g.gutter)) + 1), g.columns - span + 1);
    const top = Math.min(Math.max(0, Math.floor(y / g.line)), g.lines - lines);
    apply({ op: "add", page: Number(box.dataset.page), source,
            place: { column, span, top, lines } });
  };
  document.addEventListener("pointermove", follow);
  document.addEventListener("pointerup", drop);
}

// ---------------------------------------------------------------- the table and the detail

function drawTable(state) {
  const body = document.querySelector("#copyfit tbody");
  body.replaceChildren();
  for (const fit of state.report.articles) {
    const row = el("tr", { class: fitClass(fit), "data-source": fit.source });
    for (const cell of [fit.title, fit.pages.join("→"), fit.capacity_lines, fit.lines,
                        fit.characters, verdict(fit)]) row.append(el("td", {}, String(cell)));
    row.addEventListener("click", () => select(fit.source));
    body.append(row);
  }
}

async function select(source, key = null) {
  if (shown.selected !== source) shown.selectedKey = null;
  shown.selected = source;
  if (key) shown.selectedKey = key;
  const report = shown.state.report;
  const fit = report.articles.find((a) => a.source === source);
  const modules = report.pages.flatMap((p) => p.modules).filter((m) => m.source === source);
  document.querySelectorAll(".frame").forEach((f) =>
    f.classList.toggle("selected", f.dataset.source === source));
  document.getElementById("detail").hidden = false;
  document.getElementById("detail-title").textContent = fit ? fit.title : source;
  document.getElementById("detail-source").textContent = _("Source: {source}", { source });
  document.getElementById("detail-fit").textContent = fit
    ? _("Room {room_lines} lines / {room_characters} characters, length {lines} lines / {characters} characters: {verdict}", {
      room_lines: fit.capacity_lines, room_characters: fit.capacity_characters,
      lines: fit.lines, characters: fit.characters, verdict: verdict(fit) }) : "";
  const overset = (shown.state.overset || {})[source] || "";
  document.getElementById("detail-overset-box").hidden = !overset;
  document.getElementById("detail-overset").textContent = overset;
  // The part of the article the editor clicked; from the table, where it begins.
  const part = modules.find((m) => m.key === shown.selectedKey) || modules[0];
  const takeOffButton = document.getElementById("take-off");
  takeOffButton.hidden = !part;
  takeOffButton.onclick = () => takeOff(part.key, source);
  drawFixes(fit, part);
  const list = document.getElementById("detail-normalised");
  // Every module of an article lists the article's changes: show them once.
  const changes = modules.length ? modules[0].normalised : [];
  list.replaceChildren(...changes.map((n) =>
    el("li", {}, _("line {line}, column {column}: {before} → {after} ({context})", {
      line: n.line, column: n.column, before: n.before, after: n.after, context: n.context }))));
  const response = await fetch(`/sources/${source}`);
  const text = response.ok ? await response.text() : "";
  if (shown.selected === source) markedText(document.getElementById("detail-text"), text, changes);
}

// The article as set: its text (the file after its front matter) with every normalisation
// change made and marked, the original shown on hover. Lines and columns count characters
// in the file, as the server does.
function markedText(holder, text, changes) {
  const byLine = new Map();
  for (const c of changes) {
    if (!byLine.has(c.line)) byLine.set(c.line, []);
    byLine.get(c.line).push(c);
  }
  const nodes = [];
  const lines = text.split("\n");
  const head = lines[0] === "---" ? lines.indexOf("---", 1) : -1;   // the front matter's end
  let blank = true;                                                 // leading blank lines
  lines.forEach((line, n) => {
    if (n <= head || (blank && !line.trim())) return;
    blank = false;
    const chars = Array.from(line);
    let at = 0;
    for (const c of (byLine.get(n + 1) || []).sort((a, b) => a.column - b.column)) {
      const start = c.column - 1;
      if (start < at || chars.slice(start, start + Array.from(c.before).length).join("") !== c.before) continue;
      nodes.push(document.createTextNode(chars.slice(at, start).join("")));
      nodes.push(el("mark", { title: _("was {before}", { before: c.before }) }, c.after));
      at = start + Array.from(c.before).length;
    }
    nodes.push(document.createTextNode(chars.slice(at).join("") + "\n"));
  });
  holder.replaceChildren(...nodes);
}

// One click to fit: the sizes the server finds that make the article fit, for the part of
// it the editor clicked.
async function drawFixes(fit, part) {
  const holder = document.getElementById("fixes");
  const asked = ++busy.fixes;
  holder.replaceChildren();
  if (!fit || !part || (fit.fits && fit.empty_lines === 0)) return;
  let answer;
  try {
    answer = await (await send("POST", "/api/fixes", { key: part.key })).json();
  } catch (error) {
    return;
  }
  if (asked !== busy.fixes || !answer.fixes) return;   // a newer selection or state
  if (answer.fixes.length === 0) {
    holder.replaceChildren(el("p", {}, answer.message || _("No frame or photo size makes it fit")));
    return;
  }
  holder.replaceChildren(...answer.fixes.map((fix) => {
    const button = el("button", { type: "button", class: "fix" }, fix.label);
    button.addEventListener("click", () => apply({ ...fix.change, source: part.source }));
    return button;
  }));
}

// ---------------------------------------------------------------- downloads and controls

function drawDownloads(state) {
  const nav = document.getElementById("downloads");
  const labels = { "issue.pdf": _("Proof PDF"), "flatplan.pdf": _("Flatplan") };
  const pages = Object.fromEntries(state.report.pages.map((p) => [p.pdf, p.number]));
  const links = state.downloads.map((d) => {
    let label = labels[d.file];
    if (pages[d.file] !== undefined) label = _("Page {number} PDF", { number: pages[d.file] });
    if (d.file.startsWith("plates/")) label = _("Plate {plate}", { plate: d.file.slice(7) });
    return el("a", { href: `/files/${d.file}?v=${state.version}`, download: d.name }, label);
  });
  if (state.proof_error) {
    links.push(el("span", { class: "failed", role: "alert" },
                  _("The proof could not be made: {reason}", { reason: state.proof_error })));
  } else if (state.errors.length) {   // nothing is made until the manifest is mended
    links.push(el("span", { class: "failed" },
                  _("No proof or plates while the manifest has errors")));
  } else if (state.proof_version !== state.version) {
    links.push(el("span", { class: "making" }, _("Making the proof…")));
  } else if (state.plates_error) {   // the plant gets plates only of pages that fit
    links.push(el("span", { class: "failed" },
                  _("No plates: {reason}", { reason: state.plates_error })));
  }
  nav.replaceChildren(...links);
}

function drawControls(state) {
  document.getElementById("undo").disabled = !state.can_undo;
  document.getElementById("redo").disabled = !state.can_redo;
  for (const button of document.querySelectorAll("[data-zoom]")) {
    button.setAttribute("aria-pressed", String(button.dataset.zoom === String(shown.zoom)));
  }
  for (const button of document.querySelectorAll("[data-view]")) {
    button.setAttribute("aria-pressed", String(button.dataset.view === shown.view));
  }
  const pager = document.getElementById("pager");
  pager.hidden = shown.view !== "one";
  pager.replaceChildren(...state.report.pages.map((p) => {
    const button = el("button", { type: "button", "aria-pressed": String(p.number === shown.page) },
                      _("Page {number}", { number: p.number }));
    button.addEventListener("click", () => { shown.page = p.number; redraw(); });
    return button;
  }));
}

document.getElementById("undo").addEventListener("click", () => step("undo"));
document.getElementById("redo").addEventListener("click", () => step("redo"));
for (const button of document.querySelectorAll("[data-zoom]")) {
  button.addEventListener("click", () => {
    shown.zoom = button.dataset.zoom === "fit" ? "fit" : Number(button.dataset.zoom);
    notice("");
    redraw();
  });
}
for (const button of document.querySelectorAll("[data-view]")) {
  button.addEventListener("click", () => { shown.view = button.dataset.view; notice(""); redraw(); });
}

// ---------------------------------------------------------------- 排版建议

// The layouts `layout arrange` proposes for the pages with unplaced modules, as pictures;
// choosing one writes it into issue.toml (undone like any change).
async function suggestLayouts() {
  const box = document.getElementById("suggestions");
  const status = document.getElementById("suggestions-status");
  const holder = document.getElementById("suggestions-pages");
  box.hidden = false;
  holder.replaceChildren();
  status.textContent = _("Arranging the pages…");
  let response;
  try {
    response = await send("POST", "/api/arrange", {});
  } catch (error) {
    lostServer();
    return;
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    status.textContent = answer.message || _("The desk refused the change ({status})", { status: response.status });
    return;
  }
  const waiting = shown.state.plan ? shown.state.plan.unplaced.length : 0;
  status.textContent = answer.pages.length ? ""
    : waiting ? _("Every article in the manifest has its place: drag the articles waiting for a place onto a page.")
      : _("Every module has its place: nothing to arrange.");
  holder.replaceChildren(...answer.pages.map(drawSuggestedPage));
}

function drawSuggestedPage(page) {
  const section = el("section", { class: "suggested-page", "data-page": page.page });
  section.append(el("h3", {}, _("Page {number}: {name}", { number: page.page, name: page.name })));
  if (page.verdict) {
    section.append(el("p", { class: "verdict" }, page.verdict));
    return section;
  }
  page.alternatives.forEach((alternative, n) => {
    const figure = el("figure", { class: "suggestion", "data-id": alternative.id });
    figure.append(el("img", { src: alternative.picture,
      alt: _("Layout {n} of page {number}", { n: n + 1, number: page.page }) }));
    const caption = el("figcaption");
    caption.append(el("strong", {}, _("Layout {n}: {holes} grid cells white, {empty} lines empty",
      { n: n + 1, holes: alternative.holes, empty: alternative.empty_lines })));
    const list = el("ul");
    for (const line of alternative.lines) list.append(el("li", {}, line));
    caption.append(list);
    const use = el("button", { type: "button", class: "adopt" }, _("Use this layout"));
    use.addEventListener("click", () => adopt(alternative.id));
    caption.append(use);
    figure.append(caption);
    section.append(figure);
  });
  return section;
}

async function adopt(id) {
  if (await post("/api/adopt", { id })) document.getElementById("suggestions").hidden = true;
}

document.getElementById("arrange").addEventListener("click", suggestLayouts);
document.getElementById("suggestions-close").addEventListener("click", () => {
  document.getElementById("suggestions").hidden = true;
});

// ---------------------------------------------------------------- state and the server

function notice(message) {
  const box = document.getElementById("notice");
  box.hidden = !message;
  box.textContent = message;
}

function lostServer() {
  document.getElementById("offline").hidden = false;
}

function show(state) {
  shown.state = state;
  shown.version = state.version;
  const errors = document.getElementById("errors");
  errors.hidden = state.errors.length === 0;
  errors.textContent = state.errors.join("\n");
  if (state.report && busy.drag) busy.redraw = true;   // drawn when the drag ends
  else if (state.report) redraw();
  const status = document.getElementById("status");
  status.dataset.version = state.version;
  status.textContent = state.errors.length
    ? (state.report ? _("The manifest has errors: showing the last good pages")
      : _("The manifest has errors: correct them and save"))
    : _("Updated ({seconds} s)", { seconds: state.seconds });
}

function redraw() {
  const state = shown.state;
  busy.redraw = false;
  document.getElementById("title").textContent = _("{paper} {date}, no. {number}", {
    paper: state.report.paper, date: state.report.date, number: state.report.issue_number });
  drawPages(state);
  drawTable(state);
  drawDownloads(state);
  drawControls(state);
  drawUnplaced(state);
  if (shown.selected && state.report.articles.some((a) => a.source === shown.selected)) {
    select(shown.selected);
  } else if (shown.selected) {   // taken off the page: nothing left to show of it
    shown.selected = shown.selectedKey = null;
    document.getElementById("detail").hidden = true;
  }
}

async function refresh() {
  try {
    show(await (await fetch("/api/state")).json());
  } catch (error) {
    lostServer();
  }
}

// Any request that changes something goes through send(): it carries the token the desk gave
// this page, without which the desk refuses it (403).
function send(method, url, body = undefined) {
  const token = document.querySelector('meta[name="desk-token"]').content;
  const headers = { "X-Desk-Token": token };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

// A page opened before the desk was started again holds an old token: say so.
async function checkToken() {
  document.getElementById("offline").hidden = true;
  try {
    const response = await send("POST", "/api/ping");
    document.getElementById("stale").hidden = response.status !== 403;
  } catch (error) {
    // The desk is not there (stopped or restarting): the events will reconnect and ask again.
  }
}

const events = new EventSource("/api/events");
events.addEventListener("build", refresh);
events.addEventListener("open", checkToken);  // at first and after every reconnection
events.addEventListener("error", lostServer);
