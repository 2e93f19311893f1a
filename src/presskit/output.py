"""The only module that writes files, and it writes atomically.

Each file is written beside its target under a temporary name, flushed, then
renamed over the target (as Lektor and click's atomic files do): a reader sees
the old file or the new one, never half of one. A build stages all its outputs
this way and renames them only once every edition succeeded, so a failed build
leaves the previous outputs exactly as they were.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import BinaryIO


FORMATS = ("pdf", "print", "epub", "zip", "email", "site")
"""The editions a build can make, by their `--format` name; a bare build makes them all."""


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def write_atomic(path: Path, data: bytes) -> None:
    with staging() as stage:
        stage.write(path, data)


class Stage:
    """Outputs written under temporary names, waiting to be renamed into place."""

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []

    @contextmanager
    def open(self, path: Path) -> Iterator[BinaryIO]:
        """A file to write `path`'s content into; it takes `path`'s place when the stage commits."""
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        self.staged.append((Path(temporary), path))
        with os.fdopen(handle, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())

    def write(self, path: Path, data: bytes) -> None:
        with self.open(path) as file:
            file.write(data)

    def folder(self, path: Path) -> Path:
        """An empty folder to fill with `path`'s content; it replaces `path` as a whole when the
        stage commits, so no file of an earlier version is left behind in it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part"))
        self.staged.append((temporary, path))
        return temporary


@contextmanager
def staging() -> Iterator[Stage]:
    """Everything written in the block replaces its target at the end, or nothing does."""
    stage = Stage()
    try:
        yield stage
    except BaseException:
        discard(stage)
        raise
    for temporary, path in stage.staged:
        if temporary.is_dir():
            _replace_folder(temporary, path)
        else:
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)


def discard(stage: Stage) -> None:
    """Remove what a failed stage wrote: its targets stay as they were."""
    for temporary, _ in stage.staged:
        _remove(temporary)


def zip_date(moment: datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry's date: zip cannot say anything before 1980 (SOURCE_DATE_EPOCH=0 is common)."""
    return max(moment.replace(tzinfo=None), datetime(1980, 1, 1)).timetuple()[:6]


def _replace_folder(new: Path, path: Path) -> None:
    """Folders cannot be renamed over one another: the old one steps aside first."""
    os.chmod(new, 0o755)
    old = path.with_name(f".{path.name}.old-{os.getpid()}")
    if path.exists():
        os.replace(path, old)
    os.replace(new, path)
    _remove(old)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
