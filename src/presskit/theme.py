"""One search path for templates and styles: the project's folders, then presskit's.

A project overrides the default theme file by file, as MkDocs' `custom_dir` and
Sphinx's `templates_path` do: `templates/cover.html` in the project replaces
only the cover.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from . import i18n, markdown
from .record import DEFAULT_THEME
from .errors import KitError, Problem, display_path



class Theme:
    """Templates and styles for one kit in one language."""

    def __init__(self, project: Path, lang: str):
        self.roots = [project.resolve(), DEFAULT_THEME]
        self.fingerprints: dict[tuple[str, frozenset[str]], str] = {}
        self.env = SandboxedEnvironment(
            loader=ContainedLoader([root / "templates" for root in self.roots]),
            autoescape=jinja2.select_autoescape(disabled_extensions=("txt",), default_for_string=True, default=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
        )
        catalogue = i18n.translations(lang, project)
        self.env.install_gettext_translations(catalogue, newstyle=True)
        self.gettext = catalogue.gettext
        """Labels printed from Python (chapter titles), in the kit's language."""
        self.env.globals["direction"] = i18n.direction(lang)
        self.env.filters.update(
            md=lambda text: markdown.block(text, lang),
            md_inline=lambda text: markdown.inline(text, lang),
            plain=lambda text: markdown.plain(text, lang),
            text=lambda text: markdown.text(text, lang),
            long_date=lambda value: i18n.long_date(value, lang),
            clock=lambda value: i18n.clock(value, lang),
        )

    def render(self, template: str, **context: object) -> str:
        """A template rendered; a mistake in a project's template is a problem, not a crash."""
        try:
            return self.env.get_template(template).render(**context)
        except jinja2.TemplateSyntaxError as error:
            raise KitError([Problem(display_path(Path(error.filename or template)), error.lineno, "", f"template: {error.message}")]) from None
        except jinja2.TemplateError as error:
            raise KitError([Problem(template, None, "", f"template: {error}")]) from None

    def find(self, relative: str) -> Path | None:
        """The first `<root>/<relative>` file on the search path.

        `relative` starts with the theme folder (`styles/…`); what it resolves to
        must stay inside that folder, so a symlink cannot lead out of a project.
        """
        folder = relative.split("/", 1)[0]
        for root in self.roots:
            path = (root / relative).resolve()
            if path.is_file() and path.is_relative_to((root / folder).resolve()):
                return path
        return None

    def fingerprint(self, folder: str, skip: set[str] = frozenset()) -> str:
        """A hash of every file in `folder` (templates, styles, locale) along the search path,
        but those named in `skip`: what an edition made from them depends on. Each is hashed
        once a build, however many editions ask."""
        key = (folder, frozenset(skip))
        if key not in self.fingerprints:
            digest = hashlib.sha256()
            for root in self.roots:
                for path in sorted(p for p in (root / folder).rglob("*") if p.is_file() and p.name not in skip):
                    digest.update(f"{path.relative_to(root)}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
            self.fingerprints[key] = digest.hexdigest()
        return self.fingerprints[key]

    def style(self, name: str) -> Path:
        path = self.find(f"styles/{name}")
        if path is None:
            raise FileNotFoundError(f"styles/{name} is missing from the theme")
        return path


class ContainedLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, refusing a template that resolves outside its folder (a symlink
    out of the project)."""

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        if not any(Path(filename).resolve().is_relative_to(Path(root).resolve()) for root in self.searchpath):
            raise KitError([Problem(display_path(Path(filename)), None, "", "this template points outside the project: refused")])
        return source, filename, uptodate
