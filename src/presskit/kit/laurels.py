"""Laurels: the wreath printed around a festival's name for a selection, a premiere or an award.

Festivals supply their own artwork for the large ones; smaller ones do not. Where the kit
gives none, presskit draws one: a wreath of two branches (vector) with the words set over it,
which stay text in every edition (searchable, translated with presskit's catalogues); the
wreath's alt text says them once for a screen reader.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from presskit.kit.model import Kit
from presskit.kit.parts import PREMIERES, Award, Selection


def N_(message: str) -> str:
    """Marks a label for the catalogues; it is translated where it is printed."""
    return message


COVER_LAURELS = 4
"""What a cover holds side by side and can still be read."""
LEAF = "#b3914a"
"""A gold that reads on the dark cover and on white paper alike."""


WREATH_WIDTH = 230
"""The wreath's width against its height of 100: a branch on each side, the words between."""


def wreath_svg() -> str:
    """The wreath drawn round a laurel's words, as SVG: a branch of leaves on the left and its
    mirror image on the right."""
    centre, radius, leaves = (50.0, 50.0), 42.0, []
    for step in range(11):
        angle = math.radians(100 + step * 14)
        stem = (centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle))
        growth = math.degrees(angle) + 90  # the branch grows upwards, round the words
        for outward, tilt in ((1, -32), (-1, 32)):
            if step == 0 and outward < 0:
                continue
            x = stem[0] + outward * 3.2 * math.cos(angle) + 2.6 * math.cos(math.radians(growth))
            y = stem[1] + outward * 3.2 * math.sin(angle) + 2.6 * math.sin(math.radians(growth))
            size = 6.4 - step * 0.18
            leaves.append(
                f'<ellipse cx="{x:.2f}" cy="{y:.2f}" rx="{size:.2f}" ry="{size * 0.38:.2f}"'
                f' transform="rotate({growth + tilt * outward:.1f} {x:.2f} {y:.2f})"/>'
            )
    start, end = (math.radians(a) for a in (100, 246))
    stem = (
        f'<path d="M{centre[0] + radius * math.cos(start):.2f}'
        f' {centre[1] + radius * math.sin(start):.2f} '
        f'A{radius} {radius} 0 0 1 {centre[0] + radius * math.cos(end):.2f}'
        f' {centre[1] + radius * math.sin(end):.2f}" '
        f'fill="none" stroke="{LEAF}" stroke-width="1.2" stroke-linecap="round"/>'
    )
    branch = f'<g fill="{LEAF}">{stem}{"".join(leaves)}</g>'
    mirrored = f'<g transform="translate({WREATH_WIDTH} 0) scale(-1 1)">{branch}</g>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WREATH_WIDTH} 100"'
        f' width="{WREATH_WIDTH}" height="100">{branch}{mirrored}</svg>'
    )


def laurels(kit: Kit, _: Callable[[str], str]) -> list[dict]:
    """Every laurel of the kit, premieres first, then awards, then the other selections: each
    with the lines it prints (heading, name, section or award, year), the text that stands
    for it, and the kit's own artwork if it has one."""
    premieres = sorted(
        (s for s in kit.selections if s.premiere), key=lambda s: PREMIERES.index(s.premiere)
    )
    ordered = [*premieres, *kit.awards, *(s for s in kit.selections if not s.premiere)]
    return [_laurel(item, _) for item in ordered]


def _laurel(item: Award | Selection, _: Callable[[str], str]) -> dict:
    if isinstance(item, Award):
        lines = [_("Winner"), item.award, item.festival, item.year]
    else:
        heading = PREMIERE_HEADINGS[item.premiere] if item.premiere else N_("Official Selection")
        lines = [_(heading), item.festival, item.section, item.year]
    lines = [str(line) for line in lines if line]
    return {"lines": lines, "text": " – ".join(lines), "artwork": item.laurel}


PREMIERE_HEADINGS = {
    "world": N_("World premiere"),
    "international": N_("International premiere"),
    "european": N_("European premiere"),
    "north-american": N_("North American premiere"),
    "national": N_("National premiere"),
}
"""The heading of a premiere's laurel (translated from these words by the catalogues)."""
