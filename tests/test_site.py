"""The web edition in a real browser (Debian's Chromium, driven by Playwright)."""

from __future__ import annotations

import functools
import shutil
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"


@contextmanager
def served(folder: Path):
    """`folder` on a local HTTP server; its address."""
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site_url(anora):
    """The example kit's dist/ folder on a local HTTP server, as a journalist would reach it."""
    with served(anora["site"].parent) as address:
        yield f"{address}{anora['site'].name}/"


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        yield playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    """Where the page is photographed, to look at after the run, outside the checkout: pytest
    keeps the last three runs, the latest in /tmp/pytest-of-$USER/pytest-current/screenshots0/."""
    return tmp_path_factory.mktemp("screenshots")


@pytest.mark.parametrize("width", [390, 1280])
def test_site_in_chromium(browser, site_url, screenshots, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors, failed, requests = [], [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url, wait_until="networkidle")

    assert (errors, failed) == ([], [])
    assert all(url.startswith("http://127.0.0.1:") for url in requests), (
        "no request leaves the machine"
    )
    gallery = page.locator(".chapter-stills img")
    assert gallery.count() == 3
    assert page.evaluate(
        "Array.from(document.images).every(image => image.complete && image.naturalWidth > 0)"
    )
    large = page.locator(".still-link").first.get_attribute("href")
    assert page.request.get(site_url + large).ok
    assert page.evaluate("document.documentElement.scrollWidth") <= width, (
        "nothing wider than the screen"
    )

    page.screenshot(path=screenshots / f"site-{width}.png", full_page=True)
    page.close()


def test_site_is_accessible_and_shareable(browser, site_url):
    page = browser.new_page()
    page.goto(site_url)
    assert page.evaluate("document.documentElement.lang") == "en"
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() == 1, landmark
    levels = page.evaluate(
        "Array.from(document.querySelectorAll('h1,h2,h3,h4')).map(h => +h.tagName[1])"
    )
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:])), levels
    assert page.evaluate("Array.from(document.images).every(image => image.alt.trim().length > 0)")
    scripts = page.locator("script").evaluate_all("found => found.map(script => script.type)")
    assert scripts == ["application/ld+json"], "readable without JavaScript: its one script is data"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the press kit"
    og = {
        name: page.locator(f'meta[property="og:{name}"]').get_attribute("content")
        for name in ("title", "description", "image")
    }
    assert (
        og["title"] == "Anora"
        and og["description"].startswith("Ani, a stripper")
        and og["image"].endswith("key-art.jpg")
    )
    downloads = page.locator("#downloads a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert downloads == [
        f"downloads/anora-{name}"
        for name in (
            "press-kit.pdf",
            "press-kit-print.pdf",
            "press-kit.epub",
            "stills.zip",
            "screenings.ics",
        )
    ]


def test_the_site_folder_alone_is_the_whole_site(browser, anora, tmp_path):
    """Uploaded on its own, with nothing beside it: nothing it asks for is missing, and every
    download link answers with the edition itself."""
    alone = shutil.copytree(anora["site"], tmp_path / "elsewhere" / "public_html")
    with served(alone) as address:
        page = browser.new_page()
        failed, missing = [], []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.on(
            "response", lambda response: response.status >= 400 and missing.append(response.url)
        )
        page.goto(address, wait_until="networkidle")
        links = page.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
        local = [link for link in links if link.startswith(address) and "#" not in link]
        downloads = page.locator("#downloads a").evaluate_all("links => links.map(a => a.href)")
        assert len(downloads) == 5 and set(downloads) <= set(local)
        for link in local:
            answer = page.request.get(link)
            assert answer.ok, link
            if link in downloads:
                name = link.rsplit("/", 1)[1]
                assert answer.body() == (anora["site"].parent / name).read_bytes(), name
        page.close()
    assert (failed, missing) == ([], [])
