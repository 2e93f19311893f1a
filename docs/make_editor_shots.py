"""Screenshots of `presskit edit` for the README: `make editor-shots`.

The editor is started on a copy of the example kit in a temporary folder and photographed in
Chromium at 1280 x 800 pixels once the press kit's pages are shown beside the form:
docs/editor-film.png (the Film part), docs/editor-stills.png (pictures with their captions and
credits), docs/editor-problem.png (a problem at its field while typing, and the list above the
form).
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from editing import chromium, start, stop_editor  # noqa: E402 (the tests' editor and browser)
from test_editor_browser import PREVIEW_SECONDS  # noqa: E402

SIZE = {"width": 1280, "height": 800}
PAGES_SHOWN = """() => [...document.querySelectorAll('#pages img')].slice(0, 2)
    .every(img => img.complete && img.naturalWidth > 0)"""


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="presskit-editor-shots-") as work:
        project = Path(work) / "anora"
        shutil.copytree(ROOT / "kit", project / "kit")
        session, stop, thread = start(project)
        try:
            with chromium() as browser:
                page = browser.new_page(viewport=SIZE)
                page.goto(f"{session.origin}/?token={session.token}")
                expect(page.locator("#preview-state")).to_have_text(
                    re.compile(r"Made in"), timeout=PREVIEW_SECONDS * 1000
                )
                page.wait_for_function(PAGES_SHOWN)
                shot(page, "film")

                page.click('#groups button[data-group="pictures"]')
                page.locator('[data-path="stills.0"] summary').click()
                page.wait_for_function(
                    "() => [...document.querySelectorAll('.thumb:not([hidden])')]"
                    ".every(img => img.complete && img.naturalWidth > 0)"
                )
                page.locator("#f-stills-0-caption").scroll_into_view_if_needed()
                shot(page, "stills")

                page.click('#groups button[data-group="film"]')
                page.fill("#f-year", "1700")
                expect(page.locator('[data-path="year"] .problem')).to_have_count(1)
                page.locator('[data-path="year"]').evaluate(
                    "field => field.scrollIntoView({block: 'center'})"
                )
                shot(page, "problem")
        finally:
            stop_editor(stop, thread)


def shot(page, name: str) -> None:
    path = ROOT / "docs" / f"editor-{name}.png"
    page.screenshot(path=path)
    print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
