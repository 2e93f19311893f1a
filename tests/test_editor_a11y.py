"""The editor is usable with a screen reader and a keyboard: axe-core, the engine DAISY Ace runs,
finds nothing in any part of the form with the example kit loaded (every folded row unfolded, a
problem shown at its field, the press kit's pages beside it), and the keyboard reaches the
parts of the kit, their fields and the save button in order, with a visible focus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import KITS, ROOT
from editing import chromium, start, stop_editor
from test_editor_browser import (  # patient_expect: autouse, for every test here too
    PREVIEW_SECONDS,
    patient_expect,  # noqa: F401
)

AXE = Path(__file__).parent / "ace" / "node_modules" / "@daisy" / "axe-core-for-ace" / "axe.min.js"
VIOLATIONS = """() => axe.run(document).then(result => result.violations.map(v =>
    `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`))"""


@pytest.fixture(scope="module")
def anora_editor(tmp_path_factory):
    project = tmp_path_factory.mktemp("anora")
    shutil.copytree(ROOT / "kit", project / "kit")
    session, stop, thread = start(project)
    yield session
    stop_editor(stop, thread)


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def opened(browser, session):
    # axe is added as a script of the test's, which the editor's CSP would refuse.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{session.origin}/?token={session.token}")
    expect(page.locator("#save-state")).to_have_text("All changes saved")
    return page


@pytest.fixture(scope="module")
def page(browser, anora_editor):
    return opened(browser, anora_editor)


def test_axe_finds_nothing_in_any_part(page):
    expect(page.locator("#pages img").first).to_be_visible(timeout=PREVIEW_SECONDS * 1000)
    page.locator("#advice-box summary").click()
    expect(page.locator("#advice-list li").first).to_be_visible()
    page.fill("#f-year", "1700")
    expect(page.locator('[data-path="year"] .problem')).to_have_count(1)
    page.add_script_tag(path=str(AXE))
    groups = page.eval_on_selector_all("#groups button", "all => all.map(b => b.dataset.group)")
    assert len(groups) >= 12
    found = {}
    for group in groups:
        page.click(f'#groups button[data-group="{group}"]')
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        found[group] = page.evaluate(VIOLATIONS)
    page.click("#tab-site")
    expect(page.locator("#panel-site")).to_be_visible()
    found["web page tab"] = page.evaluate(VIOLATIONS)
    assert found == {group: [] for group in found}


def test_keyboard_order_and_visible_focus(page):
    page.reload()
    expect(page.locator("#save-state")).to_have_text("All changes saved")
    reached = []
    for _ in range(5):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(
            "() => { const e = document.activeElement; return e.id || e.dataset.group || e.text; }"
        ))
    # The skip link, Save (Undo waits for a save), Make every edition, then the parts of the kit.
    assert reached == ["Skip to the form", "save", "make-all", "film", "story"], reached
    page.locator('#groups button[data-group="cast"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator("#group-cast-title")).to_be_focused()
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_contain_text("Cast member 1")
    assert focused.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("#f-cast-0-name")).to_be_visible()


def test_axe_finds_nothing_in_the_translation_view(browser, tmp_path):
    project = tmp_path / "multilingual"
    shutil.copytree(KITS / "multilingual", project)
    session, stop, thread = start(project)
    try:
        page = opened(browser, session)
        page.click('#groups button[data-group="languages"]')
        page.click("text=Translate into German")
        expect(page.locator(".translation-row").first).to_be_visible()
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(VIOLATIONS) == []
    finally:
        stop_editor(stop, thread)
