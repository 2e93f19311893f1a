"""The whole pipeline, in `build()`: load -> make each edition -> preflight -> commit -> remember.

It owns the order in which a build works: `start` loads the kit in each of its languages and sets
up a `Job` for each (editions/job.py); `make` lays the kit out once and makes each edition whose
inputs changed, side by side (the editions themselves: editions/, one module each; the processes:
parallel.py); `checked` is the preflight; the staged outputs are committed all at once, and the
build remembered (output/).

Every edition is staged under a temporary name beside its target; the staged files replace the
previous ones only once all of them succeeded, so a failed build changes nothing in `dist/`. A
build also leaves a record of its inputs, which lets the command skip the next build when
nothing changed, and a build keep an edition whose inputs did not.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from presskit.checks import by_place, embargo_note, located, preflight, unlinked_calendar
from presskit.editions.edition import Output, Shared
from presskit.editions.email_pdf import within_budget
from presskit.editions.job import Job, build_time
from presskit.editions.registry import BY_NAME, FORMATS
from presskit.errors import KitError, Problem
from presskit.kit.load import load_kit
from presskit.output.files import Stage, locked, staging
from presskit.output.record import build_key, chosen, foreign, previous_outputs, remember, untouched
from presskit.parallel import Branches
from presskit.project import cache_folder, find_kit_file, output_folder
from presskit.render import structured
from presskit.render.calendar import listed
from presskit.render.images import Images, Picture, Pictures
from presskit.render.look import design
from presskit.render.pack import draw_laurels, tag_pictures
from presskit.render.theme import Theme

if TYPE_CHECKING:
    from presskit.render.assemble import LaidOut
    from presskit.warm import Warm

Progress = Callable[[int, int], None]
"""Told (pictures done, pictures in all) while pictures are prepared."""

GIVE_WAY = 5
"""How much lower the priority of the process that makes the screen pictures and what is made
from them alone is than this one's while it lays the kit out, the build's longest chain (as the
`nice` command counts)."""


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
        within_budget(job, laid, job.screen_pictures())
        print_edition = Output(job.path("print"), 0, "", laid.warnings, placed=laid.placed)
        notes = [*embargo_note(job.loaded), *unlinked_calendar(job.loaded, job.public)]
        warnings += [*notes, *checked(job, {"print": print_edition})]
    return by_place(warnings)


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
                BY_NAME,
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
            shared = Shared(laid, print_pictures=printed)
            return {"print": job.editions["print"].make(job, stage, shared)}

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
            laid, within_budget(job, laid, screen) if email_needed else kept_pdf, printed, screen
        )
        for name in ("pdf", "zip"):
            if name in todo:
                job.made[name] = job.editions[name].make(job, stage, shared)
        if printing:
            job.made.update(printing.result())
        if "site" in wanted:
            job.made["site"] = job.kept("site") or job.editions["site"].make(job, stage, shared)
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
    made = {name: job.editions[name].make(job, stage, shared) for name in ("epub", "email", "ics")
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


@contextmanager
def _swept(warm: Warm | None) -> Iterator[None]:
    """What `warm` holds that the build did not use, dropped when it ends."""
    try:
        yield
    finally:
        if warm is not None:
            warm.sweep()
