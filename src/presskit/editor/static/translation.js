// The translation view: each text of the kit beside its translation into one language
// (kit/presskit.<lang>.yaml, which holds only what changes), marked untranslated, outdated (the
// original changed after it was translated) or translated. Saved through the server like the kit.

import { dotted, el, fieldId, getAt, humanise, setAt } from "./form.js";

/** Keys whose text a translation changes (Markdown fields aside, which the server names). */
const TEXT_KEYS = new Set(["title", "role", "caption", "alt", "label", "note", "section", "duration"]);

const MARKS = {
  untranslated: "Not translated: the original is used",
  outdated: "Outdated: the original changed after it was translated",
  ok: "Translated",
};

export class TranslationView {
  /** ctx: {api, form, files, container, onClose} */
  constructor(ctx) {
    this.ctx = ctx;
  }

  async open(lang) {
    const { ok, answer } = await this.ctx.api("GET", `/api/translation?lang=${encodeURIComponent(lang)}`);
    if (!ok) throw new Error(answer.error ?? "The translation could not be read.");
    this.lang = lang;
    this.original = answer.original ?? {};
    this.translation = answer.translation ?? {};
    this.status = answer.status ?? {};
    this.version = answer.version;
    this.saved = JSON.stringify(pruned(this.translation));
    this.draw();
  }

  /** Every text of the original a translation may change: [path, text]. */
  texts(value = this.original, path = []) {
    if (Array.isArray(value)) return value.flatMap((item, i) => this.texts(item, [...path, i]));
    if (value && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => this.texts(item, [...path, key]));
    const key = path.at(-1);
    const text = typeof value === "string" && value.trim();
    const kind = this.ctx.form.widgetFor(path);
    return text && (kind === "markdown" || TEXT_KEYS.has(key)) ? [[path, value]] : [];
  }

  /** The server's mark for a text, else whether the translation has it (null: cannot tell). */
  markOf(path, inFile) {
    const given = this.status[dotted(path)];
    if (given || inFile) return given ?? null;
    const value = getAt(this.translation, path);
    return typeof value === "string" && value.trim() ? "ok" : "untranslated";
  }

  draw() {
    const language = languageName(this.lang);
    const id = (path) => `t-${fieldId(path)}`;
    const rows = this.texts().map(([path, original]) => {
      const inFile = /\.md$/i.test(original.trim()) && original.trim() in this.ctx.files;
      const mark = el("p", { class: "mark", id: `${id(path)}-mark` });
      const showMark = () => {
        const status = this.markOf(path, inFile);
        mark.textContent = status ? MARKS[status] ?? status : "";
        if (status) row.dataset.status = status;
      };
      let translated;
      if (inFile) {
        const name = original.trim().replace(/\.md$/i, `.${this.lang}.md`);
        translated = el("p", { class: "in-file" }, `Translated in kit/${name}, beside the original.`);
      } else {
        translated = el("textarea", { id: id(path), lang: this.lang, rows: "2", "aria-describedby": `${id(path)}-mark` });
        translated.value = getAt(this.translation, path) ?? "";
        translated.addEventListener("input", () => {
          this.write(path, translated.value);
          showMark();
          this.showState();
        });
      }
      const row = el("div", { class: "translation-row" },
        el("p", { class: "where" }, label(path)),
        el("div", { class: "original", lang: this.ctx.form.data.lang ?? "en" }, inFile ? this.ctx.files[original.trim()] : original),
        el("div", { class: "translated" }, inFile ? null : el("label", { for: id(path), class: "visually-hidden" }, `${label(path)} in ${language}`), translated),
        mark);
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
    this.state.textContent = text ?? (JSON.stringify(pruned(this.translation)) === this.saved ? "Saved" : "Unsaved changes");
  }

  async save() {
    this.showState("Saving…");
    const { status, ok, answer } = await this.ctx.api("PUT", `/api/translation?lang=${encodeURIComponent(this.lang)}`,
      { data: pruned(this.translation), files: {}, version: this.version });
    this.message.hidden = ok;
    if (!ok) {
      this.message.textContent = answer.error ?? `Not saved (${status}).`;
      this.showState("Not saved");
      return;
    }
    this.version = answer.version;
    this.saved = JSON.stringify(pruned(this.translation));
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
