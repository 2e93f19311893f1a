"""The e-mail text: the kit in plain text, to paste into the e-mail the PDF goes with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from presskit.editions.edition import Edition, Output, Shared
from presskit.output.files import Stage

if TYPE_CHECKING:
    from presskit.editions.job import Job


def email_text(job: Job, stage: Stage, shared: Shared) -> Output:
    body, path = job.email_body, job.path("email")
    stage.write(path, body)
    return Output(path, len(body), f"{len(body.splitlines())} lines")


def email_text_inputs(job: Job) -> list[object]:
    return [job.email_body.decode()]


EDITION = Edition("email", "-email.txt", email_text, email_text_inputs)
