// The translation view: each text of the kit beside its translation into one language
// (kit/presskit.<lang>.yaml, which holds only what changes, and X.<lang>.md beside each Markdown
// file), marked untranslated, outdated (the original changed after it was translated) or
// translated, as the server finds them. Saved through the server like the kit.

import { dotted, el, fieldId, getAt, humanise, setAt } from "./form.js";

const MARKS = {
  untranslated: "Not translated: the original is used",
  outdated: "Outdated: the original changed after it was translated",
  ok: "Translated",
};

export class TranslationView {
  /** ctx: {api, form (for the schema's order of keys), container, onClose} */
  constructor(ctx) {
    this.ctx = ctx;
  }

  async open(lang) {
    const { ok, answer } = await this.ctx.api("GET", `/api/translation?lang=${encodeURIComponent(lang)}`);
    if (!ok) throw new Error(answer.error ?? "The translation could not be read.");
    this.lang = lang;
    this.answer = answer;
    this.translation = answer.translation ?? {};
    this.files = { ...(answer.files ?? {}) };
    this.version = answer.version;
    this.edited = new Set();
    this.saved = this.snapshot();
    this.draw();
  }

  snapshot() {
    return JSON.stringify([pruned(this.translation), this.files]);
  }

  /** Each text the server says a translation may change: [path, original, Markdown file]. */
  texts() {
    return Object.keys(this.answer.status ?? {}).map((name) => {
      const path = name.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      const value = String(getAt(this.answer.original, path) ?? "");
      const file = value.trim() in (this.answer.original_files ?? {}) ? value.trim() : null;
      return [path, file ? this.answer.original_files[file] : value, file];
    });
  }

  /** The server's mark, until the text is edited here: then whether it holds a translation. */
  markOf(path, value) {
    if (!this.edited.has(dotted(path))) return this.answer.status[dotted(path)];
    return value.trim() ? "ok" : "untranslated";
  }

  draw() {
    const language = languageName(this.lang);
    const id = (path) => `t-${fieldId(path)}`;
    const rows = this.texts().map(([path, original, file]) => {
      const translatedFile = file && `${file.slice(0, -3)}.${this.lang}.md`;
      const mark = el("p", { class: "mark", id: `${id(path)}-mark` });
      const area = el("textarea", { id: id(path), lang: this.lang, rows: file ? "5" : "2", "aria-describedby": `${id(path)}-mark` });
      area.value = file ? this.files[translatedFile] ?? "" : getAt(this.translation, path) ?? "";
      const row = el("div", { class: "translation-row" },
        el("p", { class: "where" }, label(path)),
        el("div", { class: "original", lang: this.answer.original.lang ?? "en" }, original),
        el("div", { class: "translated" },
          el("label", { for: id(path), class: "visually-hidden" }, `${label(path)} in ${language}`), area,
          file ? el("p", { class: "in-file" }, `Kept in kit/${translatedFile}`) : null),
        mark);
      const showMark = () => {
        const status = this.markOf(path, area.value);
        mark.textContent = MARKS[status] ?? status ?? "";
        row.dataset.status = status;
      };
      area.addEventListener("input", () => {
        this.edited.add(dotted(path));
        if (file) this.files[translatedFile] = area.value;
        else this.write(path, area.value);
        showMark();
        this.showState();
      });
      showMark();
      return row;
    });
    const close = el("button", { type: "button", class: "secondary" }, "Back to the kit");
    close.addEventListener("click", () => this.ctx.onClose());
    const save = el("button", { type: "button", id: "save-translation" }, `Save the ${language} translation`);
    save.addEventListener("click", () => this.save());
    this.state = el("p", { id: "translation-state", role: "status" });
    this.message = el("p", { class: "problem error", role: "alert", hidden: "" });
    this.ctx.container.replaceChildren(
      el("div", { class: "translation-head" },
        el("h2", { tabindex: "-1", id: "translation-title" }, `${language} translation`),
        el("div", { class: "translation-tools" }, this.state, save, close)),
      el("p", { class: "help" }, `Each text of the kit, with its ${language} version beside it. What is left empty is printed in the original language.`),
      this.message,
      el("div", { class: "translation-columns", "aria-hidden": "true" }, el("span", {}, "Field"), el("span", {}, "Original"), el("span", {}, language)),
      ...rows);
    this.ctx.container.hidden = false;
    this.showState();
    this.ctx.container.querySelector("h2").focus();
  }

  write(path, text) {
    if (text.trim()) {
      // A list is translated item by item, by position: the items before stay as they are ({}).
      path.forEach((key, i) => {
        const above = getAt(this.translation, path.slice(0, i));
        if (Array.isArray(above)) while (above.length < key) above.push({});
      });
      setAt(this.translation, path, text, (at) => Object.keys(this.ctx.form.schemaAt(at)?.properties ?? {}));
    } else {
      const parent = getAt(this.translation, path.slice(0, -1));
      if (parent && typeof parent === "object") delete parent[path.at(-1)];
    }
  }

  showState(text) {
    this.state.textContent = text ?? (this.snapshot() === this.saved ? "Saved" : "Unsaved changes");
  }

  async save() {
    this.showState("Saving…");
    const before = JSON.parse(this.saved)[1];
    const files = Object.fromEntries(Object.entries(this.files).filter(([name, text]) => before[name] !== text));
    const { status, ok, answer } = await this.ctx.api("PUT", `/api/translation?lang=${encodeURIComponent(this.lang)}`,
      { data: pruned(this.translation), files, version: this.version });
    this.message.hidden = ok;
    if (!ok) {
      this.message.textContent = answer.error ?? `Not saved (${status}).`;
      this.showState("Not saved");
      return;
    }
    this.version = answer.version;
    this.saved = this.snapshot();
    this.showState();
  }
}

/** The translation without what an emptied text left: empty objects, lists, trailing {} items. */
function pruned(value) {
  if (Array.isArray(value)) {
    const items = value.map(pruned);
    while (items.length && isEmpty(items.at(-1))) items.pop();
    return items.map((item) => item ?? {});
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => [k, pruned(v)]).filter(([, v]) => !isEmpty(v));
    return Object.fromEntries(entries);
  }
  return value;
}

function isEmpty(value) {
  return value && typeof value === "object" && !Object.keys(value).length;
}

function label(path) {
  return path.map((part) => (typeof part === "number" ? String(part + 1) : humanise(part))).join(" › ");
}

export function languageName(code) {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}
