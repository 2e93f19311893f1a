"""The screenings calendar (iCalendar), linked from the web page and inside its folder."""

from __future__ import annotations

from datetime import datetime, timezone

from presskit.editions.edition import Output, Shared
from presskit.editions.job import Edition, Job
from presskit.kit.laurels import N_
from presskit.output.files import Stage
from presskit.render.calendar import listed


def calendar(job: Job, stage: Stage, shared: Shared) -> Output:
    """The screenings as iCalendar, linked from the web page and inside its folder."""
    data = job.calendar(job.built)
    path = job.path("ics")
    stage.write(path, data)
    count = len(listed(job.kit, job.public))
    return Output(path, len(data), f"{count} screening{'s' * (count != 1)}")


def calendar_inputs(job: Job) -> list[object]:
    """What it says, not when it was made: a new text elsewhere keeps it."""
    return [job.calendar(datetime(1970, 1, 1, tzinfo=timezone.utc)).decode()]


EDITION = Edition(
    "ics",
    "-screenings.ics",
    calendar,
    calendar_inputs,
    download_label=N_("Screenings, for your calendar (iCalendar)"),
)
