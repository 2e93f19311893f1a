"""Incremental builds: what went into the last build, so an unchanged project is not built again.

A build writes `.presskit-cache/build-record.json`: a key made from every input
(the kit's files, the project's and presskit's templates and styles, presskit's
version, the options, SOURCE_DATE_EPOCH) and what it wrote. The next build with
the same key, whose outputs are still as written, stops there. This module
imports nothing heavy, so that check takes a fraction of a second: WeasyPrint is
not even imported.

When something did change, the record's entry for each output (the hash of that
output's own inputs, editions.job.Job.input_key) lets the build keep every output whose
inputs are the same: a new French synopsis rebuilds the French editions only.

The record also says what presskit made in each output folder, so a build can remove
the outputs it no longer makes (the title, and so the files' names, changed) and tell
apart the files it did not make, which it never touches.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from presskit import __version__
from presskit.errors import CACHE_FOLDER
from presskit.project import folder_files, outside, search_path

if TYPE_CHECKING:
    from presskit.warm import Warm


def record_path(project: Path) -> Path:
    return project / CACHE_FOLDER / "build-record.json"


def chosen(formats: Sequence[str], langs: Sequence[str], public: bool) -> list[str]:
    """What a build was asked for, as its key records it: the `--format` names (none: every
    edition), the languages, and `--public`. The command's quick check and the build itself
    both key on this, so that the record of a public build never answers for a press one."""
    return [*formats, *langs, *["--public"] * public]


def build_key(
    project: Path, kit_file: Path, out: Path, formats: Sequence[str], email_max_mb: float | None,
    warm: Warm | None = None,
) -> str:
    """A hash of everything a build's outputs depend on. Only the files a build may read are
    read: links are hashed by where they point, never followed, and a theme folder that leads
    out of the project is not looked into (the build refuses it). With `warm`, a small file
    hashed by an earlier build and unchanged since is not read again."""
    root = project.resolve()
    fingerprint = hashlib.sha256()
    folders = search_path(project).values()
    theirs = [(named, outside(named, root)) for named, _ in folders]
    own = [(presskit, False) for _, presskit in folders]
    for folder, refused in [(kit_file.parent, False), *theirs, *own]:
        fingerprint.update(f"{folder}\0{'outside' if refused else ''}\n".encode())
        for name, mark in [] if refused else folder_files(folder.resolve(), warm):
            fingerprint.update(f"{name}\0{mark}\n".encode())
    options = [
        __version__,
        str(kit_file.resolve()),
        str(out.resolve()),
        list(formats),
        email_max_mb,
        os.environ.get("SOURCE_DATE_EPOCH"),
    ]
    fingerprint.update(json.dumps(options).encode())
    return fingerprint.hexdigest()


def up_to_date(project: Path, key: str) -> dict | None:
    """The last build's record, if it was made from the same inputs and its outputs are
    untouched."""
    record = _record(project)
    if record.get("key") != key:
        return None
    return record if all(untouched(output) for output in record["outputs"]) else None


def previous_outputs(project: Path) -> dict[str, dict]:
    """What earlier builds recorded of each output they made, by path: the hash of its inputs,
    its size and time, its warnings (an output is kept when its inputs have not changed)."""
    editions = _record(project).get("editions", {})
    return editions if isinstance(editions, dict) else {}


def _record(project: Path) -> dict:
    """The build record, or nothing where there is none, it is damaged, or a link stands in its
    way (the cache then refuses to be written: cache_folder)."""
    path = record_path(project)
    if path.parent.is_symlink():
        return {}
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(handle, "rb") as file:
            record = json.loads(file.read())
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def untouched(entry: dict) -> bool:
    """Whether the output an entry of the record describes is still as presskit left it: a file
    (or the web edition's folder) with the time it had then. One a user changed is theirs."""
    try:
        return Path(entry["path"]).lstat().st_mtime_ns == entry["mtime_ns"]
    except (OSError, KeyError, TypeError):
        return False


def foreign(out: Path, makes: Sequence[str]) -> list[Path]:
    """What is in the output folder that presskit did not make: anything but this kit's outputs
    (`makes`, resolved paths) and presskit's own `.presskit-` files."""
    try:
        names, root = sorted(os.listdir(out)), out.resolve()
    except OSError:
        return []
    known = set(makes)
    return [
        out / name
        for name in names
        if not name.startswith(".presskit-") and str(root / name) not in known
    ]


def remember(
    project: Path,
    key: str,
    outputs: Sequence,
    warnings: Sequence,
    makes: Sequence[str],
    removed: Sequence[Path] = (),
    recorded: Mapping[str, dict] | None = None,
) -> None:
    """Write the record of a build that succeeded: this build's key and outputs (for the next
    build's quick check), what this kit makes (`makes`, every output of every language, by
    resolved path), and each output's entry, added to those of earlier builds, without those
    it removed. `recorded` is the earlier builds' entries (`previous_outputs`) if the caller
    read them already, under the same lock; else they are read here."""
    from presskit.output.files import write_atomic

    made = [
        {
            "path": str(o.path.resolve()),
            "size": o.size,
            "summary": o.summary,
            "mtime_ns": o.path.stat().st_mtime_ns,
            "key": o.key,
            "warnings": [dataclasses.asdict(w) for w in o.warnings],
            "placed": o.placed,
            "lang": o.lang,
        }
        for o in outputs
    ]
    gone = {str(path.resolve()) for path in removed}
    if recorded is None:
        recorded = previous_outputs(project)
    editions = {path: entry for path, entry in recorded.items() if path not in gone}
    record = {
        "key": key,
        "outputs": made,
        "warnings": [str(w) for w in warnings],
        "makes": sorted(makes),
        "editions": {**editions, **{entry["path"]: entry for entry in made}},
    }
    write_atomic(record_path(project), json.dumps(record, indent=1).encode("utf-8"))
