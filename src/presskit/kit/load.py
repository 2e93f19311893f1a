"""Kit files -> `Kit`, with every problem located by file, line and field.

YAML is composed with PyYAML's safe loader into nodes (which carry line numbers)
and turned into plain data by a small walker that records the line of every
field, refuses duplicate keys and bounds alias expansion and nesting. The data is
then validated by the pydantic model in one pass that collects every error, and
its Markdown checked for what would cost the PDF layout out of proportion to its
length (`markdown.too_complex`).

What YAML cannot read, or reads otherwise than a publicist meant, is told in plain words at
the line and column of the mistake, with the fix (`yaml_mistake`): text that starts with `*`
or a quote, a `: ` inside a text, a tab, a missing colon, a line indented wrongly, a quote or
bracket never closed, a comma inside `{…}`, and text cut at ` #` (a warning: YAML read the rest
as a note).

Characters pasted from a word processor: a line separator (U+2028) or a vertical tab (U+000B,
Word's Shift+Enter) is a line break, a paragraph separator (U+2029) a blank line. A soft
hyphen or a zero-width space is kept inside a word, where it marks where the word may break,
and dropped elsewhere (beside a space or a punctuation mark, at either end), where it only
hides; a zero-width no-break space (U+FEFF) is always dropped.
"""

from __future__ import annotations

import os
import re
import types
import typing
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from PIL import Image, UnidentifiedImageError
from pydantic import AfterValidator, AliasPath, BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from presskit.errors import (
    EDITOR_FOLDER,
    KitError,
    Loc,
    Locator,
    Problem,
    display_path,
    field_path,
    terminal_safe,
    unknown_key_fix,
    utf8_text,
)
from presskit.kit import markdown
from presskit.kit.model import Kit, Text, slugify, texts, translatable
from presskit.kit.picture_files import IMAGE_FORMATS, strict_decoding
from presskit.render.credits import SPECS, role_of

if TYPE_CHECKING:
    from presskit.warm import Warm

MAX_TEXT_BYTES = 5 * 1024 * 1024
"""Larger YAML or Markdown is refused: no press kit is that long."""

YAML_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}
"""The only tags a kit may use (the ones plain YAML implies); no Python objects, no binary."""

MAX_NODES = 50_000
"""Bounds the data a YAML document may expand to (aliases can multiply it)."""
MAX_DEPTH = 50
"""Nothing in a kit is more than four levels deep; PyYAML composes and presskit walks a document
by recursion, which a few hundred levels of `[[[…` (or of aliases) would exhaust."""
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep{{}}: no kit needs that many"

HARD_BREAK = "  \n"
"""A line break Markdown keeps (two spaces, then the end of the line); in plain text, a space."""
LINE_BREAKS = re.compile("(\r\n?|\x85)|([\u2028\x0b])|\u2029")
"""The line breaks YAML knows besides \\n (from escapes such as "\\r", "\\N", "\\L", "\\P") and
those a word processor pastes: a line separator or a vertical tab (Word's Shift+Enter) is a line
break, a paragraph separator a blank line, as in a Markdown file."""
SHIELDED = str.maketrans({"\u2028": "\U000f2028", "\u2029": "\U000f2029", "\x0b": "\U000f000b"})
"""Pasted breaks, in YAML source, stand in for themselves as private characters while it is
parsed: YAML would end the line there (the editor shows none) or refuse U+000B."""
UNSHIELDED = {ord(v): k for k, v in SHIELDED.items()}
STRAY_INVISIBLE = re.compile("(?<![^\\W_])[\u00ad\u200b]|[\u00ad\u200b](?![^\\W_])|\ufeff")
"""A soft hyphen or zero-width space not between two letters or digits, or a U+FEFF anywhere."""


def pasted(text: str) -> str:
    """Text as the publicist meant it: pasted breaks made breaks, stray invisible marks dropped."""
    text = LINE_BREAKS.sub(
        lambda found: "\n" if found[1] else HARD_BREAK if found[2] else "\n\n", text
    )
    return STRAY_INVISIBLE.sub("", text)

MAX_IMAGE_PIXELS = 150_000_000
"""A 50-megapixel still is ordinary, a 100-megapixel scan possible; 150 million pixels is
refused as a decompression bomb, from the file's header, before anything is decoded."""
MAX_PROFILE_BYTES = 16 << 20
"""A print shop's ICC profile is a few megabytes at most."""

CONTROL = re.compile("[\x00-\x08\x0c\x0e-\x1f\x7f\ufffe\uffff]")
"""Characters no XML document (EPUB, tagged PDF) can hold; tab and line breaks are fine (and a
vertical tab is a pasted line break)."""


def control_character(text: str) -> str | None:
    """'a control character (U+000C)' if `text` holds one, else None."""
    found = CONTROL.search(text)
    return (
        f"a control character (U+{ord(found[0]):04X}) that documents cannot hold: remove it"
        if found
        else None
    )


@dataclass(frozen=True)
class Located(Problem):
    """A problem at a line and a column, printed `file:line:column:` as compilers print them
    (editors jump there): what YAML misread is somewhere in a line, where a value's problem
    is the whole value of the field it names."""

    column: int | None = None

    def __str__(self) -> str:
        shown, where = super().__str__(), terminal_safe(f"{self.file}:{self.line}")
        return shown.replace(where, f"{where}:{self.column}", 1) if self.column else shown


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


def read_text(path: Path, shown: str, unsaved: str | None = None) -> str:
    """UTF-8 text (a BOM is accepted, CRLF becomes LF), size-limited; `unsaved` is the text
    that stands for the file."""
    raw = path.read_bytes() if unsaved is None else unsaved.encode("utf-8", "surrogatepass")
    if len(raw) > MAX_TEXT_BYTES:
        raise KitError(
            [Problem(shown, None, "", f"file is larger than {MAX_TEXT_BYTES // 2**20} MB")]
        )
    text = utf8_text(raw, shown).removeprefix("\ufeff")
    if reason := control_character(text):
        line = text[: CONTROL.search(text).start()].count("\n") + 1
        raise KitError([Problem(shown, line, "", f"contains {reason}")])
    return text


def read_yaml(
    path: Path, shown: str, unsaved: str | None = None
) -> tuple[object, Locator, list[Problem]]:
    """Plain data from a YAML file (or the `unsaved` text that stands for it), where every field
    is in it, and what is wrong in it short of a syntax error (duplicate keys, control
    characters) or read otherwise than it looks."""
    if unsaved is None and not path.is_file():
        raise KitError([Problem(shown, None, "", _no_kit_file(path))])
    text = read_text(path, shown, unsaved)
    lines = text.split("\n")
    loader = _Loader(text.translate(SHIELDED), shown)
    try:
        node = loader.get_single_node()
        if node is None:
            raise KitError(
                [Problem(shown, 1, "", "the file is empty: start with `title:` and `logline:`")]
            )
        if not isinstance(node, yaml.MappingNode):
            raise KitError(
                [
                    Problem(
                        shown,
                        node.start_mark.line + 1,
                        "",
                        "expected fields such as `title: …` at the top level",
                    )
                ]
            )
        walker = _Walker(loader, shown, lines)
        data = walker.value(node, ())
    except yaml.MarkedYAMLError as error:
        raise KitError([yaml_mistake(error, lines, shown)]) from None
    except yaml.YAMLError as error:
        raise KitError([Problem(shown, None, "", f"YAML cannot read the file ({error})")]) from None
    finally:
        loader.dispose()
    return data, Locator(shown, walker.lines), walker.problems


def _no_kit_file(path: Path) -> str:
    """Why there is no kit file: most often, presskit was run inside the kit folder itself."""
    if (path.parent.parent / path.name).is_file():
        return (
            f"no such file: this folder is the kit folder itself (it holds {path.name}): run "
            "presskit from the folder above it (cd ..)"
        )
    return "no such file: a kit is a folder with a presskit.yaml in it"


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a document nested deeper than MAX_DEPTH as it composes it,
    and noting the anchors (`&name`) put on texts and those used (`*name`)."""

    def __init__(self, text: str, shown: str):
        super().__init__(text)
        self.shown, self.depth = shown, 0
        self.anchored: list[yaml.ScalarEvent] = []
        self.aliased: set[str] = set()

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        event = self.peek_event()
        if self.depth >= MAX_DEPTH:
            raise KitError(
                [Problem(self.shown, event.start_mark.line + 1, "", TOO_DEEP.format(""))]
            )
        if isinstance(event, yaml.AliasEvent):
            self.aliased.add(event.anchor)
        elif isinstance(event, yaml.ScalarEvent) and event.anchor:
            self.anchored.append(event)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def stray_anchors(self) -> set[tuple[int, int]]:
        """Where a text was given an anchor that nothing refers to: `tagline: &Co presents` was
        meant as text, and YAML read it as the anchor `Co` on `presents`."""
        return {
            (e.start_mark.line, e.start_mark.column)
            for e in self.anchored
            if e.anchor not in self.aliased
        }


STR = "tag:yaml.org,2002:str"
NULL = "tag:yaml.org,2002:null"


class _Walker:
    """Turns composed YAML nodes into dicts, lists and scalars, noting lines."""

    def __init__(self, loader: _Loader, shown: str, lines: list[str]):
        self.loader, self.shown, self.text_lines = loader, shown, lines
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.active: set[int] = set()
        self.stray = loader.stray_anchors()

    def value(self, node: yaml.Node, loc: Loc) -> object:
        self.count += 1
        if self.count > MAX_NODES:
            raise KitError(
                [
                    Problem(
                        self.shown,
                        node.start_mark.line + 1,
                        "",
                        "the document expands to too much data (aliases nested too deep?)",
                    )
                ]
            )
        if id(node) in self.active:
            raise KitError(
                [
                    Problem(
                        self.shown,
                        node.start_mark.line + 1,
                        field_path(loc),
                        "an alias refers to itself",
                    )
                ]
            )
        if len(loc) > MAX_DEPTH:
            line = node.start_mark.line + 1
            raise KitError([Problem(self.shown, line, "", TOO_DEEP.format(" (through aliases)"))])
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if node.tag.startswith("!") and not node.tag.startswith("!!"):
            raise KitError([self.unquoted(node.start_mark, loc)])
        if node.tag not in YAML_TAGS:
            raise KitError(
                [
                    Problem(
                        self.shown,
                        node.start_mark.line + 1,
                        field_path(loc),
                        f"the YAML tag {node.tag} is not allowed in a kit",
                    )
                ]
            )
        if isinstance(node, yaml.ScalarNode):
            self.cut_at_hash(node, loc)
            return self.scalar(node, loc)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.value(item, (*loc, i)) for i, item in enumerate(node.value)]
            return self._mapping(node, loc)
        finally:
            self.active.discard(id(node))

    def scalar(self, node: yaml.ScalarNode, loc: Loc) -> str | None:
        """Scalars are read as text (or null); the model gives them their types.

        YAML 1.1 would read `16:9` as the number 969, `NO` (Norway) as false and
        `2.40` as 2.4: as text, an aspect ratio, a country and a version stay what
        the publicist wrote, and "2024" still validates as a year.
        """
        if (node.start_mark.line, node.start_mark.column) in self.stray:
            self.problems.append(self.unquoted(node.start_mark, loc))
        if node.tag == NULL:
            return None
        value = self.loader.construct_object(node) if node.tag == STR else node.value
        value = pasted(value.translate(UNSHIELDED))
        if reason := control_character(value):
            self.problems.append(
                Problem(self.shown, node.start_mark.line + 1, field_path(loc), f"contains {reason}")
            )
        return value

    def unquoted(self, mark: yaml.Mark, loc: Loc) -> Problem:
        """Text that starts with a character YAML gives a meaning to (`*`, `&`, `!`…)."""
        return _starts_with(self.shown, self.text_lines, mark.line, mark.column, field_path(loc))

    def cut_at_hash(self, node: yaml.ScalarNode, loc: Loc) -> None:
        """A warning for a text YAML cut at ` #` (`tagline: The #1 film`): a note (comment) after
        a value is set off by two spaces and begins `# `, as in the starter; anything closer,
        such as `#1`, was meant as text."""
        if node.style or node.tag != STR:
            return
        end = node.end_mark
        rest = self.text_lines[end.line][end.column:].rstrip()
        cut = re.match(r"( +)#(\S?)", rest)
        if cut and (len(cut[1]) == 1 or cut[2]):
            key = self.text_lines[node.start_mark.line][: node.start_mark.column].strip()
            fix = f"{key} {quoted(node.value + rest)}".strip()
            message = (
                "the text after ` #` was read as a note and left out: put the whole value in "
                f"quotes: `{fix}`"
            )
            column = end.column + len(cut[1]) + 1
            self.problems.append(
                Located(self.shown, end.line + 1, field_path(loc), message, "warning", column)
            )

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, object]:
        result: dict[str, object] = {}
        for index, (key_node, value_node) in enumerate(node.value):
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem(
                        self.shown,
                        key_node.start_mark.line + 1,
                        field_path(loc),
                        "a key must be plain text",
                    )
                )
                continue
            line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            key = str(self.scalar(key_node, (*loc, key_node.value)))
            if node.flow_style and _no_value(value_node):
                before = node.value[index - 1] if index else None
                self.problems.append(
                    Located(
                        self.shown,
                        line,
                        field_path(loc),
                        _comma_in_braces(key, before),
                        "error",
                        column,
                    )
                )
                continue
            if re.match(r"-\S", key):  # what follows would be read as a group, not a list
                why = f"a list item needs a space after its `-`: write `- {key[1:]}:`"
                raise KitError([Located(self.shown, line, field_path(loc), why, "error", column)])
            if key in result:
                first = self.lines[(*loc, key)]
                self.problems.append(
                    Problem(
                        self.shown,
                        line,
                        field_path((*loc, key)),
                        f"appears twice (first on line {first})",
                    )
                )
                continue
            self.lines[(*loc, key)] = line
            result[key] = self.value(value_node, (*loc, key))
        return result


def _no_value(node: yaml.Node) -> bool:
    """A key written with no `:` after it, as inside `{…}` after a comma."""
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == NULL
        and node.start_mark.index == node.end_mark.index
    )


def _comma_in_braces(key: str, before: tuple[yaml.Node, yaml.Node] | None) -> str:
    """`{role: Editor, name: Camille Vasseur, Hugo Lenoir}`: the comma ended the name."""
    if before is None or not isinstance(before[1], yaml.ScalarNode):
        return f"`{key}` has no value: write `{key}: …`"
    name, value = before[0].value, before[1].value
    return (
        f"`{key}` reads as a field of its own, because a comma inside `{{…}}` separates fields: "
        f"put the value in quotes, `{name}: {quoted(f'{value}, {key}')}`, or write one field a line"
    )


def quoted(text: str, longest: int = 40) -> str:
    """`text` as a YAML quoted value, shortened with … to show in a one-line message."""
    shown = text if len(text) <= longest else text[: longest - 1].rstrip() + "…"
    if '"' not in shown and "\\" not in shown:
        return f'"{shown}"'
    return "'" + shown.replace("'", "''") + "'"


KEY_PREFIX = re.compile(r"\s*(?:- +)*(?:\w[^:#\"'\n]*?: +)?")
"""What comes before the value on a line: indentation, list dashes, `key: `."""
OPENERS = {"[": "]", "{": "}", '"': '"', "'": "'"}


def _starts_with(shown: str, lines: list[str], line: int, column: int, field: str = "") -> Located:
    """A one-line fix for text that starts with a character YAML gives a meaning to."""
    text = lines[line]
    key, value = text[:column].strip(), text[column:].rstrip()
    fix = f"{key} {quoted(value)}".strip()
    message = f"text that starts with {_code(value[0])} must be put in quotes: `{fix}`"
    return Located(shown, line + 1, field, message, "error", column + 1)


def _code(character: str) -> str:
    """A character as Markdown shows code: `*`, or `` ` `` for a backtick."""
    return "`` ` ``" if character == "`" else f"`{character}`"


def yaml_mistake(error: yaml.MarkedYAMLError, lines: list[str], shown: str) -> Located:
    """What YAML could not read, in plain words with the fix, at the line and column of the
    mistake (which is, for a missing colon or a quote never closed, before where YAML stopped)."""
    problem, context = error.problem or "", error.context or ""
    mark, opened = error.problem_mark, error.context_mark
    text = lines[min(mark.line, len(lines) - 1)]

    def at(line: int, column: int, message: str) -> Located:
        return Located(shown, line + 1, "", message, "error", column + 1)

    if "'\\t'" in problem:
        if text[: mark.column].strip():
            return at(
                mark.line,
                mark.column,
                "a tab in the value: write a space instead, or put the value in quotes",
            )
        return at(mark.line, mark.column, "a tab in the indentation: indent with spaces only")
    if "scanning an alias" in context or "scanning an anchor" in context:  # `*Noir* drama`
        return _starts_with(shown, lines, opened.line, opened.column)
    if "cannot start any token" in problem or "undefined alias" in problem:
        return _starts_with(shown, lines, mark.line, mark.column)
    if "block scalar" in context and "expected a comment or a line break" in problem:
        return _starts_with(shown, lines, opened.line, opened.column)
    if "quoted scalar" in context:
        quote = lines[opened.line][opened.column]
        return at(
            opened.line,
            opened.column,
            f"the `{quote}` that starts this text is never closed: end the text with `{quote}`",
        )
    if "flow" in context and problem.startswith("expected ','"):
        bracket = lines[opened.line][opened.column]
        why = {
            "[": "end the list with `]` (or, if this is text, put it in quotes)",
            "{": "end it with `}`, or write one field a line",
        }
        return at(
            opened.line,
            opened.column,
            f"the `{bracket}` here is never closed: {why.get(bracket, 'close it')}",
        )
    if "could not find expected ':'" in problem and opened:
        return _missing_colon(shown, lines, opened.line)
    if "mapping values are not allowed" in problem:
        start = KEY_PREFIX.match(text).end()
        if ":" in text[:start] and start <= mark.column:
            fix = f"{text[:start].strip()} {quoted(text[start:].rstrip())}"
            return at(
                mark.line, mark.column, f"a `: ` inside a text: put the value in quotes: `{fix}`"
            )
        previous = _line_before(lines, mark.line)
        if previous is not None and ":" not in lines[previous]:
            return _missing_colon(shown, lines, previous)
        indent = len(text) - len(text.lstrip())
        why = (
            "this line is indented more than the line above, so YAML reads it as part of that "
            "text: line it up with the keys above it"
        )
        return at(mark.line, indent, why)
    if problem.startswith("expected <block"):
        start = KEY_PREFIX.match(text).end()
        if start < mark.column and text[start: start + 1] in OPENERS:
            return _starts_with(shown, lines, mark.line, start)
        if run_on := _quote_run_on(lines, mark):
            line, column = run_on
            fix = f"{lines[line][:column].strip()} {quoted(lines[line][column:].rstrip())}"
            why = (
                f"the text that starts with {_code(lines[line][column])} here runs on to line "
                f"{mark.line + 1}: write it in the other quotes: `{fix}`"
            )
            return at(line, column, why)
        if "'-'" in problem:
            return at(
                mark.line,
                mark.column,
                "a list item (`- `) where a `key: value` is expected: indent the list under its "
                "key",
            )
        why = (
            "this line is not lined up with the lines above: indent it as the other keys of its "
            "group, with spaces"
        )
        return at(mark.line, mark.column, why)
    return at(
        mark.line,
        mark.column,
        f"YAML cannot read this line: check its quotes, colons and indentation ({problem})",
    )


def _quote_run_on(lines: list[str], mark: yaml.Mark) -> tuple[int, int] | None:
    """Where a quoted text starts that YAML read on past its line (`'Tis the season` closes at
    the apostrophe of a later `It's`), if the text YAML stopped after is one."""
    last = None
    try:
        for token in yaml.scan("\n".join(lines).translate(SHIELDED), Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            last = token
    except yaml.YAMLError:
        pass
    if (
        isinstance(last, yaml.ScalarToken)
        and last.style
        and last.start_mark.line < last.end_mark.line == mark.line
    ):
        return last.start_mark.line, last.start_mark.column
    return None


def _line_before(lines: list[str], line: int) -> int | None:
    """The nearest line above `line` that holds something besides a note."""
    for index in range(line - 1, -1, -1):
        if lines[index].strip() and not lines[index].lstrip().startswith("#"):
            return index
    return None


def _missing_colon(shown: str, lines: list[str], line: int) -> Located:
    text = lines[line]
    start = len(text) - len(text.lstrip(" -"))
    key, _, rest = text[start:].partition(" ")
    fix = f"{key}: {rest.strip()}".strip()
    return Located(
        shown,
        line + 1,
        "",
        f"a `:` is missing after `{key}`: write `{fix}`",
        "error",
        start + len(key) + 1,
    )


class KitFolder:
    """The files a kit may use: regular files inside its own folder, nothing else.
    For a translation, `X.<lang>.md` is read in place of `X.md` where it exists."""

    def __init__(
        self,
        root: Path,
        lang: str | None = None,
        warm: Warm | None = None,
        unsaved: Mapping[str, str] | None = None,
    ):
        self.root = root.resolve()
        self.lang = lang
        self.warm = warm
        self.unsaved = unsaved or {}
        """Texts an editor has not saved yet, by their path in the folder: read as the files."""
        self.read: dict[str, tuple[str, int]] = {}
        """Each Markdown text read, and the file and line it starts at, to point problems there."""

    def localized(self, value: object) -> bool:
        """Whether `value` names a Markdown file that has a version in this folder's language."""
        return bool(
            self.lang
            and isinstance(value, str)
            and value.strip().endswith(".md")
            and (
                self._in_language(value.strip()) in self.unsaved
                or (self.root / self._in_language(value.strip())).is_file()
            )
        )

    def _in_language(self, relative: str) -> str:
        return f"{relative[:-3]}.{self.lang}.md"

    def resolve(self, relative: str) -> Path:
        shown = terminal_safe(relative)
        if Path(relative).is_absolute() or relative.startswith(("/", "\\", "~")):
            why = "'{path}' must be a path relative to the kit folder"
            raise PydanticCustomError("path", why, {"path": shown})
        try:
            path = (self.root / relative).resolve()
        except (RuntimeError, OSError):  # a loop of links (RuntimeError in Python 3.11)
            why = "'{path}' is a symbolic link that leads back to itself: replace it with the file"
            raise PydanticCustomError("path", why, {"path": shown}) from None
        if not path.is_relative_to(self.root):
            why = "'{path}' points outside the kit folder"
            raise PydanticCustomError("path", why, {"path": shown})
        if not path.exists():
            found = {"path": display_path(self.root / relative)}
            if meant := self.meant(relative):
                why = "file not found: {path}; did you mean `{meant}`?"
                raise PydanticCustomError("path", why, {**found, "meant": terminal_safe(meant)})
            raise PydanticCustomError("path", "file not found: {path}", found)
        if not path.is_file():
            raise PydanticCustomError(
                "path", "{path} is not a file", {"path": display_path(self.root / relative)}
            )
        return path

    MAX_FILES = 10_000
    """The files looked at for a "did you mean": a kit folder holds a few dozen."""

    def meant(self, relative: str) -> str | None:
        """The one file of the kit folder named as `relative` is, but for upper and lower case
        or its folder (`Still-01.JPG`, `kit/images/still-01.jpg`, `still-01.jpg` for
        `images/still-01.jpg`), if exactly one is."""
        name, found, seen = Path(relative).name.casefold(), [], 0
        for folder, folders, names in os.walk(self.root):
            folders[:] = [name for name in folders if name != EDITOR_FOLDER]
            seen += len(names)
            if seen > self.MAX_FILES:
                return None
            found += [Path(folder, n) for n in names if n.casefold() == name]
        files = [
            Path(os.path.relpath(p, self.root)).as_posix()
            for p in found
            if p.is_file() and not p.is_symlink()
        ]
        return files[0] if len(files) == 1 else None

    def read_markdown(self, relative: str) -> str:
        relative = self._in_language(relative) if self.localized(relative) else relative
        unsaved = self.unsaved.get(relative)
        path = self.resolve(relative) if unsaved is None else self.root / relative
        shown = display_path(path)
        try:
            text = read_text(path, shown, unsaved)
        except KitError as error:
            problem = error.problems[0]
            found = {"reason": problem.message, "file": problem.file, "line": problem.line}
            raise PydanticCustomError("text", "{reason}", found) from None
        if not text.strip():
            raise PydanticCustomError("text", "{path} is empty", {"path": terminal_safe(relative)})
        text = pasted(text)
        content = text.lstrip("\n").rstrip()
        self.read[content] = (display_path(path), len(text) - len(text.lstrip("\n")) + 1)
        return content

    def check_profile(self, relative: str) -> str:
        """A print shop's colour profile: a CMYK printer profile inside the kit folder."""
        from presskit.render.prepress import profile_problem

        path, shown = self.resolve(relative), terminal_safe(relative)
        if path.stat().st_size > MAX_PROFILE_BYTES:
            why = "{path} is larger than a colour profile can be (16 MB)"
            raise PydanticCustomError("profile", why, {"path": shown})
        if why := profile_problem(path.read_bytes()):
            raise PydanticCustomError("profile", "{path} {why}", {"path": shown, "why": why})
        return Path(os.path.relpath(path, self.root)).as_posix()

    def check_image(self, relative: str) -> str:
        """Refuse what the image pipeline could not use, before any pixel is decoded."""
        path, shown = self.resolve(relative), terminal_safe(relative)
        why = "{path} is larger than presskit accepts ({limit} million pixels)"
        limit = MAX_IMAGE_PIXELS // 10**6
        too_large = PydanticCustomError("image", why, {"path": shown, "limit": limit})
        try:
            header = partial(_image_header, path)
            warm = self.warm
            kind, (width, height) = warm.of_file(path, "header", header) if warm else header()
        except Image.DecompressionBombError:
            raise too_large from None
        except (UnidentifiedImageError, OSError):
            why = "{path} is not an image presskit can read (JPEG, PNG, WebP or TIFF)"
            raise PydanticCustomError("image", why, {"path": shown}) from None
        except ValueError:  # Pillow refusing metadata that inflates past its limits (zTXt)
            why = "{path} holds metadata larger than a picture needs, or is damaged: save it again"
            raise PydanticCustomError("image", why, {"path": shown}) from None
        if kind not in IMAGE_FORMATS:
            why = "{path} is a {kind} image: use JPEG, PNG, WebP or TIFF"
            raise PydanticCustomError("image", why, {"path": shown, "kind": kind})
        if width * height > MAX_IMAGE_PIXELS:
            raise too_large
        return Path(os.path.relpath(path, self.root)).as_posix()


def _image_header(path: Path) -> tuple[str, tuple[int, int]]:
    """A picture's format and size, read from its header."""
    with warnings.catch_warnings(), strict_decoding():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path) as image:
            return image.format, image.size


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
