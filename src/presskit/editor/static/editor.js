// The editor page: loads the kit and its schema from the server, shows the form one part at a
// time, checks the unsaved kit while the publicist types, saves (Ctrl+S), undoes the last save,
// and shows the press kit being made beside the form. Every request carries the session token.

import { KitForm, deleteAt, dotted, el, fieldId } from "./form.js";
import { TranslationView, languageName } from "./translation.js";

/** The parts of the kit, as a publicist names them, and the kit's fields in each. */
const GROUPS = [
  ["film", "Film", ["title", "original_title", "tagline", "logline", "year", "runtime", "countries", "languages", "genres", "copyright", "specs", "identifiers", "trailer"]],
  ["story", "Story", ["synopsis", "sections", "quotes"]],
  ["director", "Director", ["director"]],
  ["cast", "Cast", ["cast"]],
  ["crew", "Crew", ["crew"]],
  ["pictures", "Key art & stills", ["key_art", "artwork", "stills"]],
  ["companies", "Companies & funders", ["companies", "funders", "coproduction"]],
  ["selections", "Selections & laurels", ["selections", "awards"]],
  ["screenings", "Screenings", ["screenings", "timezone"]],
  ["embargo", "Embargo & screener", ["embargo", "screener", "public"]],
  ["contacts", "Contacts & links", ["contacts", "links", "site_url"]],
  ["look", "Look", ["look", "page_size"]],
  ["languages", "Languages", ["lang", "translations"]],
  ["files", "Files & print", ["slug", "email_max_mb", "bleed_mm", "print", "preflight"]],
];

const CHECK_PAUSE_MS = 400;
const PREVIEW_RETRY_MS = 2000;

const token = document.querySelector('meta[name="presskit-token"]')?.content ?? new URLSearchParams(location.search).get("token") ?? "";
const $ = (selector) => document.querySelector(selector);

const state = {
  data: {}, files: {}, version: null, saved: "", problems: [], advice: [],
  group: "film", checkTimer: null, checkSerial: 0, previewVersion: 0, saving: false,
};

async function api(method, path, body) {
  const options = { method, headers: { "X-Presskit-Token": token }, cache: "no-store" };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const answer = await response.json().catch(() => ({ error: `The editor answered ${response.status}.` }));
  return { status: response.status, ok: response.ok, answer };
}

/** An address of the server's, with the token (for images and the web page's frame). */
function withToken(address) {
  const url = new URL(address, location.origin);
  url.searchParams.set("token", token);
  return url.pathname + url.search;
}

const snapshot = () => JSON.stringify({ data: state.data, files: state.files });

// ---- The form ----

let form;

function showGroup(id, { focus = false } = {}) {
  state.group = id;
  $("#translation").hidden = true;
  $("#kit-form").hidden = false;
  for (const button of document.querySelectorAll("#groups button")) {
    if (button.dataset.group === id) button.setAttribute("aria-current", "page");
    else button.removeAttribute("aria-current");
  }
  for (const section of document.querySelectorAll("#kit-form > section")) section.hidden = section.dataset.group !== id;
  if (focus) $(`#group-${id} h2`).focus();
}

function drawForm() {
  const container = $("#kit-form");
  const known = new Set(GROUPS.flatMap(([, , keys]) => keys));
  const others = Object.keys(form.root.properties).filter((key) => !known.has(key));
  const groups = others.length ? [...GROUPS, ["other", "Other fields", others]] : GROUPS;
  const nav = $("#groups");
  nav.replaceChildren();
  container.replaceChildren();
  for (const [id, title, keys] of groups) {
    const present = keys.filter((key) => key in form.root.properties);
    const heading = el("h2", { tabindex: "-1", id: `group-${id}-title` }, title);
    const section = el("section", { id: `group-${id}`, "data-group": id, "aria-labelledby": `group-${id}-title` }, heading);
    form.renderKeys(section, present);
    // A part that is one list or one object (Cast, Director) needs no second title.
    const legend = section.querySelector(":scope > fieldset > legend");
    if (present.length === 1 && legend?.textContent.replace(" (required)", "").toLowerCase() === title.toLowerCase()) {
      legend.classList.add("visually-hidden");
      legend.parentElement.classList.add("whole-part");
    }
    container.append(section);
    const button = el("button", { type: "button", "data-group": id }, el("span", { class: "name" }, title),
      el("span", { class: "count", "aria-hidden": "true" }), el("span", { class: "count-words visually-hidden" }));
    button.addEventListener("click", () => showGroup(id, { focus: true }));
    nav.append(el("li", {}, button));
  }
  $("#group-languages")?.append(translationLinks());
  showGroup(state.group);
  showProblems();
}

/** A button for each language the kit is translated into, opening the translation view. */
function translationLinks() {
  const languages = state.languages.slice(1);
  const box = el("fieldset", { class: "field group", id: "translate" }, el("legend", {}, "Translate the kit"));
  if (!languages.length) {
    box.append(el("p", { class: "help" }, "Add a language under Translations and save: it can then be translated here."));
  }
  for (const lang of languages) {
    const button = el("button", { type: "button", class: "secondary", "data-lang": lang }, `Translate into ${languageName(lang)}`);
    button.addEventListener("click", () => openTranslation(lang));
    box.append(button, " ");
  }
  return box;
}

let translation;

async function openTranslation(lang) {
  translation ??= new TranslationView({ api, form, container: $("#translation"), onClose: closeTranslation });
  await translation.open(lang);
  $("#kit-form").hidden = true;
  $("#summary").hidden = true;
}

function closeTranslation() {
  $("#translation").hidden = true;
  $("#kit-form").hidden = false;
  showProblems();
  $("#group-languages h2").focus();
}

function changed() {
  showSaveState();
  $("#film-title").textContent = state.data.title ?? "";
  clearTimeout(state.checkTimer);
  state.checkTimer = setTimeout(check, CHECK_PAUSE_MS);
}

async function check() {
  const serial = ++state.checkSerial;
  const { ok, answer } = await api("POST", "/api/check", { data: state.data, files: state.files });
  if (!ok || serial !== state.checkSerial) return;
  state.problems = answer.problems ?? [];
  state.advice = answer.advice ?? [];
  showProblems();
}

// ---- Problems at their fields, and the summary ----

/** The field a problem's path names, or the nearest one above it that is on the page. */
function fieldFor(path) {
  let parts = path ? path.split(".") : [];
  while (parts.length) {
    const field = document.querySelector(`[data-path="${CSS.escape(parts.join("."))}"]`);
    if (field) return field;
    parts = parts.slice(0, -1);
  }
  return null;
}

function showProblems() {
  for (const old of document.querySelectorAll(".problems > *")) old.remove();
  for (const input of document.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  for (const input of document.querySelectorAll("[data-described-by]")) restoreDescribedBy(input);
  const errorList = $("#summary-list");
  const adviceList = $("#advice-list");
  errorList.replaceChildren();
  adviceList.replaceChildren();
  const counts = {};
  const known = new Set(state.advice.map((a) => `${a.path}\n${a.message}`));
  const layout = (state.layoutAdvice ?? []).filter((a) => !known.has(`${a.path}\n${a.message}`));
  [...state.problems, ...state.advice, ...layout].forEach((problem, n) => {
    const field = fieldFor(problem.path);
    const id = `problem-${n}`;
    const words = el("p", { class: `problem ${problem.severity}`, id }, el("span", { class: "severity" }, severityWord(problem.severity)), ` ${problem.message}`);
    let target = null;
    if (field) {
      field.querySelector(":scope > .problems, :scope .problems")?.append(words);
      const own = document.getElementById(fieldId(problem.path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p))));
      target = own ?? field.querySelector("input:not([type=file]), textarea, select, summary, button");
      if (target && ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) {
        if (!target.hasAttribute("data-described-by")) target.dataset.describedBy = target.getAttribute("aria-describedby") ?? "";
        target.setAttribute("aria-describedby", [target.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
        if (problem.severity === "error") target.setAttribute("aria-invalid", "true");
      }
      const group = field.closest("section")?.dataset.group;
      if (group && problem.severity !== "note") {
        counts[group] ??= { error: 0, warning: 0 };
        counts[group][problem.severity === "error" ? "error" : "warning"] += 1;
      }
      if (problem.severity === "error") openAround(field);
    }
    if (problem.severity === "note") return;
    const where = problem.line ? ` (${problem.file ?? "kit"}, line ${problem.line})` : "";
    const link = target?.id ? el("a", { href: `#${target.id}` }, problem.message) : el("span", {}, problem.message);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      if (!target) return;
      showGroup(target.closest("section").dataset.group);
      openAround(target);
      target.focus();
      target.scrollIntoView({ block: "center" });
    });
    const item = el("li", { class: problem.severity }, el("span", { class: "severity" }, severityWord(problem.severity)), " ", link, where);
    (problem.severity === "error" ? errorList : adviceList).append(item);
  });
  for (const button of document.querySelectorAll("#groups button")) {
    const count = counts[button.dataset.group];
    const badge = button.querySelector(".count");
    const total = count ? count.error + count.warning : 0;
    badge.textContent = total ? String(total) : "";
    badge.className = count?.error ? "count error" : "count";
    // The number is for the eye; a screen reader hears what it counts.
    button.querySelector(".count-words").textContent = !total ? ""
      : count.error ? `, ${count.error} to fix before the kit can be made` : `, ${total} to look at`;
  }
  const errors = errorList.children.length;
  const advice = adviceList.children.length;
  $("#summary").hidden = (!errors && !advice) || !$("#translation").hidden;
  $("#summary").dataset.state = errors ? "error" : "advice";
  $("#summary-title").hidden = !errors;
  errorList.hidden = !errors;
  $("#summary-title").textContent = `${errors} ${errors === 1 ? "problem stops" : "problems stop"} the press kit from being made`;
  $("#advice-box").hidden = !advice;
  $("#advice-title").textContent = `${errors ? "And " : ""}${advice} ${advice === 1 ? "thing" : "things"} a press office would want fixed`;
}

/** Unfolds the rows a field is in. */
function openAround(node) {
  for (let details = node?.closest("details"); details; details = details.parentElement.closest("details")) {
    details.open = true;
  }
}

function restoreDescribedBy(input) {
  if (input.dataset.describedBy) input.setAttribute("aria-describedby", input.dataset.describedBy);
  else input.removeAttribute("aria-describedby");
}

function severityWord(severity) {
  return { error: "Problem:", warning: "To fix:", note: "Note:" }[severity] ?? "";
}

// ---- Saving, conflicts, undo ----

function showSaveState(text) {
  const unsaved = snapshot() !== state.saved;
  const status = $("#save-state");
  status.textContent = text ?? (unsaved ? "Unsaved changes" : "All changes saved");
  status.dataset.state = state.unreadable ? "failed" : unsaved ? "unsaved" : "saved";
  $("#save").disabled = state.saving;
}

async function save() {
  if (state.saving || state.unreadable) return;
  clearTimeout(state.checkTimer);
  state.saving = true;
  showSaveState("Saving…");
  const sent = snapshot();
  const { status, ok, answer } = await api("PUT", "/api/kit", { data: state.data, files: state.files, version: state.version });
  state.saving = false;
  if (status === 409) {
    showConflict(answer.error);
    showSaveState("Not saved: the kit changed on disk");
    return;
  }
  if (!ok) {
    showSaveState(`Not saved: ${answer.error ?? "the editor did not answer"}`);
    return;
  }
  state.version = answer.version;
  state.saved = sent;
  unmarkPages();
  state.problems = answer.problems ?? [];
  state.advice = answer.advice ?? [];
  $("#undo").disabled = false;
  // The languages the server can open are those of the kit as saved.
  state.languages = [state.data.lang || "en", ...(state.data.translations ?? [])];
  $("#translate")?.replaceWith(translationLinks());
  showProblems();
  showSaveState(snapshot() === sent ? "All changes saved" : undefined);
}

function showConflict(message) {
  const box = $("#conflict");
  box.hidden = false;
  $("#conflict-message").textContent = message;
  $("#reload").focus();
}

/** The leaves of `mine` that differ from `theirs`, as [path, value]. */
function differences(mine, theirs, path = []) {
  if (mine && typeof mine === "object" && theirs && typeof theirs === "object" && Array.isArray(mine) === Array.isArray(theirs)) {
    const keys = new Set([...Object.keys(mine), ...Object.keys(theirs)]);
    return [...keys].flatMap((key) => differences(mine[key], theirs[key], [...path, Array.isArray(mine) ? Number(key) : key]));
  }
  return JSON.stringify(mine) === JSON.stringify(theirs) ? [] : [[path, mine]];
}

/** Loads the kit as it is on disk; the edits made here since the last load are listed to put back. */
async function reload() {
  const before = JSON.parse(state.saved || "{}");
  const mine = JSON.parse(snapshot());
  const edits = [
    ...differences(mine.data, before.data ?? {}).map(([path, value]) => ({ path, value, file: null })),
    ...Object.entries(mine.files).filter(([name, text]) => before.files?.[name] !== text).map(([name, text]) => ({ path: [name], value: text, file: name })),
  ];
  await load();
  $("#conflict").hidden = true;
  const box = $("#kept-edits");
  const list = $("#kept-list");
  list.replaceChildren(...edits.map((edit) => {
    const label = edit.file ? `kit/${edit.file}` : dotted(edit.path);
    const text = edit.value === undefined ? "(removed)" : typeof edit.value === "string" ? edit.value : JSON.stringify(edit.value);
    return el("li", {}, el("strong", {}, label), ": ", el("span", { class: "kept-value" }, text.length > 200 ? `${text.slice(0, 200)}…` : text));
  }));
  box.hidden = !edits.length;
  state.kept = edits;
  $("#reapply").focus();
}

function reapply() {
  for (const edit of state.kept ?? []) {
    if (edit.file) state.files[edit.file] = edit.value;
    else if (edit.value === undefined) deleteAt(state.data, edit.path);
    else form.set(edit.path, edit.value);
  }
  state.kept = [];
  $("#kept-edits").hidden = true;
  drawForm();
  changed();
}

async function undo() {
  if (snapshot() !== state.saved && !window.confirm("Undo the last save? The changes in this page that are not saved yet will be lost.")) return;
  const { status, ok, answer } = await api("POST", "/api/undo", { version: state.version });
  if (status === 409) {
    showConflict(answer.error);
    return;
  }
  if (!ok) {
    showSaveState(answer.error ?? "Nothing to undo");
    return;
  }
  await load();
  showSaveState("The last save was undone");
}

async function load() {
  const { ok, answer } = await api("GET", "/api/kit");
  if (!ok) throw new Error(answer.error ?? "The kit could not be read.");
  state.data = answer.data ?? {};
  state.files = answer.files ?? {};
  state.version = answer.version;
  state.saved = snapshot();
  state.problems = answer.problems ?? [];
  state.advice = answer.advice ?? [];
  // A presskit.yaml that cannot be read is not shown as an empty form that a save would write.
  state.unreadable = answer.data === null;
  drawForm();
  $("#kit-form").hidden = state.unreadable;
  $("#save").hidden = $("#undo").hidden = state.unreadable;
  showSaveState(state.unreadable ? "kit/presskit.yaml cannot be read: fix what the list says in a text editor, then reload this page" : undefined);
  $("#film-title").textContent = state.data.title ?? "";
}

// ---- The press kit beside the form ----

const pageImages = [];

/** Asks for the preview newer than the one shown: the server answers when there is one. */
async function pollPreview() {
  let wait = PREVIEW_RETRY_MS;
  try {
    const { ok, answer } = await api("GET", `/api/preview?since=${state.previewVersion}`);
    if (ok) {
      showPreview(answer);
      wait = 50; // the server answers when there is a newer build, or after a while
    }
  } catch {
    $("#preview-state").textContent = "The editor is not answering: is `presskit edit` still running?";
  } finally {
    setTimeout(pollPreview, wait);
  }
}

function showPreview(answer) {
  const status = $("#preview-state");
  status.dataset.state = answer.state;
  status.textContent = {
    building: "Making the press kit…",
    failed: "The press kit could not be made: see the problems above the form.",
    ready: `Made in ${Number(answer.seconds ?? 0).toFixed(1)} s`,
  }[answer.state] ?? "";
  // Each build is shown twice, the e-mail PDF's pages first, then (ready) the web page too.
  if (answer.version <= state.previewVersion) return;
  state.previewVersion = answer.version;
  const first = !pageImages.length;
  const pages = $("#pages");
  const changedPages = new Set(answer.changed_pages ?? []);
  answer.pages.forEach((address, i) => {
    let img = pageImages[i];
    if (!img) {
      img = el("img", { alt: `Page ${i + 1} of the e-mail PDF`, loading: "lazy", decoding: "async" });
      pageImages[i] = img;
      pages.append(el("li", {}, img));
    }
    if (first || changedPages.has(i) || !img.getAttribute("src")) img.src = withToken(address);
    // The pages the last save changed are marked, until the next save.
    if (!first && changedPages.has(i)) markChanged(img.closest("li"), i);
  });
  while (pageImages.length > answer.pages.length) pageImages.pop().closest("li").remove();
  $("#page-count").textContent = answer.pages.length ? `${answer.pages.length} ${answer.pages.length === 1 ? "page" : "pages"}` : "";
  // The first page that changed is brought into view, within the preview's own scrolling.
  const firstChanged = first ? undefined : [...changedPages].sort((a, b) => a - b)[0];
  if (firstChanged !== undefined && pageImages[firstChanged]) {
    $("#panel-pdf").scrollTop = pageImages[firstChanged].closest("li").offsetTop - 12;
  }
  if (answer.site && (answer.state === "ready" || !$("#site-frame").getAttribute("src"))) {
    $("#site-frame").src = withToken(answer.site);
  }
  // What only the layout knows (a picture printed too large for its pixels) joins the advice.
  state.layoutAdvice = answer.state === "failed" ? state.layoutAdvice : answer.advice ?? [];
  showProblems();
}

function markChanged(item, index) {
  item.classList.add("changed");
  item.querySelector(".changed-mark")?.remove();
  item.prepend(el("p", { class: "changed-mark" }, `Page ${index + 1} changed`));
}

function unmarkPages() {
  for (const item of document.querySelectorAll("#pages li.changed")) {
    item.classList.remove("changed");
    item.querySelector(".changed-mark")?.remove();
  }
}

function selectTab(tab) {
  for (const other of document.querySelectorAll('#preview [role="tab"]')) {
    const selected = other === tab;
    other.setAttribute("aria-selected", String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(`#${other.getAttribute("aria-controls")}`).hidden = !selected;
  }
}

// ---- Every edition, as `presskit build` makes them ----

async function makeAll() {
  $("#make-all").disabled = true;
  const { ok, answer } = await api("POST", "/api/build", {});
  if (!ok) {
    $("#make-all").disabled = false;
    $("#make-state").textContent = answer.error ?? "The editor could not start the build.";
    return;
  }
  followBuild(answer);
}

/** Shows the build's state, and asks again (the server answers when it changes) while it runs. */
async function followBuild(answer) {
  showBuild(answer);
  while (answer.state === "building") {
    try {
      const reply = await api("GET", `/api/build?since=${answer.version}`);
      if (reply.ok) answer = reply.answer;
      else await new Promise((resolve) => setTimeout(resolve, PREVIEW_RETRY_MS));
    } catch {
      $("#make-state").textContent = "The editor is not answering: is `presskit edit` still running?";
      await new Promise((resolve) => setTimeout(resolve, PREVIEW_RETRY_MS));
    }
    showBuild(answer);
  }
}

function showBuild(answer) {
  const building = answer.state === "building";
  $("#make-all").disabled = building;
  const files = answer.files ?? [];
  const problems = answer.problems ?? [];
  const count = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  $("#make-state").textContent = {
    building: "Making every edition…",
    done: `Made ${count(files.length, "file")} in ${answer.folder}`,
    failed: `Could not make every edition: ${count(problems.length, "problem")}`,
  }[answer.state] ?? "";
  const box = $("#made");
  box.hidden = !["done", "failed"].includes(answer.state);
  box.dataset.state = answer.state;
  if (box.hidden) return;
  $("#made-title").textContent = answer.state === "done"
    ? `Made ${count(files.length, "file")} in ${answer.folder}, in ${Number(answer.seconds ?? 0).toFixed(1)} s`
    : "Could not make every edition. Fix these, save, and make them again:";
  $("#made-list").replaceChildren(...(answer.state === "done"
    ? files.map((file) => el("li", {},
      `${file.path.split("/").pop()}: ${file.shown_size}, ${file.summary}${file.kept ? " (unchanged)" : ""}`))
    : problems.map((problem) => el("li", {},
      `${problem.file}${problem.line ? `, line ${problem.line}` : ""}: ${problem.message}`))));
}

// ---- Start ----

async function start() {
  const { ok, answer } = await api("GET", "/api/schema");
  if (!ok) {
    $("#save-state").textContent = answer.error ?? "The editor could not start.";
    return;
  }
  state.languages = answer.languages ?? [];
  form = new KitForm({
    schema: answer.schema, help: answer.help, markdownFields: answer.markdown_fields,
    state, changed,
    redrawn: () => showProblems(),
    upload: uploadPicture,
    pictureUrl: (path) => withToken(`/kit/${path.split("/").map(encodeURIComponent).join("/")}`),
  });
  await load();
  $("#save").addEventListener("click", save);
  $("#undo").addEventListener("click", undo);
  $("#reload").addEventListener("click", reload);
  $("#reapply").addEventListener("click", reapply);
  $("#dismiss-kept").addEventListener("click", () => {
    $("#kept-edits").hidden = true;
  });
  $("#make-all").addEventListener("click", makeAll);
  $("#dismiss-made").addEventListener("click", () => {
    $("#made").hidden = true;
    $("#make-all").focus();
  });
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      if ($("#translation").hidden) save();
      else translation.save();
    }
  });
  window.addEventListener("beforeunload", (event) => {
    if (snapshot() !== state.saved) event.preventDefault();
  });
  const tabs = [...document.querySelectorAll('#preview [role="tab"]')];
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => selectTab(tab));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      selectTab(next);
      next.focus();
    });
  });
  pollPreview();
  const building = await api("GET", "/api/build");
  if (building.ok) followBuild(building.answer);
}

async function uploadPicture(file, overwrite) {
  const response = await fetch(`/api/pictures${overwrite ? "?overwrite=1" : ""}`, {
    method: "POST",
    headers: { "X-Presskit-Token": token, "X-Filename": encodeURIComponent(file.name), "Content-Type": file.type || "application/octet-stream" },
    body: file,
  });
  const answer = await response.json().catch(() => ({ error: `The editor answered ${response.status}.` }));
  if (response.status === 409) return { conflict: true, error: answer.error, path: answer.path };
  if (!response.ok) return { error: answer.error ?? `The picture was not added (${response.status}).` };
  return answer;
}

start();
