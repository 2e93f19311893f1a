"""The project's cache: bytes by key in a folder, each entry checked against its digest when read,
and files an output may hard-link to. Pictures made once are kept here between builds.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

from presskit.output.files import write_atomic


class Cache:
    """Bytes by key in a folder (or nowhere); written atomically, safe to share between builds.

    An entry starts with the SHA-256 of the bytes after it: one cut short or changed on disk
    (a full disk, a crash, a sync tool) is not used but made again, and its key is noted in
    `damaged`. A cache that cannot be written raises StorageError (from write_atomic). It is
    read without following links (a project is untrusted, its cache with it).
    """

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.damaged: list[str] = []

    def get(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            entry = _unlinked(self.folder / key)
        except OSError:
            return None
        digest, data = entry[:DIGEST_SIZE], entry[DIGEST_SIZE:]
        if hashlib.sha256(data).digest() != digest:
            self.damaged.append(key)
            return None
        return data

    def put(self, key: str, data: bytes) -> None:
        if self.folder is not None:
            write_atomic(self.folder / key, hashlib.sha256(data).digest() + data)

    def note(self, name: str) -> dict:
        """A small record the cache keeps (JSON): empty where there is none, or it is damaged."""
        try:
            found = json.loads(_unlinked(self.folder / f"{name}.json"))
        except (OSError, TypeError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}

    def set_note(self, name: str, note: dict) -> None:
        if self.folder is not None and note != self.note(name):
            write_atomic(self.folder / f"{name}.json", json.dumps(note).encode("utf-8"))

    def file(self, name: str, make: Callable[[], bytes], replaces: str = "") -> Path | None:
        """A file of the cache that an output may hard-link to, as it is: made once by `make`.
        Its bytes carry no digest, so it is trusted while it is the file (inode), of the size and
        time, that it was written as (noted beside it); a file changed since, through a link or
        not, is made again. The files whose names start with `replaces` are earlier versions of
        it, removed when it is made. None where there is no cache folder."""
        if self.folder is None:
            return None
        path = self.folder / "files" / name
        note = path.with_name(f"{name}.written")
        try:
            if _unlinked(note).decode("ascii") == _written(path):
                return path
        except (OSError, UnicodeDecodeError):
            pass  # not made yet, or its note lost: made again
        if replaces and path.parent.is_dir():
            for older in path.parent.glob(f"{glob.escape(replaces)}*"):
                older.unlink(missing_ok=True)
        write_atomic(path, make())
        write_atomic(note, _written(path).encode("ascii"))
        return path


def _written(path: Path) -> str:
    """What says a file has not changed since it was written: the file (its inode, on its
    device), its size and time. Not a link: a link is not trusted."""
    status = path.lstat()
    if not stat.S_ISREG(status.st_mode):
        raise OSError(f"{path} is not a file")
    return f"{status.st_dev} {status.st_ino} {status.st_size} {status.st_mtime_ns}"


def _unlinked(path: Path) -> bytes:
    """A file's bytes, where the file is not a link (which could lead out of the project)."""
    handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(handle, "rb") as file:
        return file.read()


DIGEST_SIZE = hashlib.sha256().digest_size
