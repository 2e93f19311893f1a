"""User-facing problems: one line each, `file:line: field: message`, placed by a `Locator`.

Every stage collects problems instead of stopping at the first, then raises one
KitError with all of them, so a publicist fixes a kit in one round trip. Also here: what
every stage words the same way (a file that is not UTF-8, a "did you mean" for a near miss,
a path or text made safe to print) and `StorageError`, for where presskit cannot write.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a kit, located as precisely as we can."""

    file: str
    line: int | None
    field: str
    message: str
    severity: str = "error"
    """"error" stops the build; "warning" is reported and the build goes on."""

    def __str__(self) -> str:
        """Always one line, whatever the kit's text put in it, and never a terminal command."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.severity != "error":
            where += f": {self.severity}"
        message, field = " ".join(self.message.split()), " ".join(self.field.split())
        line = f"{where}: {field}: {message}" if field else f"{where}: {message}"
        return terminal_safe(line)


class KitError(Exception):
    """The kit cannot be built; `problems` says every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(
            set(problems), key=lambda p: (p.file, p.line or 0, p.field, p.message)
        )
        super().__init__("\n".join(map(str, self.problems)))

    def __reduce__(self):
        """Pickled with its problems, to come back from a build process whole."""
        return KitError, (self.problems,)


NOT_UTF8 = "not UTF-8 text: save the file as UTF-8"


def utf8_text(raw: bytes, shown: str) -> str:
    """A project file's bytes as text, its line ends made `\\n` (as Python reads text). Bytes
    that are not UTF-8 are one problem naming the file `shown` and the line they are on, so the
    publicist knows which file to save again as UTF-8 (a kit file, a template, a catalogue)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise KitError([Problem(shown, line, "", NOT_UTF8)]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def nearest(word: str, choices: Iterable[str], cutoff: float) -> str | None:
    """The one of `choices` most like `word` (difflib's similarity ratio, at least `cutoff` out of
    1), for a "did you mean"; None when none is near enough to be what was meant."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def unknown_key_fix(key: str, known: list[str]) -> str:
    """What to write instead of the unknown key `key`: the known key it is a near miss of (a typo
    such as `runtme`), else every key allowed there."""
    if meant := nearest(key, known, cutoff=0.6):
        return f"did you mean `{meant}`?"
    return f"known keys here: {', '.join(known)}"


Loc = tuple[str | int, ...]
"""A field of a kit by its keys and positions: ('cast', 2, 'name')."""


def field_path(loc: Loc) -> str:
    """('cast', 2, 'name') -> 'cast[2].name', the form used in every message."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@dataclass(frozen=True)
class Locator:
    """Where each field of a kit was written, to point problems at it."""

    file: str
    lines: dict[Loc, int]
    translation: Locator | None = None
    """A translation's file: a field it holds is found there first."""

    def problem(self, loc: Loc, message: str, severity: str = "error") -> Problem:
        return Problem(*self.place(loc), field_path(loc), message, severity)

    def place(self, loc: Loc) -> tuple[str, int | None]:
        """The file and line of the field, or of the nearest enclosing one written anywhere."""
        while True:
            for source in filter(None, (self.translation, self)):
                if loc in source.lines:
                    return source.file, source.lines[loc]
            if not loc:
                return self.file, None
            loc = loc[:-1]


TERMINAL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""C0 and C1 controls, DEL, the bidi embeddings, overrides and isolates (which a terminal obeys:
set its title, rewrite a line, reorder text), and the surrogates that stand for a file name's
bytes that are not UTF-8 (printed raw, \\x9b is a control too)."""


def terminal_safe(text: str) -> str:
    """`text` with every terminal control written as its escape (\\x1b, \\u202e): a kit's text or
    a file's name is shown to the user, never obeyed by the terminal. Other Unicode is kept."""
    return TERMINAL_CONTROLS.sub(lambda match: escape(match[0]), text)


def escape(character: str) -> str:
    """One character as Python writes it in a string: \\x07, \\u202e."""
    code = ord(character)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def display_path(path: Path) -> str:
    """Paths in messages are relative to where the user is, when they can be, and safe to print.
    (Symlinks are not followed: the message names the file the user wrote.)"""
    try:
        shown = str(Path(os.path.abspath(path)).relative_to(os.getcwd()))
    except ValueError:
        shown = str(path)
    return terminal_safe(shown)


class StorageError(Exception):
    """Where presskit must write (dist/, --out, the picture cache) cannot take the files: a full
    or read-only disk, a file where a folder goes. Neither the kit's fault nor a bug in presskit:
    the command says so in one line and exits with status 1."""

    def __init__(self, path: Path, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"{display_path(path)}: {reason}")

    def __reduce__(self):
        """Pickled whole, to come back from a build process."""
        return StorageError, (self.path, self.reason)


STORAGE_REASONS = {
    errno.ENOSPC: "the disk is full: free some space, then build again",
    errno.EDQUOT: "the disk quota is used up: free some space, then build again",
    errno.EROFS: "the disk is read-only{elsewhere}",
    errno.EACCES: "presskit may not write here: check its permissions{elsewhere}",
    errno.EPERM: "presskit may not write here: check its permissions{elsewhere}",
    errno.ENOTDIR: "a file stands where presskit needs a folder: move it away{elsewhere}",
    errno.EEXIST: "a file stands where presskit needs a folder: move it away{elsewhere}",
    errno.EISDIR: "a folder stands where presskit writes a file: move it away",
    errno.ENOTEMPTY: "a folder stands where presskit writes a file: move it away",
}
"""OSError numbers that say the place is wrong, not presskit, in plain words with the fix."""

class Stopped(Exception):
    """A build process was stopped from outside (by the system short of memory, or by someone):
    neither the kit's fault nor a bug in presskit. The command says so in one line and exits with
    status 1; nothing is written."""


CACHE_FOLDER = ".presskit-cache"
"""The project's picture cache and build record: safe to delete, and not moved by --out."""
EDITOR_FOLDER = ".presskit-editor"
"""Inside the kit folder: what `presskit edit` keeps (the previous versions of the files it
saved, for undo). Not part of the kit: builds do not read it."""


def storage_error(path: Path, error: OSError) -> Exception:
    """A StorageError for `error` when it is about the place; otherwise `error` itself (a bug).
    The way out differs: outputs can go elsewhere with --out, the cache can only be deleted."""
    reason = STORAGE_REASONS.get(error.errno)
    if not reason:
        return error
    place = Path(error.filename) if error.filename else path
    if CACHE_FOLDER in Path(os.path.abspath(place)).parts:
        elsewhere = {errno.EROFS: ": the picture cache needs the project on a writable disk"}.get(
            error.errno, f" (or delete {CACHE_FOLDER}: it is safe)")
    else:
        elsewhere = {errno.EROFS: ": choose another folder with --out"}.get(
            error.errno, ", or choose another folder with --out")
    return StorageError(place, reason.format(elsewhere=elsewhere))
