"""The print edition: the same layout with bleed and crop marks, every picture as it came,
made PDF/X-4 for the kit's printing condition."""

from __future__ import annotations

import hashlib

from presskit.editions.edition import Output, Shared
from presskit.editions.job import Edition, Job
from presskit.kit.laurels import N_
from presskit.output.files import Stage


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


EDITION = Edition(
    "print",
    "-press-kit-print.pdf",
    print_pdf,
    print_pdf_inputs,
    "press-kit.css",
    N_("Press kit for print (PDF with bleed)"),
)
