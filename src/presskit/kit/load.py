"""Kit files -> `Kit`, with every problem located by file, line and field.

The kit's YAML is read with the line of every field (kit/reading.py), every file it names through
the kit folder (kit/folder.py), translations laid over the kit's own text; the data is then
validated by the pydantic model in one pass that collects every error, and its Markdown checked
for what would cost the PDF layout out of proportion to its length (`markdown.too_complex`).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import AfterValidator, AliasPath, BaseModel, ValidationError

from presskit.errors import (
    KitError,
    Loc,
    Locator,
    Problem,
    display_path,
    field_path,
    unknown_key_fix,
)
from presskit.kit import markdown
from presskit.kit.fields import Text
from presskit.kit.folder import KitFolder
from presskit.kit.model import Kit, slugify, texts, translatable
from presskit.kit.reading import read_yaml
from presskit.kit.roles import SPECS, role_of

if TYPE_CHECKING:
    from presskit.warm import Warm


@dataclass(frozen=True)
class Loaded:
    kit: Kit
    where: Locator
    untranslated: tuple[Loc, ...] = ()
    """In a translation, the texts that fell back to the base language."""
    warnings: tuple[Problem, ...] = ()
    """What the kit's files say that YAML read otherwise than it looks (text cut at ` #`)."""
    sources: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Each text read from a `.md` file, and the file and line it starts at."""


def load_kit(
    kit_file: Path,
    lang: str | None = None,
    warm: Warm | None = None,
    unsaved: Mapping[str, str] | None = None,
) -> Loaded:
    """Read and validate `presskit.yaml` and everything it refers to; with `lang`, the kit in
    that language: `presskit.<lang>.yaml` laid over it, `X.<lang>.md` read for `X.md`. With
    `warm`, a picture whose header an earlier build read is not opened again while unchanged.
    `unsaved` holds texts that stand for files of the kit folder (by their path in it), as an
    editor has them before they are saved: they are read as if they were on disk."""
    shown, unsaved = display_path(kit_file), unsaved or {}
    data, where, problems = read_yaml(kit_file, shown, unsaved.get(kit_file.name))
    folder, overlay, relabelled = KitFolder(kit_file.parent, None, warm, unsaved), {}, set()
    base_specs = {}
    if lang and isinstance(data, dict):
        overlay_file = kit_file.with_name(f"{kit_file.stem}.{lang}{kit_file.suffix}")
        if overlay_file.name in unsaved or overlay_file.is_file():
            overlay, translation, overlay_problems = read_yaml(
                overlay_file, display_path(overlay_file), unsaved.get(overlay_file.name)
            )
            problems += overlay_problems
            where = Locator(shown, where.lines, translation)
        merged = {**merge(data, overlay), "lang": lang}
        base_specs = data.get("specs") if isinstance(data.get("specs"), dict) else {}
        if base_specs and isinstance(overlay.get("specs"), dict):
            merged["specs"], relabelled, spec_problems = translated_specs(
                base_specs, overlay["specs"], where
            )
            problems += spec_problems
        if "slug" not in overlay and (name := kit_name(data)):
            merged["slug"] = name  # every language's files share the kit's name
        data, folder = merged, KitFolder(kit_file.parent, lang, warm, unsaved)
    written_in = data.get("lang") if isinstance(data, dict) else None
    context = {"files": folder, "lang": written_in if isinstance(written_in, str) else "en"}
    try:
        kit = Kit.model_validate(data, context=context)
    except ValidationError as error:
        problems += [_problem(where, e) for e in error.errors()]
    else:
        problems += _too_complex(kit, where, folder)
    warnings = tuple(p for p in problems if p.severity != "error")
    if len(warnings) < len(problems):
        raise KitError(problems)
    if not lang:
        return Loaded(kit, where, warnings=warnings, sources=folder.read)
    texts = [
        loc
        for loc in translatable(kit)
        if not _at(overlay, loc) and not folder.localized(_at(data, loc))
    ]
    labels = [loc for loc in short_labels(kit) if not _at(overlay, loc)]
    labels += [
        ("specs", label) for label in base_specs if label not in SPECS and label not in relabelled
    ]
    return Loaded(kit, where, tuple(texts + labels), warnings, folder.read)


def short_labels(kit: Kit) -> Iterator[Loc]:
    """The labels a translation should carry besides its texts: link labels, crew roles presskit
    does not know (it prints the known ones in every language), contacts' roles."""
    yield from (("links", i, "label") for i in range(len(kit.links)))
    yield from (("crew", i, "role") for i, member in enumerate(kit.crew) if role_of(member) is None)
    yield from (("contacts", i, "role") for i, contact in enumerate(kit.contacts) if contact.role)


def kit_name(data: dict) -> str | None:
    """The name the base kit's files take (its `slug`, or its title made into one), which its
    translations' files share unless one sets a `slug:` of its own."""
    if isinstance(data.get("slug"), str):
        return data["slug"]
    title = data.get("title")
    return slugify(str(title)) or None if isinstance(title, (str, int, float)) else None


def translated_specs(
    base: dict, overlay: dict, where: Locator
) -> tuple[dict, set[str], list[Problem]]:
    """The specs of a translation: each line of the base, translated where the translation says.
    A line is translated under its base key (`sound: 5.1`, `Shot on: {label: Tourné en, value:
    35 mm}` for its label too), or by position when the translation lists as many lines as the
    base. A key presskit knows (`subtitles`) may add a line; any other new label would print
    beside the base's line, so it is a problem. With the labels given a translation."""
    items, relabelled, problems = list(base.items()), set(), []
    positional = len(overlay) == len(base)
    for position, (key, value) in enumerate(overlay.items()):
        if key in base or positional:
            index = list(base).index(key) if key in base else position
        elif key in SPECS:
            items.append((key, value))
            continue
        else:
            lines = ", ".join(f"`{label}`" for label in base)
            fix = (
                f"write its key as in presskit.yaml ({lines}), or list every line in the same order"
            )
            problems.append(
                where.problem(
                    ("specs", key),
                    f"not a line of the base kit, so it would print beside it: {fix}",
                )
            )
            continue
        label = items[index][0] if key in base else key
        if isinstance(value, dict):
            if set(value) - {"label", "value"}:
                why = "a translated line is `key: value`, or `key: {label: …, value: …}`"
                problems.append(where.problem(("specs", key), why))
                continue
            label, value = value.get("label", label), value.get("value", items[index][1])
        if label != items[index][0] or not isinstance(overlay[key], str):
            relabelled.add(items[index][0])
        if where.translation and ("specs", key) in where.translation.lines:
            where.translation.lines.setdefault(
                ("specs", label), where.translation.lines[("specs", key)]
            )
        items[index] = (label, value)
    return dict(items), relabelled, problems


def _problem(where: Locator, error: dict) -> Problem:
    """A validation error at its field, or in the Markdown file it came from (`in_file`)."""
    loc = _loc(error)
    found = error.get("ctx") or {}
    if "file" in found:
        return Problem(found["file"], found["line"], field_path(loc), _message(error, loc))
    return where.problem(loc, _message(error, loc))


MARKDOWN_FIELD = next(mark for mark in typing.get_args(Text) if isinstance(mark, AfterValidator))
"""What marks a Markdown field of the model (`Text`)."""


def markdown_texts(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Where each Markdown text of `model` is, and the text (a `.md` file's content)."""
    for place, definition, value in texts(model, loc):
        if MARKDOWN_FIELD in definition.metadata or Text in typing.get_args(definition.annotation):
            yield place, value


def _too_complex(kit: Kit, where: Locator, folder: KitFolder) -> list[Problem]:
    """Markdown that would take the parser or the PDF layout out of all proportion to its length,
    at the line of the `.md` file it is in, or of the field that holds it."""
    problems = []
    for loc, text in markdown_texts(kit):
        if found := markdown.too_complex(text):
            line, reason = found
            if text in folder.read:
                shown, first = folder.read[text]
                problems.append(Problem(shown, first + line - 1, field_path(loc), reason))
            else:
                problems.append(where.problem(loc, reason))
    return problems


def merge(base: object, overlay: object) -> object:
    """A translation laid over the base: mappings key by key, lists item by item, the rest
    replaced."""
    if isinstance(base, dict) and isinstance(overlay, dict):
        return {
            **base,
            **{
                key: merge(base[key], value) if key in base else value
                for key, value in overlay.items()
            },
        }
    if isinstance(base, list) and isinstance(overlay, list):
        return (
            [merge(b, o) for b, o in zip(base, overlay)]
            + base[len(overlay) :]
            + overlay[len(base) :]
        )
    return overlay


def _at(data: object, loc: Loc) -> object:
    """The raw value at `loc`, or None."""
    for part in loc:
        if (
            isinstance(data, dict)
            and part in data
            or isinstance(data, list)
            and isinstance(part, int)
            and part < len(data)
        ):
            data = data[part]
        else:
            return None
    return data


def _loc(error: dict) -> Loc:
    return tuple(part for part in error["loc"] if part != "[key]")


def _message(error: dict, loc: Loc) -> str:
    kind, given = error["type"], error.get("input")
    if kind == "missing":
        return "required"
    if kind == "extra_forbidden":
        known = _known_keys(loc[:-1])
        return f"unknown key; {unknown_key_fix(str(loc[-1]), known)}"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "should be a group of `key: value` fields"
    if kind == "list_type":
        return "should be a list, one `- ` item per line"
    if kind in {"time_parsing", "time_type"}:
        return f"write the time as hours:minutes, such as 19:00, got {given!r}"
    message = error["msg"]
    if "url" not in error:
        return message  # one of presskit's own messages, already worded for the user
    message = message[0].lower() + message[1:]
    if isinstance(given, (str, int, float, bool)) and len(repr(given)) <= 60:
        message += f", got {given!r}"
    return message


def _known_keys(loc: Loc) -> list[str]:
    """The field names allowed at `loc`, found by walking the model's annotations (not those
    read from inside another key, such as `key_art.credit`)."""
    model: type[BaseModel] | None = Kit
    for part in loc:
        if model is None or isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        model = _model_in(field.annotation) if field else None
    if model is None:
        return []
    fields = model.model_fields.items()
    return [name for name, field in fields if not isinstance(field.validation_alias, AliasPath)]


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) in (
        list,
        typing.Union,
        typing.Annotated,
    ):
        for arg in typing.get_args(annotation):
            if found := _model_in(arg):
                return found
    return None
