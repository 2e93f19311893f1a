"""Both PDF editions assembled with pikepdf from the one layout (pdf.py), the way prepress has
placed high-resolution pictures at output (OPI): each proxy's stream is replaced by the edition's
own picture. The e-mail edition is cropped to the trim box, its lists made what PDF/UA allows;
the print edition gets the originals and is made PDF/X-4 (prepress.py).

This module does not import WeasyPrint: the process that makes the print edition is forked
before the layout, and starts without it.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from typing import BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name
from PIL import Image

from presskit.errors import Problem
from presskit.render.images import Picture
from presskit.render.prepress import Condition, make_pdfx

COLOUR_SPACES = {"L": Name.DeviceGray, "RGB": Name.DeviceRGB, "CMYK": Name.DeviceCMYK}
"""A picture's colour space in the PDF, by Pillow's mode (prepress makes RGB device-independent
in the print edition)."""
LIST_PARTS = ("/L", "/LI", "/Caption")
"""What PDF/UA lets a list (`L`) hold (veraPDF's rule 7.2-19)."""



@dataclass(frozen=True)
class LaidOut:
    """The kit laid out once, as both PDF editions are made from it: WeasyPrint's PDF of the print
    geometry (trim, bleed) with proxies of the pictures, and what the layout measured.
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
    laid: LaidOut, pictures: dict[str, Picture], target: BinaryIO, bleed_mm: float,
    condition: Condition,
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
        if _tagged(element, Name.L):
            _strays_into_items(pdf, element)


def _strays_into_items(pdf: pikepdf.Pdf, element: Dictionary) -> None:
    kept, item = Array(), None
    for kid in _kids(element):
        if not isinstance(kid, Dictionary) or kid.get("/S") in LIST_PARTS:
            kept.append(kid)
            item = kid if _tagged(kid, Name.LI) else item
            continue
        if item is None:  # nothing before it: it becomes an item of its own
            item = _new_element(pdf, Name.LI, element)
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


def _new_element(pdf: pikepdf.Pdf, kind: Name, parent: Dictionary) -> Dictionary:
    return pdf.make_indirect(Dictionary(Type=Name.StructElem, S=kind, P=parent, K=Array()))


def _tagged(element: pikepdf.Object, structure_type: Name) -> bool:
    """Whether `element` is a structure element of that type (`L`, `LI`, `LBody`)."""
    return isinstance(element, Dictionary) and element.get("/S") == structure_type


def _body(pdf: pikepdf.Pdf, item: Dictionary) -> Dictionary:
    """The list item's body (`LBody`), added when it has none."""
    body = next((kid for kid in _kids(item) if _tagged(kid, Name.LBody)), None)
    if body is None:
        body = _new_element(pdf, Name.LBody, item)
        item.K = Array([*_kids(item), body])
    return body
