"""Page flow in the PDF: short chapters share a page, a heading is never the last line of a
page, and no page but the cover and the back page is left less than a third filled.

How full a page is comes from the page itself (conftest.page_fills: poppler renders it and the
lowest ink inside its margins is measured). The example and the small kits are here; the kits
other files build anyway are checked there (test_credits, test_translations).
bench/page_fill.py prints the figures for the example and every test kit.
"""

from __future__ import annotations

import subprocess

import pytest

from conftest import KITS, copied, pages_ending_with_a_heading, underfilled
from presskit.build import build


def test_no_page_of_the_example_is_less_than_a_third_filled_or_ends_with_a_heading(
    anora, tmp_path
):
    assert underfilled(anora["pdf"], tmp_path) == []
    assert pages_ending_with_a_heading(anora["pdf"]) == []


@pytest.mark.parametrize("name", ["minimal", "override"])
def test_a_short_kits_contents_shares_its_page_with_the_synopsis(name, tmp_path):
    """Two pages: the cover, then the contents and the synopsis (and the rest) on one."""
    [pdf] = [o.path for o in build(copied(KITS / name, tmp_path), formats=["pdf"]).outputs]
    pages = subprocess.run(
        ["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")[:-1]
    assert len(pages) == 2
    assert "Contents" in pages[1] and "Synopsis" in pages[1].split("Contents", 1)[1]
