"""The kit's files as the editor reads and writes them: YAML kept as the publicist wrote it.

The editor shows the kit as presskit reads it (`kit.reading.read_yaml`: every value as text, which
is what the model validates) and the text of every Markdown file it names. A save compares what the
page sends with that reading, field by field, and changes only what differs:

- a file whose content did not change is not written at all;
- in `presskit.yaml`, the changes are made in a round-trip tree (ruamel.yaml, which keeps
  comments, key order, quoting and unknown keys), dumped with the file's own indentation, and
  only the lines the change made differ are carried over to the file (`merged_lines`): every
  other line stays byte for byte as it was, even where ruamel.yaml would lay it out otherwise.
  The result is read back and must say what the page sent; else ruamel.yaml's own layout of
  the whole file is written.

Every write is atomic (output.write_atomic), and the bytes it replaces are kept first in
`kit/.presskit-editor/history/`, which undo restores. A file changed on disk since the page
loaded it (by a text editor, another editor tab) is never overwritten: the save is refused and
names it (`Conflict`). Nothing is written outside the kit folder, nor through a link.
"""

from __future__ import annotations

import base64
import datetime
import difflib
import hashlib
import io
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString
from ruamel.yaml.tokens import CommentToken

from presskit.errors import EDITOR_FOLDER, KitError, Problem, display_path
from presskit.kit.reading import read_yaml
from presskit.kit.text import MAX_TEXT_BYTES
from presskit.output.files import write_atomic

MARKDOWN_NAME = re.compile(r"[^\s]+\.md")
"""A value that names a Markdown file beside the kit (as the model reads it)."""
HISTORY_KEPT = 50
"""Saves that undo can go back through; older ones are removed."""
INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (3, 5, 2))
"""(mapping, sequence, offset) layouts tried, in turn, until ruamel.yaml writes the file back
exactly: the common ones (`- ` indented under its key or not)."""


class Conflict(Exception):
    """Files changed on disk since the page loaded them: saving would lose those changes."""

    def __init__(self, changed: list[str], kit_name: str):
        self.changed = changed
        names = ", ".join(f"{kit_name}/{name}" for name in changed)
        were = "were" if len(changed) > 1 else "was"
        super().__init__(
            f"{names} {were} changed by another program since you opened it: reload to see its "
            "version, your changes are kept in this page"
        )


class Refused(Exception):
    """A request the editor will not carry out (a file it may not write): one plain line."""


@dataclass(frozen=True)
class State:
    """The kit as the page edits it."""

    data: object
    """presskit.yaml as presskit reads it (texts), or None when it cannot be read."""
    files: dict[str, str]
    """The text of every Markdown file the kit names, by its path relative to the kit folder."""
    version: str
    problems: list[Problem]
    """Why presskit.yaml cannot be read, when it cannot."""


class KitDocument:
    """The files of one kit folder that the editor may write: its YAML and Markdown."""

    def __init__(self, kit_file: Path):
        self.kit_file = kit_file
        self.root = kit_file.parent.resolve()
        self.history = self.root / EDITOR_FOLDER / "history"

    # Reading

    def read(self, name: str | None = None) -> State:
        """The kit's YAML (or the translation `name`, such as presskit.fr.yaml) and Markdown."""
        path = self.root / (name or self.kit_file.name)
        if name and not path.exists():  # a translation not started yet
            return State({}, {}, self.version(), [])
        try:
            data = read_yaml(path, display_path(self.kit_file.with_name(path.name)))[0]
        except KitError as error:
            return State(None, {}, self.version(), error.problems)
        files = {}
        for relative in sorted(set(markdown_names(data))):
            if (text := self.text(relative)) is not None:
                files[relative] = text
        return State(data, files, self.version(), [])

    def text(self, relative: str) -> str | None:
        """A Markdown file's text as it is on disk (a missing or unreadable one: None, the
        loader says why)."""
        path = self.writable(relative)
        if path is None or not path.is_file() or path.stat().st_size > MAX_TEXT_BYTES:
            return None
        try:
            return path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def editable(self) -> dict[str, Path]:
        """Every file the editor may write that exists: the YAML at the kit's top level, and
        every Markdown file in it outside hidden folders."""
        found = {}
        for folder, folders, names in os.walk(self.root):
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            for name in names:
                path = Path(folder, name)
                relative = path.relative_to(self.root).as_posix()
                top_yaml = folder == str(self.root) and name.endswith(".yaml")
                if (top_yaml or name.endswith(".md")) and not path.is_symlink():
                    found[relative] = path
            if len(found) > 10_000:
                break
        return found

    def digests(self) -> dict[str, str]:
        return {
            name: hashlib.sha256(path.read_bytes()).hexdigest()[:20]
            for name, path in sorted(self.editable().items())
        }

    def version(self) -> str:
        """What the page loaded: each editable file's digest, so a later save can tell which
        changed. Opaque to the page."""
        text = json.dumps(self.digests(), separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def changed_since(self, version: str) -> list[str]:
        """The files that differ from the version the page loaded."""
        try:
            padded = version + "=" * (-len(version) % 4)
            loaded = json.loads(base64.urlsafe_b64decode(padded.encode()))
            assert isinstance(loaded, dict)
        except (ValueError, AssertionError, TypeError):
            loaded = {}
        now = self.digests()
        return sorted(name for name in {*loaded, *now} if loaded.get(name) != now.get(name))

    def writable(self, relative: str) -> Path | None:
        """The path of a kit file the editor may write: inside the kit folder, not hidden, no
        link on the way; None otherwise."""
        if not isinstance(relative, str) or "\\" in relative or "\0" in relative:
            return None
        parts = relative.split("/")
        if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
            return None  # also an absolute path: its first part is ""
        path = self.root.joinpath(*parts)
        folder = path.parent
        if folder.resolve() != folder or not folder.is_relative_to(self.root):
            return None
        if path.is_symlink():
            return None
        return path

    # Writing

    def save(
        self, data: object, files: dict[str, str], version: str, name: str | None = None
    ) -> list[str]:
        """Write what changed, after keeping the previous bytes for undo; the names written.
        Raises Conflict when a file changed since `version`, Refused for a file the editor may
        not write."""
        if changed := self.changed_since(version):
            raise Conflict(changed, self.kit_file.parent.name)
        yaml_name = name or self.kit_file.name
        before = self.read(yaml_name)
        writes: dict[str, bytes] = {}
        if before.data is None:
            if data is not None:
                raise Refused(
                    f"{self.kit_file.parent.name}/{yaml_name} cannot be read, so the editor "
                    "cannot save into it: fix it in a text editor first"
                )
        elif data != before.data:
            path = self.root / yaml_name
            source = path.read_bytes() if path.is_file() else b""
            writes[yaml_name] = patched(source, before.data, data)
        named = set(markdown_names(data)) | set(before.files)
        if name:  # a translation: X.<lang>.md stands for the original's X.md
            lang = name.split(".")[-2]
            named |= {f"{relative[:-3]}.{lang}.md" for relative in self.read().files}
        for relative, text in (files or {}).items():
            if relative not in named or not relative.endswith(".md"):
                raise Refused(f"{relative!r} is not a Markdown file the kit names")
            if self.writable(relative) is None:
                raise Refused(f"{relative!r}: the editor writes only inside the kit folder")
            if not isinstance(text, str):
                raise Refused(f"{relative!r}: its text must be a string")
            current = self.text(relative)
            if text != current and (current is not None or text.strip()):
                writes[relative] = text.encode("utf-8")
        if writes:
            self.keep(writes)
            for relative, content in writes.items():
                write_atomic(self.writable(relative), content)
        return sorted(writes)

    def keep(self, writes: dict[str, bytes]) -> None:
        """The bytes the next writes replace (None for a file they create), kept for undo."""
        self.history.mkdir(parents=True, exist_ok=True)
        numbers = self.saves()
        entry = self.history / f"{(numbers[-1] if numbers else 0) + 1:06d}"
        entry.mkdir()
        manifest = {}
        for index, relative in enumerate(sorted(writes)):
            path = self.writable(relative)
            if path is not None and path.is_file():
                (entry / f"{index}.previous").write_bytes(path.read_bytes())
                manifest[relative] = f"{index}.previous"
            else:
                manifest[relative] = None
        (entry / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        for old in numbers[: max(0, len(numbers) + 1 - HISTORY_KEPT)]:
            shutil.rmtree(self.history / f"{old:06d}", ignore_errors=True)

    def saves(self) -> list[int]:
        """The saves undo can go back to, oldest first."""
        if not self.history.is_dir():
            return []
        return sorted(int(p.name) for p in self.history.iterdir() if p.name.isdigit())

    def undo(self, version: str) -> list[str]:
        """Put back the files the last save changed, as they were before it; the names."""
        if changed := self.changed_since(version):
            raise Conflict(changed, self.kit_file.parent.name)
        numbers = self.saves()
        if not numbers:
            raise Refused("there is nothing to undo")
        entry = self.history / f"{numbers[-1]:06d}"
        manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
        for relative, kept in manifest.items():
            path = self.writable(relative)
            if path is None:
                continue
            if kept is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, (entry / kept).read_bytes())
        shutil.rmtree(entry)
        return sorted(manifest)


def markdown_names(data: object):
    """Every value of `data` that names a Markdown file, as the model reads it."""
    if isinstance(data, dict):
        for value in data.values():
            yield from markdown_names(value)
    elif isinstance(data, list):
        for value in data:
            yield from markdown_names(value)
    elif isinstance(data, str) and MARKDOWN_NAME.fullmatch(data.strip()):
        yield data.strip()


# Round-trip YAML


def round_trip(indent: tuple[int, int, int]) -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # a long line stays one line, as the publicist wrote it
    mapping, sequence, offset = indent
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def dumped(yaml: YAML, tree: object) -> str:
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue()


def patched(source: bytes, before: object, after: object) -> bytes:
    """`source` (a kit's YAML, read by presskit as `before`) with the changes that make it
    `after`: comments, order, quoting and untouched lines kept."""
    text = source.decode("utf-8")
    bom, text = ("\ufeff", text[1:]) if text.startswith("\ufeff") else ("", text)
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    tree = round_trip(INDENTS[0]).load(text)
    layouts = ((y, dumped(y, tree)) for y in map(round_trip, INDENTS))
    yaml, unchanged = next(
        ((y, laid) for y, laid in layouts if laid == text), (round_trip(INDENTS[0]), None)
    )
    if isinstance(tree, CommentedMap) and isinstance(after, dict):
        unchanged = unchanged or dumped(yaml, tree)
        new = dumped(yaml, changed(tree, before, after))
        merged = merged_lines(text, unchanged, new)
        if as_text(read_text_yaml(merged)) == as_text(after):
            new = merged  # else ruamel.yaml's own layout of the whole file, which reads right
    else:
        new = dumped(yaml, fresh(after))
    if crlf:
        new = new.replace("\n", "\r\n")
    return (bom + new).encode("utf-8")


def merged_lines(original: str, unchanged: str, changed: str) -> str:
    """The changes ruamel.yaml made between its layout of the file before (`unchanged`) and
    after the edit (`changed`), carried over to the file as it was written (`original`): a
    three-way merge by lines. A line ruamel.yaml lays out otherwise than the file (its own
    indentation, a comment's column) is kept as written unless the edit changed it; a changed
    line takes the file's indentation there."""
    ours, base, theirs = (t.splitlines(keepends=True) for t in (original, unchanged, changed))
    produced: list[list[str]] = [[line] for line in base]  # what each base line becomes
    head: list[str] = []
    edits = difflib.SequenceMatcher(None, base, theirs, autojunk=False).get_opcodes()
    for tag, b1, b2, t1, t2 in edits:
        if tag == "equal":
            continue
        for index in range(b1, b2):
            produced[index] = []
        if b1 < b2:
            produced[b1] = theirs[t1:t2]
        elif b1 > 0:
            produced[b1 - 1] = produced[b1 - 1] + theirs[t1:t2]
        else:
            head += theirs[t1:t2]
    out = list(head)
    layout = difflib.SequenceMatcher(None, base, ours, autojunk=False).get_opcodes()
    for tag, b1, b2, o1, o2 in layout:
        units = (
            [((b, b + 1), (o, o + 1)) for b, o in zip(range(b1, b2), range(o1, o2))]
            if tag == "equal"
            else [((b1, b2), (o1, o2))]
        )
        for (u1, u2), (v1, v2) in units:
            touched = any(produced[i] != [base[i]] for i in range(u1, u2))
            if not touched:
                out += ours[v1:v2]
                continue
            lines = [line for i in range(u1, u2) for line in produced[i]]
            out += reindented(lines, indent(base[u1:u2]), indent(ours[v1:v2]))
    return "".join(out)


def indent(lines: list[str]) -> int | None:
    """The indentation of the first line that is not blank."""
    for line in lines:
        if line.strip():
            return len(line) - len(line.lstrip(" "))
    return None


NOTE_AFTER = re.compile(r"(?<=\S)( {2,})(?=# )")
"""The spaces before a note at the end of a line (ruamel.yaml keeps a note in its column)."""


def reindented(lines: list[str], laid: int | None, written: int | None) -> list[str]:
    """`lines` moved from ruamel.yaml's indentation (`laid`) to the file's (`written`), their
    notes left in the column they were written in."""
    shift = written - laid if laid is not None and written is not None else 0
    if not shift:
        return lines
    moved = []
    for line in lines:
        if not line.strip():
            moved.append(line)
            continue
        line = " " * shift + line if shift > 0 else line.removeprefix(" " * -shift)
        moved.append(NOTE_AFTER.sub(lambda gap: " " * max(2, len(gap[1]) - shift), line, 1))
    return moved


def read_text_yaml(text: str) -> object:
    """What presskit reads from a YAML text (None if it cannot read it)."""
    try:
        return read_yaml(Path("presskit.yaml"), "presskit.yaml", text)[0]
    except KitError:
        return None


def as_text(value: object) -> object:
    """A value as presskit reads it from YAML: every scalar text (null aside)."""
    if isinstance(value, dict):
        return {str(k): as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_text(v) for v in value]
    if isinstance(value, bool):
        return str(value).lower()
    if value is None or isinstance(value, str):
        return value
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def changed(tree: object, before: object, after: object) -> object:
    """`tree` (round-trip) changed where `after` differs from `before`; the new node."""
    if isinstance(tree, CommentedMap) and isinstance(before, dict) and isinstance(after, dict):
        for key in [k for k in tree if k not in after]:
            del tree[key]
        for position, (key, value) in enumerate(after.items()):
            if key in tree and key in before:
                if before[key] != value:
                    tree[key] = changed(tree[key], before[key], value)
            else:
                previous = [k for k in list(after)[:position] if k in tree]
                at = list(tree).index(previous[-1]) + 1 if previous else 0
                tree.insert(at, key, fresh(value, like=tree))
                if previous:
                    separated_like(tree, previous[-1], key)
        return tree
    if isinstance(tree, CommentedSeq) and isinstance(before, list) and isinstance(after, list):
        for index, value in enumerate(after[: len(tree)]):
            if index < len(before) and before[index] != value:
                tree[index] = changed(tree[index], before[index], value)
        del tree[len(after) :]
        for value in after[len(tree) :]:
            tree.append(fresh(value, like=tree[-1] if len(tree) else None))
            if len(tree) > 1:
                carry_ending(tree, len(tree) - 2, len(tree) - 1)
        return tree
    return scalar(after, tree)


def end_slot(node: object, holder: object = None, key: object = None) -> tuple[list, int] | None:
    """Where ruamel.yaml keeps the comment after `node` (`holder[key]` when node is a scalar):
    on its deepest last scalar. The comment slot list (made if missing) and the slot in it."""
    if isinstance(node, CommentedMap) and node:
        last = list(node)[-1]
        return end_slot(node[last], node, last)
    if isinstance(node, CommentedSeq) and node:
        return end_slot(node[-1], node, len(node) - 1)
    if isinstance(holder, CommentedMap):
        return holder.ca.items.setdefault(key, [None, None, None, None]), 2
    if isinstance(holder, CommentedSeq):
        return holder.ca.items.setdefault(key, [None, None]), 0
    return None


def ending(holder: object, key: object) -> CommentToken | None:
    found = end_slot(holder[key], holder, key)
    return found[0][found[1]] if found else None


def set_ending(holder: object, key: object, text: str, like: CommentToken) -> None:
    found = end_slot(holder[key], holder, key)
    if found:
        found[0][found[1]] = CommentToken(text, like.start_mark, None)


def carry_ending(holder: object, before: object, after: object) -> None:
    """Move what follows `holder[before]` in the file past its own line (the blank line before
    the next key, notes below a list) to `holder[after]`, just inserted after it: ruamel.yaml
    keeps those on the node before, so the new one would be written below them. A note at the
    end of the line stays where it is."""
    token = ending(holder, before)
    if token is None or not isinstance(token.value, str):
        return
    own, newline, rest = token.value.partition("\n")
    if rest:
        token.value = own + newline
        set_ending(holder, after, "\n" + rest, token)


def separated_like(holder: object, before: object, new: object) -> None:
    """A key inserted after a block that ends with a blank line ends with one too."""
    token = ending(holder, before)
    if token is not None and isinstance(token.value, str) and token.value.endswith("\n\n"):
        set_ending(holder, new, "\n\n", token)


def fresh(value: object, like: object = None) -> object:
    """A new round-trip node for `value`, in the flow or block style of its neighbour `like`."""
    if isinstance(value, dict):
        node = CommentedMap((k, fresh(v)) for k, v in value.items())
    elif isinstance(value, list):
        node = CommentedSeq(fresh(v) for v in value)
    else:
        return scalar(value, None)
    if isinstance(like, (CommentedMap, CommentedSeq)) and like.fa.flow_style():
        node.fa.set_flow_style()
    return node


DATE = re.compile(r"\d{4}-\d\d-\d\d")


def scalar(value: object, old: object) -> object:
    """A value as the YAML should hold it. presskit reads every scalar as text, so a text that
    reads back the same unquoted (a year, a date) is written unquoted, as a publicist writes it;
    a text in quotes or a block before keeps its style."""
    if not isinstance(value, str):
        return value
    if isinstance(old, ScalarString):
        return type(old)(value)
    if re.fullmatch(r"[1-9]\d{0,8}|0", value):
        return int(value)
    if DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value
