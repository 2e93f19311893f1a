"""`presskit edit` driven in Chromium as a publicist uses it: a new kit from `presskit init`, the
required fields filled in, a cast member added, a still dropped in with its caption and credit, a
field's problem shown while typing and gone once fixed, Ctrl+S, the press kit's pages redrawn
beside the form; then the YAML on disk, read back as text, is exactly what was meant, its
comments kept. Every wait is on a condition, never a fixed time."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import KITS, jpeg
from editing import chromium, start, stop_editor

PREVIEW_SECONDS = 180
"""The first preview lays the whole kit out on a busy machine: generous, as it is a condition."""


CHECK_SECONDS = 20
"""A problem shows after the check that follows typing; the check shares the interpreter with a
preview build that may be running: room for a busy machine, as it is a condition."""


@pytest.fixture(autouse=True)
def patient_expect():
    expect.set_options(timeout=CHECK_SECONDS * 1000)
    yield
    expect.set_options(timeout=5000)


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def new_film(tmp_path: Path):
    """A kit as `presskit init` starts it, with its editor running."""
    project = tmp_path / "frozen-sea"
    subprocess.run(
        [sys.executable, "-m", "presskit", "init", str(project), "--title", "The Frozen Sea"],
        check=True, capture_output=True, cwd=tmp_path,
    )
    session, stop, thread = start(project)
    yield session
    stop_editor(stop, thread)


def opened(browser, session) -> Page:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # The console too: a refused inline style (CSP) in the web page's frame shows there. The
    # browser also logs the answers the page handles (409: changed elsewhere, 422: refused).
    handled = re.compile(r"Failed to load resource: .* status of (409|422) ")
    page.on("console", lambda message: message.type == "error" and not handled.match(
        message.text) and errors.append(message.text))
    page.goto(f"{session.origin}/?token={session.token}")
    expect(page.locator("#save-state")).to_have_text("All changes saved")
    page.errors = errors
    return page


def page_sources(page: Page) -> list[str]:
    return page.eval_on_selector_all("#pages img", "all => all.map(i => i.getAttribute('src'))")


def dropped(page: Page, zone: str, picture: bytes, name: str) -> None:
    """A picture file dropped on `zone`, as a file manager drops one."""
    page.evaluate(
        """([zone, bytes, name]) => {
            const data = new DataTransfer();
            data.items.add(new File([new Uint8Array(bytes)], name, {type: "image/jpeg"}));
            document.querySelector(zone).dispatchEvent(
                new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
        }""",
        [zone, list(picture), name],
    )


def edited(text: str, *changes: tuple[str, str]) -> str:
    """`text` with each change made, each at the one place it names."""
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def test_a_new_film_edited_in_the_browser(browser, new_film, tmp_path):
    kit = new_film.project / "kit"
    started = (kit / "presskit.yaml").read_text(encoding="utf-8")
    page = opened(browser, new_film)
    expect(page.locator("#pages img").first).to_have_attribute(
        "src", re.compile(r"/preview/pdf/1\.png"), timeout=PREVIEW_SECONDS * 1000
    )
    before = page_sources(page)

    # The required fields, as a publicist fills them in.
    page.fill("#f-title", "The Frozen Sea")
    logline = "A lighthouse keeper and her daughter wait out the longest winter on record."
    page.fill("#f-logline", logline)
    expect(page.locator("#save-state")).to_have_text("Unsaved changes")

    # A year out of range: the loader's own words appear at the field, and leave once fixed.
    page.fill("#f-year", "1700")
    problem = page.locator('[data-path="year"] .problem')
    expect(problem).to_have_text(
        "Problem: input should be greater than or equal to 1870, got '1700'"
    )
    expect(page.locator("#f-year")).to_have_attribute("aria-invalid", "true")
    described = page.get_attribute("#f-year", "aria-describedby").split()
    assert page.locator(".problem", has_text="1870").get_attribute("id") in described
    expect(page.locator("#summary-list a")).to_have_text(
        ["input should be greater than or equal to 1870, got '1700'"]
    )
    page.fill("#f-year", "2026")
    expect(problem).to_have_count(0)
    expect(page.locator("#f-year")).not_to_have_attribute("aria-invalid", "true")

    # A third cast member, in a new row that opens with its first field focused.
    page.click('#groups button[data-group="cast"]')
    page.click("text=Add a cast member")
    expect(page.locator("#f-cast-2-name")).to_be_focused()
    page.fill("#f-cast-2-name", "Liv Strand")
    page.fill("#f-cast-2-role", "Ingrid")
    # Her portrait dropped on the photo's field: too small to print, which is said beside it.
    portrait = jpeg((600, 800), "peru")
    dropped(page, '[data-path="cast.2.photo"] .dropzone', portrait, "Liv Strand.jpg")
    expect(page.locator('[data-path="cast.2.photo"] .advice')).to_have_text(
        "images/liv-strand.jpg is 600 × 800 pixels: printed larger than 6.8 cm it falls under "
        "the 300 ppi a print shop needs"
    )
    expect(page.locator("#f-cast-2-photo")).to_have_value("images/liv-strand.jpg")

    # A still, chosen as a file (what dropping one does), with its caption and credit.
    picture = tmp_path / "Harbour at dawn.jpg"
    picture.write_bytes(jpeg((2400, 1350), "slategray"))
    page.click('#groups button[data-group="pictures"]')
    page.click("text=Add a still")
    still = page.locator('[data-path="stills.0"]')
    still.locator('input[type="file"]').set_input_files(picture)
    expect(still.locator(".upload-status")).to_contain_text(
        "Added as kit/images/harbour-at-dawn.jpg."
    )
    expect(page.locator("#f-stills-0-file")).to_have_value("images/harbour-at-dawn.jpg")
    page.fill("#f-stills-0-caption", "Ingrid (Liv Strand) on the frozen harbour.")
    page.fill("#f-stills-0-credit", "Kari Holm")

    page.keyboard.press("Control+s")
    expect(page.locator("#save-state")).to_have_text("All changes saved")
    expect(page.locator("#undo")).to_be_enabled()

    # The press kit beside the form is made again from the saved kit: the pictures of the pages
    # that changed are asked for again, with the new build's number; the cover, the same, is not.
    page.wait_for_function(
        """before => [...document.querySelectorAll('#pages img')]
            .some((img, i) => img.getAttribute('src') !== before[i])""",
        arg=before, timeout=PREVIEW_SECONDS * 1000,
    )
    after = page_sources(page)
    assert after[0] == before[0]
    changed = [i for i, src in enumerate(after) if i >= len(before) or src != before[i]]
    expect(page.locator("#pages .changed-mark")).to_have_text(
        [f"Page {i + 1} changed" for i in changed]
    )
    assert len(after) > len(before), "a page more for the still"
    expect(page.locator("#preview-state")).to_have_text(re.compile(r"Made in \d+\.\d s"))
    page.click("#tab-site")
    site = page.frame_locator("#site-frame")
    expect(site.locator("h1")).to_have_text("The Frozen Sea")

    # Every edition, from the keyboard: the files made in dist/ are listed.
    page.focus("#make-all")
    page.keyboard.press("Enter")
    expect(page.locator("#make-state")).to_have_text(
        "Made 6 files in frozen-sea/dist/", timeout=PREVIEW_SECONDS * 1000
    )
    expect(page.locator("#make-all")).to_be_enabled()
    expect(page.locator("#made-list li").first).to_have_text(
        re.compile(r"the-frozen-sea-press-kit\.pdf: \d+ KB, \d+ pages")
    )
    assert (new_film.project / "dist" / "the-frozen-sea-press-kit.epub").is_file()
    assert page.errors == []

    assert (kit / "images" / "harbour-at-dawn.jpg").read_bytes() == picture.read_bytes()
    # Only what was edited changed; every note, blank line and unfilled example stays.
    assert (kit / "presskit.yaml").read_text(encoding="utf-8") == edited(
        started,
        (
            "  Who wants what, what stands in the way, and why it matters, in one or\n"
            "  two sentences.\n",
            "  A lighthouse keeper and her daughter wait out the longest winter on record.\n",
        ),
        (
            "    role: Another Character\n\n",
            "    role: Another Character\n"
            "  - name: Liv Strand\n    photo: images/liv-strand.jpg\n    role: Ingrid\n\n",
        ),
        (
            "\ncontacts:",
            "\nstills:\n"
            "  - file: images/harbour-at-dawn.jpg\n"
            "    caption: Ingrid (Liv Strand) on the frozen harbour.\n"
            "    credit: Kari Holm\n"
            "\ncontacts:",
        ),
    )


def test_a_file_changed_elsewhere_is_never_overwritten(browser, new_film):
    """Saving over a kit another program changed stops with a plain message; reloading shows
    the file as it is now and lists the publicist's edits, which one button puts back; then
    Undo takes back that save, and only that one."""
    kit = new_film.project / "kit" / "presskit.yaml"
    page = opened(browser, new_film)
    # Markdown is previewed with every character of markup typed escaped, and no link to a script.
    page.fill("#f-tagline", "*Frozen* <img src=x onerror=alert(1)> [go](javascript:alert(1))")
    preview = page.locator('[data-path="tagline"] .markdown-preview')
    expect(preview).to_have_text("Frozen <img src=x onerror=alert(1)> go")
    assert preview.inner_html() == "<p><em>Frozen</em> &lt;img src=x onerror=alert(1)&gt; go</p>"
    page.fill("#f-tagline", "The sea froze. She stayed.")
    expect(page.locator("#save-state")).to_have_text("Unsaved changes")
    elsewhere = kit.read_text(encoding="utf-8") + "# a note added in a text editor\n"
    kit.write_text(elsewhere, encoding="utf-8")

    page.click("#save")
    expect(page.locator("#conflict")).to_be_visible()
    expect(page.locator("#conflict-message")).to_have_text(
        "kit/presskit.yaml was changed by another program since you opened it: reload to see "
        "its version, your changes are kept in this page"
    )
    expect(page.locator("#reload")).to_be_focused()
    expect(page.locator("#f-tagline")).to_have_value("The sea froze. She stayed.")
    assert kit.read_text(encoding="utf-8") == elsewhere

    page.click("#reload")
    expect(page.locator("#conflict")).to_be_hidden()
    expect(page.locator("#f-tagline")).to_have_value("A tagline for the cover, one line.")
    expect(page.locator("#kept-list li")).to_have_text(["tagline: The sea froze. She stayed."])
    page.click("#reapply")
    expect(page.locator("#f-tagline")).to_have_value("The sea froze. She stayed.")
    page.keyboard.press("Control+s")
    expect(page.locator("#save-state")).to_have_text("All changes saved")
    assert kit.read_text(encoding="utf-8") == edited(
        elsewhere,
        ("tagline: A tagline for the cover, one line.", "tagline: The sea froze. She stayed."),
    )

    page.click("#undo")
    expect(page.locator("#save-state")).to_have_text("The last save was undone")
    expect(page.locator("#f-tagline")).to_have_value("A tagline for the cover, one line.")
    assert kit.read_text(encoding="utf-8") == elsewhere
    assert page.errors == []


def test_the_translation_view(browser, tmp_path):
    """The French translation beside the original: what presskit.fr.yaml and the .fr.md files
    translate is marked translated, the rest not; a text translated here is saved into
    presskit.fr.yaml, in its place, or into its .fr.md file, and nothing else changes."""
    project = tmp_path / "multilingual"
    shutil.copytree(KITS / "multilingual", project)
    french = project / "kit" / "presskit.fr.yaml"
    before = french.read_text(encoding="utf-8")
    session, stop, thread = start(project)
    try:
        page = opened(browser, session)
        page.click('#groups button[data-group="languages"]')
        page.click("text=Translate into French")
        expect(page.locator("#translation-title")).to_be_focused()
        rows = page.locator(".translation-row")
        expect(rows.locator(".where")).to_have_text(
            ["Logline", "Synopsis › Short", "Synopsis › Long", "Sections › 1 › Title",
             "Sections › 1 › Body"]
        )
        expect(rows.locator(".mark")).to_have_text(
            ["Translated", "Translated", "Not translated: the original is used", "Translated",
             "Not translated: the original is used"]
        )
        expect(page.locator("#t-f-synopsis-short")).to_have_value(
            "Quand la mer gèle, personne ne vient.\n"
        )
        page.fill("#t-f-synopsis-long", "Le long synopsis, enfin en français.\n")
        expect(rows.nth(2).locator(".mark")).to_have_text("Translated")
        page.fill("#t-f-logline", "Une gardienne de phare et sa fille attendent le dégel.")
        expect(page.locator("#translation-state")).to_have_text("Unsaved changes")
        page.keyboard.press("Control+s")
        expect(page.locator("#translation-state")).to_have_text("Saved")
        assert french.read_text(encoding="utf-8") == edited(
            before, ('attendent "le dégel".', "attendent le dégel.")
        )
        assert (project / "kit" / "long.fr.md").read_text(encoding="utf-8") == (
            "Le long synopsis, enfin en français.\n"
        )
        page.click("text=Back to the kit")
        expect(page.locator("#kit-form")).to_be_visible()
        assert page.errors == []
    finally:
        stop_editor(stop, thread)


def test_a_picture_is_never_replaced_unasked(browser, new_film):
    """A second picture of the same name asks before it replaces the first; a file that is no
    picture is refused in the server's words, beside the field."""
    images = new_film.project / "kit" / "images"
    page = opened(browser, new_film)
    page.click('#groups button[data-group="pictures"]')
    zone = '[data-path="key_art.file"] .dropzone'
    status = page.locator('[data-path="key_art.file"] .upload-status')
    first, second = jpeg((1200, 1800), "navy"), jpeg((1200, 1800), "maroon")
    dropped(page, zone, first, "poster.jpg")
    expect(status).to_contain_text("Added as kit/images/poster.jpg.")
    dropped(page, zone, second, "poster.jpg")
    expect(status.locator(".problem")).to_have_text(
        "kit/images/poster.jpg already exists: replace it, or rename your file"
    )
    assert (images / "poster.jpg").read_bytes() == first
    expect(page.locator("text=Replace the kit's picture")).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Added as kit/images/poster.jpg.")
    assert (images / "poster.jpg").read_bytes() == second

    dropped(page, zone, b"not a picture", "notes.jpg")
    expect(status.locator('[role="alert"]')).to_have_text(
        "notes.jpg is not an image presskit can read (JPEG, PNG, WebP or TIFF)"
    )
    expect(page.locator("#f-key_art-file")).to_have_value("images/poster.jpg")
    # A name in any script arrives whole (sent percent-encoded) and is made safe by the server.
    dropped(page, zone, first, "Affiche d'été.jpg")
    expect(status).to_contain_text("Added as kit/images/affiche-dete.jpg.")
    assert sorted(p.name for p in images.iterdir()) == [
        "README.txt", "affiche-dete.jpg", "poster.jpg"
    ]
