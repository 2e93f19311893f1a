"""The e-mail edition: the laid-out pages with pictures sized for a screen and an office
printer, within the kit's e-mail budget (`email_max_mb`)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from presskit.editions.edition import EPUB_PIXELS, Output, Shared
from presskit.editions.job import Edition, Job
from presskit.errors import KitError
from presskit.kit.laurels import N_
from presskit.output.files import Stage
from presskit.render.images import Pictures

if TYPE_CHECKING:
    from presskit.render.assemble import LaidOut


def email_pdf(job: Job, stage: Stage, shared: Shared) -> Output:
    path, laid = job.path("pdf"), shared.laid
    stage.write(path, shared.email_pdf)
    return Output(path, len(shared.email_pdf), f"{laid.pages} pages", laid.warnings)


def email_pdf_inputs(job: Job) -> list[object]:
    """The document both PDF editions are laid out from (named with the print edition's pictures:
    the proxies it is laid out with are made from them, whose contents every key holds)."""
    return [job.print_html, job.email_max_mb]


def within_budget(job: Job, laid: LaidOut, screen: Pictures) -> bytes:
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

    name, budget = job.path("pdf").name, job.email_max_mb * 2**20
    boxes = {
        relative: tuple(math.ceil(inches * EMAIL_PPI) for inches in laid.placed[picture.href])
        if picture.href in laid.placed
        else (EPUB_PIXELS, EPUB_PIXELS)
        for relative, picture in job.print_pictures.items()
    }

    made: dict[int, Pictures] = {}

    def pictures(quality: int) -> Pictures:
        """At `quality`, made (or read from the cache) once however often it is weighed."""
        if quality not in made:
            lower = next((q for q in EMAIL_QUALITIES if q < quality), None)
            made[quality] = job.images.fitted(boxes, quality, starts=screen, also=lower)
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
                f" {EMAIL_QUALITIES[-1]}, over the e-mail budget of {job.email_max_mb:g} MB:"
                " use fewer or smaller pictures, or raise email_max_mb"
            )
            raise KitError([job.loaded.where.problem(("email_max_mb",), why)])
        quality = lower


EMAIL_PPI = 150
"""Pictures in the e-mail PDF: sharp on screen and in an office print, small to send."""


EMAIL_QUALITIES = (85, 75, 65, 55, 45, 35)
"""JPEG qualities tried in turn until the e-mail PDF fits its budget."""


EDITION = Edition(
    "pdf", "-press-kit.pdf", email_pdf, email_pdf_inputs, "press-kit.css", N_("Press kit (PDF)")
)
