"""The one configured Markdown renderer (CommonMark, via markdown-it-py).

Kit text is untrusted: raw HTML is off (it is printed as text), images inside
Markdown are off (pictures come from the kit's image fields, which are checked),
and links may only point to http, https and mailto addresses.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)

QUOTES = {"en": "“”‘’", "fr": ["«\u202f", "\u202f»", "“", "”"], "de": "„“‚‘", "es": "«»“”", "it": "«»“”", "ru": "«»„“"}
"""Typographic quotes per language (markdown-it's `quotes` option)."""


@lru_cache(maxsize=8)
def renderer(lang: str) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "quotes": QUOTES.get(lang.split("-")[0].lower(), QUOTES["en"])})
    md.enable(["replacements", "smartquotes"]).disable("image")
    md.validateLink = lambda url: bool(SAFE_LINK.match(url.strip()))
    return md


def block(text: str, lang: str) -> Markup:
    """Paragraphs, lists and emphasis, as safe HTML."""
    return Markup(renderer(lang).render(text))


def inline(text: str, lang: str) -> Markup:
    """One line of emphasis and links, without a wrapping paragraph."""
    return Markup(renderer(lang).renderInline(" ".join(text.split())))


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
