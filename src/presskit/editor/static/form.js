// The kit's form, generated from its JSON Schema: an object is a fieldset with a legend, an array
// a list of rows (add, remove, move up and down), an enum a select, a date or a time a date or
// time input. No field has a form of its own: what varies by field is the data below (which
// fields are pictures, dates, time zones, colours), and the words come from the schema's
// descriptions and the server's help, the same text as the starter kit's comments.

import { renderMarkdown } from "./markdown.js";

/** Widgets that a field's schema alone does not tell; `*` stands for a row's number. */
const WIDGETS = {
  "look.accent": "colour",
  "timezone": "timezone",
  "screenings.*.timezone": "timezone",
  "screenings.*.date": "date",
  "embargo.until": "datetime",
  "look.title": "picture",
  "key_art": "picture",
};

/** Keys whose value is a picture file wherever they are. */
const PICTURE_KEYS = new Set(["file", "photo", "logo", "laurel"]);

/** Keys whose text runs to a sentence or more without being Markdown. */
const LONG_TEXT_KEYS = new Set(["caption", "alt", "text", "coproduction"]);

/** Words that read better in plain language than the field name's. */
const WORDS = {
  url: "address", imdb: "IMDb id", eidr: "EIDR", isan: "ISAN", qr: "QR code", q: "question",
  a: "answer", file: "picture", alt: "description for blind readers (alt text)", mb: "MB", mm: "mm",
  lang: "language of the text", slug: "file name", bio: "biography", tz: "time zone",
  email: "e-mail", timezone: "time zone", "site url": "web address of the film's page",
  "email max mb": "e-mail PDF's size limit (MB)", "bleed mm": "bleed (mm)",
  "logo min width mm": "smallest logo width (mm)", "press only": "press editions only",
  "key art": "key art (the poster)", specs: "technical details", "page size": "page size", notes: "notes (biography)",
};

/** Singular nouns for a list's rows, by the list's key. */
const ROW_NOUNS = {
  cast: "cast member", crew: "crew member", companies: "company", funders: "funder",
  stills: "still", screenings: "screening", selections: "selection", awards: "award",
  quotes: "quote", links: "link", contacts: "contact", sections: "chapter",
  filmography: "film", countries: "country", languages: "language", genres: "genre",
  translations: "translation", artwork: "artwork", interview: "question",
};

/** Fields shown first in their group, in this order, whatever the schema's order. */
const LEADING_KEYS = ["name", "role"];

/** A row's field that names it in its legend. */
const ROW_NAME_KEYS = ["name", "title", "festival", "award", "label", "role", "year", "file", "q", "text"];

export function dotted(path) {
  return path.join(".");
}

export function fieldId(path) {
  return `f-${path.join("-").replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** The path with every row number replaced by `*` (how WIDGETS and the help name fields). */
function genericPath(path) {
  return path.map((p) => (typeof p === "number" ? "*" : p)).join(".");
}

export function humanise(key) {
  const words = String(key).replace(/_/g, " ").trim().toLowerCase();
  const plain = WORDS[words] ?? words.split(" ").map((w) => WORDS[w] ?? w).join(" ");
  return plain.charAt(0).toUpperCase() + plain.slice(1);
}

export function getAt(data, path) {
  let here = data;
  for (const key of path) {
    if (here === null || typeof here !== "object") return undefined;
    here = here[key];
  }
  return here;
}

/**
 * Sets a value, making the objects and lists above it as needed. A key new to its object goes
 * where `keysAt(path of the object)` (the schema's order) puts it, so that a field filled in for
 * the first time is written in its place in the file, not at its end.
 */
export function setAt(data, path, value, keysAt = () => null) {
  let here = data;
  path.forEach((key, i) => {
    const last = i === path.length - 1;
    if (!last && here[key] !== null && typeof here[key] === "object") {
      here = here[key];
      return;
    }
    const next = last ? value : typeof path[i + 1] === "number" ? [] : {};
    if (Array.isArray(here) || key in here) here[key] = next;
    else insertInOrder(here, key, next, keysAt(path.slice(0, i)));
    here = here[key];
  });
}

function insertInOrder(object, key, value, order) {
  const entries = Object.entries(object);
  const rank = order ? order.indexOf(key) : -1;
  const after = rank < 0 ? -1 : entries.findIndex(([k]) => order.indexOf(k) > rank);
  entries.splice(after < 0 ? entries.length : after, 0, [key, value]);
  for (const [k] of entries) delete object[k];
  for (const [k, v] of entries) object[k] = v;
}

/** Removes the value at `path`: a key from its object, an item from its list. */
export function deleteAt(data, path) {
  const parent = getAt(data, path.slice(0, -1));
  if (Array.isArray(parent)) parent.splice(path.at(-1), 1);
  else if (parent && typeof parent === "object") delete parent[path.at(-1)];
}

export class KitForm {
  /**
   * @param ctx.schema the kit's JSON Schema; ctx.help {path: text}; ctx.markdownFields [path];
   *   ctx.state {data, files}; ctx.changed() after every edit; ctx.upload(file, overwrite);
   *   ctx.pictureUrl(path) the address of a kit picture's thumbnail; ctx.redrawn() after a list
   *   is drawn again (its problems are then shown again).
   */
  constructor(ctx) {
    this.ctx = ctx;
    this.root = ctx.schema;
    this.markdown = new Set((ctx.markdownFields ?? []).map((p) => p.replace(/\.(\d+|\*)(?=\.|$)/g, "")));
    // The browser's list of IANA zones (the names Python's zoneinfo reads), and UTC.
    this.timezones = [...Intl.supportedValuesOf("timeZone"), "UTC"];
    this.openRows = new WeakSet();
  }

  get data() {
    return this.ctx.state.data;
  }

  set(path, value) {
    setAt(this.data, path, value, (objectPath) => Object.keys(this.schemaAt(objectPath)?.properties ?? {}));
  }

  resolve(schema) {
    if (schema?.$ref) return this.resolve(this.root.$defs[schema.$ref.split("/").pop()]);
    return schema ?? {};
  }

  /** What kind of input a schema asks for: {kind, schema, nullable, text, object}. */
  describe(schema) {
    const s = this.resolve(schema);
    const about = { description: s.description, title: s.title };
    if (s.anyOf) {
      const choices = s.anyOf.map((c) => this.resolve(c)).filter((c) => c.type !== "null");
      const nullable = choices.length < s.anyOf.length;
      if (choices.length === 1) {
        const inner = this.describe(choices[0]);
        return { ...inner, nullable: nullable || inner.nullable, ...withDefined(about) };
      }
      const object = choices.find((c) => c.type === "object");
      const text = choices.find((c) => c.type === "string");
      if (object && text) return { kind: "union", schema: object, text, nullable, ...about };
      const scalar = choices.flatMap((c) => (c.anyOf ? c.anyOf : [c]));
      return { kind: "scalar", schema: s, nullable, numeric: scalar.some((c) => c.type === "integer"), ...about };
    }
    if (s.enum) return { kind: "enum", schema: s, ...about };
    if (s.type === "object") return { kind: s.properties ? "object" : "map", schema: s, ...about };
    if (s.type === "array") return { kind: "array", schema: s, ...about };
    if (s.type === "boolean") return { kind: "boolean", schema: s, ...about };
    if (s.type === "integer" || s.type === "number") return { kind: "number", schema: s, ...about };
    return { kind: "string", schema: s, ...about };
  }

  /** The starter kit's note on a field (the server's help), else the schema's description. */
  helpFor(path, described) {
    // The starter's notes say "required: …"; the label says it already.
    const note = this.ctx.help?.[genericPath(path)]?.replace(/^required(: |$)/, "");
    return note ? note.charAt(0).toUpperCase() + note.slice(1) : described.description || "";
  }

  widgetFor(path) {
    const generic = genericPath(path);
    if (WIDGETS[generic]) return WIDGETS[generic];
    if (PICTURE_KEYS.has(path[path.length - 1])) return "picture";
    if (this.markdown.has(generic.replace(/\.\*/g, ""))) return "markdown";
    if (LONG_TEXT_KEYS.has(path[path.length - 1])) return "long";
    return null;
  }

  /** Renders the top-level fields `keys` into `container`. */
  renderKeys(container, keys) {
    const required = new Set(this.root.required ?? []);
    for (const key of keys) {
      container.append(this.field([key], this.root.properties[key], required.has(key)));
    }
  }

  /** One field of any kind, for the value at `path`. */
  field(path, schema, required) {
    const described = this.describe(schema);
    const value = getAt(this.data, path);
    switch (described.kind) {
      case "object":
        return this.objectField(path, described, required);
      case "map":
        return this.mapField(path, described);
      case "array":
        return this.arrayField(path, described);
      case "union":
        return typeof value === "string"
          ? this.unionText(path, described, required)
          : this.objectField(path, { ...described, schema: this.resolve(described.schema) }, required);
      default:
        return this.scalarField(path, described, required);
    }
  }

  /** The label, help and problem area every field has, around its input. */
  frame(path, described, required, { legend = false } = {}) {
    const id = fieldId(path);
    const key = path[path.length - 1];
    const help = this.helpFor(path, described);
    const wrapper = el(legend ? "fieldset" : "div", { class: "field", "data-path": dotted(path) });
    const label = el(legend ? "legend" : "label", legend ? {} : { for: id });
    label.textContent = humanise(typeof key === "number" ? this.rowNoun(path) : key);
    if (required) label.append(el("span", { class: "required" }, " (required)"));
    wrapper.append(label);
    if (help) wrapper.append(el("p", { class: "help", id: `${id}-help` }, ...withCode(help.replace(/\s*\n\s*/g, " "))));
    const problems = el("div", { class: "problems", id: `${id}-problems` });
    return { wrapper, id, help: help ? `${id}-help` : null, problems };
  }

  rowNoun(path) {
    const list = [...path].reverse().find((p) => typeof p === "string");
    return ROW_NOUNS[list] ?? "item";
  }

  /** Writes an input's value into the kit: an emptied optional field leaves the kit. */
  write(path, value, required) {
    if ((value === "" || value === null) && !required) {
      deleteAt(this.data, path);
      this.prune(path.slice(0, -1));
    } else {
      this.set(path, value);
    }
    this.ctx.changed(path);
  }

  /** Removes objects emptied of every field, up to the first that is a row or required. */
  prune(path) {
    while (path.length && typeof path[path.length - 1] === "string") {
      const value = getAt(this.data, path);
      const parentSchema = this.schemaAt(path.slice(0, -1));
      const required = parentSchema?.required?.includes(path[path.length - 1]);
      if (!value || typeof value !== "object" || Array.isArray(value) || Object.keys(value).length || required) return;
      deleteAt(this.data, path);
      path = path.slice(0, -1);
    }
  }

  /** The object schema at a path (for `required`), or null. */
  schemaAt(path) {
    let described = { kind: "object", schema: this.root };
    for (const key of path) {
      const s = this.resolve(described.schema);
      if (typeof key === "number") described = this.describe(s.items);
      else described = this.describe(s.properties?.[key] ?? {});
    }
    return this.resolve(described.schema);
  }

  scalarField(path, described, required) {
    const widget = this.widgetFor(path);
    const { wrapper, id, help, problems } = this.frame(path, described, required);
    const value = getAt(this.data, path);
    const describedBy = [help].filter(Boolean).join(" ");
    let input;
    if (widget === "markdown") {
      wrapper.classList.add("markdown-field");
      const name = wrapper.querySelector("label").firstChild.textContent;
      wrapper.append(this.markdownEditor(path, id, describedBy, required, name));
      wrapper.append(problems);
      return wrapper;
    }
    if (widget === "picture") {
      wrapper.classList.add("picture-field");
      wrapper.append(this.pictureEditor(path, id, describedBy, required, problems));
      return wrapper;
    }
    if (described.kind === "enum" || widget === "timezone") {
      input = el("select", { id });
      const choices = widget === "timezone" ? this.timezones : described.schema.enum;
      const current = value ?? "";
      if (!required || described.nullable || !choices.includes(current)) {
        input.append(el("option", { value: "" }, described.schema.default ? `Default (${described.schema.default})` : "Not set"));
      }
      for (const choice of choices) input.append(el("option", { value: choice }, String(choice)));
      if (current && !choices.includes(current)) input.append(el("option", { value: current }, current));
      input.value = current;
      input.addEventListener("change", () => this.write(path, input.value || null, required));
    } else if (described.kind === "boolean") {
      input = el("input", { id, type: "checkbox" });
      // The server sends every scalar as the YAML wrote it: "true", "false".
      input.checked = value === true || /^(true|yes|on)$/i.test(String(value ?? ""));
      input.addEventListener("change", () => this.write(path, input.checked, true));
      wrapper.classList.add("checkbox");
    } else if (widget === "long") {
      input = el("textarea", { id, rows: "2" });
      input.value = value ?? "";
      input.addEventListener("input", () => this.write(path, input.value, required));
    } else {
      input = el("input", { id, type: "text" });
      const kind = widget ?? described.schema.format;
      const shaped = kind === "date" ? /^\d{4}-\d{2}-\d{2}$/ : kind === "time" ? /^\d{2}:\d{2}(:\d{2})?$/
        : kind === "datetime" ? /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$/ : null;
      // A value the picker cannot show stays in a text input, as it was written.
      if (shaped && (value == null || value === "" || shaped.test(String(value)))) {
        input.type = kind === "datetime" ? "datetime-local" : kind;
      }
      if (described.kind === "number" || described.numeric) input.inputMode = "decimal";
      if (path[path.length - 1] === "email") input.type = "email";
      if (widget === "colour") return this.colourField(path, { wrapper, id, help, problems }, input, required);
      input.value = value == null ? "" : String(value).replace(" ", input.type === "datetime-local" ? "T" : " ");
      input.spellcheck = !(described.kind === "number" || shaped);
      input.addEventListener("input", () => this.write(path, this.typed(input, described), required));
    }
    if (describedBy) input.setAttribute("aria-describedby", describedBy);
    if (required) input.setAttribute("aria-required", "true");
    if (described.kind === "boolean") wrapper.prepend(input);
    else wrapper.append(input);
    wrapper.append(problems);
    return wrapper;
  }

  /** An input's value as the kit stores it: numbers as numbers, what is not one as typed. */
  typed(input, described) {
    const text = input.value;
    if (input.type === "datetime-local") return text.replace("T", " ");
    if ((described.kind === "number" || described.numeric) && /^-?\d+(\.\d+)?$/.test(text.trim())) {
      return Number(text.trim());
    }
    return text;
  }

  colourField(path, parts, input, required) {
    const { wrapper, id, help, problems } = parts;
    const value = getAt(this.data, path) ?? "";
    input.value = value;
    input.spellcheck = false;
    input.placeholder = "#rrggbb or auto";
    const swatch = el("input", { type: "color", id: `${id}-picker`, "aria-label": "Pick the accent colour" });
    const contrast = el("p", { class: "contrast", id: `${id}-contrast`, "aria-live": "polite" });
    const show = () => {
      const hex = /^#[0-9a-f]{6}$/i.test(input.value) ? input.value : null;
      if (hex) swatch.value = hex.toLowerCase();
      contrast.textContent = hex ? contrastText(hex) : input.value === "auto"
        ? "Chosen from the key art, dark or light enough to read." : "The theme's own accent colour.";
    };
    input.addEventListener("input", () => {
      show();
      this.write(path, input.value.trim(), required);
    });
    swatch.addEventListener("input", () => {
      input.value = swatch.value;
      show();
      this.write(path, swatch.value, required);
    });
    input.setAttribute("aria-describedby", [help, `${id}-contrast`].filter(Boolean).join(" "));
    const row = el("div", { class: "colour-row" }, swatch, input);
    show();
    wrapper.append(row, contrast, problems);
    return wrapper;
  }

  /** A Markdown text: written here, or in the .md file the kit names; with its preview. */
  markdownEditor(path, id, describedBy, required, name) {
    const value = getAt(this.data, path);
    const files = this.ctx.state.files;
    const file = typeof value === "string" && /\.md$/i.test(value.trim()) && value.trim() in files ? value.trim() : null;
    const area = el("textarea", { id, rows: file ? "8" : "2" });
    area.value = file ? files[file] : value ?? "";
    const long = Boolean(file) || area.value.length > 300;
    const preview = el("div", { class: "markdown-preview", id: `${id}-preview` });
    // It scrolls when long: focusable, so that a keyboard can scroll it too.
    const previewBox = el("div", { class: "preview-box", role: "region", tabindex: "0", "aria-label": `${name}, as it will read` },
      el("p", { class: "preview-label", "aria-hidden": "true" }, "Preview"), preview);
    const show = () => {
      preview.innerHTML = renderMarkdown(area.value) || '<p class="empty">Nothing written yet.</p>';
      // A short text shows its preview only when it uses Markdown (italics, a link…).
      previewBox.hidden = !long && !/[*_`[#>]/.test(area.value);
    };
    area.addEventListener("input", () => {
      show();
      if (file) {
        files[file] = area.value;
        this.ctx.changed(path);
      } else {
        this.write(path, area.value, required);
      }
    });
    if (describedBy) area.setAttribute("aria-describedby", describedBy);
    if (required) area.setAttribute("aria-required", "true");
    show();
    const where = file ? el("p", { class: "where" }, `Kept in kit/${file}`) : null;
    return el("div", { class: long ? "markdown-editor long" : "markdown-editor" }, el("div", {}, area, where), previewBox);
  }

  /** A picture: its file name, a thumbnail, and a place to drop or choose a new one. */
  pictureEditor(path, id, describedBy, required, problems) {
    const value = getAt(this.data, path);
    const input = el("input", { id, type: "text", spellcheck: "false", placeholder: "images/…" });
    input.value = value ?? "";
    if (describedBy) input.setAttribute("aria-describedby", describedBy);
    if (required) input.setAttribute("aria-required", "true");
    const thumb = el("img", { class: "thumb", alt: "" });
    const showThumb = (src) => {
      thumb.hidden = !src;
      if (src) thumb.src = src;
    };
    thumb.addEventListener("error", () => showThumb(null));
    showThumb(value ? this.ctx.pictureUrl(value) : null);
    input.addEventListener("change", () => {
      this.write(path, input.value.trim(), required);
      showThumb(input.value.trim() ? this.ctx.pictureUrl(input.value.trim()) : null);
    });
    const chooser = el("input", { type: "file", accept: "image/jpeg,image/png,image/webp,image/tiff,image/svg+xml", hidden: "" });
    const status = el("div", { class: "upload-status", "aria-live": "polite" });
    const button = el("button", { type: "button", class: "secondary" }, "Choose a picture…");
    button.setAttribute("aria-describedby", `${id}-drop`);
    const zone = el("div", { class: "dropzone" }, thumb, el("p", { id: `${id}-drop` }, "Drop a picture here, or"), button, chooser);
    const upload = async (file, overwrite = false) => {
      status.replaceChildren(el("p", {}, `Adding ${file.name}…`));
      const answer = await this.ctx.upload(file, overwrite);
      if (answer.conflict) {
        const replace = el("button", { type: "button" }, "Replace the kit's picture");
        const keep = el("button", { type: "button", class: "secondary" }, "Use the kit's picture");
        replace.addEventListener("click", () => upload(file, true));
        keep.addEventListener("click", () => done(answer.path, null, []));
        status.replaceChildren(el("p", { class: "problem" }, answer.error), el("div", { class: "choices" }, replace, keep));
        replace.focus();
        return;
      }
      if (answer.error) {
        status.replaceChildren(el("p", { class: "problem", role: "alert" }, answer.error));
        return;
      }
      done(answer.path, URL.createObjectURL(file), answer.advice ?? []);
    };
    const done = (picture, src, advice) => {
      input.value = picture;
      this.write(path, picture, required);
      showThumb(src ?? this.ctx.pictureUrl(picture));
      status.replaceChildren(el("p", {}, `Added as kit/${picture}.`),
        ...advice.map((a) => el("p", { class: `advice ${a.severity}` }, a.message)));
    };
    button.addEventListener("click", () => chooser.click());
    chooser.addEventListener("change", () => chooser.files[0] && upload(chooser.files[0]));
    zone.addEventListener("dragover", (event) => {
      event.preventDefault();
      zone.classList.add("dragging");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("dragging");
      const file = event.dataTransfer.files[0];
      if (file) upload(file);
    });
    return el("div", { class: "picture" }, zone, el("div", { class: "picture-name" }, input, status, problems));
  }

  /** A text that may also be written as an object with details (key art, embargo). */
  unionText(path, described, required) {
    const widget = this.widgetFor(path);
    const shown = { ...described, kind: "string", schema: described.text };
    const wrapper = this.scalarField(path, shown, required);
    const object = this.resolve(described.schema);
    const first = object.required?.[0] ?? Object.keys(object.properties)[0];
    const more = el("button", { type: "button", class: "secondary small" },
      `Add ${Object.keys(object.properties).filter((k) => k !== first).map(humanise).join(", ").toLowerCase()}`);
    more.addEventListener("click", () => {
      const text = getAt(this.data, path);
      this.set(path, { [first]: text });
      this.ctx.changed(path);
      const replacement = this.field(path, described.schema, required);
      wrapper.replaceWith(replacement);
      replacement.querySelector("input, textarea, select")?.focus();
    });
    if (widget !== "picture") wrapper.append(more);
    else wrapper.querySelector(".picture-name").append(more);
    return wrapper;
  }

  objectField(path, described, required) {
    const schema = this.resolve(described.schema);
    const { wrapper, problems } = this.frame(path, described, required, { legend: true });
    wrapper.classList.add("group");
    const needed = new Set(schema.required ?? []);
    const body = el("div", { class: "fields" });
    // Who and what first (the schema lists a crew member's role after the filmography), and a
    // picture before them, so that its caption and credit sit beside it.
    const keys = Object.keys(schema.properties).sort((a, b) => leading(a) - leading(b));
    const picture = keys.find((k) => PICTURE_KEYS.has(k));
    if (picture) {
      wrapper.classList.add("with-picture");
      keys.splice(keys.indexOf(picture), 1);
      keys.unshift(picture);
    }
    for (const key of keys) body.append(this.field([...path, key], schema.properties[key], needed.has(key)));
    wrapper.append(problems, body);
    return wrapper;
  }

  mapField(path, described) {
    const { wrapper, problems } = this.frame(path, described, false, { legend: true });
    wrapper.classList.add("group", "map");
    const list = el("div", { class: "rows" });
    const draw = () => {
      const entries = Object.entries(getAt(this.data, path) ?? {});
      list.replaceChildren(...entries.map(([key, value], i) => {
        const keyId = `${fieldId(path)}-k${i}`;
        const keyInput = el("input", { id: keyId, type: "text", value: key });
        const valueInput = el("input", { id: `${keyId}-v`, type: "text", value: value ?? "" });
        keyInput.value = key;
        valueInput.value = value ?? "";
        const rewrite = () => {
          const rows = [...list.querySelectorAll(".map-row")].map((row) => row.querySelectorAll("input"));
          const object = Object.fromEntries(rows.map(([k, v]) => [k.value, v.value]));
          this.write(path, Object.keys(object).length ? object : null, false);
        };
        keyInput.addEventListener("change", rewrite);
        valueInput.addEventListener("input", rewrite);
        const remove = el("button", { type: "button", class: "icon", "aria-label": `Remove ${key || "this line"}` }, "Remove");
        remove.addEventListener("click", () => {
          const object = { ...getAt(this.data, path) };
          delete object[key];
          this.write(path, Object.keys(object).length ? object : null, false);
          draw();
          list.querySelector("input")?.focus() ?? add.focus();
        });
        return el("div", { class: "map-row", "data-path": dotted([...path, key]) },
          el("label", { for: keyId, class: "visually-hidden" }, `Label ${i + 1}`), keyInput,
          el("label", { for: `${keyId}-v`, class: "visually-hidden" }, `Value ${i + 1}`), valueInput, remove);
      }));
    };
    const add = el("button", { type: "button", class: "secondary add" }, "Add a line");
    add.addEventListener("click", () => {
      const object = getAt(this.data, path) ?? {};
      if (!("" in object)) this.set(path, { ...object, "": "" });
      draw();
      [...list.querySelectorAll(".map-row")].at(-1)?.querySelector("input")?.focus();
    });
    draw();
    wrapper.append(problems, list, add);
    return wrapper;
  }

  arrayField(path, described) {
    const schema = described.schema;
    const { wrapper, problems } = this.frame(path, described, false, { legend: true });
    wrapper.classList.add("group", "list");
    const noun = ROW_NOUNS[path[path.length - 1]] ?? "item";
    const list = el("ol", { class: "rows" });
    const draw = (focusIndex = null, focusWhat = null) => {
      const rows = getAt(this.data, path) ?? [];
      list.replaceChildren(...rows.map((_, i) => this.row(path, schema.items, i, rows.length, noun, draw)));
      if (focusIndex !== null) {
        const row = list.children[focusIndex];
        const first = focusWhat ? row?.querySelector(focusWhat)
          : row?.querySelector("[aria-required=true]") ?? row?.querySelector("input:not([type=file]), textarea, select");
        (first ?? add).focus();
      }
      this.ctx.redrawn?.();
    };
    const add = el("button", { type: "button", class: "secondary add" }, `Add ${article(noun)} ${noun}`);
    add.addEventListener("click", () => {
      const rows = getAt(this.data, path) ?? [];
      const fresh = this.blank(schema.items);
      if (fresh && typeof fresh === "object") this.openRows.add(fresh);
      this.set(path, [...rows, fresh]);
      this.ctx.changed(path);
      draw(rows.length);
    });
    draw();
    wrapper.append(problems, list, add);
    return wrapper;
  }

  /** One row of a list, with its buttons; a row of fields folds away, open when new or asked for. */
  row(path, itemSchema, i, count, noun, draw) {
    const rowPath = [...path, i];
    const described = this.describe(itemSchema);
    const value = getAt(this.data, rowPath);
    const title = `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${i + 1}`;
    const move = (to, focus) => {
      const rows = [...getAt(this.data, path)];
      const [item] = rows.splice(i, 1);
      rows.splice(to, 0, item);
      this.set(path, rows);
      this.ctx.changed(path);
      draw(to, focus);
    };
    const button = (text, label, action, disabled) => {
      const b = el("button", { type: "button", class: "icon", "aria-label": `${label} ${noun} ${i + 1}` }, text);
      b.disabled = disabled;
      b.addEventListener("click", action);
      return b;
    };
    const tools = el("div", { class: "row-tools" },
      button("↑ Up", "Move up", () => move(i - 1, ".row-tools .up"), i === 0),
      button("↓ Down", "Move down", () => move(i + 1, ".row-tools .down"), i === count - 1),
      button("Remove", "Remove", () => {
        const rows = [...getAt(this.data, path)];
        rows.splice(i, 1);
        this.set(path, rows);
        this.ctx.changed(path);
        draw(Math.min(i, rows.length - 1) >= 0 ? Math.min(i, rows.length - 1) : null);
      }, false));
    tools.children[0].classList.add("up");
    tools.children[1].classList.add("down");
    if (described.kind !== "object") {
      const body = this.field(rowPath, itemSchema, true);
      body.querySelector("label").textContent = title;
      body.classList.add("row-body");
      return el("li", { class: "row" }, body, tools);
    }
    const body = this.objectField(rowPath, { ...described, description: null }, true);
    body.classList.add("row-body");
    const legend = body.querySelector("legend");
    legend.classList.add("visually-hidden");
    legend.textContent = title;
    const summary = el("summary", {}, el("span", { class: "row-title" }, title), el("span", { class: "row-name" }, rowSummary(value)));
    const details = el("details", { class: "row-details", "data-path": dotted(rowPath) }, summary, body);
    details.open = count <= 2 || this.openRows.has(value);
    details.addEventListener("toggle", () => {
      if (details.open) this.openRows.add(value);
      else this.openRows.delete(value);
    });
    body.addEventListener("input", () => {
      summary.querySelector(".row-name").textContent = rowSummary(getAt(this.data, rowPath));
    });
    return el("li", { class: "row" }, details, tools);
  }

  /** A new row: its required texts empty (so that the check names them), its choices the first. */
  blank(schema) {
    const described = this.describe(schema);
    if (described.kind !== "object") return "";
    const s = this.resolve(described.schema);
    return Object.fromEntries((s.required ?? []).map((key) => {
      const field = this.describe(s.properties[key]);
      return [key, field.kind === "enum" ? field.schema.enum[0] : field.kind === "number" ? null : ""];
    }).filter(([, v]) => v !== null));
  }
}

/** What a row is, in a few words: its name and what it is (Mikey Madison, Ani). */
function rowSummary(value) {
  if (!value || typeof value !== "object") return "";
  const words = ROW_NAME_KEYS.map((k) => value[k]).filter((v) => (typeof v === "string" && v.trim()) || typeof v === "number").map(String);
  const text = [...new Set(words)].slice(0, 2).join(" · ");
  return text.length > 90 ? `${text.slice(0, 89)}…` : text;
}

function leading(key) {
  const rank = LEADING_KEYS.indexOf(key);
  return rank < 0 ? LEADING_KEYS.length : rank;
}

/** A help text's words, `a field name` set as code. */
function withCode(text) {
  return text.split("`").map((part, i) => (i % 2 ? el("code", {}, part) : part));
}

function withDefined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v));
}

function article(noun) {
  return /^[aeiou]/.test(noun) ? "an" : "a";
}

/** A new element with attributes and children (text or elements). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** The WCAG contrast ratio between two colours #rrggbb. */
function contrastRatio(a, b) {
  const luminance = (hex) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

function contrastText(hex) {
  const ratio = contrastRatio(hex, "#ffffff");
  const verdict = ratio >= 4.5 ? "enough for text" : ratio >= 3 ? "enough for headings and rules, too little for text" : "too little: hard to read";
  return `Contrast with the white page: ${ratio.toFixed(1)}:1 (${verdict}).`;
}
