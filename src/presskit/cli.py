"""The `presskit` command: parses options, calls the library, maps errors to exit codes.

Exit status: 0 built, 1 a problem with the kit (every problem listed, one line
each; with `check --strict`, warnings too) or with where presskit writes (a full
or read-only disk, a file where a folder goes: one line), 2 a usage problem
(click's own), 3 a bug in presskit.
"""

from __future__ import annotations

import ctypes
import json
import math
import os
import sys
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from presskit import __version__
from presskit.errors import KitError, Problem, Stopped, StorageError, display_path, terminal_safe
from presskit.output.files import human_size, locked
from presskit.output.record import build_key, chosen, foreign, up_to_date
from presskit.project import find_kit_file, output_folder

# The library is imported inside each command: `presskit build` on an unchanged project
# answers from the build record without loading WeasyPrint at all.


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="presskit")
def main() -> None:
    """Turn a film press kit (kit/presskit.yaml) into PDFs, an EPUB, a press pack of pictures,
    an e-mail text, a web page and a screenings calendar.

    \b
    Example, a new kit for your film, then every edition of it in my-film/dist/:
      presskit init my-film --title "My Film"
      presskit build my-film
    """


def within(least: float, most: float = math.inf):
    """A check for a number option, whose bounds its help says in words (click's ranges print
    `x>=1`): a number out of them is a mistake in the command (exit status 2)."""

    def check(
        context: click.Context, parameter: click.Parameter, value: float | None
    ) -> float | None:
        if value is not None and not least <= value <= most:
            bounds = f"from {least:g} to {most:g}" if most < math.inf else f"at least {least:g}"
            raise click.BadParameter(f"{value:g} is out of bounds: it must be {bounds}.")
        return value

    return check


PROJECT = click.argument(
    "project_dir",
    default=".",
    metavar="[PROJECT_DIR]",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
KIT = click.option(
    "--kit",
    "kit_path",
    metavar="PATH",
    type=click.Path(exists=True, path_type=Path),
    help="The kit folder or its presskit.yaml [default: PROJECT_DIR/kit].",
)


class EditionChoice(click.Choice):
    """The `--format` names, read from the library's registry of editions only when they are
    needed (for help, or a `--format` given): an up-to-date build answers from the build record
    without loading the library at all."""

    def __init__(self) -> None:
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        from presskit.editions.registry import FORMATS

        return FORMATS


def kit_options(command):
    """The options `build` and `check` share, defined once."""
    for option in reversed([
        PROJECT,
        KIT,
        click.option(
            "--email-max-mb", metavar="MB", type=float, callback=within(0.1),
            help="The e-mail PDF's size budget in MB, at least 0.1 "
            "[default: the kit's email_max_mb, or 5].",
        ),
        click.option(
            "--lang", "langs", metavar="LANG", multiple=True,
            help="Only this language of the kit, such as fr (repeatable) [default: all of them].",
        ),
        click.option("--debug", is_flag=True, help="Show the full traceback of any error."),
    ]):
        command = option(command)
    return command


@main.command("build", short_help="Make every edition of the kit into dist/.")
@kit_options
@click.option(
    "--out",
    metavar="FOLDER",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the outputs go [default: PROJECT_DIR/dist].",
)
@click.option(
    "--format",
    "formats",
    type=EditionChoice(),
    multiple=True,
    help="Build only this edition (repeatable) [default: all].",
)
@click.option(
    "--public",
    is_flag=True,
    help="The public editions, for after the embargo: no screener, no press-only contact, "
    "no embargo [default: the kit's public, or press].",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but problems.")
@click.option(
    "--force",
    is_flag=True,
    help="Build every edition, even those whose inputs did not change since the last build.",
)
@click.option(
    "--jobs",
    "-j",
    metavar="N",
    type=int,
    callback=within(1),
    help="Editions built side by side, in up to N processes [default: one per core, and one more].",
)
def build_command(
    project_dir: Path,
    kit_path: Path | None,
    email_max_mb: float | None,
    langs: tuple[str, ...],
    debug: bool,
    out: Path | None,
    formats: tuple[str, ...],
    public: bool,
    quiet: bool,
    force: bool,
    jobs: int | None,
) -> None:
    """Build the press kit in PROJECT_DIR (default: the current folder): the e-mail PDF, the print
    PDF, the EPUB, the press pack, the e-mail text and the web page, in every language of the kit.
    dist/ then holds exactly what the kit makes: files an earlier build made and this kit no longer
    makes are removed; a file presskit did not make is left as it is, and named.

    \b
    Example, the French e-mail PDF only, from the folder above kit/:
      presskit build --format pdf --lang fr
    """
    folder = output_folder(project_dir, out)
    waiting = f"presskit: another build is writing to {display_path(folder)}; waiting for it to end"
    with reported(debug), locked(folder, lambda: click.echo(waiting, err=True)):  # the check too
        kit_file = find_kit_file(project_dir, kit_path)
        key = build_key(project_dir, kit_file, folder, chosen(formats, langs, public), email_max_mb)
        if not force and (record := up_to_date(project_dir, key)):
            color = False if os.environ.get("NO_COLOR") else None
            for warning in record["warnings"]:
                click.secho(warning, err=True, fg="yellow", color=color)
            if not quiet:
                for output in record["outputs"]:
                    path, size, summary = Path(output["path"]), output["size"], output["summary"]
                    click.echo(output_line(path, size, summary, kept=True))
                tell_foreign(foreign(folder, record.get("makes", [])))
            return
        from presskit.build import build

        reuse_freed_memory()
        progress = None if quiet else progress_line()
        result = build(project_dir, kit_path, folder, formats or None, email_max_mb, progress,
                       langs, jobs, force, public, key)
    report(result.warnings)
    if not quiet:
        for note in result.notes:
            click.echo(f"note: {note}", err=True)
        for output in result.outputs:
            click.echo(output_line(output.path, output.size, output.summary, output.kept))
        for path in result.removed:
            click.echo(f"removed {display_path(path)}: this kit no longer makes it")
        tell_foreign(result.foreign)


FOREIGN_NAMED = 3
"""How many files presskit did not make are named one a line; more are counted in one line."""


def tell_foreign(paths: list[Path]) -> None:
    """The files in the output folder that presskit did not make, which it never touches: a few
    named one a line, many counted in one, so that they do not bury the build's own lines."""
    if len(paths) <= FOREIGN_NAMED:
        for path in paths:
            click.echo(f"note: {display_path(path)} was not made by presskit: left as it is",
                       err=True)
        return
    names = ", ".join(path.name for path in paths[:FOREIGN_NAMED])
    folder = display_path(paths[0].parent)
    click.echo(f"note: {folder} holds {len(paths)} files presskit did not make ({names}…): "
               "left as they are", err=True)


@main.command("check", short_help="Say what a press office would still want fixed.")
@kit_options
@click.option("--strict", is_flag=True, help="Exit with status 1 on warnings too (for CI).")
def check_command(
    project_dir: Path,
    kit_path: Path | None,
    email_max_mb: float | None,
    langs: tuple[str, ...],
    debug: bool,
    strict: bool,
) -> None:
    """Preflight the press kit in PROJECT_DIR: what a press office would still want fixed (the
    starter's sample text, missing credits and alt text, pictures too small to print, text left
    untranslated), one warning a line, by file and line. It writes nothing but the picture cache.

    \b
    Example, in a CI job that fails on any warning:
      presskit check --strict my-film
    """
    from presskit.build import check

    reuse_freed_memory()
    with reported(debug):
        warnings = check(project_dir, kit_path, email_max_mb, progress_line(), langs)
    report(warnings)
    if not any(problem.severity == "warning" for problem in warnings):
        click.echo("presskit: the kit is ready: no problems found.")
    elif strict:
        sys.exit(1)


@main.command("init", short_help="Start a new kit for your film.")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--title", metavar="TITLE", help="The film's title [default: made from FOLDER's name]."
)
@click.option(
    "--lang", metavar="LANG", default="en", show_default=True,
    help="The language of the starter's notes, labels and sample text: en, fr, de, es or it.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Add the kit to a folder that is not empty (no file is ever overwritten).",
)
def init_command(folder: Path, title: str | None, lang: str, force: bool) -> None:
    """Create a new press-kit project in FOLDER, ready to build: kit/presskit.yaml with every
    field explained, the Markdown files it names, images/ and the schema for editors.

    \b
    Example, a French kit:
      presskit init les-heures-bleues --title "Les Heures bleues" --lang fr
    """
    from presskit.kit.starter import create_project

    with reported(debug=False):
        written, kept = create_project(folder, title, force, lang)
    for path in written:
        click.echo(f"created {display_path(path)}")
    for path in kept:
        click.echo(f"kept    {display_path(path)} (it was already there)")
    click.echo(f"Next: edit {display_path(folder / 'kit' / 'presskit.yaml')}, "
               f"then run: presskit build {display_path(folder)}")


def port_option(default: int):
    """`--port`, as `serve` and `edit` take it."""
    return click.option(
        "--port",
        metavar="N",
        default=default,
        show_default=True,
        type=int,
        callback=within(0, 65535),
        help="The port on 127.0.0.1, 0 to 65535 (0: any free one).",
    )


@main.command("serve", short_help="Show the web page, rebuilt as you save.")
@PROJECT
@KIT
@port_option(8000)
@click.option("--pdf", is_flag=True, help="Rebuild the e-mail PDF on every save too.")
def serve_command(project_dir: Path, kit_path: Path | None, port: int, pdf: bool) -> None:
    """Show the web edition at http://127.0.0.1:8000/ and rebuild it (and, with --pdf, the
    e-mail PDF) every time a file of the kit, templates/ or styles/ is saved; the page reloads
    itself, and shows the kit's problems until they are fixed.

    \b
    Example, from the folder above kit/, on another port:
      presskit serve --port 8080
    """
    from presskit.serve import serve

    with serving(port):
        serve(project_dir, kit_path, port, pdf, lambda line: click.echo(line, err=True))


@main.command("edit", short_help="Edit the kit in your browser, with the press kit beside it.")
@PROJECT
@port_option(0)
@click.option("--no-browser", is_flag=True, help="Print the address only; open no browser.")
def edit_command(project_dir: Path, port: int, no_browser: bool) -> None:
    """Open an editor for the kit in PROJECT_DIR in your web browser: a form for every field,
    problems shown at their field as you type, pictures dropped into kit/images/, and the e-mail
    PDF's pages and the web page beside it, made again after each save; its "Make every edition"
    button makes what `presskit build` makes. It runs on this computer only (127.0.0.1), at an
    address with a secret token that it prints; Ctrl-C stops it.

    \b
    Example, a new film's kit, then its editor:
      presskit init my-film --title "My Film"
      presskit edit my-film
    """
    from presskit.editor import run

    def tell(line: str) -> None:
        click.echo(line, err=not line.startswith("presskit editor:"))

    with serving(port):
        try:
            run(project_dir, port, not no_browser, tell)
        except KitError as error:
            report(error.problems)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("presskit editor: stopped", err=True)


@contextmanager
def serving(port: int) -> Iterator[None]:
    """A server of presskit's in the block: Ctrl-C stops it quietly, a port it cannot have is
    one line and exit 1."""
    try:
        yield
    except KeyboardInterrupt:
        pass
    except OSError as error:
        click.echo(f"presskit: cannot serve on port {port}: "
                   f"{terminal_safe(str(error.strerror or error))}", err=True)
        sys.exit(1)


@main.command("schema", short_help="Print the JSON Schema of presskit.yaml.")
def schema_command() -> None:
    """Print the JSON Schema of presskit.yaml, for editors that complete and check fields as you
    type (presskit init writes it beside the kit already).

    \b
    Example, after upgrading presskit:
      presskit schema > kit/presskit.schema.json
    """
    from presskit.kit.model import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@contextmanager
def reported(debug: bool) -> Iterator[None]:
    """Errors of the library in the block: kit problems become lines and exit 1, a place presskit
    cannot write to one line and exit 1, bugs a short note and exit 3."""
    try:
        yield
    except KitError as error:
        if debug:
            raise
        report(error.problems)
        count = sum(problem.severity == "error" for problem in error.problems)
        click.echo(f"presskit: {count} problem{'s' * (count != 1)}; nothing was written.", err=True)
        sys.exit(1)
    except (StorageError, Stopped) as error:
        if debug:
            raise
        click.echo(f"presskit: {error}" if isinstance(error, Stopped) else str(error), err=True)
        sys.exit(1)
    except Exception:
        if debug:
            raise
        handle, crash = tempfile.mkstemp(prefix="presskit-crash-", suffix=".txt")
        with open(handle, "w", encoding="utf-8") as file:
            file.write(traceback.format_exc())
        click.echo("presskit: this is a bug in presskit, not in your kit; "
                   f"details were saved to {crash}", err=True)
        sys.exit(3)


def output_line(path: Path, size: int, summary: str, kept: bool) -> str:
    """What the user is told of one output: `dist/anora-press-kit.pdf  243 KB  10 pages`."""
    return f"{display_path(path)}  {human_size(size)}  {summary}" + "  (unchanged)" * kept


def progress_line():
    """On a terminal, one line that counts pictures as they are prepared; elsewhere, nothing."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        click.echo(f"\rpreparing pictures {done}/{total}" + ("\r\033[K" if done == total else ""),
                   err=True, nl=False)

    return show


COLOURS = {"error": "red", "warning": "yellow", "note": None}
"""How each kind of problem is shown on a terminal; a note (the embargo's time) is plain."""


def report(problems: list[Problem]) -> None:
    """Problems on standard error, one line each; red and yellow on a terminal unless NO_COLOR is
    set."""
    color = False if os.environ.get("NO_COLOR") else None
    for problem in problems:
        click.secho(str(problem), err=True, fg=COLOURS[problem.severity], color=color)
    warnings = sum(problem.severity == "warning" for problem in problems)
    if warnings:
        click.echo(f"presskit: {warnings} warning{'s' * (warnings != 1)}.", err=True)


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
"""glibc's mallopt() parameters (malloc.h)."""


def reuse_freed_memory() -> None:
    """Have glibc keep freed buffers of up to 32 MB for the next ones instead of handing each back
    to the system: a build reads, decodes and copies its pictures a few megabytes at a time, and
    with glibc's defaults every new buffer is faulted in afresh (a large kit: 1.1 million page
    faults and 2.7 s of system time, against 0.3 million and 1.5 s; see bench/README.md).
    Elsewhere than glibc, nothing to do. The command tunes its own process here; the library,
    which other programs import, never does."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.mallopt(M_MMAP_THRESHOLD, 32 << 20)  # glibc's largest allowed value on 64-bit systems
    libc.mallopt(M_TRIM_THRESHOLD, 256 << 20)
