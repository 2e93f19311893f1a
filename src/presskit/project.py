"""A project's folders: where its kit, outputs, cache and theme folders are, and its files listed
without following links.

Everything above reads a project's files through these paths; this module imports nothing heavy,
so that the command's quick check (output/record.py) stays a fraction of a second.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from presskit.errors import CACHE_FOLDER, EDITOR_FOLDER, StorageError

if TYPE_CHECKING:
    from presskit.warm import Warm


DEFAULT_THEME = Path(__file__).parent / "theme"
"""presskit's own templates and styles (links to the repository's, inside the wheel)."""


LOCALE_DIR = Path(__file__).parent / "locale"
"""presskit's own label catalogues."""


THEME_FOLDERS = ("templates", "styles", "locale")
"""The folders beside `kit/` with which a project changes presskit's look and labels."""


SMALL = 1 << 20
"""Files up to this size are fingerprinted by content; larger ones (photographs) by size and
time."""


def find_kit_file(project: Path, kit_path: Path | None) -> Path:
    """`--kit` may name the kit folder or its presskit.yaml; the default is `project/kit`."""
    kit_path = kit_path or project / "kit"
    return kit_path if kit_path.is_file() else kit_path / "presskit.yaml"


def output_folder(project: Path, out: Path | None) -> Path:
    """Where a build writes: `--out`, or the project's `dist/`."""
    return out or project / "dist"


CACHE_LINK = (
    "a link stands here, and presskit writes nothing through links: delete it (the cache is safe"
    " to delete)"
)


def cache_folder(project: Path) -> Path:
    """The project's cache (pictures, build record), where no folder presskit writes into is a
    link: one that led out of the project would have presskit write there."""
    folder = project / CACHE_FOLDER
    for path in (folder, folder / "images", folder / "images" / "files"):
        if path.is_symlink():
            raise StorageError(path, CACHE_LINK)
    return folder


def search_path(project: Path) -> dict[str, tuple[Path, Path]]:
    """Where templates, styles and labels are looked for: for each theme folder, the project's
    (whether it is there or not) before presskit's own. The theme looks files up along it and
    the build key hashes it, so a build is never answered from the record with a theme other
    than the one it would use. Defined here, where nothing heavy is imported: the command's
    quick check must not load Jinja."""
    own = {"templates": DEFAULT_THEME / "templates", "styles": DEFAULT_THEME / "styles",
           "locale": LOCALE_DIR}
    return {folder: (project / folder, own[folder]) for folder in THEME_FOLDERS}


def outside(path: Path, root: Path) -> bool:
    """Whether a link leads `path` out of the folder `root` (resolved), or nowhere (a loop)."""
    try:
        return not path.resolve().is_relative_to(root)
    except RuntimeError:
        return True


def entries(folder: Path) -> Iterator[tuple[str, Path, os.stat_result]]:
    """Every file and link under `folder`, by its name relative to it, with its own status (not
    its target's): links are not followed, pipes and devices are left out, and a sub-folder
    that cannot be listed is passed over, as is the editor's own folder (its undo history is no
    input of a build)."""
    for parent, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if name != EDITOR_FOLDER)
        for name in sorted(folders + files):
            path = Path(parent, name)
            try:
                status = path.lstat()
            except OSError:
                continue
            if stat.S_ISREG(status.st_mode) or stat.S_ISLNK(status.st_mode):
                yield path.relative_to(folder).as_posix(), path, status


def folder_files(folder: Path, warm: Warm | None = None) -> Iterator[tuple[str, str]]:
    """Every file and link under `folder` and what marks its content: a small file's hash (with
    `warm`, the one an earlier build found, while the file is unchanged), a large one's size and
    time, a link's target (as written), `unreadable` for a file presskit may not read (the build
    reads it only if the kit names it, and says so then)."""
    for name, path, status in entries(folder):
        if stat.S_ISLNK(status.st_mode):
            mark = f"link {os.readlink(path)}"
        elif status.st_size > SMALL:
            mark = f"{status.st_size}:{status.st_mtime_ns}"
        else:
            hashed = partial(_content_hash, path)
            try:
                mark = warm.of_file(path, "sha256", hashed) if warm else hashed()
            except OSError:
                mark = "unreadable"
        yield name, mark


def _content_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
