"""The image pipeline: every picture of a kit, made fit for each edition.

Screen editions (the e-mail PDF, the EPUB) get upright, plain sRGB pictures no
larger than they need: EXIF orientation applied, CMYK, alpha and embedded
profiles converted, large JPEGs decoded in draft mode at a fraction of their
size. The print edition and the press pack get the original bytes. The layout gets proxies:
pictures that only declare the size of the ones they stand for (`proxy`).

Each result is stored in a content-addressed cache (file hash + parameters),
each entry checked against its own digest when read, so an unchanged picture is
never processed twice and a damaged entry is made again, and pictures are processed
in parallel threads (Pillow releases the GIL while decoding and resizing).
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import threading
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageCms, ImageDraw, ImageFont, ImageOps

from presskit.errors import KitError, Locator, Problem, display_path
from presskit.kit.model import Kit, slugify
from presskit.kit.picture_files import IMAGE_FORMATS, strict_decoding
from presskit.output.cache import Cache

if TYPE_CHECKING:
    from presskit.warm import Kept

SRGB = ImageCms.createProfile("sRGB")
ORIENTATION = 0x0112
"""The EXIF tag that says how a camera was turned."""
# The loader refuses bombs by size first.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
PIPELINE_VERSION = "5"
"""Part of every cache key: change it when the processing changes."""

RESIZABLE_MODES = {"L", "LA", "RGB", "RGBA", "CMYK"}
"""Shrunk before their colours are converted (Pillow resizes these with alpha premultiplied)."""
PRINTABLE_MODES = {"1", "L", "LA", "P", "RGB", "RGBA", "CMYK"}
"""What WeasyPrint embeds as it is; other modes (16-bit greyscale, Lab…) are converted for print."""


@dataclass(frozen=True)
class Picture:
    """An image and the name it has inside an edition.

    Prepared pictures hold their bytes; originals only name their file, so that
    a print edition or a press pack of 200 MB of photographs is read from disk
    when it is written instead of being held in memory.
    """

    href: str
    content: bytes | None
    media_type: str
    width: int
    height: int
    path: Path | None = None

    @property
    def data(self) -> bytes:
        return self.content if self.content is not None else self.path.read_bytes()


Pictures = dict[str, Picture]
"""An edition's pictures, by their names in the kit (kit-relative paths)."""


@dataclass(frozen=True)
class Source:
    """One picture of the kit: where it is named, where it is, what it is called inside editions."""

    loc: tuple[str | int, ...]
    """Where the kit names it: ("stills", 0, "file")."""
    relative: str
    path: Path
    stem: str


def kit_images(kit: Kit) -> list[tuple[tuple[str | int, ...], str]]:
    """(where the kit names it, kit-relative path) of every picture the kit uses, in reading
    order."""
    return [(picture.loc, picture.file) for picture in kit.pictures()]


class Images:
    """The kit's pictures, prepared on demand for each edition."""

    def __init__(
        self, kit: Kit, kit_dir: Path, where: Locator, cache_dir: Path | None = None,
        warm: Kept | None = None,
    ):
        self.sources: dict[str, Source] = {}
        for loc, relative in kit_images(kit):
            if relative not in self.sources:
                stem = (f"images/{len(self.sources) + 1:02d}-"
                        f"{slugify(Path(relative).stem) or 'image'}")
                self.sources[relative] = Source(loc, relative, (kit_dir / relative).resolve(), stem)
        self.cache = Cache(cache_dir)
        self.warm = warm
        """The pictures that earlier builds in this process prepared, and the originals' headers
        they read (warm.Warm.pictures): each by what it is made from, so never out of date."""
        self.where = where
        """Where the kit names each picture, so a picture that fails to decode is reported there."""
        self.processed = 0
        """How many pictures were decoded and encoded (not found in the cache)."""
        self.progress: Callable[[int, int], None] | None = None
        """Told (done, total) as pictures are prepared, for a progress line on a terminal."""
        self._counting = threading.Lock()
        self._digests: dict[str, str] = {}
        self._originals: dict[str, Picture] | None = None
        self._unprintable: dict[str, tuple[int, int]] = {}
        self._damaged_profiles: list[str] = []

    def digest(self, relative: str) -> str:
        """The SHA-256 of a picture's file, which keys what is made of it. Every picture's is
        found at once, once a build; one whose file has the size, times and inode that the
        cache noted its digest with is not read again (as the build record trusts them to skip a
        build): 0.2 s for 190 MB of stills."""
        if not self._digests:
            self._digests = self._all_digests()
        return self._digests[relative]

    def _all_digests(self) -> dict[str, str]:
        noted = self.cache.note(DIGESTS)
        digests = {}
        for relative, source in self.sources.items():
            status = source.path.stat()
            mark = [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]
            known = noted.get(str(source.path))
            if not _noted_digest(known) or known[0] != mark:
                known = noted[str(source.path)] = [mark, _file_digest(source.path)]
            digests[relative] = known[1]
        current = {path: entry for path, entry in noted.items() if Path(path).exists()}
        self.cache.set_note(DIGESTS, current)
        return digests

    def for_screen(
        self, max_side: int, quality: int, least: int = 0, starts: Pictures | None = None,
    ) -> Pictures:
        """Every picture within a `max_side` square, upright sRGB: for the EPUB and the web.
        A JPEG may come out with a long side as short as `least` (see `shrunk`). Where `starts`
        holds a larger copy of a picture, it is made from that (see `_starting_point`)."""
        boxes = {relative: (max_side, max_side) for relative in self.sources}
        return self._each(boxes, quality, least, starts=starts)

    def fitted(
        self, boxes: dict[str, tuple[int, int]], quality: int, starts: Pictures | None = None,
        also: int | None = None,
    ) -> Pictures:
        """Every picture shrunk to fit its box in pixels (its placed size at the wanted resolution),
        from its copy in `starts` where that is larger. A picture decoded for it is encoded at
        quality `also` too, into the cache: the next quality a size budget may ask for costs no
        decoding."""
        return self._each(boxes, quality, starts=starts, also=also)

    def originals(self) -> dict[str, Picture]:
        """The files as they are, byte for byte: for the press pack. Their headers are read
        once a build, noting which ones a PDF cannot carry as they are."""
        if self._originals is None:
            self._originals, self._unprintable, self._damaged_profiles = {}, {}, []
            for relative, source in self.sources.items():
                read = partial(_original, source)
                original, damaged, printable = (
                    self.warm.get(("original", source, self.digest(relative)), read)
                    if self.warm is not None
                    else read()
                )
                self._originals[relative] = original
                if damaged:
                    self._damaged_profiles.append(relative)
                if not printable:
                    side = max(original.width, original.height)
                    self._unprintable[relative] = (side, side)
        return self._originals

    def warnings(self) -> list[Problem]:
        """What this process worked around: a picture with a damaged colour profile (taken as
        sRGB, and printed without it), a damaged cache entry (made again)."""
        self.originals()
        by_digest = {self.digest(relative): relative for relative in self.sources}
        repaired = dict.fromkeys(
            by_digest[key.split("-")[0]]
            for key in self.cache.damaged
            if key.split("-")[0] in by_digest
        )  # the laurels the press pack draws are cached too, and made again without a word
        profile = ("its colour profile is damaged, so the picture is taken as sRGB: "
                   "export it again with a working profile")
        cache = (f"the picture cache ({display_path(self.cache.folder or Path())}) "
                 "held a damaged copy, made again")
        return [
            *(
                self.where.problem(self.sources[relative].loc, f"{relative}: {profile}", "warning")
                for relative in self._damaged_profiles
            ),
            *(
                self.where.problem(self.sources[relative].loc, f"{relative}: {cache}", "warning")
                for relative in repaired
            ),
        ]

    def for_print(self) -> dict[str, Picture]:
        """The originals, but for those a PDF cannot carry as they are (turned by an EXIF tag,
        16-bit or Lab, or with a damaged colour profile): those upright, full size, in sRGB, as
        JPEG at quality 95 or PNG."""
        originals = self.originals()
        return {**originals, **self._each(self._unprintable, 95)}

    def _each(
        self, boxes: dict[str, tuple[int, int]], quality: int, least: int = 0,
        starts: Pictures | None = None, also: int | None = None,
    ) -> Pictures:
        def one(relative: str) -> Picture | Problem:
            source = self.sources[relative]
            try:
                start = (starts or {}).get(relative)
                return self._picture(source, boxes[relative], quality, least, start, also)
            except (OSError, ValueError, Image.DecompressionBombError) as error:
                return self.where.problem(
                    source.loc, f"{relative}: cannot decode the image ({error})"
                )

        results = {}
        with strict_decoding(), ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            for done, (relative, result) in enumerate(zip(boxes, pool.map(one, boxes)), 1):
                results[relative] = result
                if self.progress:
                    self.progress(done, len(boxes))
        problems = [result for result in results.values() if isinstance(result, Problem)]
        if problems:
            raise KitError(problems)
        return results  # type: ignore[return-value]

    def _picture(
        self, source: Source, box: tuple[int, int], quality: int, least: int,
        larger: Picture | None, also: int | None,
    ) -> Picture:
        start, via = _starting_point(source, box, larger)
        shape = f"{self.digest(source.relative)}-{box[0]}x{box[1]}-min{least}{via}"
        key = f"{shape}-q{quality}-v{PIPELINE_VERSION}"
        made = partial(self._prepared, source, start, box, least, quality, key, shape, also)
        return self.warm.get((key, source.stem), made) if self.warm is not None else made()

    def _prepared(
        self, source: Source, start: Callable[[], bytes], box: tuple[int, int], least: int,
        quality: int, key: str, shape: str, also: int | None,
    ) -> Picture:
        """The picture `key` names, from the cache, or made from `start()` into it."""
        cached = self.cache.get(key)
        if cached is None:
            made = shrunk(start(), box, least)
            cached = start() if made is None else encoded(made, quality)
            self.cache.put(key, cached)
            if made is not None and also is not None:
                self.cache.put(f"{shape}-q{also}-v{PIPELINE_VERSION}", encoded(made, also))
            with self._counting:
                self.processed += 1
        with Image.open(io.BytesIO(cached)) as image:
            extension, media_type = IMAGE_FORMATS[image.format]
            return Picture(f"{source.stem}.{extension}", cached, media_type, *image.size)


def _original(source: Source) -> tuple[Picture, bool, bool]:
    """The file as it is, from its header; whether its colour profile is damaged; whether a PDF
    can carry it as it is."""
    with Image.open(source.path) as image:
        extension, media_type = IMAGE_FORMATS[image.format]
        picture = Picture(
            f"{source.stem}.{extension}", None, media_type, *image.size, path=source.path
        )
        damaged = bool(image.info.get("icc_profile")) and colour_profile(image) is None
        printable = not damaged and image.mode in PRINTABLE_MODES and orientation(image) == 1
        return picture, damaged, printable


def _starting_point(
    source: Source, box: tuple[int, int], larger: Picture | None,
) -> tuple[Callable[[], bytes], str]:
    """What to shrink, and its part of the cache key: a `larger` copy (a screen picture, far
    cheaper to decode than a 6000-pixel original) when it covers the box, else the original."""
    if (
        larger
        and larger.width >= box[0]
        and larger.height >= box[1]
        and max(box) < max(larger.width, larger.height)
    ):
        return (lambda: larger.data), f"-via{larger.width}x{larger.height}"
    return source.path.read_bytes, ""


DIGESTS = "digests"
"""The cache's note of each picture's digest, by its path: [[size, times, inode], digest]."""


def _noted_digest(entry: object) -> bool:
    """Whether an entry of the digests' note is one (the note is the project's, so untrusted):
    [[size, time, change time, inode], 64 hexadecimal digits]."""
    return (
        isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], list)
        and isinstance(entry[1], str) and re.fullmatch("[0-9a-f]{64}", entry[1]) is not None
    )


def _file_digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


Shrunk = tuple[Image.Image, bool]
"""A decoded picture, ready to encode, and whether it is kept as PNG (it came as PNG)."""


def shrunk(data: bytes, box: tuple[int, int], least: int = 0) -> Shrunk | None:
    """The picture, upright, in sRGB and within `box`; None for a JPEG that already fits,
    upright, untagged and in RGB: it is used as it is, as re-encoding it would only lose quality.

    A JPEG that its decoder can scale by 1/2, 1/4 or 1/8 to a long side between `least`
    pixels and the box is decoded at that size and not resampled: four to ten times less
    work than decoding at the size just above the box and resampling it.
    """
    with Image.open(io.BytesIO(data)) as original:
        fits = original.width <= box[0] and original.height <= box[1]
        if original.format == "JPEG" and fits and _plain(original):
            original.load()  # decoded only to prove the file whole
            return None
        keep_png = original.format == "PNG"
        if original.format in ("JPEG", "MPO"):
            original.draft(
                "RGB",
                _draft_size(original.size, box if orientation(original) < 5 else box[::-1], least),
            )
        ImageOps.exif_transpose(original, in_place=True)
        image = original if original.mode in RESIZABLE_MODES else to_srgb(original)
        image.thumbnail(box, Image.Resampling.LANCZOS)
        # Converted after shrinking: converting colours costs by the pixel.
        return to_srgb(image), keep_png


def proxy(picture: Picture) -> Picture:
    """A stand-in for `picture` in the layout, "for position only" as prepress calls it: a grey
    8-pixel JPEG whose frame header declares the picture's size. WeasyPrint reads no more of a
    JPEG than its header to lay it out, and passes its bytes through to the PDF; both PDF editions
    then replace every proxy with their own pictures (assemble._placed). So the layout waits for no
    picture to be decoded, and the PDF it writes is small."""
    width, height = picture.width, picture.height
    if max(width, height) > JPEG_LARGEST:  # beyond what a JPEG can declare: the same shape
        scale = JPEG_LARGEST / max(width, height)
        width, height = max(1, round(width * scale)), max(1, round(height * scale))
    data = bytearray(GREY_JPEG)
    data[SIZE_AT:SIZE_AT + 4] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return Picture(picture.href, bytes(data), "image/jpeg", picture.width, picture.height)


def _grey_jpeg() -> tuple[bytes, int]:
    """An 8 × 8 grey baseline JPEG, and where its frame header (SOF0) holds its height and width:
    the segments after the start-of-image marker are walked by their lengths."""
    out = io.BytesIO()
    Image.new("L", (8, 8), 128).save(out, "JPEG")
    data, at = out.getvalue(), 2
    while data[at + 1] != 0xC0:
        at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
    return data, at + 5  # marker (2 bytes), length (2), precision (1), then height and width


GREY_JPEG, SIZE_AT = _grey_jpeg()
JPEG_LARGEST = 65535
"""The largest height or width a JPEG frame header holds."""


def encoded(made: Shrunk, quality: int) -> bytes:
    """The picture as JPEG at `quality`, or as PNG if it came as PNG."""
    image, keep_png = made
    out = io.BytesIO()
    if keep_png:
        image.save(out, "PNG", optimize=True)
    else:
        # Baseline: older e-readers refuse progressive JPEGs.
        image.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def _draft_size(size: tuple[int, int], box: tuple[int, int], least: int) -> tuple[int, int]:
    """What to ask a JPEG decoder for (it decodes at the strongest of its reductions, 1/2 to 1/8,
    that is not smaller): a long side of `least` or more when that is below the box, else the
    size the picture will have in the box."""
    fit = min(1, *(side / actual for side, actual in zip(box, size)))
    for scale in (8, 4, 2):
        if least and fit < 1 and max(size) // scale >= least:
            return size[0] // scale, size[1] // scale
    return max(1, math.floor(size[0] * fit)), max(1, math.floor(size[1] * fit))


def _plain(image: Image.Image) -> bool:
    """Upright, untagged, baseline RGB or grey: what every reader shows as it is."""
    return (
        image.mode in ("RGB", "L")
        and not image.info.get("icc_profile")
        and not image.info.get("progressive")
        and orientation(image) == 1
    )


def orientation(image: Image.Image) -> int:
    """How the camera was turned (EXIF: 1 upright to 8); 1 when the tag is missing or is not one
    of those numbers (written as text by some software): ignored, as Pillow's exif_transpose
    does."""
    value = image.getexif().get(ORIENTATION, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def to_srgb(image: Image.Image) -> Image.Image:
    """Plain sRGB: profiles converted, CMYK converted, transparency laid on white."""
    source = colour_profile(image) if image.mode in ("RGB", "CMYK") else None
    if source:
        try:
            return ImageCms.profileToProfile(image, source, SRGB, outputMode="RGB")
        except ImageCms.PyCMSError:
            pass  # a profile for other colours (CMYK on RGB): the plain conversion below
    if image.mode.startswith("I;16") or image.mode == "I":
        # 16-bit greyscale (scans, some PNGs): scaled to 8 bits, not clipped.
        scale = 1 / 256 if image.mode.startswith("I;16") or image.getextrema()[1] > 255 else 1
        return image.convert("I").point(lambda value: value * scale).convert("L").convert("RGB")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image if image.mode == "RGB" else image.convert("RGB")


def colour_profile(image: Image.Image) -> ImageCms.ImageCmsProfile | None:
    """The picture's embedded colour profile; None without one, or when it is damaged (Pillow
    raises OSError for a profile it cannot parse, not ImageCms's own error)."""
    profile = image.info.get("icc_profile")
    try:
        return ImageCms.ImageCmsProfile(io.BytesIO(profile)) if profile else None
    except (ImageCms.PyCMSError, OSError):
        return None


COVER_SIZE = (1600, 2134)
"""3:4, the shape Kobo shows a cover at without bands."""


def typographic_cover(title: str, lines: list[str], serif: Path, sans: Path) -> bytes:
    """A cover picture made of type alone, for kits without key art. A title is one line: line
    breaks pasted into it (\\r, U+2028, U+2029…) are spaces here, as in HTML."""
    title = " ".join(title.split())
    width, height = COVER_SIZE
    image = Image.new("RGB", COVER_SIZE, (22, 22, 26))
    draw = ImageDraw.Draw(image)
    font_size = 200
    while font_size > 60:
        font = ImageFont.truetype(str(serif), font_size)
        if draw.textbbox((0, 0), title, font=font)[2] <= width * 0.84:
            break
        font_size -= 10
    draw.text((width / 2, height * 0.42), title, font=font, fill=(244, 240, 232), anchor="ms")
    draw.line(
        (width * 0.42, height * 0.46, width * 0.58, height * 0.46), fill=(200, 164, 92), width=4
    )
    small = ImageFont.truetype(str(sans), 54)
    for i, line in enumerate(lines):
        draw.text(
            (width / 2, height * 0.52 + i * 84), line, font=small, fill=(214, 208, 198), anchor="ms"
        )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()
