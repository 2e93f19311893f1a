"""HTML -> PDF with WeasyPrint, reading nothing but what presskit hands it.

The document's base URL is a name that exists nowhere; the fetcher answers
for it from the theme's styles and the prepared pictures, and refuses every
other URL (other files, the network, every other scheme). WeasyPrint only logs
a resource it could not load, so its log is captured and turned into problems.

Both PDF editions come from one layout, in the print geometry (trim, bleed), laid out with
the screen pictures as proxies: it tells how large each picture is printed, which the e-mail
edition sizes its pictures on and preflight checks the print edition's resolution with. The PDF
WeasyPrint writes of it (small: proxies) is then finished twice with pikepdf, the way prepress
has placed high-resolution pictures at output (OPI): each proxy's stream is replaced by the
edition's own picture. The e-mail edition is cropped to the trim box, its lists made what PDF/UA
allows; the print edition gets the originals and is made PDF/X-4 (prepress.py).
"""

from __future__ import annotations

import hashlib
import io
import logging
import mimetypes
import unicodedata
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import unquote

import pikepdf
from PIL import Image
from pikepdf import Array, Dictionary, Name
from weasyprint import CSS, HTML, Document
from weasyprint.logger import LOGGER
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .errors import KitError, Problem
from .images import Picture
from .prepress import Condition, make_pdfx
from .theme import Theme

BASE_URL = "file:///presskit-document/"
CSS_PX_PER_INCH = 96

OPTIONS = {"pdf_variant": "pdf/ua-1"}
"""The layout is tagged and accessible (the e-mail edition is PDF/UA-1, the print one keeps the
tags); the print edition's PDF/X-4 is made afterwards (prepress.make_pdfx)."""
NO_MARKS = "@page { marks: none !important; }"
"""A user stylesheet: WeasyPrint draws crop marks inside the bleed, over the artwork; prepress
draws them outside it. `!important` wins over any template's `marks`."""
COLOUR_SPACES = {"L": Name.DeviceGray, "RGB": Name.DeviceRGB, "CMYK": Name.DeviceCMYK}
"""A picture's colour space in the PDF, by Pillow's mode (prepress makes RGB device-independent
in the print edition)."""
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


@dataclass(frozen=True)
class LaidOut:
    """The kit laid out once, as both PDF editions are made from it: WeasyPrint's PDF of the print
    geometry (trim, bleed) with the screen pictures as proxies, and what the layout measured.
    Small and plain (the layout itself is let go): it is handed to the process that makes the
    print edition."""

    pdf: bytes
    """WeasyPrint's PDF, its /ID the same on every build of the kit."""
    pictures: dict[str, str]
    """Each picture's image XObject name in `pdf`, without its last character -> its name among
    the kit's pictures."""
    placed: dict[str, tuple[float, float]]
    """Each picture's largest printed size in inches, by its href in the layout."""
    pages: int
    warnings: tuple[Problem, ...]
    """What WeasyPrint logged as warnings (such as CSS it ignored), each once."""


def lay_out(
    html: str, theme: Theme, pictures: dict[str, Picture], source: str, identifier: bytes,
) -> LaidOut:
    """Lay the document out with `pictures` (by their names in the kit) and write it; `source`
    names the PDF editions in problems, `identifier` makes the PDF's /ID."""
    warnings: list[Problem] = []
    fetcher = KitFetcher(theme, pictures, source)
    with _refusing(fetcher), _captured(source, warnings):
        source_html = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        document = source_html.render(stylesheets=[CSS(string=NO_MARKS)], **OPTIONS)
        data = document.write_pdf(pdf_identifier=identifier, **OPTIONS)  # fetches attachments
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


def email_edition(laid: LaidOut, pictures: dict[str, Picture]) -> bytes:
    """The e-mail edition: the laid-out pages cropped to their trim box, with `pictures`."""
    with pikepdf.open(io.BytesIO(laid.pdf)) as pdf:
        for page in pdf.pages:
            page.obj.MediaBox = page.obj.TrimBox
            for box in ("/CropBox", "/BleedBox", "/TrimBox"):
                if box in page.obj:
                    del page.obj[box]
        _lists_hold_only_items(pdf)
        _placed(pdf, laid.pictures, pictures)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def print_edition(
    laid: LaidOut, pictures: dict[str, Picture], target: BinaryIO, bleed_mm: float, condition: Condition,
) -> None:
    """The print edition, with `pictures` (the originals), as PDF/X-4 into `target`."""
    with pikepdf.open(io.BytesIO(laid.pdf)) as pdf:
        _lists_hold_only_items(pdf)
        _placed(pdf, laid.pictures, pictures)
        make_pdfx(pdf, target, bleed_mm, condition)


def _placed(pdf: pikepdf.Pdf, names: dict[str, str], pictures: dict[str, Picture]) -> None:
    """Every proxy's stream replaced by its picture in `pictures` (where several references
    share one image, it is replaced once)."""
    done = set()
    for holder in pdf.objects:
        if not isinstance(holder, (Dictionary, pikepdf.Stream)) or "/Resources" not in holder:
            continue
        for name, image in (holder.Resources.get("/XObject") or Dictionary()).items():
            relative = names.get(name[:-1])
            if relative is not None and image.objgen not in done:
                done.add(image.objgen)
                _put(pdf, image, pictures[relative])


def _put(pdf: pikepdf.Pdf, image: pikepdf.Stream, picture: Picture) -> None:
    """A JPEG's bytes as they are (DCTDecode); any other picture as its pixels (Flate), its
    alpha as a soft mask, as WeasyPrint embeds them."""
    data = picture.data
    for key in ("/Decode", "/DecodeParms", "/SMask"):
        if key in image:
            del image[key]
    with Image.open(io.BytesIO(data)) as original:
        if original.format in ("JPEG", "MPO"):
            image.write(data, filter=Name.DCTDecode)
            mode = original.mode
            if mode == "CMYK" and "APP14" in getattr(original, "app", {}):  # Adobe's inverted CMYK
                image.Decode = Array([1, 0] * 4)
        else:
            pixels = original.convert("RGBA") if "transparency" in original.info else original
            pixels = pixels.convert("RGB") if pixels.mode in ("1", "P", "I") else pixels
            if pixels.mode in ("RGBA", "LA"):
                alpha, pixels = pixels.getchannel("A"), pixels.convert(pixels.mode[:-1])
                image.SMask = pdf.make_stream(
                    zlib.compress(alpha.tobytes()), Type=Name.XObject, Subtype=Name.Image,
                    Width=alpha.width, Height=alpha.height, ColorSpace=Name.DeviceGray,
                    BitsPerComponent=8, Filter=Name.FlateDecode,
                )
            image.write(zlib.compress(pixels.tobytes()), filter=Name.FlateDecode)
            mode = pixels.mode
        image.Width, image.Height = original.width, original.height
        image.ColorSpace, image.BitsPerComponent = COLOUR_SPACES.get(mode, Name.DeviceRGB), 8


def _lists_hold_only_items(pdf: pikepdf.Pdf) -> None:
    """Every list element (`L`) made to hold only lists, items and captions, as PDF/UA
    wants. WeasyPrint tags the white space after a list's last item as a Span of the list when
    the items are inline blocks (a row of laurels); such a stray is moved into the item before
    it (into its body), where a reader meets it anyway."""
    for element in pdf.objects:
        if isinstance(element, Dictionary) and element.get("/S") == Name.L:
            _strays_into_items(pdf, element)


def _strays_into_items(pdf: pikepdf.Pdf, element: Dictionary) -> None:
    kept, item = Array(), None
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
    element.K = kept


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
