"""What a process that builds the same project again and again keeps from one build to the next
(`presskit serve`, or any program that calls `build(..., warm=Warm())` after each save).

A command builds once and exits; such a process would otherwise pay again, at every save, for
what did not change: compiling the templates, reading pictures back from the picture cache,
reading pictures' headers, hashing unchanged small files. A `Warm` is handed to `build()`
in the open and holds those, each keyed by what it was made from, so that nothing in it can
be out of date:

- compiled templates, by template and the SHA-1 of its source (Jinja's bytecode cache);
- prepared pictures, by their picture-cache key, which holds the digest of the picture's file
  and every parameter they are made with;
- what is read from a file (a small file's hash, a picture's header as the loader checks it),
  by its path and status (device, inode, size, modification and change times), as the
  pictures' digests are noted in the picture cache and the build record trusts an output.

What a build did not use is dropped at its end (`sweep`), so a long session holds one build's
worth of pictures, not every version of every picture. Builds that share a `Warm` run one after
the other (as builds into one output folder do: output.locked).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

import jinja2

Value = TypeVar("Value")


class Kept(Generic[Value]):
    """Values by key, each kept while builds use it: one a build did not ask for is dropped when
    it ends (`sweep`)."""

    def __init__(self) -> None:
        self.values: dict[object, Value] = {}
        self.used: set[object] = set()

    def get(self, key: object, make: Callable[[], Value]) -> Value:
        if key not in self.values:
            self.values[key] = make()
        self.used.add(key)
        return self.values[key]

    def learn(self, values: dict[object, Value]) -> None:
        """Values made elsewhere (by a forked process of the build) for the same keys."""
        self.values.update(values)
        self.used.update(values)

    def sweep(self) -> None:
        self.values = {key: value for key, value in self.values.items() if key in self.used}
        self.used = set()


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates, in memory: Jinja checks each against its template's source
    (a changed template is compiled again), and the templates are found and read as before."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class Warm:
    """What builds in one process keep for the next ones (see the module's docstring)."""

    def __init__(self) -> None:
        self.templates = CompiledTemplates()
        self.pictures: Kept = Kept()
        """Prepared pictures by their cache key, and the originals' headers by their digest."""
        self.files: Kept = Kept()
        """What was read from files, by (path, what read it, the file's status)."""

    def of_file(self, path: Path, what: str, read: Callable[[], Value]) -> Value:
        """`read()`, which reads `what` of the file at `path`, worked out again only when the
        file's status changed (a file a link stands for: the link's target)."""
        status = os.stat(path)
        mark = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns,
                status.st_ctime_ns)
        return self.files.get((str(path), what, mark), read)

    def sweep(self) -> None:
        """Forget what the build that just ended did not use."""
        self.pictures.sweep()
        self.files.sweep()
