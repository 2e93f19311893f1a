"""What every edition's module shares: the `Output` an edition reports, what several editions are
made from (`Shared`), and the sizes of the pictures the screen editions share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from presskit.errors import Problem

if TYPE_CHECKING:
    from presskit.render.assemble import LaidOut
    from presskit.render.images import Pictures


EPUB_PIXELS = 1600
SCREEN_LEAST_PIXELS = 1280
"""The EPUB's and the web page's pictures have a long side of 1280 to 1600 pixels: at least the
width of an e-reader's screen held upright (1072 to 1264 px on Kobo Clara and Libra, 1236 on
Kindle Paperwhite), where a landscape still is shown. Within that range a JPEG is decoded at the
size its decoder scales it to, which is far cheaper than resampling it."""


THUMBNAIL_PIXELS = 800
THUMBNAIL_LEAST_PIXELS = 640
"""The web gallery's pictures: 640 to 800 pixels, twice the width of its columns (16 to 25 rem)."""


@dataclass(frozen=True)
class Output:
    path: Path
    size: int
    summary: str
    """What the user is told besides path and size: pages, documents."""
    warnings: tuple[Problem, ...] = ()
    """What WeasyPrint logged while making it (such as CSS it ignored)."""
    key: str = ""
    """The hash of its inputs (Job.input_key)."""
    placed: dict[str, tuple[float, float]] | None = None
    """The print edition's printed picture sizes, which preflight checks when it is kept."""
    kept: bool = False
    """Left as the last build made it: its inputs had not changed."""
    lang: str = ""
    """The language of the kit it was made from."""
    edition: str = ""
    """Its `--format` name."""


class Shared(NamedTuple):
    """What several editions are made from, made once a build (None where no edition needs it)."""

    laid: LaidOut | None = None
    """The layout both PDF editions are made from."""
    email_pdf: bytes | None = None
    """The e-mail PDF, which the press pack holds too: made in this build, or the kept one."""
    print_pictures: Pictures | None = None
    """The print edition's pictures, made once (the process that prints is handed them)."""
    screen_pictures: Pictures | None = None
    """The EPUB's and the web page's pictures."""
