"""The e-mail text: the kit in plain text, to paste into the e-mail the PDF goes with."""

from __future__ import annotations

from presskit.editions.edition import Output, Shared
from presskit.editions.job import Edition, Job
from presskit.output.files import Stage


def email_text(job: Job, stage: Stage, shared: Shared) -> Output:
    body, path = job.email_body, job.path("email")
    stage.write(path, body)
    return Output(path, len(body), f"{len(body.splitlines())} lines")


def email_text_inputs(job: Job) -> list[object]:
    return [job.email_body.decode()]


EDITION = Edition("email", "-email.txt", email_text, email_text_inputs)
