"""Page flow in the PDF: short chapters share a page, a heading is never the last line of a
page, and no page but the cover and the back page is left less than a third filled.

How full a page is is read from the page itself: poppler renders it (pdftoppm, 20 dpi, grey),
and the lowest row with ink inside the page's margins, against the height between them, is
its fill. bench/page_fill.py prints these figures for the example and the test kits."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import KITS, copied
from presskit.build import build

MARGIN_MM = 24
"""The page's top and bottom margins (styles/press-kit.css @page): the running header and the
page number lie outside them."""
DPI = 20
INK = 235
"""A pixel darker than this (of 255) is ink: text, a rule, a picture."""
LEAST_FILL = 1 / 3


def page_fills(pdf: Path, folder: Path) -> list[float]:
    """How far down its text area each page is filled, 0 to 1, the cover and the last page
    (the billing block, a back page) left out."""
    pages = len(PdfReader(pdf).pages)
    if pages < 3:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", "-f", "2", "-l", str(pages - 1), pdf,
         folder / "page"],
        check=True,
    )
    fills = []
    for picture in sorted(folder.glob("page-*.png")):
        image = Image.open(picture)
        margin = round(MARGIN_MM / 25.4 * DPI)
        top, bottom = margin, image.height - margin
        ink = image.crop((0, top, image.width, bottom)).point(lambda v: 255 * (v < INK))
        box = ink.getbbox()
        fills.append(box[3] / (bottom - top) if box else 0.0)
    return fills


@pytest.fixture(scope="module")
def pdfs(anora, tmp_path_factory) -> list[Path]:
    """The e-mail PDFs of the example and of the test kits (every language)."""
    found = [anora["pdf"]]
    for name in ("credits", "minimal", "multilingual", "override"):
        project = copied(KITS / name, tmp_path_factory.mktemp(name))
        found += [output.path for output in build(project, formats=["pdf"]).outputs]
    return found


def test_no_page_is_less_than_a_third_filled(pdfs, tmp_path):
    for number, pdf in enumerate(pdfs):
        fills = page_fills(pdf, tmp_path / str(number))
        assert [f"{f:.2f}" for f in fills if f < LEAST_FILL] == [], (pdf.name, fills)


def test_no_page_ends_with_a_heading(pdfs):
    """The last line of text on a page (above its number) is never a chapter's title, read back
    from poppler's text of each page."""
    for pdf in pdfs:
        titles = {item.title for item in PdfReader(pdf).outline}
        pages = subprocess.run(
            ["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True
        ).stdout.split("\f")
        for number, page in enumerate(pages[:-1], 1):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            if lines and lines[-1].isdigit():
                lines.pop()  # the page number
            assert not lines or lines[-1] not in titles, f"{pdf.name} page {number}: {lines[-1]}"
