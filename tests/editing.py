"""The editor started in a thread of the test process, and requests to it as a browser sends
them (http.client: every header as given, nothing added)."""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from presskit.editor import run

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
"""The system's Chromium, headless, with nothing that reaches for the network."""


@contextmanager
def chromium() -> Iterator[Browser]:
    """Chromium under Playwright, for the tests that drive the editor as a publicist does."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> object:
        return json.loads(self.body)


@dataclass
class Session:
    project: Path
    port: int
    token: str
    lines: list[str] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        token: str | None = "header",
    ) -> Response:
        """`token`: "header" (as the page sends it), "query", or None (no token)."""
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if token == "header":
            sent.setdefault("X-Presskit-Token", self.token)
        elif token == "query":
            path += ("&" if "?" in path else "?") + f"token={self.token}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in sent.items():
                connection.putheader(name, value)
            if body is not None and "Content-Length" not in sent:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            answer = connection.getresponse()
            return Response(answer.status, dict(answer.getheaders()), answer.read())
        finally:
            connection.close()

    def send_json(self, method: str, path: str, payload: object, **options) -> Response:
        headers = {"Content-Type": "application/json", **options.pop("headers", {})}
        body = json.dumps(payload).encode()
        return self.request(method, path, body, headers, **options)

    def kit(self) -> dict:
        answer = self.request("GET", "/api/kit")
        assert answer.status == 200, answer.body
        return answer.json

    def save(self, data: object, files: dict, version: str) -> Response:
        return self.send_json("PUT", "/api/kit", {"data": data, "files": files, "version": version})


def start(project: Path) -> tuple[Session, threading.Event, threading.Thread]:
    """`presskit edit` on a free port, once it printed its address."""
    lines: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=run, args=(project, 0, False, lines.append, stop))
    thread.start()
    deadline = time.monotonic() + 60
    while not any(line.startswith("presskit editor:") for line in lines):
        assert thread.is_alive() and time.monotonic() < deadline, f"edit did not start: {lines}"
        time.sleep(0.02)
    address = next(line for line in lines if line.startswith("presskit editor:"))
    port, token = re.fullmatch(
        r"presskit editor: http://127\.0\.0\.1:(\d+)/\?token=([\w-]+)", address
    ).groups()
    return Session(project, int(port), token, lines), stop, thread


def stop_editor(stop: threading.Event, thread: threading.Thread) -> None:
    stop.set()
    thread.join(timeout=120)
    assert not thread.is_alive(), "the editor stops when asked"


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (the editor's own folder aside), by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".presskit-editor" not in p.parts
    }
