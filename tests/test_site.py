"""The web edition in a real browser (Debian's Chromium, driven by Playwright)."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import sync_playwright

from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def site_url(anora):
    """The example kit's dist/ folder on a local HTTP server, as a journalist would reach it."""
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(anora["site"].parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/{anora['site'].name}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        yield playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])


@pytest.mark.parametrize("width", [390, 1280])
def test_site_in_chromium(browser, site_url, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors, failed, requests = [], [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url, wait_until="networkidle")

    assert (errors, failed) == ([], [])
    assert all(url.startswith("http://127.0.0.1:") for url in requests), "no request leaves the machine"
    gallery = page.locator(".chapter-stills img")
    assert gallery.count() == 3
    assert page.evaluate("Array.from(document.images).every(image => image.complete && image.naturalWidth > 0)")
    large = page.locator(".still-link").first.get_attribute("href")
    assert page.request.get(site_url + large).ok
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "nothing wider than the screen"

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"site-{width}.png", full_page=True)
    page.close()


def test_site_is_accessible_and_shareable(browser, site_url):
    page = browser.new_page()
    page.goto(site_url)
    assert page.evaluate("document.documentElement.lang") == "en"
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() == 1, landmark
    levels = page.evaluate("Array.from(document.querySelectorAll('h1,h2,h3,h4')).map(h => +h.tagName[1])")
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:])), levels
    assert page.evaluate("Array.from(document.images).every(image => image.alt.trim().length > 0)")
    assert page.locator("script").count() == 0, "readable without JavaScript"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the press kit"
    og = {name: page.locator(f'meta[property="og:{name}"]').get_attribute("content") for name in ("title", "description", "image")}
    assert og["title"] == "Anora" and og["description"].startswith("Ani, a stripper") and og["image"].endswith("key-art.jpg")
    downloads = page.locator("#downloads a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert downloads == ["../anora-press-kit.pdf", "../anora-press-kit-print.pdf", "../anora-press-kit.epub", "../anora-stills.zip"]
    for href in downloads:
        assert page.request.get(site_url + href).ok, href
