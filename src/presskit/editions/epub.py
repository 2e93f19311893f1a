"""The EPUB edition: a cover, the title page and the kit's chapters, for e-readers."""

from __future__ import annotations

from presskit.editions.edition import Output, Shared
from presskit.editions.job import Edition, Job
from presskit.kit.laurels import N_
from presskit.output.files import Stage
from presskit.render.contents import Chapter, chapters
from presskit.render.epub import Document, render_epub
from presskit.render.images import COVER_SIZE, Picture, typographic_cover


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


EDITION = Edition(
    "epub",
    "-press-kit.epub",
    epub_book,
    epub_book_inputs,
    "epub.css",
    N_("Press kit for e-readers (EPUB)"),
)
