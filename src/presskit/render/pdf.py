"""HTML -> PDF with WeasyPrint, reading nothing but what presskit hands it.

The document's base URL is a name that exists nowhere; the fetcher answers
for it from the theme's styles and the prepared pictures, and refuses every
other URL (other files, the network, every other scheme). WeasyPrint only logs
a resource it could not load, so its log is captured and turned into problems.

Both PDF editions come from one layout, in the print geometry (trim, bleed), laid out with
proxies of the pictures (images.proxy): it tells how large each picture is printed, which the
e-mail edition sizes its pictures on and preflight checks the print edition's resolution with.
The PDF WeasyPrint writes of it (small: proxies) is then assembled into each edition
(assemble.py).
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote

from weasyprint import CSS, HTML, Document
from weasyprint.logger import LOGGER
from weasyprint.urls import URLFetcher, URLFetcherResponse

from presskit.errors import KitError, Problem
from presskit.render.assemble import LaidOut
from presskit.render.images import Picture
from presskit.render.theme import Theme

BASE_URL = "file:///presskit-document/"
CSS_PX_PER_INCH = 96

OPTIONS = {"pdf_variant": "pdf/ua-1"}
"""The layout is tagged and accessible (the e-mail edition is PDF/UA-1, the print one keeps the
tags); the print edition's PDF/X-4 is made afterwards (prepress.make_pdfx)."""
NO_MARKS = "@page { marks: none !important; }"
"""A user stylesheet: WeasyPrint draws crop marks inside the bleed, over the artwork; prepress
draws them outside it. `!important` wins over any template's `marks`."""


class KitFetcher(URLFetcher):
    """Serves `styles/…` from the theme search path and `images/…` from the pictures."""

    def __init__(self, theme: Theme, pictures: dict[str, Picture], source: str = ""):
        super().__init__()
        self.theme = theme
        self.source = source
        """The edition, as problems name it."""
        self.pictures = {picture.href: picture for picture in pictures.values()}
        self.requested: list[str] = []
        self.refused: list[str] = []
        self.problems: list[Problem] = []
        """Theme files asked for that a link leads out of the project."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        self.requested.append(url)
        relative = unquote(url.removeprefix(BASE_URL)) if url.startswith(BASE_URL) else None
        if relative in self.pictures:
            picture = self.pictures[relative]
            if picture.path:
                # Named by its real file, WeasyPrint reads an untouched original again when it
                # writes the PDF instead of holding it in memory meanwhile.
                return URLFetcherResponse(
                    picture.path.as_uri(),
                    picture.path.read_bytes(),
                    {"Content-Type": picture.media_type},
                )
            return URLFetcherResponse(url, picture.content, {"Content-Type": picture.media_type})
        try:
            styles = relative and relative.startswith("styles/")
            path = self.theme.find(relative) if styles else None
        except KitError as error:
            self.problems += error.problems
            raise ValueError(f"presskit does not load {url}") from None
        if path:
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})
        self.refused.append(url)
        raise ValueError(f"presskit does not load {url}")


def lay_out(
    html: str, theme: Theme, pictures: dict[str, Picture], source: str, identifier: bytes,
    attached: dict[str, Picture],
) -> LaidOut:
    """Lay the document out with `pictures` (by their names in the kit: proxies) and write it;
    `source` names the PDF editions in problems, `identifier` makes the PDF's /ID. A picture the
    document attaches to the PDF (`rel=attachment`) is fetched as the PDF is written, from
    `attached`: the files themselves, not the proxies."""
    warnings: list[Problem] = []
    fetcher = KitFetcher(theme, pictures, source)
    with _refusing(fetcher), _captured(source, warnings):
        source_html = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        document = source_html.render(stylesheets=[CSS(string=NO_MARKS)], **OPTIONS)
        fetcher.pictures = {picture.href: picture for picture in attached.values()}
        data = document.write_pdf(pdf_identifier=identifier, **OPTIONS)
    proxies = {picture.href: name for name, picture in pictures.items()}
    return LaidOut(
        data, _picture_names(fetcher.requested, proxies), _placed_sizes(document),
        len(document.pages), tuple(dict.fromkeys(warnings)),
    )


def _placed_sizes(document: Document) -> dict[str, tuple[float, float]]:
    """Picture href -> its largest printed size, in inches."""
    sizes: dict[str, tuple[float, float]] = {}
    for page in document.pages:
        for box in page._page_box.descendants():
            replaced = getattr(box, "replacement", None) is not None and box.element is not None
            src = box.element.get("src") if replaced else None
            if src:
                href = unquote(src)
                width, height = box.width / CSS_PX_PER_INCH, box.height / CSS_PX_PER_INCH
                known = sizes.get(href, (0.0, 0.0))
                sizes[href] = (max(known[0], width), max(known[1], height))
    return sizes


def _picture_names(requested: list[str], proxies: dict[str, str]) -> dict[str, str]:
    """Each picture's image XObject name in the written PDF, without its last character, ->
    its name among the kit's pictures. WeasyPrint names an image `/i`, the MD5 of the URL it
    was asked for and 0 or 1 (whether it is interpolated): weasyprint/images.py and
    pdf/stream.py, in the pinned version 70."""
    names = {}
    for url in requested:
        href = unquote(url.removeprefix(BASE_URL))
        if href in proxies:
            digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
            names[f"/i{digest}"] = proxies[href]
    return names


@contextmanager
def _refusing(fetcher: KitFetcher):
    """What the fetcher refused stops the build, said once in place of what WeasyPrint logged
    about it (it only warns about some, such as fonts): a theme file that leads out of the
    project, or the URL presskit does not load."""
    try:
        yield
    finally:
        if fetcher.problems:
            raise KitError(fetcher.problems)
        if fetcher.refused:
            message = "PDF: the styles or templates ask for {}, which presskit does not load"
            urls = dict.fromkeys(fetcher.refused)
            raise KitError([Problem(fetcher.source, None, "", message.format(url)) for url in urls])


@contextmanager
def _captured(source: str, warnings: list[Problem]):
    """WeasyPrint's log while it works: errors become problems, warnings are kept."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append
    LOGGER.addHandler(handler)
    propagate, LOGGER.propagate = LOGGER.propagate, False
    try:
        yield
    finally:
        LOGGER.removeHandler(handler)
        LOGGER.propagate = propagate
    errors = [r for r in records if r.levelno >= logging.ERROR]
    if errors:
        raise KitError([Problem(source, None, "", f"PDF: {r.getMessage()}") for r in errors])
    warnings += [
        missing_glyph(source, r) or Problem(source, None, "", f"PDF: {r.getMessage()}", "warning")
        for r in records
    ]


@dataclass(frozen=True)
class MissingGlyph(Problem):
    """A character no font has, printed as a box (.notdef): the build finds where the kit says
    it."""

    character: str = ""


def missing_glyph(source: str, record: logging.LogRecord) -> MissingGlyph | None:
    """WeasyPrint's `.notdef glyph rendered for Unicode string unsupported by fonts` (draw/text.py,
    whose arguments are the character and its code point), as a MissingGlyph."""
    if not (record.msg.startswith(".notdef glyph") and len(record.args or ()) == 2):
        return None
    character, code = record.args
    name = unicodedata.name(character, "a character")
    why = (f"PDF: U+{code:04X} ({name}) is in none of the fonts, so it prints as a box: "
           "remove it or replace it")
    return MissingGlyph(source, None, "", why, "warning", character)
