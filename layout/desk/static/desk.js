// The desk page: draws pages, frames and the copyfit table from /api/state and redraws
// whenever the server announces a new build. Text from the issue is only ever set as
// textContent, never as HTML.
"use strict";

const shown = { version: -1, pages: {}, selected: null, state: null };

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

function drawPages(state) {
  const report = state.report;
  const holder = document.getElementById("pages");
  const fits = Object.fromEntries(report.articles.map((a) => [a.source, a]));
  const [trimW, trimH] = report.trim_mm;
  for (const page of report.pages) {
    let box = document.getElementById(`page-${page.number}`);
    if (!box) {
      box = el("div", { class: "page", id: `page-${page.number}` });
      box.append(el("span", { class: "label" },
                    _("Page {number}: {name}", { number: page.number, name: page.name })));
      box.append(el("img", { alt: _("Page {number}", { number: page.number }) }));
      holder.append(box);
    }
    const version = state.page_versions[page.number];
    const img = box.querySelector("img");
    if (shown.pages[page.number] !== version) {  // only a page that changed is fetched again
      img.src = `/files/${page.preview}?v=${version}`;
      shown.pages[page.number] = version;
    }
    img.dataset.version = version;
    box.querySelectorAll(".frame").forEach((f) => f.remove());
    for (const module of page.modules) {
      const [x, y, w, h] = module.outer;
      const fit = fits[module.source];
      const frame = el("div", { class: `frame ${fitClass(fit)}`, "data-source": module.source,
        style: `left:${x / trimW * 100}%;top:${y / trimH * 100}%;` +
               `width:${w / trimW * 100}%;height:${h / trimH * 100}%` });
      if (fit && !module.continues) frame.append(el("span", { class: "badge" }, verdict(fit)));
      frame.addEventListener("click", () => select(module.source));
      box.append(frame);
    }
  }
}

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

async function select(source) {
  shown.selected = source;
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
  const list = document.getElementById("detail-normalised");
  // Every module of an article lists the article's changes: show them once.
  const changes = modules.length ? modules[0].normalised : [];
  list.replaceChildren(...changes.map((n) =>
    el("li", {}, _("line {line}, column {column}: {before} → {after} ({context})", {
      line: n.line, column: n.column, before: n.before, after: n.after, context: n.context }))));
  const response = await fetch(`/sources/${source}`);
  document.getElementById("detail-text").textContent = response.ok ? await response.text() : "";
}

function drawDownloads(state) {
  const nav = document.getElementById("downloads");
  const links = [["issue.pdf", _("Proof PDF")], ["flatplan.pdf", _("Flatplan")]];
  for (const page of state.report.pages) {
    links.push([page.pdf, _("Page {number} PDF", { number: page.number })]);
  }
  for (const plate of state.plates) links.push([`plates/${plate}`, _("Plate {plate}", { plate })]);
  nav.replaceChildren(...links.map(([file, label]) =>
    el("a", { href: `/files/${file}`, download: "" }, label)));
}

async function refresh() {
  const state = await (await fetch("/api/state")).json();
  shown.state = state;
  const errors = document.getElementById("errors");
  errors.hidden = state.errors.length === 0;
  errors.textContent = state.errors.join("\n");
  if (state.report) {
    document.getElementById("title").textContent = _("{paper} {date}, no. {number}", {
      paper: state.report.paper, date: state.report.date, number: state.report.issue_number });
    drawPages(state);
    drawTable(state);
    drawDownloads(state);
    if (shown.selected) select(shown.selected);
  }
  const status = document.getElementById("status");
  status.dataset.version = state.version;
  status.textContent = state.errors.length
    ? _("The manifest has errors: showing the last good pages")
    : _("Updated ({seconds} s)", { seconds: state.seconds });
}

// Any request that changes something goes through send(): it carries the token the desk gave
// this page, without which the desk refuses it (403).
function send(method, url, body = undefined) {
  const token = document.querySelector('meta[name="desk-token"]').content;
  return fetch(url, { method, body, headers: { "X-Desk-Token": token } });
}

// A page opened before the desk was started again holds an old token: say so.
async function checkToken() {
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
