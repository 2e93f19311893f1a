"""The one configured Markdown renderer (CommonMark, via markdown-it-py).

Kit text is untrusted: raw HTML is off (it is printed as text), images inside
Markdown are off (pictures come from the kit's image fields, which are checked),
and links may only point to http, https and mailto addresses. Text that would cost
the parser or the PDF layout time out of proportion to its length is refused by
`too_complex`, which the loader asks about every Markdown text of a kit.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)

QUOTES = {
    "en": "“”‘’",
    "fr": ["«\u202f", "\u202f»", "“", "”"],
    "de": "„“‚‘",
    "es": "«»“”",
    "it": "«»“”",
    "ru": "«»„“",
}
"""Typographic quotes per language (markdown-it's `quotes` option)."""

MAX_PARAGRAPH = 20_000
"""Characters without a blank line. markdown-it's typographer takes time that grows with the
square of a paragraph (quotes that never close: 0.1 s at 20,000 characters, 3 s at 100,000, 40 s
at 400,000), so text is parsed a paragraph at a time and a paragraph is at most this long, about
3,000 words: what is left grows with the text's length, as for any text."""
MAX_JOINED = 50
"""Pieces of emphasis, links or code in one word (no space between them). WeasyPrint lays out a
word made of n pieces in time that grows with n squared (`*[` repeated over 4 KB, 2,000 pieces:
2 s a layout, 8 s at 8 KB); at 50, a word costs no more than the same pieces with spaces."""
MAX_NESTING = 20
"""Emphasis inside emphasis (markdown-it's own limit for blocks): each level costs WeasyPrint
some stack, and a few hundred levels exhaust it."""

BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
BREAKABLE = re.compile(r"[\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
"""Where a line may break inside a paragraph: spaces, and between Chinese, Japanese or Korean
characters."""


@lru_cache(maxsize=8)
def renderer(lang: str) -> MarkdownIt:
    md = MarkdownIt(
        "commonmark",
        {
            "html": False,
            "typographer": True,
            "quotes": QUOTES.get(lang.split("-")[0].lower(), QUOTES["en"]),
        },
    )
    md.enable(["replacements", "smartquotes"]).disable("image")
    md.validateLink = lambda url: bool(SAFE_LINK.match(url.strip()))
    return md


def block(text: str, lang: str) -> Markup:
    """Paragraphs, lists and emphasis, as safe HTML."""
    return Markup(renderer(lang).render(text))


def inline(text: str, lang: str) -> Markup:
    """One line of emphasis and links, without a wrapping paragraph. Paragraphs are parsed one
    at a time, as `block` does (see MAX_PARAGRAPH), and joined by a space."""
    paragraphs = (" ".join(paragraph.split()) for paragraph in BLANK_LINES.split(text))
    return Markup(" ").join(Markup(renderer(lang).renderInline(p)) for p in paragraphs if p)


def plain(text: str, lang: str) -> str:
    """The words only, for metadata and alt text (escaped later by the template)."""
    return Markup(inline(text, lang)).striptags()


def text(source: str, lang: str) -> str:
    """Plain text for the e-mail body: paragraphs kept, emphasis dropped, links as `label (url)`."""
    paragraphs = []
    for token in renderer(lang).parse(source):
        if token.type == "inline":
            paragraphs.append(_inline_text(token.children or []))
        elif token.type in ("code_block", "fence"):
            paragraphs.append(token.content.rstrip("\n"))
    return "\n\n".join(paragraphs)


def _inline_text(tokens: list) -> str:
    words, hrefs = [], []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            words.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            words.append(" ")
        elif token.type == "link_open":
            hrefs.append(token.attrs["href"])
        elif token.type == "link_close":
            href = hrefs.pop().removeprefix("mailto:")
            words.append(f" ({href})")
    return " ".join("".join(words).split())


def too_complex(text: str) -> tuple[int, str] | None:
    """The line (from 1) and the reason, with the fix, if `text` has a longer paragraph, more
    pieces in a word or deeper emphasis than presskit lays out in reasonable time; else None."""
    line, start = 1, 0
    for blank in [*BLANK_LINES.finditer(text), None]:
        end = blank.start() if blank else len(text)
        if end - start > MAX_PARAGRAPH:
            return line, (
                f"a paragraph of {end - start:,} characters (at most {MAX_PARAGRAPH:,}): "
                "separate paragraphs with a blank line"
            )
        if blank:
            line, start = line + text.count("\n", start, blank.end()), blank.end()
    for token in renderer("en").parse(text):
        if token.type == "inline" and (found := _too_complex_inline(token.children or [])):
            return token.map[0] + 1 + found[0], found[1]
    return None


def _too_complex_inline(tokens: list) -> tuple[int, str] | None:
    """The line within a paragraph, and the reason, for `too_complex`."""
    line = joined = 0
    for token in tokens:
        if token.type in ("softbreak", "hardbreak"):
            line, joined = line + 1, 0
        elif token.type == "text" and BREAKABLE.search(token.content):
            joined = 0
        elif token.nesting == 1 or token.type == "code_inline":
            joined += 1
            if joined > MAX_JOINED:
                return line, (
                    f"more than {MAX_JOINED} pieces of emphasis, links or code in one word: "
                    "put spaces between them"
                )
            if token.level >= MAX_NESTING:
                return line, f"emphasis nested more than {MAX_NESTING} deep: remove some `*` or `_`"
    return None
