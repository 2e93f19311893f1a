"""The press pack: every picture at full size, captioned in its own metadata, with the logos,
CAPTIONS.csv and the e-mail PDF, in one zip for picture desks."""

from __future__ import annotations

from presskit.editions.edition import Output, Shared
from presskit.editions.job import Edition, Job
from presskit.kit.laurels import N_
from presskit.output.files import Stage
from presskit.render.pack import stills_zip


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


EDITION = Edition(
    "zip",
    "-stills.zip",
    press_pack,
    press_pack_inputs,
    download_label=N_("Stills and key art, full resolution (zip)"),
)
