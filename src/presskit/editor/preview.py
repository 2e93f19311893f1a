"""The press kit beside the form: the e-mail PDF's pages as pictures, and the web page.

After each save, the kit is built again in this process (build.build, the e-mail PDF and the web
page, in the kit's own language, into dist/ as `presskit build` would: WeasyPrint stays imported
and warm between saves). Each PDF page is rendered to PNG with pypdfium2, and the pages whose
picture changed since the last build are named, so the page can scroll to the first of them.
Saves that come while a build runs are built together, once it ends.
"""

from __future__ import annotations

import hashlib
import io
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2

from ..build import build
from ..errors import KitError, Problem, StorageError, display_path
from ..load import read_yaml

RENDER_SCALE = 1.25
"""Pixels per PDF point: an A4 page 744 pixels wide, sharp in a column beside the form."""
FORMATS = ("pdf", "site")


def bug(error: BaseException) -> Problem:
    return Problem("presskit", None, "", f"this is a bug in presskit, not in your kit: {error!r}")


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


class Preview:
    """The latest build's pages and web page, rebuilt on request in a thread of its own."""

    def __init__(self, project: Path, kit_file: Path, tell: Callable[[str], None]):
        self.project, self.kit_file, self.tell = project, kit_file, tell
        self.shown = Shown()
        self.changed = threading.Condition()
        self.wanted = False
        self.worker: threading.Thread | None = None

    def request(self) -> None:
        """Build again soon: now if no build is running, else once it ends."""
        with self.changed:
            self.wanted = True
            if self.shown.state != "building":
                self.shown.state = "building"
            if self.worker is None or not self.worker.is_alive():
                self.worker = threading.Thread(target=self._work, daemon=True)
                self.worker.start()

    def close(self) -> None:
        """Let the build that runs end (it is never cut short: dist/ stays whole), build no more."""
        with self.changed:
            self.wanted, worker = False, self.worker
        if worker is not None:
            worker.join()

    def _work(self) -> None:
        while True:
            with self.changed:
                if not self.wanted:
                    return
                self.wanted = False
            self.rebuild()

    def rebuild(self) -> None:
        started = time.perf_counter()
        previous = self.shown
        pages, site = previous.pages, previous.site
        try:
            result = build(self.project, self.kit_file, None, FORMATS, langs=self.languages())
        except KitError as error:
            state, problems = "failed", error.problems
        except StorageError as error:
            state, problems = "failed", [Problem(display_path(error.path), None, "", error.reason)]
        except Exception as error:  # a bug must not stop the editor
            state, problems = "failed", [bug(error)]
        else:
            state, problems = "ready", result.warnings
            for output in result.outputs:
                if output.path.suffix == ".pdf":
                    pages = rendered(output.path)
                elif output.path.name.endswith("-site"):
                    site = output.path
        changed_pages = [
            index for index, page in enumerate(pages)
            if index >= len(previous.pages) or digest(page) != digest(previous.pages[index])
        ]
        with self.changed:
            self.shown = Shown(
                previous.version + 1,
                state if not self.wanted else "building",
                pages,
                changed_pages,
                site,
                problems,
                round(time.perf_counter() - started, 3),
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


def rendered(pdf: Path) -> list[bytes]:
    """Each page of a PDF as a PNG."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            image = page.render(scale=RENDER_SCALE).to_pil()
            stream = io.BytesIO()
            image.save(stream, "PNG", compress_level=1)
            pages.append(stream.getvalue())
            page.close()
        return pages
    finally:
        document.close()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
