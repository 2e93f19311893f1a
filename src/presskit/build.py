"""The whole pipeline, in `build()`: load -> make each edition -> preflight -> commit -> remember.

It owns what a build makes and in which order: the editions as data (one `Edition` record per
output, in `REGISTRY`, with what makes it and what its input key holds), a `Job` per language
(what every edition is rendered from), and `make()`, which lays the kit out once and makes each
edition whose inputs changed, side by side (the processes themselves: parallel.py).

Every edition is staged under a temporary name beside its target; the staged files replace the
previous ones only once all of them succeeded, so a failed build changes nothing in `dist/`. A
build also leaves a record of its inputs, which lets the command skip the next build when
nothing changed, and a build keep an edition whose inputs did not.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from markupsafe import Markup

from presskit import __version__
from presskit.checks import (
    by_place,
    embargo_lift,
    embargo_note,
    located,
    preflight,
    unlinked_calendar,
)
from presskit.errors import KitError, Problem
from presskit.kit.laurels import N_
from presskit.kit.load import Loaded, load_kit
from presskit.kit.model import Kit
from presskit.output.files import Stage, human_size, linked_copy, locked, staging
from presskit.output.record import build_key, chosen, foreign, previous_outputs, remember, untouched
from presskit.parallel import Branches
from presskit.project import cache_folder, entries, find_kit_file, output_folder
from presskit.render import structured
from presskit.render.calendar import kind_labels, listed, screenings_calendar
from presskit.render.contents import Chapter, chapters
from presskit.render.credits import credits
from presskit.render.epub import Document, book_identifier, render_epub
from presskit.render.graphics import graphics
from presskit.render.images import COVER_SIZE, Images, Picture, Pictures, proxy, typographic_cover
from presskit.render.look import design
from presskit.render.pack import draw_laurels, stills_zip, tag_pictures, tagged_pictures, wrap_email
from presskit.render.theme import EXTRAS, Theme

if TYPE_CHECKING:
    from presskit.render.assemble import LaidOut
    from presskit.render.prepress import Condition
    from presskit.warm import Warm

Progress = Callable[[int, int], None]
"""Told (pictures done, pictures in all) while pictures are prepared."""

EMAIL_PPI = 150
"""Pictures in the e-mail PDF: sharp on screen and in an office print, small to send."""
EMAIL_QUALITIES = (85, 75, 65, 55, 45, 35)
"""JPEG qualities tried in turn until the e-mail PDF fits its budget."""
EPUB_PIXELS = 1600
SCREEN_LEAST_PIXELS = 1280
"""The EPUB's and the web page's pictures have a long side of 1280 to 1600 pixels: at least the
width of an e-reader's screen held upright (1072 to 1264 px on Kobo Clara and Libra, 1236 on
Kindle Paperwhite), where a landscape still is shown. Within that range a JPEG is decoded at the
size its decoder scales it to, which is far cheaper than resampling it."""
THUMBNAIL_PIXELS = 800
THUMBNAIL_LEAST_PIXELS = 640
"""The web gallery's pictures: 640 to 800 pixels, twice the width of its columns (16 to 25 rem)."""
GIVE_WAY = 5
"""How much lower the priority of the process that makes the screen pictures and what is made
from them alone is than this one's while it lays the kit out, the build's longest chain (as the
`nice` command counts)."""


@dataclass(frozen=True)
class Edition:
    """One thing a build can make: what it is called, where it goes, and what makes it. Every
    table of editions derives from `REGISTRY` (at the end of this module), so that a new edition
    is one entry there and one renderer."""

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


@dataclass(frozen=True)
class Output:
    path: Path
    size: int
    summary: str
    """What the user is told besides path and size: pages, documents."""
    warnings: tuple[Problem, ...] = ()
    """What WeasyPrint logged while making it (such as CSS it ignored)."""
    key: str = ""
    """The hash of its inputs (Job.input_key)."""
    placed: dict[str, tuple[float, float]] | None = None
    """The print edition's printed picture sizes, which preflight checks when it is kept."""
    kept: bool = False
    """Left as the last build made it: its inputs had not changed."""
    lang: str = ""
    """The language of the kit it was made from."""
    edition: str = ""
    """Its `--format` name."""


class Shared(NamedTuple):
    """What several editions are made from, made once a build (None where no edition needs it)."""

    laid: LaidOut | None = None
    """The layout both PDF editions are made from."""
    email_pdf: bytes | None = None
    """The e-mail PDF, which the press pack holds too: made in this build, or the kept one."""
    print_pictures: Pictures | None = None
    """The print edition's pictures, made once (the process that prints is handed them)."""
    screen_pictures: Pictures | None = None
    """The EPUB's and the web page's pictures."""


@dataclass(frozen=True)
class Result:
    outputs: list[Output]
    warnings: list[Problem]
    """Sorted by file and line."""
    foreign: list[Path] = field(default_factory=list)
    """What is in the output folder that presskit did not make: left as it is, and named."""
    removed: list[Path] = field(default_factory=list)
    """Outputs of earlier builds that this kit no longer makes, removed with the commit."""
    notes: list[str] = field(default_factory=list)
    """What the user is told once: a project stylesheet that replaces presskit's whole one."""


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
        suffix = BY_NAME[name].public_suffix if public else BY_NAME[name].suffix
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
            edition = BY_NAME[name]
            parts: list[object] = [
                __version__,
                name,
                str(self.path(name)),
                self.pictures_fingerprint,
            ]
            if edition.stylesheet:
                others = {e.stylesheet for e in REGISTRY} - {None, edition.stylesheet}
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

    def downloads_fingerprint(self) -> list[object]:
        """What the web edition's downloads are: the input key of one made in this build, the size
        and time of one an earlier build left (the web edition holds them, not only their size)."""
        marks: list[object] = []
        for name in (edition.name for edition in DOWNLOADS):
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

    def email_pdf(self, laid: LaidOut, screen: Pictures) -> bytes:
        """The e-mail edition, within the budget: the laid-out pages with each picture at 150 ppi
        where the layout places it (a picture it does not place, at the EPUB's size), made from
        its `screen` picture where that is larger (far cheaper to decode than the original).

        Over budget, only the pictures change with the JPEG quality (the file is made again
        from the same layout), so each quality tried is the first whose pictures would fit.
        The pictures are made from the screen pictures, each decoded once for two qualities
        (cached: a later build tries them at no cost); holding them decoded from one quality to
        the next would hold 80 MB for a large kit's 40 stills.
        """
        from presskit.render import assemble  # pikepdf: only where a PDF is made

        name, budget = self.path("pdf").name, self.email_max_mb * 2**20
        boxes = {
            relative: tuple(math.ceil(inches * EMAIL_PPI) for inches in laid.placed[picture.href])
            if picture.href in laid.placed
            else (EPUB_PIXELS, EPUB_PIXELS)
            for relative, picture in self.print_pictures.items()
        }

        made: dict[int, Pictures] = {}

        def pictures(quality: int) -> Pictures:
            """At `quality`, made (or read from the cache) once however often it is weighed."""
            if quality not in made:
                lower = next((q for q in EMAIL_QUALITIES if q < quality), None)
                made[quality] = self.images.fitted(boxes, quality, starts=screen, also=lower)
            return made[quality]

        def weight(quality: int) -> int:
            return sum(len(picture.data) for picture in pictures(quality).values())

        quality = next((q for q in EMAIL_QUALITIES if weight(q) <= budget), EMAIL_QUALITIES[-1])
        while True:
            data = assemble.email_edition(laid, pictures(quality))
            if len(data) <= budget:
                return data
            overhead = len(data) - weight(quality)
            lower = next(
                (q for q in EMAIL_QUALITIES if q < quality and overhead + weight(q) <= budget), None
            )
            if lower is None:
                least = (overhead + weight(EMAIL_QUALITIES[-1])) / 2**20
                why = (
                    f"{name} would be {least:.1f} MB even with pictures at JPEG quality"
                    f" {EMAIL_QUALITIES[-1]}, over the e-mail budget of {self.email_max_mb:g} MB:"
                    " use fewer or smaller pictures, or raise email_max_mb"
                )
                raise KitError([self.loaded.where.problem(("email_max_mb",), why)])
            quality = lower


def start(
    project: Path,
    kit_path: Path | None,
    out: Path | None,
    email_max_mb: float | None,
    progress: Progress | None = None,
    langs: Sequence[str] = (),
    public: bool = False,
    previous: dict[str, dict] | None = None,
    warm: Warm | None = None,
) -> list[Job]:
    """Load the kit, and its translations, and set up what every edition needs: one job a language.
    The public editions (`public`, or the kit's `public: true`) are made from the kit without
    what is for the press only. `previous` is the last builds' record (record.remember): an
    edition whose inputs it holds unchanged is kept. `warm` is what earlier builds in this
    process kept (warm.Warm)."""
    kit_file = find_kit_file(project, kit_path)
    base = load_kit(kit_file, warm=warm)
    available = [base.kit.lang, *base.kit.translations]
    unknown = [lang for lang in langs if lang not in available]
    if unknown:
        written = ", ".join(available)
        why = "--lang {}: the kit is not written in {} (it has {})"
        raise KitError([
            base.where.problem(("translations",), why.format(lang, lang, written))
            for lang in unknown
        ])
    jobs, public = [], public or base.kit.public
    for lang in (lang for lang in available if not langs or lang in langs):
        loaded = base if lang == base.kit.lang else load_kit(kit_file, lang, warm)
        built = build_time(kit_file.parent, {*available} - {lang})
        images = Images(
            loaded.kit, kit_file.parent, loaded.where, cache_folder(project) / "images",
            warm.pictures if warm else None,
        )
        images.progress = progress
        budget = email_max_mb or loaded.kit.email_max_mb
        jobs.append(
            Job(
                loaded,
                Theme(project, lang, design(loaded.kit, kit_file.parent), warm),
                images,
                built,
                output_folder(project, out),
                budget,
                kit_file.parent,
                translation=lang != base.kit.lang,
                public=public,
                previous=previous or {},
            )
        )
    pages = web_pages(jobs)
    for job in jobs:
        job.pages = pages
    return jobs


def web_pages(jobs: list[Job]) -> dict[str, str]:
    """Each language's web page: its `site_url` where every language has one of its own, else
    the folder beside this one that `presskit build` makes for it (upload them side by side)."""
    addresses = [job.kit.site_url for job in jobs]
    own = all(addresses) and len(set(addresses)) == len(addresses)
    return {
        job.kit.lang: structured.page_url(job.kit.site_url)
        if own
        else f"../{job.path('site').name}/"
        for job in jobs
    }


def build(
    project: Path,
    kit_path: Path | None = None,
    out: Path | None = None,
    formats: Sequence[str] | None = None,
    email_max_mb: float | None = None,
    progress: Progress | None = None,
    langs: Sequence[str] = (),
    jobs: int | None = None,
    force: bool = False,
    public: bool = False,
    key: str | None = None,
    warm: Warm | None = None,
) -> Result:
    """Build the chosen editions of the kit in `project`, in each of its languages (or `langs`),
    into `out` (default `project/dist`), in up to `jobs` processes at once (default:
    `default_jobs()`). An edition whose inputs have not changed since it was last built is kept,
    unless `force`. `formats` are `--format` names (default: every edition). `key` is the build
    key a caller already made for these inputs and options (record.build_key), so that they are
    hashed once. A process that builds again and again (serve, an editor) hands every build the
    same `warm` (warm.Warm): what did not change since its last build is then neither read,
    hashed nor compiled again; the outputs are the same. Such a build runs in this one process
    unless `jobs` is given: what it would fork for is mostly kept already, and forking a large
    warm process costs more than that (its page tables, then a copy-on-write fault for each page
    the layout writes): a save rebuilt in 1.05-1.11x the layout's time, against 1.19-1.28x
    forked (bench/warm.py).

    The steps, in order: load and validate the kit in each language (`start`); make each edition
    whose inputs changed, from one layout (`make`); preflight what was made (`checked`); commit
    every output at once, with the removal of what this kit no longer makes (leaving `staging`);
    remember the build for the next one (`remember`)."""
    asked = chosen(formats or (), langs, public)
    out, formats = output_folder(project, out), formats or FORMATS
    key = key or build_key(
        project, find_kit_file(project, kit_path), out, asked, email_max_mb, warm
    )
    outputs, warnings = [], []
    with locked(out), _swept(warm):
        recorded = previous_outputs(project)
        with staging() as stage:
            previous = {} if force else recorded
            languages = start(
                project, kit_path, out, email_max_mb, progress, langs, public, previous, warm
            )
            for job in languages:
                at_once = jobs or (1 if warm else default_jobs())
                made = make(job, stage, wanted(job, formats), at_once)
                outputs += made.values()
                warnings += checked(job, made)
            makes, removed = leftovers(languages, recorded, out, bool(langs))
            for path in removed:
                stage.remove(path)
        notes = list(dict.fromkeys(note for job in languages for note in job.theme.notes()))
        result = Result(outputs, by_place(warnings), foreign(out, makes), removed, notes)
        remember(project, key, result.outputs, result.warnings, makes, removed, recorded)
    return result


@contextmanager
def _swept(warm: Warm | None) -> Iterator[None]:
    """What `warm` holds that the build did not use, dropped when it ends."""
    try:
        yield
    finally:
        if warm is not None:
            warm.sweep()


def wanted(job: Job, formats: Sequence[str]) -> list[str]:
    """The editions asked for, in the registry's order; the calendar only where the kit lists
    screenings."""
    return [
        name for name in FORMATS
        if name in formats and (name != "ics" or listed(job.kit, job.public))
    ]


def leftovers(
    languages: list[Job], recorded: dict[str, dict], out: Path, some_languages: bool
) -> tuple[set[str], list[Path]]:
    """What this kit makes in `out` (every edition of every language, by resolved path, whether
    this build made it or not), and the outputs that earlier builds made there and this kit no
    longer makes (its title, and so its files' names, changed), which go with this build's commit.
    An output someone changed since is theirs, and stays. When only `some_languages` are built,
    the others' outputs are still this kit's."""
    root = out.resolve()
    makes = {
        str(root / job.path(name, public).name)
        for job in languages
        for name in FORMATS
        for public in (False, True)
    }
    built, removed = {job.kit.lang for job in languages}, []
    for path, entry in recorded.items():
        if Path(path).parent != root or path in makes:
            continue
        if some_languages and entry.get("lang") not in built:
            makes.add(path)
        elif untouched(entry):
            removed.append(out / Path(path).name)
    return makes, removed


def default_jobs() -> int:
    """One process a core, and one more: the process that directs the others spends part of the
    build waiting for them (ninja, for the same reason, runs two more jobs than cores)."""
    return (os.cpu_count() or 1) + 1


def make(job: Job, stage: Stage, wanted: list[str], jobs: int) -> dict[str, Output]:
    """One language's editions, by name: those whose inputs changed made, side by side; the
    others kept as the last build left them.

    A second process makes the screen pictures, from which every edition but the print one
    starts, and then the EPUB, the e-mail text and the web gallery's pictures, at a lower
    priority; a third one, for the print PDF, is started while this one is small, and waits.
    Meanwhile this one lays the kit out once (with proxies of the pictures: it waits for none),
    the longest chain of work. The layout is handed to the print process, and this one makes the
    e-mail PDF (its pictures sized on the layout, made from the screen pictures) and the press
    pack. A process is forked only when fewer than `jobs` are at work; otherwise its work is
    done here. The web edition comes last: it holds the others.
    """
    job.made = {name: output for name in wanted if name != "site" and (output := job.kept(name))}
    todo = {name for name in wanted if name not in job.made}
    email_needed = "pdf" in todo or ("zip" in todo and "pdf" not in job.made)
    with Branches(stage, jobs) as branches:
        side = branches.start(lambda stage: screen_editions(job, stage, todo), nice=GIVE_WAY)
        printed = job.print_pictures  # what the print process is forked with, and the proxies'

        def print_edition(stage: Stage, laid: LaidOut) -> dict[str, Output]:
            return {"print": print_pdf(job, stage, Shared(laid, print_pictures=printed))}

        tagging = partial(tag_pictures, job.kit, job.images, job.theme.gettext)
        first = tagging if todo & {"zip", "site"} else None  # while it waits for the layout
        printing = branches.waiting(print_edition, first) if "print" in todo else None
        laid = job.lay_out() if email_needed or printing else None
        if printing:
            printing.give(laid)
        screen, made_aside, learned = side.result()
        job.made.update(made_aside)
        if job.images.warm is not None:
            job.images.warm.learn(learned)
        kept_pdf = (
            job.made["pdf"].path.read_bytes() if "zip" in todo and "pdf" in job.made else None
        )
        shared = Shared(
            laid, job.email_pdf(laid, screen) if email_needed else kept_pdf, printed, screen
        )
        for name in ("pdf", "zip"):
            if name in todo:
                job.made[name] = EDITIONS[name](job, stage, shared)
        if printing:
            job.made.update(printing.result())
        if "site" in wanted:
            job.made["site"] = job.kept("site") or EDITIONS["site"](job, stage, shared)
    return {
        name: replace(job.made[name], key=job.input_key(name), lang=job.kit.lang, edition=name)
        for name in wanted
    }


def screen_editions(
    job: Job, stage: Stage, todo: set[str]
) -> tuple[Pictures, dict[str, Output], dict[object, Picture]]:
    """The screen pictures (where an edition left to make needs them), and what needs nothing
    else: the EPUB, the e-mail text, the calendar; and, left in the cache, the web gallery's
    pictures for the web edition and the drawn laurels' PNGs for the press pack. The print
    edition needs the screen pictures too: it carries the files as they are, and making them is
    what proves that every picture decodes whole. Last, the pictures this made or read that a
    warm process keeps (warm.Warm), where this runs in a process of its own."""
    screen_needed = todo & {"pdf", "print", "zip", "epub", "site"}
    screen = job.screen_pictures() if screen_needed else {}
    if "site" in todo:
        job.thumbnails(screen)
    if "zip" in todo:
        draw_laurels(job.kit, job.images, job.theme.gettext)
    shared = Shared(screen_pictures=screen)
    made = {name: EDITIONS[name](job, stage, shared) for name in ("epub", "email", "ics")
            if name in todo}
    kept = job.images.warm
    return screen, made, {key: kept.values[key] for key in kept.used} if kept else {}


def checked(job: Job, made: dict[str, Output]) -> list[Problem]:
    """Preflight of one language's editions: the kit's warnings, the print edition's picture
    resolutions (where it was made or kept), and what WeasyPrint noted while making them, each
    located in the kit where it can be."""
    placed = made["print"].placed if "print" in made else None
    pictures = {**job.print_pictures, **job.graphics}
    noted = located(job.loaded, [w for output in made.values() for w in output.warnings])
    found = preflight(job.loaded, job.images, pictures, placed, job.public)
    return list(dict.fromkeys([*found, *noted]))


def check(
    project: Path,
    kit_path: Path | None = None,
    email_max_mb: float | None = None,
    progress: Progress | None = None,
    langs: Sequence[str] = (),
) -> list[Problem]:
    """Every preflight warning, in every language, after laying the kit out and making the
    e-mail PDF (to weigh it: over its budget is a problem); and, as notes, when the embargo lifts
    and that the calendar links no web page without `site_url`."""
    warnings = []
    for job in start(project, kit_path, None, email_max_mb, progress, langs):
        laid = job.lay_out()
        job.email_pdf(laid, job.screen_pictures())
        print_edition = Output(job.path("print"), 0, "", laid.warnings, placed=laid.placed)
        notes = [*embargo_note(job.loaded), *unlinked_calendar(job.loaded, job.public)]
        warnings += [*notes, *checked(job, {"print": print_edition})]
    return by_place(warnings)


def email_pdf(job: Job, stage: Stage, shared: Shared) -> Output:
    path, laid = job.path("pdf"), shared.laid
    stage.write(path, shared.email_pdf)
    return Output(path, len(shared.email_pdf), f"{laid.pages} pages", laid.warnings)


def email_pdf_inputs(job: Job) -> list[object]:
    """The document both PDF editions are laid out from (named with the print edition's pictures:
    the proxies it is laid out with are made from them, whose contents every key holds)."""
    return [job.print_html, job.email_max_mb]


def print_pdf(job: Job, stage: Stage, shared: Shared) -> Output:
    """Trim size plus bleed, crop marks outside it, pictures as they came, PDF/X-4 for the kit's
    printing condition; streamed to disk (it can be large)."""
    from presskit.render import assemble

    laid, path = shared.laid, job.path("print")
    with stage.open(path) as file:
        condition = job.printing_condition
        assemble.print_edition(laid, shared.print_pictures, file, job.kit.bleed_mm, condition)
        size = file.tell()
    summary = f"{laid.pages} pages, {job.kit.bleed_mm:g} mm bleed"
    return Output(path, size, summary, laid.warnings, placed=laid.placed)


def print_pdf_inputs(job: Job) -> list[object]:
    condition = job.printing_condition
    return [job.print_html, condition.identifier, hashlib.sha256(condition.profile).hexdigest()]


def epub_book(job: Job, stage: Stage, shared: Shared) -> Output:
    kit, theme, pictures = job.kit, job.theme, shared.screen_pictures
    cover = epub_cover(job, pictures)
    front = [
        Document(
            Chapter("cover", theme.gettext("Cover"), "epub/cover.html"),
            job.html("epub/cover.html", pictures, "epub", cover=cover),
        ),
        Document(
            Chapter("title", kit.title, "chapters/cover.html"),
            job.html("chapters/cover.html", pictures, "epub"),
        ),
    ]
    documents = [
        Document(c, job.html(c.template, pictures, "epub", chapter=c))
        for c in chapters(kit, theme.gettext)
    ]
    css = theme.epub_css()
    book = render_epub(
        kit, front, documents, css, {**pictures, **job.graphics}, cover, job.built, theme.gettext
    )
    path = job.path("epub")
    stage.write(path, book.data)
    return Output(path, len(book.data), f"{book.documents} documents")


def epub_book_inputs(job: Job) -> list[object]:
    return [*job.text_fingerprint(), job.built.isoformat()]  # its files' dates


def press_pack(job: Job, stage: Stage, shared: Shared) -> Output:
    """The press pack, streamed to disk: it holds every picture at full size."""
    path, data = job.path("zip"), shared.email_pdf
    with stage.open(path) as file:
        count, warnings = stills_zip(
            job.kit, job.images, job.path("pdf").name, data, job.built, file, job.theme.gettext
        )
        size = file.tell()
    return Output(path, size, f"{count} pictures and the PDF", tuple(warnings))


def press_pack_inputs(job: Job) -> list[object]:
    """Its files' dates (the PDFs' are in their HTML), and the e-mail PDF it holds."""
    return [*job.text_fingerprint(), job.built.isoformat(), job.input_key("pdf")]


def email_text(job: Job, stage: Stage, shared: Shared) -> Output:
    body, path = job.email_body, job.path("email")
    stage.write(path, body)
    return Output(path, len(body), f"{len(body.splitlines())} lines")


def email_text_inputs(job: Job) -> list[object]:
    return [job.email_body.decode()]


def site(job: Job, stage: Stage, shared: Shared) -> Output:
    """The web edition: one page, thumbnails linking to large pictures, downloads, local styles
    and fonts."""
    folder = stage.folder(job.path("site"))
    large = shared.screen_pictures
    thumbnails = job.thumbnails(large)
    downloads, linked, carried = [], [], 0
    for edition in DOWNLOADS:
        name = edition.name
        source = stage.staged_file(job.path(name)) or job.path(name)
        if name in job.made or source.is_file():
            href = f"downloads/{job.path(name).name}"
            linked.append(linked_copy(source, folder / href))
            carried += source.stat().st_size
            label = job.theme.gettext(edition.download_label)
            size = human_size(source.stat().st_size)
            downloads.append({"href": href, "kind": name, "label": label, "size": size})
    full = {}
    tagged = tagged_pictures(job.kit, job.images, job.theme.gettext)  # the press pack's
    for about, data, _warning in tagged:
        href = f"full/{about.name}"
        if isinstance(data, Path):
            linked_copy(data, folder / href)  # the cache's tagged file: no second copy on disk
            size = data.stat().st_size
        else:
            (folder / href).parent.mkdir(parents=True, exist_ok=True)
            size = (folder / href).write_bytes(data)
        full[about.file] = {"href": href, "size": human_size(size), "bytes": size}
    kit, _ = job.kit, job.theme.gettext
    art = large[kit.key_art] if kit.key_art else None
    found = {
        "public": job.public,
        "page_url": kit.site_url and structured.page_url(kit.site_url),
        "open_graph": structured.open_graph(
            kit, art and {"href": art.href, "width": art.width, "height": art.height}, job.public, _
        ),
        "json_ld": Markup(
            structured.script_json(structured.movie(kit, art and art.href, job.public, _))
        ),
        "languages": structured.language_links(kit.lang, job.pages) if len(job.pages) > 1 else [],
    }
    page = job.html(
        "site.html", thumbnails, "site", large=large, full=full, downloads=downloads, **found
    )
    files = {"index.html": page.encode("utf-8")}
    files.update(
        {p.href: p.data for p in (*large.values(), *thumbnails.values(), *job.graphics.values())}
    )
    files.update(
        {f"styles/{name}": path.read_bytes() for name, path in job.theme.site_files().items()}
    )
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    size = (
        sum(map(len, files.values())) + sum(picture["bytes"] for picture in full.values()) + carried
    )
    return Output(
        job.path("site"),
        size,
        f"{len(files) + len(full) + len(downloads)} files" + downloads_note(linked),
    )


def site_inputs(job: Job) -> list[object]:
    return [*job.text_fingerprint(), job.downloads_fingerprint()]


def calendar(job: Job, stage: Stage, shared: Shared) -> Output:
    """The screenings as iCalendar, linked from the web page and inside its folder."""
    data = job.calendar(job.built)
    path = job.path("ics")
    stage.write(path, data)
    count = len(listed(job.kit, job.public))
    return Output(path, len(data), f"{count} screening{'s' * (count != 1)}")


def calendar_inputs(job: Job) -> list[object]:
    """What it says, not when it was made: a new text elsewhere keeps it."""
    return [job.calendar(datetime(1970, 1, 1, tzinfo=timezone.utc)).decode()]


def downloads_note(linked: list[bool]) -> str:
    """What the site's line says of the editions it holds for download."""
    if not linked:
        return ""
    how = "hard-linked or copied"
    if all(linked) or not any(linked):
        how = "hard-linked: no second copy on disk" if all(linked) else "copied"
    count = len(linked)
    return f", with {count} download{'s' * (count != 1)} ({how})"


REGISTRY = (
    Edition(
        "pdf", "-press-kit.pdf", email_pdf, email_pdf_inputs, "press-kit.css", N_("Press kit (PDF)")
    ),
    Edition(
        "print",
        "-press-kit-print.pdf",
        print_pdf,
        print_pdf_inputs,
        "press-kit.css",
        N_("Press kit for print (PDF with bleed)"),
    ),
    Edition(
        "epub",
        "-press-kit.epub",
        epub_book,
        epub_book_inputs,
        "epub.css",
        N_("Press kit for e-readers (EPUB)"),
    ),
    Edition(
        "zip",
        "-stills.zip",
        press_pack,
        press_pack_inputs,
        download_label=N_("Stills and key art, full resolution (zip)"),
    ),
    Edition("email", "-email.txt", email_text, email_text_inputs),
    Edition("site", "-site", site, site_inputs, "site.css"),
    Edition(
        "ics",
        "-screenings.ics",
        calendar,
        calendar_inputs,
        download_label=N_("Screenings, for your calendar (iCalendar)"),
    ),
)
"""Every edition, in the order a bare build makes them all."""
BY_NAME = {edition.name: edition for edition in REGISTRY}
FORMATS = tuple(BY_NAME)
"""The `--format` names."""
EDITIONS = {edition.name: edition.make for edition in REGISTRY}
"""What makes each edition, by name: what a build calls (a test may replace one here)."""
DOWNLOADS = tuple(edition for edition in REGISTRY if edition.download_label)
"""What the web edition offers for download, where it was built. They are inside its folder,
in downloads/, so that the folder alone is the whole site to upload."""


def epub_cover(job: Job, pictures: dict[str, Picture]) -> Picture:
    """The key art, or a cover set in type when the kit has none."""
    kit = job.kit
    if kit.key_art:
        return pictures[kit.key_art]
    _ = job.theme.gettext
    lines = [
        line
        for line in (
            kit.original_title,
            kit.director and _("A film by %(name)s") % {"name": kit.director.name},
            _("Press kit"),
        )
        if line
    ]
    data = typographic_cover(
        kit.title,
        lines,
        job.theme.style("fonts/NotoSerif-Bold.ttf"),
        job.theme.style("fonts/NotoSans-Regular.ttf"),
    )
    return Picture("images/cover.jpg", data, "image/jpeg", *COVER_SIZE)


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
