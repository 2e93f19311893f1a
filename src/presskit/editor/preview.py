"""The press kit beside the form: the e-mail PDF's pages as pictures, and the web page.

After each save, the kit is built again in this process (build.build, the e-mail PDF and then
the web page, in the kit's own language, into dist/ as `presskit build` would): WeasyPrint stays
imported, and the preview's `Warm` keeps what unchanged files gave between saves. Each PDF page
that changed is rendered to PNG with pypdfium2: a page drawn from the same content, fonts and
pictures as before (`page_prints`, 20 ms for a kit) keeps its picture, so an edit on one page
renders that page alone. The pages whose picture changed are named, so the page can scroll to
the first of them. Saves that come while a build runs are built together, once it ends.

"Make every edition" (`make_all`) asks the same worker for what `presskit build` makes (every
edition, every language), after the preview build any save asked for: one build at a time, so
dist/ and the `Warm` are never written by two.
"""

from __future__ import annotations

import hashlib
import io
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pypdfium2

from presskit.build import build
from presskit.editions.edition import Output
from presskit.errors import KitError, Problem, display_path
from presskit.kit.reading import read_yaml
from presskit.localhost import attempt
from presskit.warm import Warm

RENDER_SCALE = 1.25
"""Pixels per PDF point: an A4 page 744 pixels wide, sharp in a column beside the form."""


@dataclass
class Shown:
    """One build's preview."""

    version: int = 0
    state: str = "building"
    pages: list[bytes] = field(default_factory=list)
    changed_pages: list[int] = field(default_factory=list)
    site: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    prints: list[str] = field(default_factory=list)
    """What each page's picture was made from (page_prints): a page whose print is the same
    is not rendered again."""


@dataclass
class Made:
    """The last "Make every edition": "idle" before the first, then "building", "done" or
    "failed"; the files it made (each an output of build.build) or the problems that stopped it."""

    version: int = 0
    state: str = "idle"
    outputs: list[Output] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


class Preview:
    """The latest build's pages and web page, rebuilt on request in a thread of its own."""

    def __init__(self, project: Path, kit_file: Path, tell: Callable[[str], None]):
        self.project, self.kit_file, self.tell = project, kit_file, tell
        self.shown = Shown()
        self.changed = threading.Condition()
        self.wanted = False
        self.made = Made()
        self.worker: threading.Thread | None = None
        self.warm = Warm()
        """What each build keeps for the next (one build at a time: the worker's): a save lays
        out again, but reads no unchanged picture or template again."""

    def request(self) -> None:
        """Build again soon: now if no build is running, else once it ends."""
        with self.changed:
            self.wanted = True
            if self.shown.state != "building":
                self.shown.state = "building"
            self._start_worker()

    def make_all(self) -> Made:
        """Make every edition soon, after the preview build a save asked for (a second ask while
        it waits or runs is the same one)."""
        with self.changed:
            if self.made.state != "building":
                self.made = Made(self.made.version + 1, "building")
                self.changed.notify_all()
                self._start_worker()
            return self.made

    def _start_worker(self) -> None:
        if self.worker is None or not self.worker.is_alive():
            self.worker = threading.Thread(target=self._work, daemon=True)
            self.worker.start()

    def close(self) -> None:
        """Let the build that runs end (it is never cut short: dist/ stays whole), build no more."""
        with self.changed:
            self.wanted, worker = False, self.worker
            if self.made.state == "building":
                self.made = Made(self.made.version + 1, "idle")
        if worker is not None:
            worker.join()

    def _work(self) -> None:
        while True:
            with self.changed:
                preview, every = self.wanted, self.made.state == "building"
                if not (preview or every):
                    self.worker = None  # a request from now on starts another
                    return
                self.wanted = False
            if preview:
                self.rebuild()
            else:
                self.make_every_edition()

    def make_every_edition(self) -> None:
        """What `presskit build` makes, with the preview's `Warm`."""
        started = time.perf_counter()
        result, problems = attempt(lambda: build(self.project, self.kit_file, warm=self.warm))
        with self.changed:
            if self.made.state != "building":  # closed meanwhile
                return
            self.made = Made(
                self.made.version + 1,
                "done" if result else "failed",
                result.outputs if result else [],
                problems,
                round(time.perf_counter() - started, 3),
            )
            self.changed.notify_all()

    def wait_made(self, since: int, timeout: float) -> Made:
        """The last "Make every edition" once its version is past `since` (or at `timeout`)."""
        with self.changed:
            self.changed.wait_for(lambda: self.made.version > since, timeout)
            return self.made

    def rebuild(self) -> None:
        """The e-mail PDF first, its pages shown as soon as they are rendered; then the web page
        (two versions of the preview: a save shows on the page before the web page is made)."""
        started = time.perf_counter()
        langs = self.languages()
        result, problems = attempt(lambda: build(self.project, self.kit_file, None, ("pdf",),
                                                 langs=langs, warm=self.warm))
        previous = self.shown
        pages, prints, changed_pages = previous.pages, previous.prints, []
        if result:
            pdf = next(o.path for o in result.outputs if o.path.suffix == ".pdf")
            pages, prints = rendered(pdf, previous.pages, previous.prints)
            changed_pages = [
                index for index, page in enumerate(pages)
                if index >= len(previous.pages) or page != previous.pages[index]
            ]
        self.show(result is not None, pages, prints, changed_pages, previous.site, problems,
                  started, site_follows=result is not None)
        if result is None:
            return
        result, problems = attempt(lambda: build(self.project, self.kit_file, None, ("site",),
                                                 langs=langs, warm=self.warm))
        site = next((o.path for o in result.outputs if o.path.name.endswith("-site")), None) \
            if result else None
        self.show(result is not None, pages, prints, [], site or previous.site, problems, started)

    def show(self, made: bool, pages: list[bytes], prints: list[str], changed_pages: list[int],
             site: Path | None, problems: list[Problem], started: float,
             site_follows: bool = False) -> None:
        """A new version of the preview, for the page waiting for one."""
        with self.changed:
            building = site_follows or self.wanted
            self.shown = Shown(
                self.shown.version + 1,
                "building" if building and made else "ready" if made else "failed",
                pages,
                changed_pages,
                site,
                problems,
                round(time.perf_counter() - started, 3),
                prints,
            )
            self.changed.notify_all()

    def languages(self) -> tuple[str, ...]:
        """Only the kit's own language is previewed."""
        try:
            data = read_yaml(self.kit_file, display_path(self.kit_file))[0]
        except KitError:
            return ()
        lang = data.get("lang") if isinstance(data, dict) else None
        return (lang if isinstance(lang, str) else "en",)

    def wait(self, since: int, timeout: float) -> Shown:
        """The preview once its version is past `since` (or at `timeout`, as it is)."""
        with self.changed:
            self.changed.wait_for(lambda: self.shown.version > since, timeout)
            return self.shown

    def site_file(self, path: str) -> Path | None:
        """A file of the previewed web page; nothing hidden, nothing a link leads out to."""
        site = self.shown.site
        names = [name for name in path.split("/") if name]
        if site is None or any(name.startswith(".") for name in names):
            return None
        file = site.joinpath(*names).resolve()
        return file if file.is_file() and file.is_relative_to(site.resolve()) else None


def rendered(
    pdf: Path, before: list[bytes], before_prints: list[str]
) -> tuple[list[bytes], list[str]]:
    """Each page of a PDF as a PNG, and its print; a page whose print is the one it had before
    keeps its picture."""
    prints = page_prints(pdf)
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for index, page_print in enumerate(prints):
            if index < len(before) and before_prints[index] == page_print:
                pages.append(before[index])
                continue
            page = document[index]
            image = page.render(scale=RENDER_SCALE).to_pil()
            stream = io.BytesIO()
            image.save(stream, "PNG", compress_level=1)
            pages.append(stream.getvalue())
            page.close()
        return pages, prints
    finally:
        document.close()


UNSEEN = {"/Parent", "/P", "/StructParents", "/StructParent", "/ToUnicode"}
"""Keys that do not change how a page looks: its place in the page tree and the tags' tree, and
a font's map back to text (which changes on every page when a character is added anywhere)."""
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


def page_prints(pdf: Path) -> list[str]:
    """A digest of everything each page is drawn from: its content, fonts, pictures, boxes
    (what it inherits from the page tree too). Two pages with the same print look the same."""
    memo: dict[tuple[int, int], bytes] = {}

    def digest_of(value: object, path: frozenset) -> bytes:
        key = value.objgen if isinstance(value, pikepdf.Object) and value.is_indirect else None
        if key in memo:
            return memo[key]
        if key in path:
            return b"loop"
        path = path | {key} if key else path
        found = hashlib.sha256()
        if isinstance(value, pikepdf.Stream):
            found.update(b"S" + value.read_raw_bytes())
            value = value.stream_dict
        if isinstance(value, pikepdf.Dictionary):
            for name, item in sorted(value.items()):
                if name not in UNSEEN:
                    found.update(b"D" + name.encode() + digest_of(item, path))
        elif isinstance(value, pikepdf.Array):
            for item in value:
                found.update(b"A" + digest_of(item, path))
        else:
            found.update(b"V" + repr(value).encode())
        if key:
            memo[key] = found.digest()
        return found.digest()

    with pikepdf.open(pdf) as document:
        prints = []
        for page in document.pages:
            found = hashlib.sha256(digest_of(page.obj, frozenset()))
            parent = page.obj.get("/Parent")
            while isinstance(parent, pikepdf.Dictionary):
                for name in INHERITED:
                    if name in parent and name not in page.obj:
                        found.update(name.encode() + digest_of(parent[name], frozenset()))
                parent = parent.get("/Parent")
            prints.append(found.hexdigest())
        return prints
