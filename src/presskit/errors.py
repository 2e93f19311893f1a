"""User-facing problems: one line each, `file:line: field: message`.

Every stage collects problems instead of stopping at the first, then raises one
KitError with all of them, so a publicist fixes a kit in one round trip.
"""

from __future__ import annotations

import os
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
        """Always one line, whatever the kit's text put in the message."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.severity != "error":
            where += f": {self.severity}"
        message, field = " ".join(self.message.split()), " ".join(self.field.split())
        return f"{where}: {field}: {message}" if field else f"{where}: {message}"


class KitError(Exception):
    """The kit cannot be built; `problems` says every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field, p.message))
        super().__init__("\n".join(map(str, self.problems)))

    def __reduce__(self):
        """Pickled with its problems, to come back from a build process whole."""
        return KitError, (self.problems,)


def field_path(loc: tuple[str | int, ...]) -> str:
    """('cast', 2, 'name') -> 'cast[2].name', the form used in every message."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def display_path(path: Path) -> str:
    """Paths in messages are relative to where the user is, when they can be.
    (Symlinks are not followed: the message names the file the user wrote.)"""
    try:
        return str(Path(os.path.abspath(path)).relative_to(os.getcwd()))
    except ValueError:
        return str(path)
