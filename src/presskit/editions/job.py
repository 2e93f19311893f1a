"""One language's build: what every edition renders from (the loaded kit, its theme and pictures,
the date it is stamped with), what editions share (computed once), and each edition's input key,
by which an edition whose inputs did not change is kept; and the `Edition` record that describes
each edition to it (name, file name, maker, inputs), which each edition's module fills in."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from presskit import __version__
from presskit.checks import embargo_lift
from presskit.editions.edition import (
    EPUB_PIXELS,
    SCREEN_LEAST_PIXELS,
    THUMBNAIL_LEAST_PIXELS,
    THUMBNAIL_PIXELS,
    Output,
    Shared,
)
from presskit.errors import KitError, Problem
from presskit.kit.load import Loaded
from presskit.kit.model import Kit
from presskit.output.record import untouched
from presskit.project import entries
from presskit.render.calendar import kind_labels, screenings_calendar
from presskit.render.contents import chapters
from presskit.render.credits import credits
from presskit.render.epub import book_identifier
from presskit.render.graphics import graphics
from presskit.render.images import Images, Picture, Pictures, proxy
from presskit.render.pack import wrap_email
from presskit.render.theme import EXTRAS, Theme

if TYPE_CHECKING:
    from presskit.output.files import Stage
    from presskit.render.assemble import LaidOut
    from presskit.render.prepress import Condition


@dataclass(frozen=True)
class Edition:
    """One thing a build can make: what it is called, where it goes, and what makes it. Every
    table of editions derives from `registry.REGISTRY`, so that a new edition is one module with
    its maker, its inputs and its record, and one entry there."""

    name: str
    """Its `--format` name."""
    suffix: str
    """Its output's name after the kit's: anora-press-kit.pdf."""
    make: Callable[[Job, Stage, Shared], Output]
    inputs: Callable[[Job], list[object]]
    """What its input key is made of besides what every edition's is (Job.input_key)."""
    stylesheet: str | None = None
    """The stylesheet it is set in: a change to another one keeps it."""
    download_label: str | None = None
    """What the web page offers it for download as (a msgid), or None where it does not."""

    @property
    def public_suffix(self) -> str:
        """The public edition's: every name starts `anora-kit` (anora-kit.pdf, anora-kit-site),
        so both sets sit side by side in dist/ and a name alone says whether it may go to the
        public."""
        return "-kit" + self.suffix.removeprefix("-press-kit")


@dataclass
class Job:
    """What every edition renders from, and what editions share (computed once)."""

    loaded: Loaded
    theme: Theme
    images: Images
    built: datetime
    out: Path
    email_max_mb: float
    kit_dir: Path
    editions: Mapping[str, Edition]
    """Every edition by its `--format` name (registry.BY_NAME): where each goes, what keys it."""
    translation: bool = False
    """A translation's outputs carry its language in their names: anora-press-kit.fr.pdf."""
    public: bool = False
    """The public editions: made from `public_edition()` of the kit, under public names."""
    pages: dict[str, str] = field(default_factory=dict)
    """Every language's web page, by language: for the language links."""
    previous: dict[str, dict] = field(default_factory=dict)
    """The last builds' record of each output, by path (record.remember)."""
    made: dict[str, Output] = field(default_factory=dict)
    """The outputs made so far in this build, by format."""
    keys: dict[str, str] = field(default_factory=dict)

    @cached_property
    def kit(self) -> Kit:
        """What the editions print: the kit, or in the public editions its public_edition()
        (problems are still found, and located, in the whole kit: `loaded`)."""
        return self.loaded.kit.public_edition() if self.public else self.loaded.kit

    def path(self, name: str, public: bool | None = None) -> Path:
        """Where edition `name` is written (in the public edition, or `public`'s)."""
        public = self.public if public is None else public
        suffix = self.editions[name].public_suffix if public else self.editions[name].suffix
        if self.translation:
            stem, dot, extension = suffix.rpartition(".")
            suffix = f"{stem}.{self.kit.lang}.{extension}" if dot else f"{suffix}.{self.kit.lang}"
        return self.out / f"{self.kit.name}{suffix}"

    def html(
        self, template: str, pictures: dict[str, Picture], edition: str, **extra: object
    ) -> str:
        context = {
            "kit": self.kit,
            "images": {**pictures, **self.graphics},
            "edition": edition,
            "built": self.built,
            "version": __version__,
            "credits": credits(self.kit, self.theme.gettext),
            "screening_kinds": kind_labels(self.theme.gettext),
            "embargo_lifts": self.embargo_lifts,
        }
        return self.theme.render(
            template, chapters=chapters(self.kit, self.theme.gettext), **context, **extra
        )

    @cached_property
    def embargo_lifts(self) -> dict[str, str] | None:
        """When the embargo lifts, for the templates: in the kit's language, and ISO 8601."""
        found = embargo_lift(self.loaded)
        return found and {
            "said": found.line(self.kit.lang),
            "iso": found.moment.isoformat(timespec="minutes"),
        }

    def lay_out(self) -> LaidOut:
        """Both PDF editions laid out, once: the print edition's pages (trim and bleed), its
        pictures stood in for by proxies of their size (images.proxy), so that the layout waits
        for none to be made. WeasyPrint is imported here, when a build first needs it: a process
        forked to make pictures starts without waiting for it."""
        from presskit.render import pdf

        printed = {**self.print_pictures, **self.graphics}
        proxies = {relative: proxy(picture) for relative, picture in self.print_pictures.items()}
        pictures, source = {**proxies, **self.graphics}, self.path("pdf").name
        identifier = self.pdf_identifier()
        return pdf.lay_out(self.print_html, self.theme, pictures, source, identifier, printed)

    @cached_property
    def graphics(self) -> dict[str, Picture]:
        """The vector pictures: SVG logos and laurels, drawn laurels, QR codes."""
        return graphics(self.kit)

    @cached_property
    def print_pictures(self) -> dict[str, Picture]:
        return self.images.for_print()

    @cached_property
    def printing_condition(self) -> Condition:
        """The print shop's profile and condition where the kit names them (`print:`, read
        through the kit folder like every kit file), or presskit's FOGRA39."""
        from presskit.render import prepress

        chosen = self.kit.print
        if chosen is None:
            return prepress.default_condition()
        return prepress.kit_condition(
            chosen.condition, (self.kit_dir / chosen.profile).read_bytes()
        )

    @cached_property
    def print_html(self) -> str:
        """The document both PDF editions are laid out from."""
        return self.html("press-kit.html", self.print_pictures, "print")

    def input_key(self, name: str) -> str:
        """A hash of everything edition `name` is made from: what presskit renders for it (or,
        where that needs pictures made first, the kit's text and the templates), its styles,
        the pictures' contents, presskit's version and the options. An edition whose key has
        not changed since the last build is kept as it is."""
        if name not in self.keys:
            edition = self.editions[name]
            parts: list[object] = [
                __version__,
                name,
                str(self.path(name)),
                self.pictures_fingerprint,
            ]
            if edition.stylesheet:
                others = {e.stylesheet for e in self.editions.values()} - {None, edition.stylesheet}
                others |= {EXTRAS[sheet] for sheet in others}  # and the project's extra ones
                parts.append(self.theme.fingerprint("styles", skip=others))
            parts += edition.inputs(self)
            self.keys[name] = hashlib.sha256(json.dumps(parts).encode()).hexdigest()
        return self.keys[name]

    def text_fingerprint(self) -> list[object]:
        """What an edition whose pictures are made while it renders is keyed on instead of its
        HTML: the kit's text, the templates and the translations."""
        fingerprint = self.theme.fingerprint
        return [self.kit.model_dump_json(), fingerprint("templates"), fingerprint("locale")]

    def calendar(self, stamp: datetime) -> bytes:
        """The screenings as iCalendar, each event stamped `stamp` (its DTSTAMP)."""
        return screenings_calendar(self.kit, stamp, self.theme.gettext, self.public)

    @property
    def downloads(self) -> tuple[Edition, ...]:
        """What the web edition offers for download, where it was built. They are inside its
        folder, in downloads/, so that the folder alone is the whole site to upload."""
        return tuple(edition for edition in self.editions.values() if edition.download_label)

    def downloads_fingerprint(self) -> list[object]:
        """What the web edition's downloads are: the input key of one made in this build, the size
        and time of one an earlier build left (the web edition holds them, not only their size)."""
        marks: list[object] = []
        for name in (edition.name for edition in self.downloads):
            path = self.path(name)
            if name in self.made:
                marks.append([name, self.input_key(name)])
            elif path.is_file():
                marks.append([name, path.stat().st_size, path.stat().st_mtime_ns])
        return marks

    @cached_property
    def pictures_fingerprint(self) -> list[tuple[str, str]]:
        return [(relative, self.images.digest(relative)) for relative in self.images.sources]

    def kept(self, name: str) -> Output | None:
        """Edition `name` as the last build left it, if its inputs and its file are unchanged."""
        path = self.path(name)
        entry = self.previous.get(str(path.resolve()))
        if not entry or entry["key"] != self.input_key(name) or not untouched(entry):
            return None
        return Output(
            path,
            entry["size"],
            entry["summary"],
            tuple(Problem(**w) for w in entry["warnings"]),
            entry["key"],
            _placed(entry),
            kept=True,
        )

    @cached_property
    def email_body(self) -> bytes:
        return wrap_email(
            self.html("email.txt", {}, "email", pdf_name=self.path("pdf").name)
        ).encode("utf-8")

    def pdf_identifier(self) -> bytes:
        return hashlib.md5(book_identifier(self.kit).encode()).hexdigest().encode()

    def screen_pictures(self) -> Pictures:
        """The EPUB's and the web page's pictures, from which the smaller ones are made."""
        return self.images.for_screen(EPUB_PIXELS, 82, SCREEN_LEAST_PIXELS)

    def thumbnails(self, screen: Pictures) -> Pictures:
        """The web edition's gallery, linking to the `screen` pictures (made from them)."""
        made = self.images.for_screen(THUMBNAIL_PIXELS, 80, THUMBNAIL_LEAST_PIXELS, starts=screen)
        return {
            relative: replace(p, href=p.href.replace("images/", "thumbs/", 1))
            for relative, p in made.items()
        }


def _placed(entry: dict) -> dict[str, tuple[float, float]] | None:
    """A record entry's printed picture sizes (JSON has lists, not tuples)."""
    placed = entry.get("placed")
    return {href: tuple(size) for href, size in placed.items()} if placed else None


def translation_of(path: Path) -> str | None:
    """The language a translation file is in: "fr" for synopsis.fr.md."""
    return path.suffixes[-2][1:] if len(path.suffixes) > 1 else None


def build_time(kit_dir: Path, other_langs: set[str] = frozenset()) -> datetime:
    """The date written into a language's outputs: SOURCE_DATE_EPOCH when set, otherwise when
    its content (the kit's files, not other languages' synopsis.fr.md or presskit.fr.yaml) last
    changed. Not the templates' or styles' dates: a new look does not make the kit newer, nor
    rebuild the editions it does not touch. Never the clock: the same inputs give the same
    bytes, on any day and in any folder."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        # The kit's own files; links are not followed (a file one leads to in the kit is counted).
        times = (
            status.st_mtime
            for name, _, status in entries(kit_dir.resolve())
            if stat.S_ISREG(status.st_mode) and translation_of(Path(name)) not in other_langs
        )
        return datetime.fromtimestamp(int(max(times, default=0)), timezone.utc)
    if not epoch.isdigit():
        why = f"must be a whole number of seconds since 1970, got {epoch!r}"
        raise KitError([Problem("SOURCE_DATE_EPOCH", None, "", why)])
    return datetime.fromtimestamp(int(epoch), timezone.utc)
