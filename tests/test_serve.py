"""`presskit serve`: the page follows the kit as it is edited, problems included; the server answers
only for dist/, only to its own address, only GET and HEAD, and a malformed request is a 400."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import KITS
from presskit.localhost import WORKERS, own_hosts
from presskit.serve import Handler, serve


@dataclass
class Served:
    project: Path
    port: int
    lines: list[str]
    """What serve told the user, line by line."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


def start(project: Path) -> tuple[Served, threading.Event, threading.Thread]:
    """`serve` on a free port in a thread of this process, once it says where it listens."""
    lines: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(project, None, 0, False, lines.append, stop))
    thread.start()
    deadline = time.monotonic() + 60
    while not any(line.startswith("serving") for line in lines):
        assert thread.is_alive() and time.monotonic() < deadline, f"serve did not start: {lines}"
        time.sleep(0.05)
    port = int(re.search(r"127\.0\.0\.1:(\d+)/", lines[-1])[1])
    return Served(project, port, lines), stop, thread


@pytest.fixture
def served(tmp_path, monkeypatch):
    """The minimal kit served from a copy, with the current folder holding a file of its own
    (which the server must never reveal)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "secret.txt").write_text("not for the browser")
    project = tmp_path / "project"
    shutil.copytree(KITS / "minimal", project)
    preview, stop, thread = start(project)
    yield preview
    stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive(), "serve stops when asked"


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, wanted: str, seconds: float = 20) -> str:
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
    raise AssertionError(f"{wanted!r} not at {url} within {seconds} s; the page:\n{page[:2000]}")


def exchange(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes, read the whole answer: its status, headers and body."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return int(status_line.split(" ")[1]), headers, body


def request(served: Served, method: str, target: str, host: str | None = None):
    """`method target` as a browser on this machine sends it (or naming another `host`)."""
    host = f"127.0.0.1:{served.port}" if host is None else host
    raw = f"{method} {target} HTTP/1.1\r\nHost: {host}\r\n\r\n"
    return exchange(served.port, raw.encode("latin-1"))


def test_the_page_follows_edits_and_problems(served, capfd):
    page = wait_for(served.url, "The Frozen Sea")
    assert "/__presskit__/version" in page, "the served page reloads itself"
    kit = served.project / "kit" / "presskit.yaml"
    kit.write_text(kit.read_text().replace("A lighthouse keeper", "A lightship keeper"))
    wait_for(served.url, "A lightship keeper and her daughter")
    good = kit.read_text()
    kit.write_text(good.replace("logline:", "logline: [unclosed"))
    problems = wait_for(served.url, "The kit has 1 problem")
    assert (
        "project/kit/presskit.yaml:3:10: the `[` here is never closed: end the list with `]`"
        in problems
    )
    kit.write_text(good)
    wait_for(served.url, "A lightship keeper and her daughter")
    assert "Traceback" not in capfd.readouterr().err


def test_only_the_site_and_the_editions_are_served(served):
    wait_for(served.url, "The Frozen Sea")
    css = get(served.url + "styles/site.css")
    assert css.startswith("/* presskit default theme: the web edition.")
    dist = served.project / "dist"
    (dist / "the-frozen-sea-press-kit.pdf").write_bytes(b"%PDF-1.7 an edition")
    assert get(served.url + "the-frozen-sea-press-kit.pdf") == "%PDF-1.7 an edition", "a download"
    (dist / ".the-frozen-sea-press-kit.pdf.part").write_text("half a build")
    outside = ("kit/presskit.yaml", "secret.txt", "project/kit/presskit.yaml", "project/dist/")
    for path in (*outside, "nothing.html", ".the-frozen-sea-press-kit.pdf.part"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            get(served.url + path)
        assert refused.value.code == 404, path
    assert request(served, "GET", "//evil.example/styles/site.css")[0] == 404, "a path, not a host"


def test_head_answers_from_dist_as_get_does(served):
    wait_for(served.url, "The Frozen Sea")
    css = next((served.project / "dist").glob("*-site")) / "styles" / "site.css"
    status, headers, body = request(served, "HEAD", "/styles/site.css")
    assert (status, headers["Content-Length"], body) == (200, str(css.stat().st_size), b"")
    status, headers, body = request(served, "HEAD", "/")
    page = request(served, "GET", "/")[2]
    assert (status, int(headers["Content-Length"]), body) == (200, len(page), b"")
    for path in ("/secret.txt", "/project/kit/presskit.yaml", "/project"):
        assert request(served, "HEAD", path)[0] == 404, path


MALFORMED = [
    "/%00",
    "/styles/site.css%00.html",
    "/%zz",
    "/%4",
    "/%ff%fe",
    "/../kit/presskit.yaml",
    "/%2e%2e/kit/presskit.yaml",
    "/styles/..%2f..%2f..%2fkit/presskit.yaml",
    "/styles/./site.css",
    "/a%0d%0aSet-Cookie:%20x=1",
    "http://127.0.0.1/styles/site.css",
    "*",
    "styles/site.css",
]


@pytest.mark.parametrize("target", MALFORMED)
def test_a_malformed_request_is_a_400_without_a_traceback(served, capfd, target):
    status, _, body = request(served, "GET", target)
    assert (status, b"Traceback" in body) == (400, False)
    assert request(served, "HEAD", target)[0] == 400
    assert request(served, "GET", "/styles/site.css")[0] == 200, "the server goes on"
    assert "Traceback" not in capfd.readouterr().err


def test_a_nul_byte_or_an_overlong_line_is_refused(served, capfd):
    nul = f"GET /a\x00b HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n\r\n"
    assert exchange(served.port, nul.encode())[0] == 400
    assert exchange(served.port, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n")[0] == 414
    long_header = b"GET / HTTP/1.1\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n"
    assert exchange(served.port, long_header)[0] == 431
    tls_hello = b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"
    assert exchange(served.port, tls_hello)[0] == 400
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "QUERY"])
def test_only_get_and_head_are_answered(served, capfd, method):
    status, headers, _ = request(served, method, "/")
    assert (status, headers.get("Allow")) == (405, "GET, HEAD")
    assert "Traceback" not in capfd.readouterr().err


OTHER_HOSTS = ["evil.example", "evil.example:{port}", "localhost.evil.example:{port}", "127.0.0.1",
               "127.0.0.1:1", "[::1]:{port}", ""]


@pytest.mark.parametrize("host", OTHER_HOSTS)
def test_a_request_for_another_host_is_refused(served, host):
    """A page from elsewhere whose name now points at 127.0.0.1 (DNS rebinding) sends its name."""
    status, _, body = request(served, "GET", "/", host.format(port=served.port))
    assert (status, b"The Frozen Sea" in body) == (421, False)


def test_the_address_it_bound_is_answered_by_ip_and_by_name(served):
    for name in ("127.0.0.1", "localhost", "LOCALHOST"):
        assert request(served, "GET", "/styles/site.css", f"{name}:{served.port}")[0] == 200, name


def test_a_browser_leaves_out_port_80():
    assert own_hosts(80) == {"127.0.0.1", "localhost", "127.0.0.1:80", "localhost:80"}
    assert own_hosts(8000) == {"127.0.0.1:8000", "localhost:8000"}


def test_a_request_without_a_host_is_refused(served):
    assert exchange(served.port, b"GET / HTTP/1.0\r\n\r\n")[0] == 421
    twice = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\nHost: evil.example\r\n\r\n"
    assert exchange(served.port, twice.encode())[0] == 421


def connections() -> int:
    """Threads of this process that serve one connection each."""
    return sum("process_request" in thread.name for thread in threading.enumerate())


def test_threads_are_bounded_and_idle_connections_closed(tmp_path, monkeypatch):
    monkeypatch.setattr(Handler, "timeout", 3.0)
    shutil.copytree(KITS / "minimal", tmp_path / "project")
    served, stop, thread = start(tmp_path / "project")
    try:
        opened = time.monotonic()
        idle = [socket.create_connection(("127.0.0.1", served.port)) for _ in range(WORKERS + 4)]
        seen = [connections()]
        while seen[-1] < WORKERS and time.monotonic() < opened + 2:  # however busy the machine
            seen.append(connections())
            time.sleep(0.05)
        for _ in range(10):  # and no more start, while the idle ones wait
            seen.append(connections())
            time.sleep(0.05)
        assert max(seen) == WORKERS, "as many threads as workers, no more"
        assert request(served, "GET", "/styles/site.css")[0] == 200, "answered once idle ones close"
        idle[0].settimeout(10)  # never closed: recv raises TimeoutError
        assert idle[0].recv(1) == b""
        assert time.monotonic() - opened > 2.9, "closed after 3 s of silence, not before"
        for connection in idle:
            connection.settimeout(10)
            assert connection.recv(1) == b"", "an idle connection is closed by the server"
            connection.close()
    finally:
        stop.set()
        thread.join(timeout=10)
    assert connections() == 0


def test_what_serve_prints_is_escaped(tmp_path, monkeypatch, capfd):
    monkeypatch.chdir(tmp_path)
    project = tmp_path / "project\x1b]0;HACKED\x07"
    shutil.copytree(KITS / "minimal", project)
    served, stop, thread = start(project)
    try:
        kit = project / "kit" / "presskit.yaml"
        kit.write_text(kit.read_text() + 'key_art: "\\e[2J\\u202e.jpg"\n')
        page = wait_for(served.url, "The kit has 2 problems")
    finally:
        stop.set()
        thread.join(timeout=10)
    printed = "\n".join(served.lines) + capfd.readouterr().err
    assert not {"\x1b", "\x07", "\u202e"} & set(printed), printed
    shown = r"project\x1b]0;HACKED\x07"
    assert f"built {shown}/dist/the-frozen-sea-site" in served.lines
    assert served.lines[-2:] == [
        f"{shown}/kit/presskit.yaml:6: key_art: contains a control character (U+001B)"
        " that documents cannot hold: remove it",
        rf"{shown}/kit/presskit.yaml:6: key_art: file not found: {shown}/kit/\x1b[2J\u202e.jpg",
    ]
    assert rf"key_art: file not found: {shown}/kit/\x1b[2J\u202e.jpg</li>" in page


def test_a_place_that_cannot_take_the_build_is_told_in_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(KITS / "minimal", tmp_path / "project")
    (tmp_path / "project" / "dist").write_text("a file where dist/ goes")
    served, stop, thread = start(tmp_path / "project")
    try:
        page = wait_for(served.url, "The kit has 1 problem")
    finally:
        stop.set()
        thread.join(timeout=10)
    told = ("project/dist: a file stands where presskit needs a folder: move it away,"
            " or choose another folder with --out")
    assert served.lines[0] == told
    assert f"<li>{told}</li>" in page
