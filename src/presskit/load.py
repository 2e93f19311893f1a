"""Kit files -> `Kit`, with every problem located by file, line and field.

YAML is composed with PyYAML's safe loader into nodes (which carry line numbers)
and turned into plain data by a small walker that records the line of every
field, refuses duplicate keys and bounds alias expansion and nesting. The data is
then validated by the pydantic model in one pass that collects every error, and
its Markdown checked for what would cost the PDF layout out of proportion to its
length (`markdown.too_complex`).
"""

from __future__ import annotations

import difflib
import os
import re
import types
import typing
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import Image, ImageFile, UnidentifiedImageError
from pydantic import AfterValidator, AliasPath, BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from . import markdown
from .errors import KitError, Problem, display_path, field_path, terminal_safe
from .model import Kit, Text, translatable

MAX_TEXT_BYTES = 5 * 1024 * 1024
"""Larger YAML or Markdown is refused: no press kit is that long."""

YAML_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
"""The only tags a kit may use (the ones plain YAML implies); no Python objects, no binary."""

MAX_NODES = 50_000
"""Bounds the data a YAML document may expand to (aliases can multiply it)."""
MAX_DEPTH = 50
"""Nothing in a kit is more than four levels deep; PyYAML composes and presskit walks a document
by recursion, which a few hundred levels of `[[[…` (or of aliases) would exhaust."""
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep{{}}: no kit needs that many"

LINE_BREAKS = re.compile("\r\n?|[\x85\u2028]|(\u2029)")
"""The line breaks YAML knows besides \\n (from escapes such as "\\r", "\\N", "\\L", "\\P" or a
paste): each becomes \\n, and a paragraph separator a blank line, as in a Markdown file."""

IMAGE_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "MPO": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp"), "TIFF": ("tif", "image/tiff")}
"""Pillow's format name -> file extension and media type. MPO is a JPEG with a preview image
after it, as many cameras write."""
MAX_IMAGE_PIXELS = 150_000_000
"""A 50-megapixel still is ordinary, a 100-megapixel scan possible; 150 million pixels is
refused as a decompression bomb, from the file's header, before anything is decoded."""

Loc = tuple[str | int, ...]

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
"""Characters no XML document (EPUB, tagged PDF) can hold; tab and line breaks are fine."""


def control_character(text: str) -> str | None:
    """'a control character (U+000B)' if `text` holds one, else None."""
    found = CONTROL.search(text)
    return f"a control character (U+{ord(found[0]):04X}) that documents cannot hold: remove it" if found else None


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


@dataclass(frozen=True)
class Loaded:
    kit: Kit
    where: Locator
    untranslated: tuple[Loc, ...] = ()
    """In a translation, the texts that fell back to the base language."""


def load_kit(kit_file: Path, lang: str | None = None) -> Loaded:
    """Read and validate `presskit.yaml` and everything it refers to; with `lang`, the kit in
    that language: `presskit.<lang>.yaml` laid over it, `X.<lang>.md` read for `X.md`."""
    shown = display_path(kit_file)
    data, lines, problems = read_yaml(kit_file, shown)
    where, folder, overlay = Locator(shown, lines), KitFolder(kit_file.parent), {}
    if lang and isinstance(data, dict):
        overlay_file = kit_file.with_name(f"{kit_file.stem}.{lang}{kit_file.suffix}")
        if overlay_file.is_file():
            overlay, overlay_lines, overlay_problems = read_yaml(overlay_file, display_path(overlay_file))
            problems += overlay_problems
            where = Locator(shown, lines, Locator(display_path(overlay_file), overlay_lines))
        data, folder = {**merge(data, overlay), "lang": lang}, KitFolder(kit_file.parent, lang)
    try:
        kit = Kit.model_validate(data, context={"files": folder})
    except ValidationError as error:
        problems += [where.problem(_loc(e), _message(e, _loc(e))) for e in error.errors()]
    else:
        problems += _too_complex(kit, where, folder)
    if problems:
        raise KitError(problems)
    if not lang:
        return Loaded(kit, where)
    untranslated = tuple(loc for loc in translatable(kit) if not _at(overlay, loc) and not folder.localized(_at(data, loc)))
    return Loaded(kit, where, untranslated)


MARKDOWN_FIELD = next(mark for mark in typing.get_args(Text) if isinstance(mark, AfterValidator))
"""What marks a Markdown field of the model (`Text`)."""


def markdown_texts(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Where each Markdown text of `model` is, and the text (a `.md` file's content)."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        marked = MARKDOWN_FIELD in field.metadata or Text in typing.get_args(field.annotation)
        if isinstance(value, str) and marked:
            yield (*loc, name), value
        elif isinstance(value, BaseModel):
            yield from markdown_texts(value, (*loc, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from markdown_texts(item, (*loc, name, i))


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
    """A translation laid over the base: mappings key by key, lists item by item, the rest replaced."""
    if isinstance(base, dict) and isinstance(overlay, dict):
        return {**base, **{key: merge(base[key], value) if key in base else value for key, value in overlay.items()}}
    if isinstance(base, list) and isinstance(overlay, list):
        return [merge(b, o) for b, o in zip(base, overlay)] + base[len(overlay):] + overlay[len(base):]
    return overlay


def _at(data: object, loc: Loc) -> object:
    """The raw value at `loc`, or None."""
    for part in loc:
        if isinstance(data, dict) and part in data or isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def read_text(path: Path, shown: str) -> str:
    """UTF-8 text (a BOM is accepted, CRLF becomes LF), size-limited."""
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise KitError([Problem(shown, None, "", f"file is larger than {MAX_TEXT_BYTES // 2**20} MB")])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise KitError([Problem(shown, line, "", "not UTF-8 text: save the file as UTF-8")]) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if reason := control_character(text):
        line = text[: CONTROL.search(text).start()].count("\n") + 1
        raise KitError([Problem(shown, line, "", f"contains {reason}")])
    return text


def read_yaml(path: Path, shown: str) -> tuple[object, dict[Loc, int], list[Problem]]:
    """Plain data from a YAML file, the line of every field in it, and what is wrong in it
    short of a syntax error (duplicate keys, control characters)."""
    if not path.is_file():
        raise KitError([Problem(shown, None, "", "no such file: a kit is a folder with a presskit.yaml in it")])
    text = read_text(path, shown)
    loader = _Loader(text, shown)
    try:
        node = loader.get_single_node()
        if node is None:
            raise KitError([Problem(shown, 1, "", "the file is empty: start with `title:` and `logline:`")])
        if not isinstance(node, yaml.MappingNode):
            raise KitError([Problem(shown, node.start_mark.line + 1, "", "expected fields such as `title: …` at the top level")])
        walker = _Walker(loader, shown)
        data = walker.value(node, ())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = " ".join(filter(None, [error.context, error.problem]))
        raise KitError([Problem(shown, mark.line + 1 if mark else None, "", f"YAML syntax: {reason}")]) from None
    except yaml.YAMLError as error:
        raise KitError([Problem(shown, None, "", f"YAML syntax: {error}")]) from None
    finally:
        loader.dispose()
    return data, walker.lines, walker.problems


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a document nested deeper than MAX_DEPTH as it composes it."""

    def __init__(self, text: str, shown: str):
        super().__init__(text)
        self.shown, self.depth = shown, 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        if self.depth >= MAX_DEPTH:
            line = self.peek_event().start_mark.line + 1
            raise KitError([Problem(self.shown, line, "", TOO_DEEP.format(""))])
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Walker:
    """Turns composed YAML nodes into dicts, lists and scalars, noting lines."""

    def __init__(self, loader: yaml.SafeLoader, shown: str):
        self.loader, self.shown = loader, shown
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.active: set[int] = set()

    def value(self, node: yaml.Node, loc: Loc) -> object:
        self.count += 1
        if self.count > MAX_NODES:
            raise KitError([Problem(self.shown, node.start_mark.line + 1, "", "the document expands to too much data (aliases nested too deep?)")])
        if id(node) in self.active:
            raise KitError([Problem(self.shown, node.start_mark.line + 1, field_path(loc), "an alias refers to itself")])
        if len(loc) > MAX_DEPTH:
            line = node.start_mark.line + 1
            raise KitError([Problem(self.shown, line, "", TOO_DEEP.format(" (through aliases)"))])
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if node.tag not in YAML_TAGS:
            raise KitError([Problem(self.shown, node.start_mark.line + 1, field_path(loc), f"the YAML tag {node.tag} is not allowed in a kit")])
        if isinstance(node, yaml.ScalarNode):
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
        if node.tag == "tag:yaml.org,2002:null":
            return None
        value = self.loader.construct_object(node) if node.tag == "tag:yaml.org,2002:str" else node.value
        value = LINE_BREAKS.sub(lambda found: "\n\n" if found[1] else "\n", value)
        if reason := control_character(value):
            self.problems.append(Problem(self.shown, node.start_mark.line + 1, field_path(loc), f"contains {reason}"))
        return value

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, object]:
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.shown, key_node.start_mark.line + 1, field_path(loc), "a key must be plain text"))
                continue
            line = key_node.start_mark.line + 1
            key = str(self.scalar(key_node, (*loc, key_node.value)))
            if key in result:
                first = self.lines[(*loc, key)]
                self.problems.append(Problem(self.shown, line, field_path((*loc, key)), f"appears twice (first on line {first})"))
                continue
            self.lines[(*loc, key)] = line
            result[key] = self.value(value_node, (*loc, key))
        return result


class KitFolder:
    """The files a kit may use: regular files inside its own folder, nothing else.
    For a translation, `X.<lang>.md` is read in place of `X.md` where it exists."""

    def __init__(self, root: Path, lang: str | None = None):
        self.root = root.resolve()
        self.lang = lang
        self.read: dict[str, tuple[str, int]] = {}
        """Each Markdown text read, and the file and line it starts at, to point problems there."""

    def localized(self, value: object) -> bool:
        """Whether `value` names a Markdown file that has a version in this folder's language."""
        return bool(self.lang and isinstance(value, str) and value.strip().endswith(".md") and (self.root / self._in_language(value.strip())).is_file())

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
            raise PydanticCustomError("path", "file not found: {path}", {"path": display_path(self.root / relative)})
        if not path.is_file():
            raise PydanticCustomError("path", "{path} is not a file", {"path": display_path(self.root / relative)})
        return path

    def read_markdown(self, relative: str) -> str:
        path = self.resolve(self._in_language(relative) if self.localized(relative) else relative)
        try:
            text = read_text(path, display_path(path))
        except KitError as error:
            found = {"path": terminal_safe(relative), "reason": error.problems[0].message}
            raise PydanticCustomError("text", "{path}: {reason}", found) from None
        if not text.strip():
            raise PydanticCustomError("text", "{path} is empty", {"path": terminal_safe(relative)})
        content = text.lstrip("\n").rstrip()
        self.read[content] = (display_path(path), len(text) - len(text.lstrip("\n")) + 1)
        return content

    def check_image(self, relative: str) -> str:
        """Refuse what the image pipeline could not use, before any pixel is decoded."""
        path, shown = self.resolve(relative), terminal_safe(relative)
        why = "{path} is larger than presskit accepts ({limit} million pixels)"
        limit = MAX_IMAGE_PIXELS // 10**6
        too_large = PydanticCustomError("image", why, {"path": shown, "limit": limit})
        try:
            with warnings.catch_warnings(), strict_decoding():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(path) as image:
                    kind, (width, height) = image.format, image.size
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


@contextmanager
def strict_decoding() -> Iterator[None]:
    """A cut-off file is an error, not a picture with a grey band, and metadata past Pillow's
    limits is refused, not dropped.

    WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when imported (as in a build that
    already laid out a PDF, or `presskit serve`); it is switched off while presskit reads
    pictures, and restored after.
    """
    saved, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _loc(error: dict) -> Loc:
    return tuple(part for part in error["loc"] if part != "[key]")


def _message(error: dict, loc: Loc) -> str:
    kind, given = error["type"], error.get("input")
    if kind == "missing":
        return "required"
    if kind == "extra_forbidden":
        known = _known_keys(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        return f"unknown key; did you mean `{close[0]}`?" if close else f"unknown key; known keys here: {', '.join(known)}"
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
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) in (list, typing.Union, typing.Annotated):
        for arg in typing.get_args(annotation):
            if found := _model_in(arg):
                return found
    return None
