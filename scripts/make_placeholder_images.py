#!/usr/bin/env python3
"""(Re)create the placeholder images of the example press kit in kit/images/, and the
placeholder logos (SVG) in kit/images/logos/.

Every image is generated from fixed shapes, colours and text, so running the
script again gives byte-identical files (no randomness except a seeded
generator, no timestamps, no EXIF). Requires Pillow only.

    .venv/bin/python scripts/make_placeholder_images.py
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "styles" / "fonts"
OUT = ROOT / "kit" / "images"

SANS_BOLD = FONTS / "NotoSans-Bold.ttf"
SERIF_BOLD = FONTS / "NotoSerif-Bold.ttf"

KEY_ART_SIZE = (2000, 3000)
STILL_SIZE = (3000, 1688)
PORTRAIT_SIZE = (1200, 1500)

RGB = tuple[int, int, int]


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #

def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def lerp(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))  # type: ignore[return-value]


def vertical_gradient(size: tuple[int, int], stops: list[tuple[float, RGB]]) -> Image.Image:
    """Multi-stop top-to-bottom gradient (stops: (position 0..1, colour))."""
    w, h = size
    column = []
    for y in range(h):
        t = y / (h - 1)
        for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
            if p0 <= t <= p1:
                k = 0.0 if p1 == p0 else (t - p0) / (p1 - p0)
                k = k * k * (3 - 2 * k)  # smoothstep between stops
                column.append(lerp(c0, c1, k))
                break
        else:
            column.append(stops[-1][1] if t > stops[-1][0] else stops[0][1])
    col = Image.new("RGB", (1, h))
    col.putdata(column)
    return col.resize((w, h), Image.Resampling.NEAREST)


class Glow:
    """A light layer drawn at reduced scale, blurred, then added to a base image.

    Drawing at 1/scale keeps the Gaussian blur fast and makes the glow smooth.
    """

    def __init__(self, size: tuple[int, int], scale: int = 4):
        self.size = size
        self.scale = scale
        self.layer = Image.new("RGB", (size[0] // scale, size[1] // scale), (0, 0, 0))
        self.draw = ImageDraw.Draw(self.layer)

    def _s(self, box):
        flat = []
        for v in box:
            flat.extend(v if isinstance(v, tuple) else (v,))
        return [round(v / self.scale) for v in flat]

    def ellipse(self, box, fill=None, outline=None, width=1):
        self.draw.ellipse(self._s(box), fill=fill, outline=outline,
                          width=max(1, round(width / self.scale)))

    def rectangle(self, box, fill):
        self.draw.rectangle(self._s(box), fill=fill)

    def line(self, pts, fill, width):
        self.draw.line(self._s(pts), fill=fill, width=max(1, round(width / self.scale)))

    def arc(self, box, start, end, fill, width):
        self.draw.arc(self._s(box), start, end, fill=fill,
                      width=max(1, round(width / self.scale)))

    def apply(self, base: Image.Image, radius: float, mode: str = "screen") -> Image.Image:
        blurred = self.layer.filter(ImageFilter.GaussianBlur(radius / self.scale))
        blurred = blurred.resize(self.size, Image.Resampling.BICUBIC)
        if mode == "add":
            return ImageChops.add(base, blurred)
        return ImageChops.screen(base, blurred)


def sharp_layer(base: Image.Image, draw_fn) -> Image.Image:
    """Draw crisp shapes (with alpha) onto an RGBA overlay and composite it."""
    overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw_fn(ImageDraw.Draw(overlay))
    return Image.alpha_composite(base.convert("RGBA"), overlay).convert("RGB")


def tracked_text(draw: ImageDraw.ImageDraw, center: tuple[float, float], text: str,
                 fnt: ImageFont.FreeTypeFont, fill, tracking: float = 0.0) -> None:
    """Draw text centred on `center` with extra letter spacing (in px)."""
    widths = [fnt.getlength(ch) for ch in text]
    total = sum(widths) + tracking * (len(text) - 1)
    x = center[0] - total / 2
    for ch, w in zip(text, widths):
        draw.text((x, center[1]), ch, font=fnt, fill=fill, anchor="lm")
        x += w + tracking


def text_mask(size, center, text, fnt, tracking=0.0) -> Image.Image:
    mask = Image.new("L", size, 0)
    tracked_text(ImageDraw.Draw(mask), center, text, fnt, 255, tracking)
    return mask


def vignette(img: Image.Image, strength: float = 0.55) -> Image.Image:
    """Darken the edges with a soft elliptical mask."""
    w, h = img.size
    small = Image.new("L", (w // 8, h // 8), 0)
    d = ImageDraw.Draw(small)
    sw, sh = small.size
    d.ellipse([-sw * 0.15, -sh * 0.15, sw * 1.15, sh * 1.15], fill=255)
    small = small.filter(ImageFilter.GaussianBlur(min(sw, sh) / 6))
    mask = small.resize((w, h), Image.Resampling.BICUBIC)
    dark = Image.new("RGB", (w, h), (0, 0, 0))
    shaded = Image.blend(img, dark, strength)
    return Image.composite(img, shaded, mask)


def grain(img: Image.Image, seed: int, amount: int = 3) -> Image.Image:
    """Very light, seeded luminance grain (breaks up gradient banding)."""
    rng = random.Random(seed)
    tile = Image.new("L", (128, 128))
    tile.putdata([128 + rng.randint(-amount, amount) for _ in range(128 * 128)])
    w, h = img.size
    noise = Image.new("L", (w, h))
    for y in range(0, h, 128):
        for x in range(0, w, 128):
            noise.paste(tile, (x, y))
    noise_rgb = Image.merge("RGB", (noise, noise, noise))
    # (img + noise - 128): overlay-free additive offset, clipped by ImageChops.
    return ImageChops.add(img, noise_rgb, scale=1.0, offset=-128)


def label(img: Image.Image, text: str, *, anchor_xy, size: int, fill, shadow=True,
          tracking: float = 0.0, align: str = "left") -> Image.Image:
    """Add a PLACEHOLDER label, optionally with a soft dark shadow behind it."""
    fnt = font(SANS_BOLD, size)
    widths = sum(fnt.getlength(ch) for ch in text) + tracking * (len(text) - 1)
    x, y = anchor_xy
    cx = x + widths / 2 if align == "left" else (x - widths / 2 if align == "right" else x)
    if shadow:
        m = text_mask(img.size, (cx, y + size * 0.06), text, fnt, tracking)
        m = m.filter(ImageFilter.GaussianBlur(size * 0.25)).point(lambda v: min(255, v * 2))
        img = Image.composite(Image.new("RGB", img.size, (0, 0, 0)), img,
                              m.point(lambda v: v * 0.6))
    return sharp_layer(img, lambda d: tracked_text(d, (cx, y), text, fnt, fill, tracking))


def save(img: Image.Image, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    img.convert("RGB").save(path, "JPEG", quality=85, optimize=True, progressive=False)
    print(path.relative_to(ROOT))


# --------------------------------------------------------------------------- #
# Key art (portrait poster)
# --------------------------------------------------------------------------- #

def key_art() -> Image.Image:
    w, h = KEY_ART_SIZE
    img = vertical_gradient(KEY_ART_SIZE, [
        (0.00, (8, 10, 32)),
        (0.45, (28, 12, 52)),
        (0.72, (16, 8, 30)),
        (1.00, (4, 4, 8)),
    ])

    # Soft coloured haze.
    haze = Glow(KEY_ART_SIZE, scale=8)
    haze.ellipse([-500, 300, 1100, 1700], fill=(120, 20, 90))
    haze.ellipse([1000, 1300, 2600, 2700], fill=(10, 70, 110))
    haze.ellipse([500, 900, 1500, 1700], fill=(70, 20, 80))
    img = haze.apply(img, 260)

    # Neon rings: wide glow first, then a tighter glow, then the crisp tube.
    cx, cy, r = 1000, 1180, 640
    ring = [cx - r, cy - r, cx + r, cy + r]
    r2 = 500
    ring2 = [cx + 140 - r2, cy + 90 - r2, cx + 140 + r2, cy + 90 + r2]
    magenta, cyan = (255, 60, 170), (60, 215, 255)
    for radius, width in ((90, 60), (28, 30)):
        g = Glow(KEY_ART_SIZE, scale=4)
        g.ellipse(ring, outline=magenta, width=width)
        g.arc(ring2, 200, 20, fill=cyan, width=width)
        g.line([(260, 1960), (1740, 1960)], fill=(255, 120, 200), width=width // 2)
        img = g.apply(img, radius)

    def tubes(d: ImageDraw.ImageDraw) -> None:
        d.ellipse(ring, outline=(255, 205, 235), width=12)
        d.arc(ring2, 200, 20, fill=(215, 248, 255), width=10)
        d.line([(260, 1960), (1740, 1960)], fill=(255, 220, 240), width=5)
    img = sharp_layer(img, tubes)

    # Soft bokeh lights below the horizon line (seeded, so always the same).
    rng = random.Random(2024)
    bokeh = Glow(KEY_ART_SIZE, scale=2)
    for i in range(34):
        x = 160 + i * 50 + rng.uniform(-18, 18)
        y = 2040 + rng.uniform(-22, 40)
        s = rng.uniform(9, 22)
        col = [(150, 95, 40), (150, 50, 100), (50, 110, 150)][i % 3]
        bokeh.ellipse([x - s, y - s, x + s, y + s], fill=col)
    img = bokeh.apply(img, 5)

    img = vignette(img, 0.5)

    # Title with a pink neon glow.
    title_font = font(SERIF_BOLD, 400)
    title_center = (w / 2, 2400)
    mask = text_mask(KEY_ART_SIZE, title_center, "ANORA", title_font, tracking=40)
    for radius, col in ((60, (255, 60, 170)), (18, (255, 120, 200))):
        glow_mask = mask.filter(ImageFilter.GaussianBlur(radius))
        img = ImageChops.screen(img, Image.composite(Image.new("RGB", KEY_ART_SIZE, col),
                                                     Image.new("RGB", KEY_ART_SIZE, 0), glow_mask))
    img = Image.composite(Image.new("RGB", KEY_ART_SIZE, (255, 242, 248)), img, mask)

    # PLACEHOLDER KEY ART badge at the top.
    badge_font = font(SANS_BOLD, 84)
    text = "PLACEHOLDER KEY ART"
    tw = sum(badge_font.getlength(c) for c in text) + 14 * (len(text) - 1)

    def badge(d: ImageDraw.ImageDraw) -> None:
        pad_x, pad_y = 60, 46
        box = [w / 2 - tw / 2 - pad_x, 260 - 42 - pad_y, w / 2 + tw / 2 + pad_x, 260 + 42 + pad_y]
        d.rounded_rectangle(
            box, radius=18, fill=(0, 0, 0, 150), outline=(255, 255, 255, 230), width=5
        )
        tracked_text(d, (w / 2, 262), text, badge_font, (255, 255, 255, 255), 14)
        small = font(SANS_BOLD, 40)
        tracked_text(d, (w / 2, 2850), "GENERATED PLACEHOLDER IMAGE · NOT OFFICIAL ARTWORK",
                     small, (210, 200, 225, 255), 6)
    img = sharp_layer(img, badge)
    return grain(img, seed=1)


# --------------------------------------------------------------------------- #
# Stills (landscape, ~16:9)
# --------------------------------------------------------------------------- #

def still_1() -> Image.Image:
    """Night seafront: moon, pier, warm lamps and their reflections."""
    w, h = STILL_SIZE
    horizon = 1080
    sky = vertical_gradient((w, horizon), [
        (0.0, (5, 8, 26)), (0.6, (22, 24, 70)), (1.0, (80, 44, 104)),
    ])
    sea = vertical_gradient((w, h - horizon), [
        (0.0, (14, 20, 52)), (1.0, (3, 5, 14)),
    ])
    img = Image.new("RGB", STILL_SIZE)
    img.paste(sky, (0, 0))
    img.paste(sea, (0, horizon))

    # Moon glow and moon.
    g = Glow(STILL_SIZE, scale=8)
    g.ellipse([2000, 170, 2500, 670], fill=(120, 110, 150))
    g.ellipse([0, 850, 3000, 1300], fill=(60, 25, 70))
    img = g.apply(img, 160)
    img = sharp_layer(img, lambda d: d.ellipse([2180, 350, 2320, 490], fill=(246, 236, 220, 255)))
    refl = Glow(STILL_SIZE, scale=4)
    refl.rectangle([2225, horizon + 30, 2275, h - 120], fill=(90, 90, 120))
    img = refl.apply(img, 50)

    # Lamps along the shoreline and their streaky reflections.
    lamps = Glow(STILL_SIZE, scale=2)
    streaks = Glow(STILL_SIZE, scale=4)
    for i in range(22):
        x = 120 + i * 128
        col = (255, 170, 80) if i % 3 else (255, 120, 160)
        lamps.ellipse([x - 14, 1000 - 14, x + 14, 1000 + 14], fill=col)
        streaks.rectangle([x - 10, horizon + 20, x + 10, horizon + 360 - (i % 4) * 50],
                          fill=tuple(c // 2 for c in col))
    img = lamps.apply(img, 22, mode="add")
    img = streaks.apply(img, 24)

    def pier(d: ImageDraw.ImageDraw) -> None:
        d.rectangle([0, 1040, w, 1062], fill=(6, 6, 16, 255))        # promenade rail
        d.rectangle([1500, 1150, 2900, 1180], fill=(5, 6, 14, 255))  # pier deck
        for x in range(1520, 2900, 90):
            d.rectangle([x, 1180, x + 14, 1290], fill=(5, 6, 14, 255))
        for i in range(22):
            x = 120 + i * 128
            d.rectangle([x - 3, 1014, x + 3, 1040], fill=(10, 10, 20, 255))
            d.ellipse([x - 9, 991, x + 9, 1009], fill=(255, 236, 200, 255))
    img = sharp_layer(img, pier)
    img = vignette(img, 0.45)
    img = label(img, "PLACEHOLDER STILL 1", anchor_xy=(150, 1530), size=96,
                fill=(255, 255, 255, 230), tracking=10)
    return grain(img, seed=11)


def still_2() -> Image.Image:
    """Neon club interior: crimson room, vertical tubes, pole and oval stage."""
    w, h = STILL_SIZE
    img = vertical_gradient(STILL_SIZE, [
        (0.0, (20, 3, 14)), (0.55, (44, 6, 32)), (1.0, (10, 2, 8)),
    ])
    haze = Glow(STILL_SIZE, scale=8)
    haze.ellipse([600, -300, 2400, 1100], fill=(90, 10, 60))
    haze.ellipse([-400, 800, 900, 1900], fill=(40, 10, 80))
    img = haze.apply(img, 220)

    tubes = [
        (260, 180, 1250, (255, 40, 120)), (520, 300, 1150, (170, 60, 255)),
        (2480, 300, 1150, (255, 40, 120)), (2740, 180, 1250, (255, 90, 60)),
        (900, 420, 900, (255, 80, 190)), (2100, 420, 900, (170, 60, 255)),
    ]
    for radius, width in ((110, 70), (30, 34)):
        g = Glow(STILL_SIZE, scale=4)
        for x, y0, y1, col in tubes:
            g.line([(x, y0), (x, y1)], fill=col, width=width)
        g.ellipse([1050, 1200, 1950, 1440], outline=(255, 70, 170), width=width)
        g.line([(1500, 0), (1500, 1320)], fill=(255, 200, 230), width=width // 2)
        img = g.apply(img, radius)

    # Floor reflection of the stage.
    floor = Glow(STILL_SIZE, scale=8)
    floor.ellipse([900, 1220, 2100, 1570], fill=(110, 20, 70))
    img = floor.apply(img, 120)

    def crisp(d: ImageDraw.ImageDraw) -> None:
        for x, y0, y1, col in tubes:
            d.line(
                [(x, y0), (x, y1)], fill=tuple(min(255, c + 120) for c in col) + (255,), width=12
            )
        d.ellipse([1050, 1200, 1950, 1440], outline=(255, 200, 235, 255), width=8)
        d.line([(1500, 0), (1500, 1320)], fill=(255, 240, 248, 255), width=8)
    img = sharp_layer(img, crisp)
    img = vignette(img, 0.5)
    img = label(img, "PLACEHOLDER STILL 2", anchor_xy=(150, 1560), size=96,
                fill=(255, 255, 255, 230), tracking=10)
    return grain(img, seed=22)


def still_3() -> Image.Image:
    """Cold winter morning: pale sky, low sun, building blocks, snow."""
    w, h = STILL_SIZE
    ground = 1180
    img = vertical_gradient(STILL_SIZE, [
        (0.0, (150, 172, 190)), (0.55, (214, 222, 228)), (0.70, (232, 226, 220)),
        (0.70, (236, 240, 244)), (1.0, (200, 210, 220)),
    ])
    sun = Glow(STILL_SIZE, scale=8)
    sun.ellipse([300, 450, 1300, 1250], fill=(120, 70, 30))
    img = sun.apply(img, 220)
    img = sharp_layer(img, lambda d: d.ellipse([700, 760, 900, 960], fill=(255, 226, 190, 235)))

    blocks = [
        (1100, 620, 1380), (1400, 760, 1640), (1660, 520, 1900), (1920, 700, 2180),
        (2200, 580, 2460), (2480, 800, 2700), (2720, 660, 3000), (0, 840, 260), (280, 940, 520),
    ]

    def town(d: ImageDraw.ImageDraw) -> None:
        for i, (x0, top, x1) in enumerate(blocks):
            shade = (74, 92, 112, 255) if i % 2 else (92, 110, 130, 255)
            d.rectangle([x0, top, x1, ground], fill=shade)
            # Windows: regular grid of pale warm lights, a few lit.
            for row, y in enumerate(range(top + 50, ground - 60, 70)):
                for col, x in enumerate(range(x0 + 30, x1 - 30, 56)):
                    if (row * 7 + col * 3 + i) % 5 == 0:
                        d.rectangle([x, y, x + 22, y + 34], fill=(255, 214, 150, 220))
        # Snowy foreground.
        d.rectangle([0, ground, w, h], fill=(238, 242, 246, 255))
    img = sharp_layer(img, town)

    # Long, soft shadows cast to the right across the snow.
    shadow = Image.new("L", STILL_SIZE, 0)
    sd = ImageDraw.Draw(shadow)
    for x0, _top, x1 in blocks:
        sd.polygon([(x0, ground), (x1, ground), (x1 + 300, ground + 90), (x0 + 300, ground + 90)],
                   fill=90)
    shadow = shadow.filter(ImageFilter.GaussianBlur(10))
    img = Image.composite(Image.new("RGB", STILL_SIZE, (150, 168, 190)), img, shadow)
    soft = Glow(STILL_SIZE, scale=8)
    soft.rectangle([0, ground - 80, w, ground + 40], fill=(40, 40, 40))
    img = soft.apply(img, 60)
    img = vignette(img, 0.25)
    img = label(img, "PLACEHOLDER STILL 3", anchor_xy=(150, 1530), size=96,
                fill=(29, 42, 53, 240), tracking=10, shadow=False)
    return grain(img, seed=33)


# --------------------------------------------------------------------------- #
# Portraits (abstract silhouettes)
# --------------------------------------------------------------------------- #

def silhouette_mask(size: tuple[int, int]) -> Image.Image:
    w, h = size
    m = Image.new("L", size, 0)
    d = ImageDraw.Draw(m)
    cx = w / 2
    d.ellipse([cx - 210, 330, cx + 210, 850], fill=255)                   # head
    d.rounded_rectangle([cx - 95, 780, cx + 95, 1000], radius=40, fill=255)  # neck
    d.ellipse([cx - 520, 930, cx + 520, 1900], fill=255)                  # shoulders
    return m.filter(ImageFilter.GaussianBlur(2))


def portrait(stops, rim: RGB, accent: RGB, figure: RGB, seed: int) -> Image.Image:
    img = vertical_gradient(PORTRAIT_SIZE, stops)
    w, h = PORTRAIT_SIZE
    g = Glow(PORTRAIT_SIZE, scale=4)
    g.ellipse([-300, -200, 700, 800], fill=accent)
    g.ellipse([600, 700, 1500, 1600], fill=tuple(c // 2 for c in accent))
    img = g.apply(img, 200)

    mask = silhouette_mask(PORTRAIT_SIZE)
    # Rim light: blurred silhouette offset up-left, in the rim colour.
    rim_mask = ImageChops.offset(mask, -14, -12).filter(ImageFilter.GaussianBlur(26))
    img = ImageChops.screen(img, Image.composite(Image.new("RGB", PORTRAIT_SIZE, rim),
                                                 Image.new("RGB", PORTRAIT_SIZE, 0), rim_mask))
    # Figure, with a gentle vertical gradient of its own.
    fig = vertical_gradient(PORTRAIT_SIZE, [(0.0, lerp(figure, rim, 0.18)), (1.0, figure)])
    img = Image.composite(fig, img, mask)
    img = vignette(img, 0.35)
    img = label(img, "PLACEHOLDER PORTRAIT", anchor_xy=(w / 2, 1390), size=60,
                fill=(255, 255, 255, 235), tracking=8, align="center")
    return grain(img, seed=seed)


def director_portrait() -> Image.Image:
    return portrait([(0.0, (18, 52, 70)), (1.0, (6, 16, 26))],
                    rim=(120, 220, 235), accent=(30, 110, 130), figure=(10, 20, 30), seed=44)


def cast_portrait() -> Image.Image:
    return portrait([(0.0, (92, 36, 52)), (1.0, (26, 8, 18))],
                    rim=(255, 170, 140), accent=(160, 60, 80), figure=(26, 10, 18), seed=55)


PLACEHOLDER_LOGOS = {
    # file: (mark colour, name on two lines, note)
    "placeholder-pictures.svg": (
        "#8c6a2f",
        ("PLACEHOLDER", "PICTURES"),
        "example.org · not a real company",
    ),
    "placeholder-sales.svg": (
        "#2f5d8c",
        ("EXAMPLE", "SALES AGENT"),
        "example.org · not a real company",
    ),
    "placeholder-fund.svg": ("#3d7a4a", ("PLACEHOLDER", "FUND"), "example.org · not a real fund"),
}


def placeholder_logo(colour: str, name: tuple[str, str], note: str) -> str:
    """A logo-shaped SVG that says it is a placeholder: a mark, the name on two lines, a note."""
    font = 'font-family="Noto Sans, DejaVu Sans, sans-serif"'
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 280 90" width="280" height="90">'
        f'<rect x="4" y="13" width="64" height="64" rx="14" fill="{colour}"/>'
        '<path d="M22 61 L36 29 L50 61 Z" fill="#ffffff"/>'
        f'<text x="80" y="38" {font} font-size="20" font-weight="bold" '
        f'fill="{colour}">{name[0]}</text>'
        f'<text x="80" y="62" {font} font-size="20" font-weight="bold" '
        f'fill="{colour}">{name[1]}</text>'
        f'<text x="80" y="80" {font} font-size="11" fill="#55504a">{note}</text>'
        "</svg>\n"
    )


def main() -> None:
    (OUT / "logos").mkdir(exist_ok=True)
    for name, (colour, title, note) in PLACEHOLDER_LOGOS.items():
        (OUT / "logos" / name).write_text(placeholder_logo(colour, title, note), encoding="utf-8")
    save(key_art(), "key-art.jpg")
    save(still_1(), "still-01.jpg")
    save(still_2(), "still-02.jpg")
    save(still_3(), "still-03.jpg")
    save(director_portrait(), "director.jpg")
    save(cast_portrait(), "cast-mikey-madison.jpg")


if __name__ == "__main__":
    main()
