"""The kit's folder, through which every file a kit names is read: inside it, no link out of it,
of a kind and size presskit reads (pictures by their header, Markdown as text, a print shop's
colour profile checked to be one)."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, UnidentifiedImageError
from pydantic_core import PydanticCustomError

from presskit.errors import EDITOR_FOLDER, KitError, display_path, terminal_safe
from presskit.kit.picture_files import IMAGE_FORMATS, strict_decoding
from presskit.kit.text import pasted, read_text

if TYPE_CHECKING:
    from presskit.warm import Warm


MAX_IMAGE_PIXELS = 150_000_000
"""A 50-megapixel still is ordinary, a 100-megapixel scan possible; 150 million pixels is
refused as a decompression bomb, from the file's header, before anything is decoded."""


MAX_PROFILE_BYTES = 16 << 20
"""A print shop's ICC profile is a few megabytes at most."""


class KitFolder:
    """The files a kit may use: regular files inside its own folder, nothing else.
    For a translation, `X.<lang>.md` is read in place of `X.md` where it exists."""

    def __init__(
        self,
        root: Path,
        lang: str | None = None,
        warm: Warm | None = None,
        unsaved: Mapping[str, str] | None = None,
    ):
        self.root = root.resolve()
        self.lang = lang
        self.warm = warm
        self.unsaved = unsaved or {}
        """Texts an editor has not saved yet, by their path in the folder: read as the files."""
        self.read: dict[str, tuple[str, int]] = {}
        """Each Markdown text read, and the file and line it starts at, to point problems there."""

    def localized(self, value: object) -> bool:
        """Whether `value` names a Markdown file that has a version in this folder's language."""
        return bool(
            self.lang
            and isinstance(value, str)
            and value.strip().endswith(".md")
            and (
                self._in_language(value.strip()) in self.unsaved
                or (self.root / self._in_language(value.strip())).is_file()
            )
        )

    def _in_language(self, relative: str) -> str:
        return f"{relative[:-3]}.{self.lang}.md"

    def resolve(self, relative: str) -> Path:
        shown = terminal_safe(relative)
        if Path(relative).is_absolute() or relative.startswith(("/", "\\", "~")):
            why = "'{path}' must be a path relative to the kit folder"
            raise PydanticCustomError("path", why, {"path": shown})
        try:
            path = (self.root / relative).resolve()
        except (RuntimeError, OSError):  # a loop of links (RuntimeError in Python 3.11)
            why = "'{path}' is a symbolic link that leads back to itself: replace it with the file"
            raise PydanticCustomError("path", why, {"path": shown}) from None
        if not path.is_relative_to(self.root):
            why = "'{path}' points outside the kit folder"
            raise PydanticCustomError("path", why, {"path": shown})
        if not path.exists():
            found = {"path": display_path(self.root / relative)}
            if meant := self.meant(relative):
                why = "file not found: {path}; did you mean `{meant}`?"
                raise PydanticCustomError("path", why, {**found, "meant": terminal_safe(meant)})
            raise PydanticCustomError("path", "file not found: {path}", found)
        if not path.is_file():
            raise PydanticCustomError(
                "path", "{path} is not a file", {"path": display_path(self.root / relative)}
            )
        return path

    MAX_FILES = 10_000
    """The files looked at for a "did you mean": a kit folder holds a few dozen."""

    def meant(self, relative: str) -> str | None:
        """The one file of the kit folder named as `relative` is, but for upper and lower case
        or its folder (`Still-01.JPG`, `kit/images/still-01.jpg`, `still-01.jpg` for
        `images/still-01.jpg`), if exactly one is."""
        name, found, seen = Path(relative).name.casefold(), [], 0
        for folder, folders, names in os.walk(self.root):
            folders[:] = [name for name in folders if name != EDITOR_FOLDER]
            seen += len(names)
            if seen > self.MAX_FILES:
                return None
            found += [Path(folder, n) for n in names if n.casefold() == name]
        files = [
            Path(os.path.relpath(p, self.root)).as_posix()
            for p in found
            if p.is_file() and not p.is_symlink()
        ]
        return files[0] if len(files) == 1 else None

    def read_markdown(self, relative: str) -> str:
        relative = self._in_language(relative) if self.localized(relative) else relative
        unsaved = self.unsaved.get(relative)
        path = self.resolve(relative) if unsaved is None else self.root / relative
        shown = display_path(path)
        try:
            text = read_text(path, shown, unsaved)
        except KitError as error:
            problem = error.problems[0]
            found = {"reason": problem.message, "file": problem.file, "line": problem.line}
            raise PydanticCustomError("text", "{reason}", found) from None
        if not text.strip():
            raise PydanticCustomError("text", "{path} is empty", {"path": terminal_safe(relative)})
        text = pasted(text)
        content = text.lstrip("\n").rstrip()
        self.read[content] = (display_path(path), len(text) - len(text.lstrip("\n")) + 1)
        return content

    def check_profile(self, relative: str) -> str:
        """A print shop's colour profile: a CMYK printer profile inside the kit folder."""
        path, shown = self.resolve(relative), terminal_safe(relative)
        if path.stat().st_size > MAX_PROFILE_BYTES:
            why = "{path} is larger than a colour profile can be (16 MB)"
            raise PydanticCustomError("profile", why, {"path": shown})
        if why := profile_problem(path.read_bytes()):
            raise PydanticCustomError("profile", "{path} {why}", {"path": shown, "why": why})
        return Path(os.path.relpath(path, self.root)).as_posix()

    def check_image(self, relative: str) -> str:
        """Refuse what the image pipeline could not use, before any pixel is decoded."""
        path, shown = self.resolve(relative), terminal_safe(relative)
        why = "{path} is larger than presskit accepts ({limit} million pixels)"
        limit = MAX_IMAGE_PIXELS // 10**6
        too_large = PydanticCustomError("image", why, {"path": shown, "limit": limit})
        try:
            header = partial(_image_header, path)
            warm = self.warm
            kind, (width, height) = warm.of_file(path, "header", header) if warm else header()
        except Image.DecompressionBombError:
            raise too_large from None
        except (UnidentifiedImageError, OSError):
            why = "{path} is not an image presskit can read (JPEG, PNG, WebP or TIFF)"
            raise PydanticCustomError("image", why, {"path": shown}) from None
        except ValueError:  # Pillow refusing metadata that inflates past its limits (zTXt)
            why = "{path} holds metadata larger than a picture needs, or is damaged: save it again"
            raise PydanticCustomError("image", why, {"path": shown}) from None
        if kind not in IMAGE_FORMATS:
            why = "{path} is a {kind} image: use JPEG, PNG, WebP or TIFF"
            raise PydanticCustomError("image", why, {"path": shown, "kind": kind})
        if width * height > MAX_IMAGE_PIXELS:
            raise too_large
        return Path(os.path.relpath(path, self.root)).as_posix()


def _image_header(path: Path) -> tuple[str, tuple[int, int]]:
    """A picture's format and size, read from its header."""
    with warnings.catch_warnings(), strict_decoding():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path) as image:
            return image.format, image.size


def profile_problem(data: bytes) -> str | None:
    """Why `data` cannot be a print edition's output intent, or None: it must be an ICC
    profile of a printer (class `prtr`) in CMYK, the colour space the pictures may use."""
    if len(data) < 128 or data[36:40] != b"acsp":
        return "is not an ICC colour profile: ask the print shop for its press profile (.icc)"
    kind, space = data[12:16].decode("latin-1").strip(), data[16:20].decode("latin-1").strip()
    if kind != "prtr":
        return (f"is a profile of class '{kind}', not a printing condition: ask the print shop "
                "for its CMYK press profile (class 'prtr'), such as PSOcoated_v3.icc")
    if space != "CMYK":
        return f"is a printer profile in {space}: the print edition needs a CMYK press profile"
    return None
