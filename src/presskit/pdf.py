"""HTML -> PDF with WeasyPrint, reading nothing but what presskit hands it.

The document's base URL is a name that exists nowhere; the fetcher answers
for it from the theme's styles and the prepared pictures, and refuses every
other URL (other files, the network, every other scheme). WeasyPrint only logs
a resource it could not load, so its log is captured and turned into problems.

Laying out and writing are separate steps: the layout tells how large each
picture is printed, which the e-mail edition uses to size its pictures and
preflight uses to check the print edition's resolution. What WeasyPrint writes
is then finished with pikepdf: the e-mail edition's lists made what PDF/UA
allows, the print edition made PDF/X-4 (prepress.py).
"""

from __future__ import annotations

import io
import logging
import mimetypes
import tempfile
import unicodedata
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

import pikepdf
import weasyprint.pdf.metadata
from pikepdf import Array, Dictionary, Name
from weasyprint import CSS, HTML, Document
from weasyprint.logger import LOGGER
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .errors import KitError, Problem, storage_error
from .images import Picture
from .prepress import Condition, make_pdfx
from .theme import Theme

BASE_URL = "file:///presskit-document/"
CSS_PX_PER_INCH = 96

EMAIL = {"pdf_variant": "pdf/ua-1"}
"""Tagged and accessible, for reading on screen."""
PRINT = {"pdf_variant": "pdf/x-4", "output_intent": "srgb"}
"""For the print shop: made a true PDF/X-4 afterwards (prepress.make_pdfx); WeasyPrint's sRGB is
the colour space of the RGB content, not the output intent."""
NO_MARKS = "@page { marks: none !important; }"
"""A user stylesheet for the print edition: WeasyPrint draws crop marks inside the bleed, over
the artwork; prepress draws them outside it. `!important` wins over any template's `marks`."""
LIST_PARTS = ("/L", "/LI", "/Caption")
"""What PDF/UA lets a list (`L`) hold (veraPDF's rule 7.2-19)."""


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
                return URLFetcherResponse(picture.path.as_uri(), picture.path.read_bytes(), {"Content-Type": picture.media_type})
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


@dataclass
class Layout:
    """A laid-out PDF edition, ready to be measured and written."""

    document: Document
    source: str
    options: dict
    fetcher: KitFetcher
    """Still at work while the PDF is written: WeasyPrint fetches attachments then."""
    warnings: list[Problem] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return len(self.document.pages)

    def placed(self) -> dict[str, tuple[float, float]]:
        """Picture href -> its largest printed size, in inches."""
        sizes: dict[str, tuple[float, float]] = {}
        for page in self.document.pages:
            for box in page._page_box.descendants():
                if getattr(box, "replacement", None) is not None and box.element is not None and box.element.get("src"):
                    href = unquote(box.element.get("src"))
                    width, height = box.width / CSS_PX_PER_INCH, box.height / CSS_PX_PER_INCH
                    known = sizes.get(href, (0.0, 0.0))
                    sizes[href] = (max(known[0], width), max(known[1], height))
        return sizes

    def write(self, identifier: bytes, target: BinaryIO | None = None) -> bytes | None:
        """The PDF file, returned or written to `target`.

        `identifier` makes the file's /ID the same on every build of the kit. WeasyPrint 70
        (pinned) also puts a random uuid4 in the XMP DocumentID of PDF/X-4 files, which
        pydyf then hashes into the /ID: while writing, that uuid is made from `identifier`.
        """
        stable = uuid.uuid5(uuid.NAMESPACE_OID, identifier.decode())
        with (
            _refusing(self.fetcher),
            _captured(self.source, self.warnings),
            _patched(weasyprint.pdf.metadata, "uuid4", lambda: stable),
        ):
            data = self.document.write_pdf(target, pdf_identifier=identifier, **self.options)
        return lists_hold_only_items(data) if self.options.get("pdf_variant", "").startswith("pdf/ua") else data

    def write_pdfx(self, identifier: bytes, target: BinaryIO, bleed_mm: float, condition: Condition, scratch: Path) -> None:
        """The print edition, as PDF/X-4, into `target`. WeasyPrint's file waits in a nameless
        file in `scratch` (the output's folder) meanwhile: with every picture at full size, it
        can be far larger than memory should hold."""
        try:
            laid_out = tempfile.TemporaryFile(dir=scratch, prefix=".presskit-")
        except OSError as error:
            raise storage_error(scratch, error) from None
        with laid_out:
            self.write(identifier, laid_out)
            laid_out.seek(0)
            make_pdfx(laid_out, target, bleed_mm, condition)


def lay_out(html: str, theme: Theme, pictures: dict[str, Picture], source: str, options: dict) -> Layout:
    """Lay the document out; `source` names the edition in problems."""
    warnings: list[Problem] = []
    fetcher = KitFetcher(theme, pictures, source)
    stylesheets = [CSS(string=NO_MARKS)] if options.get("pdf_variant", "").startswith("pdf/x") else []
    with _refusing(fetcher), _captured(source, warnings):
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(stylesheets=stylesheets, **options)
    return Layout(document, source, options, fetcher, warnings)


def lists_hold_only_items(data: bytes) -> bytes:
    """`data` with every list element (`L`) holding only lists, items and captions, as PDF/UA
    wants. WeasyPrint tags the white space after a list's last item as a Span of the list when
    the items are inline blocks (a row of laurels); such a stray is moved into the item before
    it (into its body), where a reader meets it anyway. Unchanged when there is none."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        moved = 0
        for element in pdf.objects:
            if isinstance(element, Dictionary) and element.get("/S") == Name.L:
                moved += _strays_into_items(pdf, element)
        if not moved:
            return data
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def _strays_into_items(pdf: pikepdf.Pdf, element: Dictionary) -> int:
    kept, item, moved = Array(), None, 0
    for kid in _kids(element):
        if not isinstance(kid, Dictionary) or kid.get("/S") in LIST_PARTS:
            kept.append(kid)
            item = kid if isinstance(kid, Dictionary) and kid.get("/S") == Name.LI else item
            continue
        if item is None:  # nothing before it: it becomes an item of its own
            item = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.LI, P=element, K=Array()))
            kept.append(item)
        body = _body(pdf, item)
        kid.P = body
        body.K = Array([*_kids(body), kid])
        moved += 1
    element.K = kept
    return moved


def _kids(element: Dictionary) -> list[pikepdf.Object]:
    """A structure element's children: its /K is one child or an array of them."""
    if "/K" not in element:
        return []
    return list(element.K) if isinstance(element.K, Array) else [element.K]


def _body(pdf: pikepdf.Pdf, item: Dictionary) -> Dictionary:
    """The list item's body (`LBody`), added when it has none."""
    body = next((kid for kid in _kids(item) if isinstance(kid, Dictionary) and kid.get("/S") == Name.LBody), None)
    if body is None:
        body = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.LBody, P=item, K=Array()))
        item.K = Array([*_kids(item), body])
    return body


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
def _patched(module: object, name: str, value: object):
    saved = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, saved)


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
    warnings += [missing_glyph(source, r) or Problem(source, None, "", f"PDF: {r.getMessage()}", "warning") for r in records]


@dataclass(frozen=True)
class MissingGlyph(Problem):
    """A character no font has, printed as a box (.notdef): the build finds where the kit says it."""

    character: str = ""


def missing_glyph(source: str, record: logging.LogRecord) -> MissingGlyph | None:
    """WeasyPrint's `.notdef glyph rendered for Unicode string unsupported by fonts` (draw/text.py,
    whose arguments are the character and its code point), as a MissingGlyph."""
    if not (record.msg.startswith(".notdef glyph") and len(record.args or ()) == 2):
        return None
    character, code = record.args
    name = unicodedata.name(character, "a character")
    why = f"PDF: U+{code:04X} ({name}) is in none of the fonts, so it prints as a box: remove it or replace it"
    return MissingGlyph(source, None, "", why, "warning", character)
