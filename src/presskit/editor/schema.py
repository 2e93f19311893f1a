"""What the page builds its forms from: the kit's JSON Schema, the help beside each field, and
which fields take Markdown.

The help is the starter kit's own notes (the comments `presskit init` writes after each field,
commented-out fields included), so the form and the file say the same thing; a field the
starter does not show has its model docstring, which the schema carries as `description`.
Fields are named by dotted paths, `*` standing for any item of a list (`cast.*.notes`).
"""

from __future__ import annotations

import re
import typing
from functools import cache

from pydantic import BaseModel

from presskit.kit.fields import Text
from presskit.kit.load import MARKDOWN_FIELD
from presskit.kit.model import Kit, json_schema
from presskit.kit.starter import STARTER

FIELD_LINE = re.compile(r"^(?P<indent> *)(?:# (?P<inner> *))?(?P<dash>- )?(?P<key>[A-Za-z_]\w*):")
"""A field of the starter kit, written or commented out (`# key: …`, `  # key: …`)."""
NOTE = re.compile(r"\s{2,}# (?P<note>.+)$")
GOES_ON = re.compile(r"(?:[,:;]|\b(?:the|a|an|and|or|of|in|other|\w+'s))$")
"""How a note that the next line goes on with ends: a comma, a colon, a word that needs more."""


@cache
def starter_help() -> dict[str, str]:
    """Each field's note in the starter kit, by dotted path. A note that goes on over the next
    lines (`# roles as your credits write them, in English, French, German,`),
    is the first field's."""
    notes: dict[str, str] = {}
    seen: set[str] = set()
    stack: list[tuple[int, str]] = []
    text = (STARTER / "kit" / "presskit.yaml").read_text(encoding="utf-8")
    going_on: str | None = None  # the field whose note the next line may go on with
    for line in text.splitlines():
        found = FIELD_LINE.match(line)
        if not found:
            going_on = None
            continue
        column = len(found["indent"]) + len(found["inner"] or "")
        if found["dash"]:
            while stack and stack[-1][0] >= column:
                stack.pop()
            stack.append((column, "*"))
            column += 2
        while stack and stack[-1][0] >= column:
            stack.pop()
        stack.append((column, found["key"]))
        path, note = ".".join(name for _, name in stack), NOTE.search(line, found.end())
        if path in seen or not note:  # a second example of a field says something else
            going_on = None
            seen.add(path)
            continue
        seen.add(path)
        words = note["note"].strip()
        if going_on:
            path = going_on
            notes[path] += " " + words
        else:
            notes[path] = words
        going_on = path if GOES_ON.search(words) else None
    return notes


def markdown_fields(model: type[BaseModel] = Kit, prefix: tuple[str, ...] = ()) -> list[str]:
    """The dotted paths of the fields whose value is Markdown, or a `.md` file's name."""
    found = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if MARKDOWN_FIELD in field.metadata or _holds(annotation, Text):
            found.append(".".join((*prefix, name)))
        for inner, listed in _models(annotation):
            found += markdown_fields(inner, (*prefix, name, *["*"] * listed))
    return found


def _holds(annotation: object, wanted: object) -> bool:
    return annotation is wanted or any(_holds(a, wanted) for a in typing.get_args(annotation))


def _models(annotation: object, listed: bool = False) -> list[tuple[type[BaseModel], bool]]:
    """The models a field's annotation holds, and whether as items of a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [(annotation, listed)]
    listed = listed or typing.get_origin(annotation) is list
    return [m for a in typing.get_args(annotation) for m in _models(a, listed)]


def schema_payload(languages: list[str]) -> dict:
    return {
        "schema": json_schema(),
        "help": starter_help(),
        "markdown_fields": markdown_fields(),
        "languages": languages,
    }
