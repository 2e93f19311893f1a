"""The whole pipeline in one screen: load -> render each edition -> write.

Every edition is rendered in memory first; files are written only once all of
them succeeded, each atomically, so a failed build changes nothing in `dist/`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .contents import Chapter, chapters
from .epub import Document, render_epub
from .images import COVER_SIZE, Picture, prepare_all, typographic_cover
from .load import load_kit
from .model import Kit
from .output import write_atomic
from .pdf import render_pdf
from .theme import Theme

FORMATS = ("pdf", "epub")


@dataclass(frozen=True)
class Output:
    path: Path
    data: bytes
    summary: str
    """What the user is told besides path and size: pages, documents."""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Job:
    """What every edition renders from."""

    kit: Kit
    kit_dir: Path
    theme: Theme
    built: datetime

    def context(self, pictures: dict[str, Picture], edition: str) -> dict[str, object]:
        return {"kit": self.kit, "images": pictures, "edition": edition, "built": self.built, "version": __version__}


def build(project: Path, kit_path: Path | None = None, out: Path | None = None, formats: Sequence[str] = FORMATS) -> list[Output]:
    """Build the chosen editions of the kit in `project` into `out` (default `project/dist`)."""
    kit_file = find_kit_file(project, kit_path)
    kit = load_kit(kit_file)
    job = Job(kit, kit_file.parent, Theme(project, kit.lang), build_time())
    editions = {"pdf": pdf_edition, "epub": epub_edition}
    out = out or project / "dist"
    outputs = [editions[name](job, out / f"{kit.output_stem}.{name}") for name in dict.fromkeys(formats)]
    for output in outputs:
        write_atomic(output.path, output.data)
    return outputs


def pdf_edition(job: Job, path: Path) -> Output:
    pictures = prepare_all(job.kit, job.kit_dir, max_side=2000, quality=85)
    html = job.theme.render("press-kit.html", chapters=chapters(job.kit), **job.context(pictures, "pdf"))
    pdf = render_pdf(html, job.theme, pictures, source=str(path.name))
    return Output(path, pdf.data, f"{pdf.pages} pages", pdf.warnings)


def epub_edition(job: Job, path: Path) -> Output:
    kit, theme = job.kit, job.theme
    pictures = prepare_all(kit, job.kit_dir, max_side=1600, quality=82)
    context = job.context(pictures, "epub")
    cover = epub_cover(job, pictures)
    front = [
        Document(Chapter("cover", "Cover", "epub/cover.html"), theme.render("epub/cover.html", cover=cover, **context)),
        Document(Chapter("title", kit.title, "chapters/cover.html"), theme.render("chapters/cover.html", **context)),
    ]
    documents = [Document(c, theme.render(c.template, chapter=c, **context)) for c in chapters(kit)]
    css = theme.style("epub.css").read_text(encoding="utf-8")
    book = render_epub(kit, front, documents, css, pictures, cover, job.built)
    return Output(path, book.data, f"{book.documents} documents")


def epub_cover(job: Job, pictures: dict[str, Picture]) -> Picture:
    """The key art, or a cover set in type when the kit has none."""
    kit = job.kit
    if kit.key_art:
        return pictures[kit.key_art]
    lines = [line for line in (kit.original_title, kit.director and f"A film by {kit.director.name}", "Press kit") if line]
    data = typographic_cover(kit.title, lines, job.theme.style("fonts/NotoSerif-Bold.ttf"), job.theme.style("fonts/NotoSans-Regular.ttf"))
    return Picture("images/cover.jpg", data, "image/jpeg", *COVER_SIZE)


def find_kit_file(project: Path, kit_path: Path | None) -> Path:
    """`--kit` may name the kit folder or its presskit.yaml; the default is `project/kit`."""
    kit_path = kit_path or project / "kit"
    return kit_path if kit_path.is_file() else kit_path / "presskit.yaml"


def build_time() -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), otherwise now; UTC either way."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.replace(microsecond=0)
