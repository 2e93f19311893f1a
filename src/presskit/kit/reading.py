"""A kit's YAML read into plain data that remembers where each field was written.

YAML is composed with PyYAML's safe loader into nodes (which carry line numbers) and turned into
plain data by a small walker that records the line of every field, refuses duplicate keys and
bounds alias expansion and nesting. What it cannot read is told by kit/mistakes.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from presskit.errors import KitError, Loc, Locator, Problem, field_path
from presskit.kit.mistakes import Located, comma_in_braces, quoted, starts_with, yaml_mistake
from presskit.kit.text import SHIELDED, UNSHIELDED, control_character, pasted, read_text

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
        return starts_with(self.shown, self.text_lines, mark.line, mark.column, field_path(loc))

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
                        comma_in_braces(key, before),
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
