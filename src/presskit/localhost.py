"""The HTTP server both `presskit serve` and `presskit edit` run on: 127.0.0.1 only, answering
only requests addressed to it (127.0.0.1 or localhost and its port: a web page elsewhere whose
name is made to point at 127.0.0.1, DNS rebinding, gets 421), a malformed request 400, any other
method 405; a few connections at a time, idle ones closed, so no client can pile up threads.
A build it runs is `attempt`ed: its problems are shown, and the server goes on.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from presskit.build import Result
from presskit.errors import TERMINAL_CONTROLS, KitError, Problem, StorageError, display_path

WORKERS = 8
"""Connections served at once (a browser opens about six); the next wait to be accepted."""


PERCENT_ESCAPES = re.compile(r"[^%]*(?:%[0-9A-Fa-f]{2}[^%]*)*")
"""A path whose every `%` starts a two-digit hexadecimal escape."""


def bug(error: BaseException) -> Problem:
    """A bug in presskit, told in one line: it must not stop the preview."""
    return Problem("presskit", None, "", f"this is a bug in presskit, not in your kit: {error!r}")


def attempt(making: Callable[[], Result]) -> tuple[Result | None, list[Problem]]:
    """A build's result and warnings, or None and the problems that stopped it: a preview (this
    one, the editor's) shows them and goes on."""
    try:
        result = making()
    except KitError as error:
        return None, error.problems
    except StorageError as error:  # dist/ cannot take the build: the user's to fix, not a bug
        return None, [Problem(display_path(error.path), None, "", error.reason)]
    except Exception as error:  # a bug in presskit must not stop the preview
        return None, [bug(error)]
    return result, result.warnings


def site_path(target: str) -> str | None:
    """The path a request names, percent-decoded; None when it is malformed: not a path from the
    root (an absolute URL, `*`), a broken or non-UTF-8 escape, a control character, or a `.` or
    `..` segment (browsers remove those: only a forged request has one)."""
    path = target.partition("?")[0]
    if not path.startswith("/") or not PERCENT_ESCAPES.fullmatch(path):
        return None
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if TERMINAL_CONTROLS.search(decoded) or {".", ".."} & set(decoded.split("/")):
        return None
    return decoded


def own_hosts(port: int) -> set[str]:
    """What the Host of a request to this server may say: 127.0.0.1 or localhost, and the port
    (which a browser leaves out when it is 80)."""
    names = {"127.0.0.1", "localhost"}
    return {f"{name}:{port}" for name in names} | (names if port == 80 else set())


class LocalHandler(BaseHTTPRequestHandler):
    """A request to a server of presskit's on 127.0.0.1 (this preview, the editor): addressed to
    it, with a method it answers and a well-formed path, or refused before anything is looked
    at."""

    server: LocalServer
    methods = ("GET", "HEAD")
    default_request_version = "HTTP/1.0"
    """A request line that is not HTTP at all gets a status line with its 400, not HTTP/0.9's
    bare body."""
    timeout = 10.0
    """Seconds a connection may stay silent before it is closed (StreamRequestHandler's setting)."""

    def parse_request(self) -> bool:
        """The standard checks (request line, version, headers: 400, 414, 431), then ours."""
        if not super().parse_request():
            return False
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1 or hosts[0].lower() not in self.server.hosts:
            self.refuse(HTTPStatus.MISDIRECTED_REQUEST)
        elif self.command not in self.methods:
            self.refuse(HTTPStatus.METHOD_NOT_ALLOWED, Allow=", ".join(self.methods))
        elif (path := site_path(self.path)) is None:
            self.refuse(HTTPStatus.BAD_REQUEST)
        else:
            self.site_path = path
            return True
        return False

    def send(self, body: bytes, content_type: str, status=HTTPStatus.OK, **headers: str) -> None:
        self.send_head(status, len(body), content_type, **headers)
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_head(self, status: HTTPStatus, length: int, content_type: str, **headers: str) -> None:
        self.send_response(status)
        fixed = {
            "Content-Type": content_type,
            "Content-Length": str(length),
            "Cache-Control": "no-store",
        }
        for name, value in (self.always | headers | fixed).items():
            self.send_header(name, value)
        self.end_headers()

    always: dict[str, str] = {}
    """Headers every answer of this server carries."""

    def refuse(self, status: HTTPStatus, **headers: str) -> None:
        self.close_connection = True
        self.send(f"{status.value} {status.phrase}\n".encode(), "text/plain", status, **headers)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # requests are not news; builds are


class LocalServer(ThreadingHTTPServer):
    """An HTTP server of presskit's: 127.0.0.1 only, at most WORKERS connections served at once,
    answering only requests addressed to it (`hosts`)."""

    daemon_threads = True

    def __init__(self, port: int, handler: type[LocalHandler], tell: Callable[[str], None]):
        self.workers = threading.BoundedSemaphore(WORKERS)
        self.tell = tell
        super().__init__(("127.0.0.1", port), handler)
        self.hosts = own_hosts(self.server_port)

    def process_request(self, request, client_address) -> None:
        """Wait for a free worker (the connections after it wait in the listen queue)."""
        self.workers.acquire()
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.workers.release()

    def handle_error(self, request, client_address) -> None:
        """A client that hung up or stalled is not news; a bug is one line, never a traceback."""
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):
            self.tell(str(bug(error)))
