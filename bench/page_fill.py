"""Page fill: how much of each page the e-mail PDF fills, for the example and the test kits.

    python bench/page_fill.py [PDF…]

Builds the PDFs of the example kit and of tests/kits/ (or measures the PDFs given) and prints,
for each, every page's fill (how far down its text area the lowest ink reaches, from a 20 dpi
rendering: tests/conftest.py's page_fills) and how many pages other than the cover and
the back page are less than a third filled. The test suite asserts that none is.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import LEAST_FILL, page_fills  # noqa: E402 (the tests' folder, above)
from presskit.build import build  # noqa: E402


def built_pdfs(work: Path) -> list[Path]:
    """The e-mail PDFs of the example and the test kits, every language, built under `work`."""
    pdfs = []
    kits = [("example", ROOT), *((k.name, k) for k in sorted((ROOT / "tests" / "kits").iterdir()))]
    for name, project in kits:
        copy = work / name
        shutil.copytree(project / "kit", copy / "kit")
        for extra in ("templates", "styles"):
            if project != ROOT and (project / extra).exists():
                shutil.copytree(project / extra, copy / extra)
        build(copy, formats=["pdf"])
        pdfs += sorted((copy / "dist").glob("*.pdf"))
    return pdfs


with tempfile.TemporaryDirectory() as temporary:
    work = Path(temporary)
    pdfs = [Path(p) for p in sys.argv[1:]] or built_pdfs(work)
    under = total = 0
    for number, pdf in enumerate(pdfs):
        fills = page_fills(pdf, work / f"pages-{number}")
        low = sum(fill < LEAST_FILL for fill in fills)
        under, total = under + low, total + len(fills)
        shown = " ".join(f"{fill:.0%}" for fill in fills)
        print(f"{pdf.name}: {len(fills) + 2} pages; inside pages filled {shown}; "
              f"{low} under a third")
    print(f"all: {under} of {total} inside pages under a third filled")
