"""`presskit serve`: the page follows the kit as it is edited, problems included."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import KITS


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, wanted: str, seconds: float = 10) -> str:
    """The page at `url` once it contains `wanted`; fails after `seconds`."""
    deadline, page = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            page = get(url)
        except OSError:
            page = ""
        if wanted in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"{wanted!r} did not appear at {url} within {seconds} s; the page was:\n{page[:2000]}")


@pytest.fixture
def served(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(KITS / "minimal", project)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "presskit", "serve", str(project), "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        yield project, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_page_follows_edits_and_problems(served):
    project, url = served
    page = wait_for(url, "The Frozen Sea")
    assert "/__presskit__/version" in page, "the served page reloads itself"
    kit = project / "kit" / "presskit.yaml"
    kit.write_text(kit.read_text().replace("A lighthouse keeper", "A lightship keeper"))
    wait_for(url, "A lightship keeper and her daughter")
    good = kit.read_text()
    kit.write_text(good.replace("logline:", "logline: [unclosed"))
    problems = wait_for(url, "The kit has 1 problem")
    assert "kit/presskit.yaml:4: YAML syntax: while parsing a flow sequence" in problems
    kit.write_text(good)
    wait_for(url, "A lightship keeper and her daughter")


def test_only_the_site_and_the_editions_are_served(served):
    project, url = served
    wait_for(url, "The Frozen Sea")
    assert get(url + "styles/site.css").startswith("/* presskit default theme: the web edition.")
    for path in ("../kit/presskit.yaml", "%2e%2e/kit/presskit.yaml", "kit/presskit.yaml", "nothing.html"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            get(url + path)
        assert refused.value.code == 404
