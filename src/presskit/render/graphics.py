"""The vector pictures of the editions that the image pipeline does not make: the kit's SVG
logos and laurels (sanitised when the kit was read), the wreath of a drawn laurel and the
QR codes. Each is a `Picture`, named in the editions like any other, printed as vector by
WeasyPrint and carried as an SVG file by the EPUB and the web page. For the press pack, a drawn
laurel is also one SVG file with its words set in it (`laurel_svg`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree
from PIL import ImageFont

from presskit.kit.laurels import LEAF, wreath_svg
from presskit.kit.model import Kit
from presskit.kit.svg import SVG_NS, size
from presskit.project import DEFAULT_THEME
from presskit.render import qr
from presskit.render.images import Picture

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
    """Every vector picture, by the key the templates find it with: a kit's SVG by its path; the
    wreath only when a laurel has no artwork of its own to print instead."""
    made: dict[str, str] = {}
    for item in (*kit.companies, *kit.funders):
        if item.logo_svg:
            made[item.logo] = item.logo_svg
    for item in (*kit.selections, *kit.awards):
        if item.laurel_svg:
            made[item.laurel] = item.laurel_svg
        elif not item.laurel:  # a festival's PNG artwork goes through the image pipeline
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


FONTS = DEFAULT_THEME / "styles" / "fonts"
"""presskit's own faces, which a drawn laurel's words are measured and set in (the system's
only for a script they lack): never a project's, as a project is untrusted and a font file is
a program for the rasteriser."""
LAUREL_FACES = {
    "heading": ("Noto Sans", "normal", FONTS / "NotoSans-Regular.ttf", 9.0, 1.1),
    "name": ("Noto Serif", "italic", FONTS / "NotoSerif-Italic.ttf", 15.0, 0.0),
    "detail": ("Noto Sans", "normal", FONTS / "NotoSans-Regular.ttf", 10.0, 0.6),
}
"""Each kind of line on a laurel: family, style, font file, size and letter-spacing in the
wreath's units (it is 100 high), as the editions print them: heading and details in spaced
capitals, the festival's or award's name in italics."""
WORDS_BOX = (60.0, 14.0, 110.0, 72.0)
"""Where the words go between the branches: x, y, width and height in the wreath's units."""
LINE_HEIGHT = 1.25
BASELINE = 0.95
"""A line's baseline below the top of its line box, in ems (Noto's capitals centred in it)."""


def laurel_svg(lines: list[str], text: str) -> str:
    """A drawn laurel as one SVG file, the words set over the wreath as text (for the press
    pack, where no stylesheet places them): each line made smaller until it fits between the
    branches, a long name set on two lines. `text` (every line) is its title."""
    root = etree.fromstring(wreath_svg().encode())
    title = etree.Element(f"{{{SVG_NS}}}title")
    title.text = text
    root.insert(0, title)
    set_lines = _fitted(lines)
    left, top, width, height = WORDS_BOX
    y = top + (height - sum(set_size * LINE_HEIGHT for _kind, _line, set_size in set_lines)) / 2
    for kind, line, set_size in set_lines:
        family, style, _file, points, spacing = LAUREL_FACES[kind]
        attributes = {
            "x": f"{left + width / 2:.2f}", "y": f"{y + set_size * BASELINE:.2f}",
            "font-family": f"{family}, {'serif' if family.endswith('Serif') else 'sans-serif'}",
            "font-style": style, "font-size": f"{set_size:.2f}", "fill": LEAF,
            "text-anchor": "middle", "letter-spacing": f"{spacing * set_size / points:.2f}",
        }
        etree.SubElement(root, f"{{{SVG_NS}}}text", attributes).text = line
        y += set_size * LINE_HEIGHT
    return etree.tostring(root, encoding="unicode")


def _fitted(lines: list[str]) -> list[tuple[str, str, float]]:
    """Each line of a laurel with its kind and the size that fits it in WORDS_BOX."""
    kinds = ["heading", "name", *["detail"] * (len(lines) - 2)][: len(lines)]
    set_lines = []
    for kind, line in zip(kinds, lines, strict=True):
        shown = line if kind == "name" else line.upper()
        parts = _balanced(shown, kind) if _width(shown, kind) > WORDS_BOX[2] else [shown]
        for part in parts:
            fits = WORDS_BOX[2] / max(WORDS_BOX[2], _width(part, kind))
            set_lines.append((kind, part, LAUREL_FACES[kind][3] * fits))
    height = sum(size * LINE_HEIGHT for _kind, _line, size in set_lines)
    shrink = min(1.0, WORDS_BOX[3] / height)
    return [(kind, line, size * shrink) for kind, line, size in set_lines]


def _balanced(line: str, kind: str) -> list[str]:
    """A line too wide for the wreath cut between words into two of the most even widths."""
    words = line.split()
    if len(words) < 2:
        return [line]
    cuts = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    return list(min(cuts, key=lambda cut: max(_width(part, kind) for part in cut)))


def _width(line: str, kind: str) -> float:
    """The width of `line` set at its kind's size, letter-spacing included."""
    _family, _style, file, points, spacing = LAUREL_FACES[kind]
    return _face(file).getlength(line) * points / 100 + spacing * max(len(line) - 1, 0)


@cache
def _face(file: Path) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(file), 100)
