"""One search path for templates, styles and labels: the project's folders, then presskit's.

A project overrides the default theme file by file, as MkDocs' `custom_dir` and
Sphinx's `templates_path` do: `templates/cover.html` in the project replaces
only the cover.

A project is untrusted, like its kit. Its `templates/`, `styles/` and `locale/` are
resolved once, and a folder or a file that a symlink leads out of the project is
refused, before anything in it is read. Templates run in a sandbox that sees plain
data only (text, numbers, dates, lists and mappings of them): the kit, its chapters
and its pictures are turned into mappings before rendering, so no object with a
method that reaches the disk or the process is within a template's reach.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import re
import string
import types
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import unquote, urlsplit

import jinja2
import tinycss2
from jinja2.runtime import BlockReference, Context, LoopContext, Macro, TemplateReference
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup
from pydantic import BaseModel

from presskit.errors import KitError, Problem, display_path, utf8_text
from presskit.kit import i18n, markdown
from presskit.project import folder_files, outside, search_path
from presskit.render import credits
from presskit.render.contents import Chapter
from presskit.render.images import Picture
from presskit.render.look import INSIDE, Design

if TYPE_CHECKING:
    from presskit.warm import Warm

SCALARS = (str, int, float, bool, type(None), dt.date, dt.time, dt.datetime)
PLAIN = (*SCALARS, list, tuple, dict, range)
"""What a template may hold and look into (and Markup, the text filters make)."""
RUNTIME = (LoopContext, Macro, Namespace, Cycler, Joiner, TemplateReference, BlockReference)
"""Jinja's own objects a template works with (`loop`, macros, `namespace()`, `self`)."""
LARGEST = 100_000
"""The longest range, text or list a template may make (Jinja's sandbox bounds ranges so)."""
TOO_LARGE = "a repetition, power, width or count this large is not allowed in a template"
PERCENT_WIDTHS = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(\*|\d+)?(?:\.(\*|\d+))?")
"""The width and precision of each conversion of a %-format."""
OUT = "points outside the project: refused"
ENDLESS = (
    "template: it leads back to itself without end (through extends, include or a macro):"
    " break the loop"
)
EXTRAS = {"press-kit.css": "extra.css", "site.css": "extra-site.css", "epub.css": "extra-epub.css"}
"""Each edition's stylesheet, and the project's stylesheet added after it (as MkDocs' extra_css):
the PDFs', the web page's, the EPUB's."""
REPLACES = "replaces the default stylesheet (templates and styles are searched before presskit's)"
NOT_IN_STYLES = (
    "not a file in styles/: copy the file into styles/ and name it from there,"
    " such as url(fonts/x.woff2)"
)
NOT_IN_EPUB = "an EPUB carries no files but its chapters and pictures: remove it"
Source = tuple[str, str, Callable[[], bool]]
"""What a Jinja loader gives: the text, the file name, and whether it is still up to date."""


class Stylesheet(NamedTuple):
    shown: str
    """Its name in problems: as the user wrote it."""
    text: str
    urls: list[tuple[int, str]]
    """(line, URL) for every URL it names."""


class Theme:
    """Templates, styles and labels for one kit in one language."""

    def __init__(
        self, project: Path, lang: str, design: Design | None = None, warm: Warm | None = None
    ):
        self.project = project
        self.warm = warm
        """What earlier builds in this process compiled and hashed (the templates, small files)."""
        self.folders = theme_folders(project)
        """Each theme folder along the search path, resolved once: (as named, resolved) pairs."""
        self.design = design or Design()
        """The kit's look: its tokens, theme, cover and title treatment."""
        self.fingerprints: dict[tuple[str, frozenset[str]], str] = {}
        self.env = PlainSandbox(
            loader=ContainedLoader(self.folders["templates"]),
            autoescape=jinja2.select_autoescape(
                disabled_extensions=("txt",), default_for_string=True, default=True
            ),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
            bytecode_cache=warm.templates if warm else None,
        )
        catalogues = [
            (display_path(named / f"{name}.po"), real)
            for named, resolved in reversed(self.folders["locale"])
            for name in reversed(i18n.catalogue_names(lang))
            if (real := contained(named, resolved, [f"{name}.po"]))
        ]
        catalogue = i18n.translations(catalogues)
        self.env.install_gettext_translations(catalogue, newstyle=True)
        self.gettext = catalogue.gettext
        """Labels printed from Python (chapter titles), in the kit's language."""
        self.env.globals["direction"] = i18n.direction(lang)
        self.env.globals["look"] = self.design.template_data()
        self.env.globals["stylesheets"] = {
            name: [f"styles/{n}" for n in self.stylesheets(name)] for name in EXTRAS
        }
        self.env.filters.update(
            md=lambda text: markdown.block(text, lang),
            md_inline=lambda text: markdown.inline(text, lang),
            plain=lambda text: markdown.plain(text, lang),
            text=lambda text: markdown.text(text, lang),
            long_date=lambda value: i18n.long_date(value, lang),
            clock=lambda value: i18n.clock(value, lang),
            credit=lambda credit: credits.credit_line(credit, catalogue.gettext),
        )

    def render(self, template: str, **context: object) -> str:
        """A template rendered from plain data; a mistake in a project's template is a problem
        with its file and line, not a crash."""
        data = {name: plain(value) for name, value in context.items()}
        try:
            return self.env.get_template(template).render(**data)
        except jinja2.TemplateSyntaxError as error:
            where = display_path(Path(error.filename)) if error.filename else template
            problem = Problem(where, error.lineno, "", f"template: {error.message}")
        except jinja2.TemplateError as error:
            problem = Problem(*template_line(error, template), "", f"template: {error}")
        except RecursionError as error:
            problem = Problem(*template_line(error, template), "", ENDLESS)
        raise KitError([problem])

    def find(self, relative: str) -> Path | None:
        """The first `<folder>/<name>` file on the search path (`relative` starts with the folder:
        `styles/…`). A name with `..` finds nothing; a file there that a link leads out of its
        folder is a problem, not passed over for presskit's own."""
        found = self.lookup(relative)
        return found[1] if found else None

    def lookup(self, relative: str) -> tuple[Path, Path] | None:
        """`find`, with the file as the user named it (for problems) before the resolved one."""
        folder, _, name = relative.partition("/")
        parts = PurePosixPath(name).parts
        if folder not in self.folders or not parts or ".." in parts or name.startswith("/"):
            return None
        for named, resolved in self.folders[folder]:
            if real := contained(named, resolved, parts):
                return named.joinpath(*parts), real
        return None

    def fingerprint(self, folder: str, skip: set[str] = frozenset()) -> str:
        """A hash of every file in `folder` (templates, styles, locale) along the search path,
        but those named in `skip`: what an edition made from them depends on. Links are hashed
        by where they point, never followed. Each is hashed once a build, however many
        editions ask."""
        key = (folder, frozenset(skip))
        if key not in self.fingerprints:
            digest = hashlib.sha256()
            for _, resolved in self.folders[folder]:
                for name, mark in folder_files(resolved, self.warm):
                    if PurePosixPath(name).name not in skip:
                        digest.update(f"{folder}/{name}\0{mark}\n".encode())
            self.fingerprints[key] = digest.hexdigest()
        return self.fingerprints[key]

    def style(self, name: str) -> Path:
        path = self.find(f"styles/{name}")
        if path is None:
            raise FileNotFoundError(f"styles/{name} is missing from the theme")
        return path

    def stylesheet(self, name: str) -> Stylesheet:
        """Stylesheet `styles/<name>`, and every URL it names (in `url()` or `@import`) with its
        line, read with a CSS parser (tinycss2, WeasyPrint's)."""
        found = self.lookup(f"styles/{name}")
        if found is None:
            raise FileNotFoundError(f"styles/{name} is missing from the theme")
        shown = display_path(found[0])
        text = utf8_text(found[1].read_bytes(), shown)
        urls = []
        todo = list(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))
        while todo:
            token = todo.pop(0)
            if token.type == "url":
                urls.append((token.source_line, token.value))
            elif token.type == "function" and token.lower_name == "url":
                strings = [t for t in token.arguments if t.type == "string"]
                urls += [(token.source_line, s.value) for s in strings[:1]]
            elif token.type == "at-rule" and token.lower_at_keyword == "import":
                urls += [(t.source_line, t.value) for t in token.prelude if t.type == "string"]
            inside = (getattr(token, part, None) or [] for part in INSIDE)
            todo[:0] = [t for tokens in inside for t in tokens]
        return Stylesheet(shown, text, urls)


    def stylesheets(self, name: str) -> list[str]:
        """Stylesheet `name` (press-kit.css, site.css, epub.css), then the project's extra one for
        the same edition if it has it: what the edition is styled with, in order."""
        extra = EXTRAS[name]
        return [name, extra] if self.find(f"styles/{extra}") else [name]

    def notes(self) -> list[str]:
        """What the user is told once a build: each project stylesheet that takes the place of
        presskit's whole one (where an extra stylesheet would only add to it)."""
        *project, (_, presskit) = self.folders["styles"]
        return [
            f"{display_path(named / name)} {REPLACES}"
            for named, resolved in project
            if resolved != presskit  # presskit's own repository is a project too
            for name in EXTRAS
            if contained(named, resolved, [name])
        ]

    def epub_css(self) -> str:
        """The EPUB's stylesheet: epub.css and the project's extra-epub.css, with the look's
        tokens written in. It may name no URL: the book carries no file it could point to but
        its chapters and pictures, and a remote one would be fetched by the e-reader."""
        sheets = [self.stylesheet(name) for name in self.stylesheets("epub.css")]
        problems = [
            Problem(sheet.shown, line, "", f"url({url}): {NOT_IN_EPUB}")
            for sheet in sheets
            for line, url in sheet.urls
        ]
        if problems:
            raise KitError(problems)
        return self.design.written_in("\n".join(sheet.text for sheet in sheets))

    def site_files(self) -> dict[str, Path]:
        """The web edition's styles, by their names inside styles/ (those of its copies):
        site.css, the project's extra-site.css, and the files they name (fonts). Only plain
        relative names of files in styles/ are taken; an address, an absolute path or a `..`
        is a problem naming the URL."""
        files, problems = {}, []
        for name in self.stylesheets("site.css"):
            sheet = self.stylesheet(name)
            files[name] = self.style(name)
            for line, url in sheet.urls:
                address = urlsplit(url)
                parts = PurePosixPath(unquote(address.path)).parts
                elsewhere = address.scheme or address.netloc or not parts or parts[0] == "/"
                if elsewhere or ".." in parts or "\\" in url:
                    problems.append(Problem(sheet.shown, line, "", f"url({url}): {NOT_IN_STYLES}"))
                elif (path := self.find(f"styles/{'/'.join(parts)}")) is None:
                    fix = "no such file in styles/: add it, or correct the name"
                    problems.append(Problem(sheet.shown, line, "", f"url({url}): {fix}"))
                else:
                    files["/".join(parts)] = path
        if problems:
            raise KitError(problems)
        return files


def theme_folders(project: Path) -> dict[str, list[tuple[Path, Path]]]:
    """Each theme folder: the project's (if it has one) then presskit's, as named and resolved.
    A project folder that a link leads out of the project is refused, before anything in it
    is read."""
    root = project.resolve()
    folders: dict[str, list[tuple[Path, Path]]] = {}
    problems = []
    for folder, (named, own) in search_path(project).items():
        folders[folder] = []
        if outside(named, root):
            problems.append(Problem(display_path(named), None, "", f"this folder {OUT}"))
        elif named.is_dir():
            folders[folder].append((named, named.resolve()))
        folders[folder].append((own, own.resolve()))
    if problems:
        raise KitError(problems)
    return folders


def contained(named: Path, resolved: Path, parts: list[str], kind: str = "file") -> Path | None:
    """File `parts` of the theme folder `named` (resolved: `resolved`), resolved itself; None if
    there is none. One that a link leads out of the folder is a problem, before it is read."""
    path = named.joinpath(*parts)
    try:
        real = path.resolve()
    except RuntimeError:  # a loop of links
        real = None
    if real is None or not real.is_relative_to(resolved):
        message = f"this {kind} {OUT}" if real else f"this {kind} is a link to itself: remove it"
        raise KitError([Problem(display_path(path), None, "", message)])
    return real if real.is_file() else None


def plain(value: object) -> object:
    """`value` as a template may see it: text, numbers, dates, and lists and mappings of them.
    The kit's model and its chapters become mappings of their fields, a picture its name in the
    edition and its size; its file and bytes stay out of reach. Anything else is a bug."""
    if isinstance(value, Markup) or type(value) in SCALARS:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Mapping):
        return {plain(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, BaseModel):
        return {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, Picture):
        return {"href": value.href, "media_type": value.media_type, "width": value.width,
                "height": value.height}
    if isinstance(value, Chapter):
        fields = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {**fields, "kind": value.kind}
    raise TypeError(f"a template cannot be given a {type(value).__name__}: give it plain data")


class PlainSandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, narrowed to plain data: a template may look into text, numbers, dates,
    lists and mappings (and Jinja's own loop, macros and namespaces), get only such values
    from them, and call only their methods, its macros and the theme's functions. Ranges,
    repetitions, powers and the widths and counts given to methods, filters and formats are
    bounded, so a template cannot exhaust the memory either."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: object):
        super().__init__(**options)
        del self.globals["lipsum"]  # placeholder text, of any length: nothing a press kit needs
        self.globals["range"] = bounded_range
        self.filters = {name: bounded(function) for name, function in self.filters.items()}

    def call(self, context: Context, callee: object, /, *args: object, **kwargs: object) -> object:
        if bound_to(getattr(callee, "__wrapped__", callee), getattr(callee, "__self__", None)):
            refuse_large(args, kwargs)  # "x".ljust(10**9)
        return super().call(context, callee, *args, **kwargs)

    def wrap_str_format(self, value: object) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            specs = [spec for _, _, spec, _ in string.Formatter().parse(value.__self__) if spec]
            numbers = [int(n) for spec in specs for n in re.findall(r"\d+", spec)]
            if any("{" in spec for spec in specs) or any(n > LARGEST for n in numbers):
                raise SecurityError(TOO_LARGE)  # "{:>1000000000}".format(x)
        return wrapped

    def getattr(self, obj: object, attribute: str) -> object:
        """An undefined value stays undefined, so its error is the first one, not about itself."""
        return obj if isinstance(obj, jinja2.Undefined) else super().getattr(obj, attribute)

    def getitem(self, obj: object, argument: object) -> object:
        return obj if isinstance(obj, jinja2.Undefined) else super().getitem(obj, argument)

    def is_safe_attribute(self, obj: object, attr: str, value: object) -> bool:
        return (
            super().is_safe_attribute(obj, attr, value)
            and admitted(obj)
            and (admitted(value) or bound_to(value, obj))
        )

    def is_safe_callable(self, obj: object) -> bool:
        if not super().is_safe_callable(obj):
            return False
        if isinstance(obj, (Macro, BlockReference, LoopContext, Joiner)):
            return True
        if any(obj is value for value in self.globals.values()):
            return True
        method = getattr(obj, "__wrapped__", obj)  # str.format comes wrapped by the sandbox
        return bound_to(method, getattr(method, "__self__", None))

    def call_binop(self, context: Context, operator: str, left: object, right: object) -> object:
        if operator == "*":
            count = next((n for n in (left, right) if isinstance(n, int)), 1)
            size = next((len(v) for v in (left, right) if isinstance(v, (str, list, tuple))), 0)
            too_large = size * count > LARGEST
        elif operator == "**":
            numbers = isinstance(left, int) and isinstance(right, int) and abs(left) > 1
            too_large = numbers and right * abs(left).bit_length() > 4 * LARGEST  # bits
        else:  # "%1000000000s" % x
            widths = PERCENT_WIDTHS.findall(left) if isinstance(left, str) else []
            too_large = any(n == "*" or int(n or 0) > LARGEST for pair in widths for n in pair)
        if too_large:
            raise SecurityError(TOO_LARGE)
        return super().call_binop(context, operator, left, right)


def bounded(function: Callable) -> Callable:
    """A Jinja filter that refuses a width or count over LARGEST (`"x"|center(10**9)`); the
    value it filters may be any size."""
    given = 2 if hasattr(function, "jinja_pass_arg") else 1  # the context or environment first

    @functools.wraps(function)
    def filtered(*args: object, **kwargs: object) -> object:
        refuse_large(args[given:], kwargs)
        return function(*args, **kwargs)

    return filtered


def refuse_large(args: tuple, kwargs: dict) -> None:
    if any(type(n) is int and abs(n) > LARGEST for n in (*args, *kwargs.values())):
        raise SecurityError(TOO_LARGE)


def bound_to(method: object, obj: object) -> bool:
    """Whether `method` is a method of the admitted object `obj` itself (not of its class)."""
    methods = (types.MethodType, types.BuiltinMethodType)
    return isinstance(method, methods) and method.__self__ is obj and admitted(obj)


def admitted(value: object) -> bool:
    """Plain data, or one of Jinja's own runtime objects."""
    return type(value) in PLAIN or isinstance(value, (Markup, *RUNTIME))


def bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > LARGEST:
        raise SecurityError(f"range() may count to {LARGEST} at most in a template")
    return numbers


def template_line(error: BaseException, template: str) -> tuple[str, int | None]:
    """The template file and line an error was raised at: the innermost template frame of its
    traceback (Jinja rewrites tracebacks to name them), else the template that was rendered."""
    where: tuple[str, int | None] = (template, None)
    frame = error.__traceback__
    while frame is not None:
        if "__jinja_exception__" in frame.tb_frame.f_globals:  # made by Jinja for a template line
            where = (display_path(Path(frame.tb_frame.f_code.co_filename)), frame.tb_lineno)
        frame = frame.tb_next
    return where


class ContainedLoader(jinja2.BaseLoader):
    """Templates from the theme folders in turn. A template that a link leads out of its folder
    is refused before it is read; one that is not UTF-8 is a problem naming it."""

    def __init__(self, folders: list[tuple[Path, Path]]):
        self.folders = folders

    def get_source(self, environment: jinja2.Environment, template: str) -> Source:
        parts = jinja2.loaders.split_template_path(template)
        for named, resolved in self.folders:
            if real := contained(named, resolved, parts, "template"):
                path, mtime = named.joinpath(*parts), real.stat().st_mtime_ns
                text = utf8_text(real.read_bytes(), display_path(path))
                return text, str(path), lambda: real.is_file() and real.stat().st_mtime_ns == mtime
        raise jinja2.TemplateNotFound(template)
