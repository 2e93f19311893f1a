"""The vector pictures of the editions that the image pipeline does not make: the kit's SVG
logos and laurels (sanitised when the kit was read), the branches of a drawn laurel and the
QR codes. Each is a `Picture`, named in the editions like any other, printed as vector by
WeasyPrint and carried as an SVG file by the EPUB and the web page.
"""

from __future__ import annotations

from lxml import etree

from . import qr
from .images import Picture
from .laurels import branch_svg
from .model import Kit
from .svg import size

LAUREL_BRANCHES = {"left": "presskit://laurel-left", "right": "presskit://laurel-right"}
"""The keys of a drawn laurel's branches (no path in a kit has `//` in it)."""


def qr_key(url: str) -> str:
    return f"presskit://qr/{url}"


def qr_targets(kit: Kit) -> list[dict]:
    """What gets a QR code, trailer first: each {label, url, key}."""
    targets = [{"label": None, "url": kit.trailer.url, "key": qr_key(kit.trailer.url)}] if kit.trailer else []
    targets += [{"label": link.label, "url": link.url, "key": qr_key(link.url)} for link in kit.links if link.qr]
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
            made.update({key: branch_svg(side) for side, key in LAUREL_BRANCHES.items()})
    for target in qr_targets(kit):
        made[target["key"]] = qr.qr_svg(target["url"])
    return {key: _picture(number, markup) for number, (key, markup) in enumerate(made.items(), 1)}


def _picture(number: int, markup: str) -> Picture:
    width, height = size(etree.fromstring(markup.encode()))
    return Picture(f"graphics/{number:02d}.svg", markup.encode(), "image/svg+xml", max(1, round(width)), max(1, round(height)))
