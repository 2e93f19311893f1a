"""HTML -> PDF with WeasyPrint, reading nothing but what presskit hands it.

The document's base URL is a name that exists nowhere; the fetcher answers
for it from the theme's styles and the prepared pictures, and refuses every
other URL (other files, the network, every other scheme). WeasyPrint only logs
a resource it could not load, so its log is captured and turned into problems.
"""

from __future__ import annotations

import logging
import mimetypes
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote

from weasyprint import HTML
from weasyprint.logger import LOGGER
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .errors import KitError, Problem
from .images import Picture
from .theme import Theme

BASE_URL = "file:///presskit-document/"


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    warnings: tuple[str, ...]
    """What WeasyPrint logged as warnings, such as CSS it ignored in a project's styles."""


class KitFetcher(URLFetcher):
    """Serves `styles/…` from the theme search path and `images/…` from the pictures."""

    def __init__(self, theme: Theme, pictures: dict[str, Picture]):
        super().__init__()
        self.theme = theme
        self.pictures = {picture.href: picture for picture in pictures.values()}
        self.requested: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        self.requested.append(url)
        relative = unquote(url.removeprefix(BASE_URL)) if url.startswith(BASE_URL) else None
        if relative in self.pictures:
            picture = self.pictures[relative]
            return URLFetcherResponse(url, picture.data, {"Content-Type": picture.media_type})
        if relative and relative.startswith("styles/") and (path := self.theme.find(relative)):
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})
        raise ValueError(f"presskit does not load {url}")


def render_pdf(html: str, theme: Theme, pictures: dict[str, Picture], source: str) -> RenderedPdf:
    """A tagged PDF/UA-1 document; `source` names the edition in problems."""
    fetcher = KitFetcher(theme, pictures)
    with _captured_log() as records:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
        data = document.write_pdf(pdf_variant="pdf/ua-1")
    errors = [r for r in records if r.levelno >= logging.ERROR]
    if errors:
        raise KitError([Problem(source, None, "", f"PDF: {r.getMessage()}") for r in errors])
    return RenderedPdf(data, len(document.pages), tuple(f"{source}: {r.getMessage()}" for r in records))


@contextmanager
def _captured_log():
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append
    LOGGER.addHandler(handler)
    propagate, LOGGER.propagate = LOGGER.propagate, False
    try:
        yield records
    finally:
        LOGGER.removeHandler(handler)
        LOGGER.propagate = propagate
