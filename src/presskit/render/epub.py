"""Model + rendered chapters -> EPUB 3 (ebooklib), fixed where ebooklib falls short.

ebooklib writes the structure and the accessibility metadata presskit gives it; presskit then
rewrites the zip once to add what ebooklib leaves out or gets wrong (README, "Known pitfalls"):
`xml:lang` on the package, `dir` on right-to-left documents, hidden landmarks, fixed entry
dates so a rebuild of the same kit gives the same bytes, and a check that no document came out
empty.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ebooklib import epub

from presskit.kit.i18n import direction
from presskit.kit.markdown import plain
from presskit.kit.model import Kit
from presskit.output.files import zip_date
from presskit.render.contents import Chapter
from presskit.render.images import Picture


@dataclass(frozen=True)
class Document:
    """One XHTML document of the book: its chapter and its rendered body."""

    chapter: Chapter
    body: str


@dataclass(frozen=True)
class RenderedEpub:
    data: bytes
    documents: int


def book_identifier(kit: Kit) -> str:
    """The same kit gets the same identifier on every build, everywhere."""
    return (
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'presskit:{kit.name}:{kit.title}:{kit.lang}')}"
    )


def render_epub(
    kit: Kit,
    front: list[Document],
    documents: list[Document],
    css: str,
    pictures: dict[str, Picture],
    cover: Picture,
    built: datetime,
    _: Callable[[str], str],
) -> RenderedEpub:
    """The book; `_` translates presskit's own words into the kit's language."""
    book = epub.EpubBook()
    book.set_identifier(book_identifier(kit))
    book.set_title(_("%(title)s: press kit") % {"title": kit.title})
    if direction(kit.lang) == "rtl":
        book.set_direction("rtl")
    book.set_language(kit.lang)
    creator = (
        kit.director.name
        if kit.director
        else next((c.company or c.name for c in kit.contacts), None)
    )
    if creator:
        book.add_author(creator)
    book.add_metadata("DC", "description", plain(kit.logline, kit.lang))
    book.add_metadata("DC", "subject", _("Press kit"))
    _add_accessibility(
        book,
        _(
            "A press kit with a navigable table of contents, headings in reading order and text "
            "alternatives for every picture. No hazards."
        ),
    )

    stylesheet = epub.EpubItem(
        uid="style", file_name="styles/epub.css", media_type="text/css", content=css.encode()
    )
    book.add_item(stylesheet)
    book.set_cover(cover.href, cover.data, create_page=False)
    for picture in pictures.values():
        if picture.href != cover.href:
            book.add_item(
                epub.EpubImage(
                    uid=_uid(picture.href),
                    file_name=picture.href,
                    media_type=picture.media_type,
                    content=picture.data,
                )
            )

    cover_page, *front_matter = [_document(kit, d, stylesheet) for d in front]
    chapters = [_document(kit, d, stylesheet) for d in documents]
    for item in (cover_page, *front_matter, *chapters):
        book.add_item(item)

    nav = epub.EpubNav(title=_("Contents"))
    nav.add_link(href="styles/epub.css", rel="stylesheet", type="text/css")
    book.add_item(nav)
    book.add_item(epub.EpubNcx())
    book.toc = [epub.Link(c.file_name, c.title, c.id) for c in chapters]
    book.spine = [cover_page, *front_matter, nav, *chapters]
    book.guide = [
        {"type": "cover", "href": cover_page.file_name, "title": _("Cover")},
        {"type": "toc", "href": nav.file_name, "title": _("Contents")},
        {
            "type": "text",
            "href": (chapters or front_matter or [cover_page])[0].file_name,
            "title": _("Start of content"),
        },
    ]

    out = io.BytesIO()
    # compresslevel 0: this zip is only read back by _finish, which compresses what is worth it.
    epub.write_epub(
        out,
        book,
        {
            "mtime": built,
            "raise_exceptions": True,
            "landmark_title": _("Landmarks"),
            "compresslevel": 0,
        },
    )
    return RenderedEpub(
        _finish(out.getvalue(), kit.lang, direction(kit.lang), built), len(book.spine)
    )


def _document(kit: Kit, document: Document, stylesheet: epub.EpubItem) -> epub.EpubHtml:
    chapter = document.chapter
    item = epub.EpubHtml(
        uid=chapter.id,
        title=chapter.title,
        file_name=f"{chapter.id}.xhtml",
        lang=kit.lang,
        content=document.body,
    )
    item.add_item(stylesheet)
    return item


def _add_accessibility(book: epub.EpubBook, summary: str) -> None:
    """EPUB Accessibility 1.1 metadata. Every book has a picture (its cover), each with alt text."""
    entries = [
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "visual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "alternativeText"),
        ("schema:accessibilityFeature", "displayTransformability"),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", summary),
        ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"),
        ("a11y:certifiedBy", "presskit"),
    ]
    for prop, value in entries:
        book.add_metadata(None, "meta", value, {"property": prop})


def _finish(data: bytes, lang: str, writing: str, built: datetime) -> bytes:
    """Rewrite the zip: `xml:lang` on the package, `dir` on right-to-left documents, landmarks
    hidden, fixed dates, mimetype first and stored, pictures stored (deflating JPEGs costs time
    and saves nothing)."""
    stamp = zip_date(built)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith(".opf"):
                content = re.sub(
                    rb"<package ", f'<package xml:lang="{lang}" '.encode(), content, count=1
                )
            if info.filename.endswith(".xhtml") and writing == "rtl":
                content = content.replace(b"<html ", b'<html dir="rtl" ', 1)
            if info.filename.endswith("nav.xhtml"):
                # Landmarks are for the reading system, not a page for the reader.
                content = content.replace(
                    b'<nav epub:type="landmarks">', b'<nav epub:type="landmarks" hidden="hidden">'
                )
            if (
                info.filename.endswith(".xhtml")
                and b"<body" in content
                and re.search(rb"<body[^>]*>\s*</body>|<body[^>]*/>", content)
            ):
                raise RuntimeError(f"ebooklib wrote an empty document: {info.filename}")
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            stored = info.filename == "mimetype" or info.filename.endswith(
                (".jpg", ".png")
            )  # pictures don't shrink
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def _uid(href: str) -> str:
    return "img-" + re.sub(r"[^A-Za-z0-9_-]", "-", href.rsplit("/", 1)[-1])
