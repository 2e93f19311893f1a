"""The image pipeline: kit pictures made fit for a screen edition.

Orientation from EXIF is applied, CMYK, alpha and embedded profiles become
plain sRGB, and pictures are shrunk to what the edition needs (JPEG draft mode
decodes a large still at a fraction of its size instead of in full).
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw, ImageFile, ImageFont, ImageOps

from .errors import KitError, Problem
from .load import display_path
from .model import Kit, slugify

SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Picture:
    """A prepared image and the name it has inside an edition."""

    href: str
    data: bytes
    media_type: str
    width: int
    height: int


def kit_images(kit: Kit) -> list[tuple[str, str]]:
    """(field, kit-relative path) of every picture the kit uses, in reading order."""
    found = [("key_art", kit.key_art)]
    if kit.director:
        found.append(("director.photo", kit.director.photo))
    found += [(f"cast[{i}].photo", member.photo) for i, member in enumerate(kit.cast)]
    found += [(f"stills[{i}].file", still.file) for i, still in enumerate(kit.stills)]
    return [(field, path) for field, path in found if path]


def prepare_all(kit: Kit, kit_dir: Path, max_side: int, quality: int) -> dict[str, Picture]:
    """Kit-relative path -> Picture, for every image of the kit; all failures at once."""
    pictures: dict[str, Picture] = {}
    problems = []
    for field, relative in kit_images(kit):
        if relative in pictures:
            continue
        href = f"images/{len(pictures) + 1:02d}-{slugify(Path(relative).stem) or 'image'}"
        try:
            pictures[relative] = prepare(kit_dir / relative, href, max_side, quality)
        except (OSError, ValueError, Image.DecompressionBombError) as error:
            problems.append(Problem(display_path(kit_dir / relative), None, field, f"cannot decode the image ({error})"))
    if problems:
        raise KitError(problems)
    return pictures


def prepare(path: Path, href: str, max_side: int, quality: int) -> Picture:
    """One picture at most `max_side` pixels on its long side, as sRGB JPEG or PNG."""
    with Image.open(path) as original, _strict_decoding():
        if original.format == "JPEG" and _usable_as_is(original, max_side):
            original.load()  # decoded only to prove the file whole
            return Picture(f"{href}.jpg", path.read_bytes(), "image/jpeg", *original.size)
        keep_png = original.format == "PNG"
        if original.format == "JPEG":
            original.draft("RGB", (max_side, max_side))
        image = to_srgb(ImageOps.exif_transpose(original))
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if keep_png:
        image.save(out, "PNG", optimize=True)
        return Picture(f"{href}.png", out.getvalue(), "image/png", *image.size)
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return Picture(f"{href}.jpg", out.getvalue(), "image/jpeg", *image.size)


@contextmanager
def _strict_decoding():
    """A cut-off file is an error, not a picture with a grey band.

    WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when imported.
    """
    saved, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _usable_as_is(image: Image.Image, max_side: int) -> bool:
    """A small, upright, untagged RGB JPEG is passed through byte for byte."""
    return (
        max(image.size) <= max_side
        and image.mode in ("RGB", "L")
        and not image.info.get("icc_profile")
        and image.getexif().get(0x0112, 1) == 1
    )


def to_srgb(image: Image.Image) -> Image.Image:
    """Plain sRGB: profiles converted, CMYK converted, transparency laid on white."""
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            return ImageCms.profileToProfile(image, source, SRGB, outputMode="RGB")
        except ImageCms.PyCMSError:
            pass  # a broken profile: fall back to the plain conversion below
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


COVER_SIZE = (1600, 2134)
"""3:4, the shape Kobo shows a cover at without bands."""


def typographic_cover(title: str, lines: list[str], serif: Path, sans: Path) -> bytes:
    """A cover picture made of type alone, for kits without key art."""
    size = COVER_SIZE
    width, height = size
    image = Image.new("RGB", size, (22, 22, 26))
    draw = ImageDraw.Draw(image)
    font_size = 200
    while font_size > 60:
        font = ImageFont.truetype(str(serif), font_size)
        if draw.textbbox((0, 0), title, font=font)[2] <= width * 0.84:
            break
        font_size -= 10
    draw.text((width / 2, height * 0.42), title, font=font, fill=(244, 240, 232), anchor="ms")
    draw.line((width * 0.42, height * 0.46, width * 0.58, height * 0.46), fill=(200, 164, 92), width=4)
    small = ImageFont.truetype(str(sans), 54)
    for i, line in enumerate(lines):
        draw.text((width / 2, height * 0.52 + i * 84), line, font=small, fill=(214, 208, 198), anchor="ms")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()
