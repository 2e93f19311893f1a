// A small Markdown renderer for the editor's previews: the text is escaped first, so no markup
// typed into the kit reaches the page; only paragraphs, headings, lists, quotes, emphasis, code
// and links (http, https and mailto addresses only) are made from it. The press kit itself is
// rendered by presskit's own Markdown renderer: this preview shows the shape, not the final page.

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

/** Inline Markdown of one escaped line: code, links, strong, emphasis. */
function inline(escaped) {
  const codes = [];
  let text = escaped.replace(/`([^`]+)`/g, (_, code) => {
    codes.push(`<code>${code}</code>`);
    return `\u0000${codes.length - 1}\u0000`;
  });
  // An address may hold one level of parentheses, as CommonMark allows.
  text = text.replace(/\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/g, (whole, label, url) => {
    // The address was escaped with the rest; & stays &amp; in the attribute, as it should.
    const plain = url.replace(/&amp;/g, "&");
    return SAFE_LINK.test(plain) ? `<a href="${url}" rel="noopener noreferrer">${label}</a>` : label;
  });
  text = text
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/__([^_]+)__/g, "<strong>$1</strong>")
    .replace(/\*([^*\s][^*]*)\*/g, "<em>$1</em>")
    .replace(/(^|[^\w])_([^_\s][^_]*)_(?!\w)/g, "$1<em>$2</em>");
  return text.replace(/\u0000(\d+)\u0000/g, (_, i) => codes[Number(i)]);
}

/** HTML for a Markdown text, every character of the text escaped. */
export function renderMarkdown(source) {
  const lines = String(source ?? "").replace(/\r\n?/g, "\n").split("\n");
  const out = [];
  let paragraph = [];
  let list = null;
  const flushParagraph = () => {
    if (paragraph.length) out.push(`<p>${paragraph.map(inline).join("<br>")}</p>`);
    paragraph = [];
  };
  const flushList = () => {
    if (list) out.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join("")}</${list.tag}>`);
    list = null;
  };
  for (const raw of lines) {
    const line = escapeHtml(raw);
    const heading = /^(#{1,6})\s+(.*)$/.exec(raw);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(raw);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(raw);
    const quote = /^\s*&gt;\s?(.*)$/.exec(line);
    if (!raw.trim()) {
      flushParagraph();
      flushList();
    } else if (heading) {
      flushParagraph();
      flushList();
      const level = Math.min(heading[1].length + 2, 6);
      out.push(`<h${level}>${inline(escapeHtml(heading[2]))}</h${level}>`);
    } else if (bullet || numbered) {
      flushParagraph();
      const tag = bullet ? "ul" : "ol";
      if (list && list.tag !== tag) flushList();
      list ??= { tag, items: [] };
      list.items.push(escapeHtml((bullet || numbered)[1]));
    } else if (quote) {
      flushParagraph();
      flushList();
      out.push(`<blockquote><p>${inline(quote[1])}</p></blockquote>`);
    } else {
      flushList();
      paragraph.push(line.replace(/\s+$/, ""));
    }
  }
  flushParagraph();
  flushList();
  return out.join("\n");
}
