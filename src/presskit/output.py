"""The only module that writes files, and it writes atomically.

Each file is written beside its target under a temporary name, flushed, then
renamed over the target (as Lektor and click's atomic files do): a reader sees
the old file or the new one, never half of one. A build stages all its outputs
this way and renames them only once every edition succeeded, so a failed build
leaves the previous outputs exactly as they were.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


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


@contextmanager
def staging() -> Iterator[Stage]:
    """Everything written in the block replaces its target at the end, or nothing does."""
    stage = Stage()
    try:
        yield stage
    except BaseException:
        for temporary, _ in stage.staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, path in stage.staged:
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
