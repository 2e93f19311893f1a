"""Pictures dropped on the page, into `kit/images/`: safe names, never replaced unasked, and
checked as the build checks the kit's pictures.

A raster picture is staged in the editor's own folder and checked by the loader's own test
(kit.folder.KitFolder.check_image: a format presskit reads, not a decompression bomb) before it is
moved into place; an SVG is cleaned by svg.sanitised, as every edition prints it, and what is
saved is the cleaned drawing; one that could run or fetch something is refused with the
build's words. The name is made from the file's own (slugified), its extension from what the
file is, not what it is called.
"""

from __future__ import annotations

import io
import secrets
import shutil
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import unquote

from PIL import Image
from pydantic_core import PydanticCustomError

from presskit.editor.document import KitDocument
from presskit.errors import EDITOR_FOLDER
from presskit.kit import svg
from presskit.kit.folder import KitFolder
from presskit.kit.model import slugify
from presskit.kit.picture_files import IMAGE_FORMATS, strict_decoding
from presskit.output.files import write_atomic

FOLDER = "images"
PRINT_PIXELS = 1800
"""A picture with a long side under this prints at under 300 ppi at 15 cm (half an A4 page):
worth a word before the layout says exactly."""
SHOWN_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


@dataclass(frozen=True)
class Upload:
    name: str
    """The name the file had on the publicist's computer (X-Filename, percent-encoded)."""
    kind: str
    data: bytes
    overwrite: bool


@dataclass(frozen=True)
class Answer:
    status: HTTPStatus
    payload: dict


def refused(message: str) -> Answer:
    return Answer(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": message})


def accept(document: KitDocument, upload: Upload) -> Answer:
    """Check the upload and put it into kit/images/: 201, 409 (the name is taken), 422."""
    original = unquote(upload.name).replace("\\", "/").rsplit("/", 1)[-1]
    stem = slugify(Path(original).stem)[:80] or "picture"
    is_svg = upload.kind == "image/svg+xml" or original.lower().endswith(".svg")
    if is_svg:
        try:
            content = svg.sanitised(upload.data.decode("utf-8")).encode("utf-8")
        except UnicodeDecodeError:
            return refused(f"{original}: an SVG must be UTF-8 text")
        except svg.Refused as why:
            return refused(
                f"{original}: {why}; export it again without it (as plain SVG), or use a PNG"
            )
        extension, size = "svg", None
    else:
        found = raster(document, original, upload.data)
        if isinstance(found, Answer):
            return found
        extension, size = found
        content = upload.data
    relative = f"{FOLDER}/{stem}.{extension}"
    target = document.writable(relative)
    if target is None:
        return refused(f"kit/{FOLDER} is not a folder inside the kit: make it one")
    if target.exists() and not upload.overwrite:
        return Answer(
            HTTPStatus.CONFLICT,
            {"error": f"kit/{relative} already exists: replace it, or rename your file",
             "path": relative},
        )
    target.parent.mkdir(exist_ok=True)
    write_atomic(target, content)
    return Answer(HTTPStatus.CREATED, {"path": relative, "advice": advice(relative, size)})


def raster(document: KitDocument, original: str, data: bytes) -> tuple[str, tuple] | Answer:
    """The extension and pixel size of a JPEG, PNG, WebP or TIFF, checked as the loader checks
    a kit's picture; or why it is refused."""
    try:
        with strict_decoding(), Image.open(io.BytesIO(data)) as image:
            kind = image.format
    except Exception:
        return refused(f"{original} is not an image presskit can read (JPEG, PNG, WebP or TIFF)")
    if kind not in IMAGE_FORMATS:
        return refused(f"{original} is a {kind} image: use JPEG, PNG, WebP or TIFF")
    extension = IMAGE_FORMATS[kind][0]
    staging = document.root / EDITOR_FOLDER / f"upload-{secrets.token_hex(4)}"
    staged = staging / FOLDER / f"picture.{extension}"
    try:
        write_atomic(staged, data)
        KitFolder(staging).check_image(f"{FOLDER}/{staged.name}")
    except PydanticCustomError as why:
        return refused(why.message().replace(f"{FOLDER}/{staged.name}", original))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    with Image.open(io.BytesIO(data)) as image:
        return extension, image.size


def advice(relative: str, size: tuple[int, int] | None) -> list[dict]:
    """What to say of a new picture before the layout can: one too small to print well."""
    if size is None or max(size) >= PRINT_PIXELS:
        return []
    width, height = size
    message = (
        f"{relative} is {width} × {height} pixels: printed larger than "
        f"{max(size) / 300 * 2.54:.1f} cm it falls under the 300 ppi a print shop needs"
    )
    return [{"path": "", "file": f"kit/{relative}", "line": None, "column": None,
             "message": message, "severity": "warning"}]


def shown_picture(document: KitDocument, relative: str) -> tuple[bytes, str] | None:
    """A picture of the kit folder as the page may show it: JPEG, PNG and WebP as they are,
    an SVG as presskit cleans it, TIFF as PNG; nothing else, nothing outside the folder."""
    names = [n for n in relative.split("/") if n]
    if not names or any(n.startswith(".") for n in names):
        return None
    path = document.root.joinpath(*names).resolve()
    if not path.is_file() or not path.is_relative_to(document.root):
        return None
    extension = path.suffix.lower().lstrip(".")
    if extension in SHOWN_TYPES:
        return path.read_bytes(), SHOWN_TYPES[extension]
    if extension == "svg":
        try:
            return svg.sanitised(path.read_text(encoding="utf-8")).encode(), "image/svg+xml"
        except (svg.Refused, UnicodeDecodeError, OSError):
            return None
    if extension in ("tif", "tiff"):
        try:
            with strict_decoding(), Image.open(path) as image:
                image.thumbnail((1600, 1600))
                stream = io.BytesIO()
                image.convert("RGB").save(stream, "PNG")
                return stream.getvalue(), "image/png"
        except Exception:
            return None
    return None

