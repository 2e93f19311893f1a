"""The vector pictures of the editions that the image pipeline does not make: the kit's SVG
logos and laurels (sanitised when the kit was read), the wreath of a drawn laurel and the
QR codes. Each is a `Picture`, named in the editions like any other, printed as vector by
WeasyPrint and carried as an SVG file by the EPUB and the web page.
"""

from __future__ import annotations

from lxml import etree

from . import qr
from .images import Picture
from .laurels import wreath_svg
from .model import Kit
from .svg import size

WREATH = "presskit://laurel-wreath"
"""The key of the wreath of a drawn laurel (no path in a kit has `//` in it)."""


def qr_key(url: str) -> str:
    return f"presskit://qr/{url}"


def qr_targets(kit: Kit) -> list[dict]:
    """What gets a QR code, trailer first: each {label, url, key}."""
    targets = (
        [{"label": None, "url": kit.trailer.url, "key": qr_key(kit.trailer.url)}]
        if kit.trailer
        else []
    )
    targets += [
        {"label": link.label, "url": link.url, "key": qr_key(link.url)}
        for link in kit.links
        if link.qr
    ]
    return targets


def graphics(kit: Kit) -> dict[str, Picture]:
    """Every vector picture, by the key the templates find it with: a kit's SVG by its path."""
    made: dict[str, str] = {}
    for item in (*kit.companies, *kit.funders):
        if item.logo_svg:
            made[item.logo] = item.logo_svg
    for item in (*kit.selections, *kit.awards):
        if item.laurel_svg:
            made[item.laurel] = item.laurel_svg
        else:
            made[WREATH] = wreath_svg()
    for target in qr_targets(kit):
        made[target["key"]] = qr.qr_svg(target["url"])
    return {key: _picture(number, markup) for number, (key, markup) in enumerate(made.items(), 1)}


INTRINSIC_HEIGHT = 400
"""The height in CSS pixels every vector picture is given: a logo drawn in a small viewBox is
then scaled down to the room it is printed in, like a photograph, never left tiny."""


def _picture(number: int, markup: str) -> Picture:
    root = etree.fromstring(markup.encode())
    width, height = size(root)
    width, height = max(1, round(width * INTRINSIC_HEIGHT / height)), INTRINSIC_HEIGHT
    root.set("width", str(width))
    root.set("height", str(height))
    return Picture(
        f"graphics/{number:02d}.svg", etree.tostring(root), "image/svg+xml", width, height
    )
