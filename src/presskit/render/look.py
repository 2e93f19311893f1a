"""A kit's look: a built-in theme's design tokens, with the kit's accent, cover and fonts.

One set of tokens (colours, fonts, type) feeds every edition. The PDF and the web page
read them as CSS custom properties (`var(--accent)`) from one `:root` rule their
templates carry; the EPUB gets their values written into its stylesheet, since
e-readers such as Kindle do not honour custom properties. A colour is defined once,
here, and each stylesheet only names it.

An accent is text on the page (links, roles, the laurels' festival names) and on the
cover: `accent: auto` takes the key art's most saturated frequent colour, then moves
its lightness until it reads at WCAG AA (4.5:1) on every background it is printed on.
A hand-picked accent is used as given on the page, and a warning gives its ratio
when it reads less well than that; on the cover it is lightened or darkened to read.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2
from markupsafe import Markup
from PIL import Image

from presskit.errors import Problem
from presskit.kit.model import Kit

TEXT_CONTRAST = 4.5
"""WCAG 2 AA for body-size text."""
NIGHT_CONTRAST = 7.0
"""The cover's accent is small capitals: on a dark cover it reads at WCAG AAA, as today's gold."""

SERIF = '"Presskit Serif", Georgia, serif'
SANS = '"Presskit Sans", Arial, sans-serif'
CONDENSED = '"Presskit Condensed", "Presskit Sans", Arial, sans-serif'
FONTS = {"serif": SERIF, "sans": SANS}
"""`look.fonts`: the face the text is set in (headings and data keep the theme's)."""

NIGHT = {
    "cover-paper": "#17161b", "cover-ink": "#f3efe7", "cover-soft": "#bdb6aa",
    "cover-faint": "#d6d0c6", "cover-rule": "#4b4852", "cover-laurel": "#e5d3a8",
    "cover-frame": "#3a3840",
}
DAY = {
    "cover-paper": "#f3efe7", "cover-ink": "#1c1b1f", "cover-soft": "#58544f",
    "cover-faint": "#3d3a37", "cover-rule": "#cfc8bc", "cover-laurel": "#3d3a37",
    "cover-frame": "#d8d2c8",
}
CLASSIC = {
    "ink": "#1c1b1f", "muted": "#5f5b57", "rule": "#d8d2c8", "paper": "#ffffff",
    "tint": "#faf8f4", "accent": "#8c6a2f",
    "font-body": SERIF, "font-heading": SANS, "font-title": SERIF, "font-data": SANS,
    "heading-weight": "bold", "heading-case": "none", "heading-tracking": "0.01em",
    "heading-rule": "0.6pt", "title-weight": "bold", "title-case": "none",
    "title-tracking": "0.04em",
}
THEMES = {
    "classic": {
        "tokens": CLASSIC,
        "covers": {"dark": {**NIGHT, "cover-accent": "#c9a461"}, "light": DAY},
        "cover": "dark",
    },
    "modern": {
        "tokens": {
            **CLASSIC, "ink": "#141414", "muted": "#595959", "rule": "#dcdcdc", "tint": "#f5f5f5",
            "accent": "#b3261e", "font-body": SANS, "font-heading": CONDENSED,
            "font-title": CONDENSED, "heading-case": "uppercase", "heading-tracking": "0.03em",
            "heading-rule": "2.4pt", "title-weight": "bold", "title-case": "uppercase",
            "title-tracking": "0.01em",
        },
        "covers": {
            "dark": {**NIGHT, "cover-paper": "#0e0e10", "cover-ink": "#ffffff",
                     "cover-soft": "#c4c4c4", "cover-faint": "#e0e0e0", "cover-rule": "#3c3c40",
                     "cover-laurel": "#ffffff", "cover-frame": "#0e0e10"},
            "light": {**DAY, "cover-paper": "#ffffff", "cover-soft": "#595959",
                      "cover-faint": "#333333", "cover-rule": "#d0d0d0", "cover-frame": "#ffffff"},
        },
        "cover": "dark",
    },
    "minimal": {
        "tokens": {
            **CLASSIC, "ink": "#222222", "muted": "#636363", "rule": "#e4e4e4", "tint": "#fafafa",
            "accent": "#2f5f6b", "font-heading": SERIF, "heading-weight": "normal",
            "heading-tracking": "0", "heading-rule": "0", "title-weight": "normal",
            "title-tracking": "0.01em",
        },
        "covers": {
            "dark": {**NIGHT, "cover-paper": "#1d1f20", "cover-soft": "#b9bcbd",
                     "cover-rule": "#45494b", "cover-frame": "#1d1f20"},
            "light": {**DAY, "cover-paper": "#ffffff", "cover-ink": "#222222",
                      "cover-soft": "#636363", "cover-faint": "#3a3a3a", "cover-rule": "#e4e4e4",
                      "cover-laurel": "#3a3a3a", "cover-frame": "#ffffff"},
        },
        "cover": "light",
    },
}
"""Each built-in look: its tokens, its two cover palettes, and the cover it has by default.
`key-art` sets the cover's text over the picture, on the dark palette."""

INSIDE = ("prelude", "content", "arguments")
"""Where tinycss2 keeps the tokens inside a rule, a block or a function."""
TEXT_ON = {"the page": ("paper", "tint")}
"""Where the accent is text, by the tokens of the backgrounds it is printed on (the web page's
navigation bar is `tint`)."""
ACCENT_COLOURS = 8
"""How many colours the key art is reduced to before one is picked."""
LEAST_SHARE = 0.04
"""A colour taking less of the key art than this is a detail, not the picture's colour."""
LEAST_CHROMA = 0.12
"""Below this, a picture is all but grey: the theme's accent is kept."""


@dataclass(frozen=True)
class Design:
    """A kit's look, resolved: what the templates and stylesheets are given."""

    theme: str = "classic"
    cover: str = "dark"
    title: str | None = None
    """The title treatment, a picture of the kit, set in place of the typeset title."""
    tokens: dict[str, str] = field(default_factory=lambda: dict(tokens_of("classic", "dark")))

    def css(self) -> Markup:
        """The tokens as one `:root` rule. Every value is presskit's own or a checked colour."""
        lines = "".join(f"  --{name}: {value};\n" for name, value in self.tokens.items())
        return Markup(f":root {{\n{lines}}}\n")

    def written_in(self, css: str) -> str:
        """`css` with every `var(--token)` replaced by its value: for e-readers, which do not all
        honour custom properties. A name that is no token is left as it is."""
        rules = tinycss2.parse_stylesheet(css)
        return tinycss2.serialize(self.substituted(rules))

    def substituted(self, nodes: list) -> list:
        found = []
        for node in nodes:
            if getattr(node, "type", None) == "function" and node.lower_name == "var":
                names = [t.value for t in node.arguments if t.type == "ident"]
                name = names[0].removeprefix("--") if names else ""
                if name in self.tokens:
                    found += tinycss2.parse_component_value_list(self.tokens[name])
                    continue
            for part in INSIDE:
                inner = getattr(node, part, None)
                if isinstance(inner, list):
                    setattr(node, part, self.substituted(inner))
            found.append(node)
        return found

    def template_data(self) -> dict[str, object]:
        return {"theme": self.theme, "cover": self.cover, "title": self.title, "css": self.css()}


def tokens_of(theme: str, cover: str) -> dict[str, str]:
    """A built-in theme's tokens with the palette of `cover`."""
    look = THEMES[theme]
    palette = look["covers"]["light" if cover == "light" else "dark"]
    return {**look["tokens"], **palette}


def design(kit: Kit, kit_dir: Path) -> Design:
    """The kit's `look:` resolved against its theme (and, for `accent: auto`, its key art)."""
    look = kit.look
    cover = look.cover or THEMES[look.theme]["cover"]
    tokens = tokens_of(look.theme, cover)
    if look.fonts:
        tokens["font-body"] = FONTS[look.fonts]
    accent = look.accent
    if accent == "auto":
        accent = key_art_colour(kit_dir / kit.key_art) if kit.key_art else None
        accent = accent and readable_on(accent, [tokens[name] for name in TEXT_ON["the page"]])
    if accent:
        tokens["accent"] = full_hex(accent)
    if accent or "cover-accent" not in tokens:
        tokens["cover-accent"] = on_cover(tokens["accent"], tokens["cover-paper"])
    return Design(look.theme, cover, look.title, tokens)


def on_cover(accent: str, ground: str) -> str:
    """The accent as the cover prints it: lighter on a dark cover, darker on a pale one."""
    dark = luminance(ground) <= 0.18
    return readable_on(accent, [ground], NIGHT_CONTRAST if dark else TEXT_CONTRAST)


def warnings(kit: Kit, where: object) -> list[Problem]:
    """A hand-picked accent that reads at less than 4.5:1 where it is text, with its ratio and a
    colour of the same hue that reads; `where` locates the kit's fields (errors.Locator)."""
    accent = kit.look.accent
    if not accent or accent == "auto":
        return []
    tokens = tokens_of(kit.look.theme, kit.look.cover or THEMES[kit.look.theme]["cover"])
    found = []
    for place, backgrounds in TEXT_ON.items():
        grounds = [tokens[name] for name in backgrounds]
        ratio = min(contrast(accent, ground) for ground in grounds)
        if ratio < TEXT_CONTRAST:
            better = readable_on(accent, grounds)
            why = (f"{accent} as text on {place} has a contrast of {floor2(ratio)}:1, under the"
                   f" {TEXT_CONTRAST}:1 that text needs: use {better} (the same colour,"
                   f" {'darker' if luminance(better) < luminance(accent) else 'lighter'})"
                   ", or accent: auto")
            found.append(where.problem(("look", "accent"), why, "warning"))
    return found


def floor2(ratio: float) -> str:
    """A ratio rounded down to two decimals, so that 4.499 is never shown as passing 4.5."""
    return f"{int(ratio * 100) / 100:.2f}"


def key_art_colour(path: Path) -> str | None:
    """The key art's accent: of its main colours (Pillow's median-cut quantiser on a
    thumbnail), the most colourful of those that take a real share of the picture; None for
    a picture that is all but grey."""
    with Image.open(path) as image:
        image.draft("RGB", (256, 256))  # a JPEG is decoded at a fraction of its size
        small = image.convert("RGB")
    small.thumbnail((160, 160))
    quantised = small.quantize(colors=ACCENT_COLOURS, method=Image.Quantize.MEDIANCUT)
    palette = quantised.getpalette()
    pixels = small.width * small.height
    found = []
    for count, index in quantised.getcolors():
        rgb = palette[index * 3: index * 3 + 3]
        red, green, blue = (c / 255 for c in rgb)
        chroma = max(red, green, blue) - min(red, green, blue)
        hexed_rgb = "#{:02x}{:02x}{:02x}".format(*rgb)
        found.append((count / pixels >= LEAST_SHARE, chroma, count, hexed_rgb))
    frequent, chroma, _, colour = max(found)
    return colour if chroma >= LEAST_CHROMA else None


def full_hex(colour: str) -> str:
    """#abc -> #aabbcc, in lower case."""
    digits = colour.lstrip("#").lower()
    return "#" + (digits if len(digits) == 6 else "".join(c * 2 for c in digits))


def rgb(colour: str) -> tuple[float, float, float]:
    digits = full_hex(colour)[1:]
    return tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))


def luminance(colour: str) -> float:
    """WCAG 2's relative luminance."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG 2's contrast ratio, 1 to 21."""
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_on(colour: str, grounds: list[str], ratio: float = TEXT_CONTRAST) -> str:
    """`colour`, or the colour of its hue and saturation nearest to it in lightness that reads
    at `ratio` on every one of `grounds` (all light or all dark): darker on light grounds,
    lighter on dark ones."""
    colour = full_hex(colour)
    if min(contrast(colour, ground) for ground in grounds) >= ratio:
        return colour
    hue, lightness, saturation = colorsys.rgb_to_hls(*rgb(colour))
    light_ground = luminance(grounds[0]) > 0.18
    low, high = (0.0, lightness) if light_ground else (lightness, 1.0)
    for _ in range(24):  # halving the range: far finer than a byte of colour
        middle = (low + high) / 2
        reads = min(contrast(hexed(hue, middle, saturation), g) for g in grounds) >= ratio
        if reads == light_ground:
            low = middle
        else:
            high = middle
    return hexed(hue, low if light_ground else high, saturation)


def hexed(hue: float, lightness: float, saturation: float) -> str:
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in (red, green, blue)))
