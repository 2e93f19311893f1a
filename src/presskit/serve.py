"""`presskit serve`: the web edition on localhost, rebuilt on every save.

The kit, templates and styles are watched (watchfiles); each change rebuilds
the web edition (and the PDF with --pdf). The page being viewed asks the server
every half second which build it shows and reloads itself when a newer one is
ready; that small script is added by the server only, the built site has none.
A kit problem replaces the page with the problems, file and line each, until
the kit is fixed: the server never stops for one.
"""

from __future__ import annotations

import html
import mimetypes
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import watchfiles

from .build import build
from .errors import KitError, Problem

RELOAD = """<script>
(function () {{
  var shown = "{version}";
  setInterval(function () {{
    fetch("/__presskit__/version", {{cache: "no-store"}}).then(function (r) {{ return r.text(); }})
      .then(function (v) {{ if (v !== shown) location.reload(); }}).catch(function () {{}});
  }}, 500);
}})();
</script>"""

ERROR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>presskit: the kit has problems</title>
<style>body {{ font: 16px/1.5 sans-serif; margin: 2rem; color: #1c1b1f; }} li {{ margin: .4rem 0; font-family: monospace; }}</style>
</head><body><main><h1>The kit has {count} problem{plural}</h1>
<p>Fix the file and save it: this page comes back by itself.</p><ul>{items}</ul></main>{reload}</body></html>"""


class Preview:
    """The latest build of a project: its web edition, or the problems that stopped it."""

    def __init__(self, project: Path, kit_path: Path | None, formats: tuple[str, ...], tell: Callable[[str], None]):
        self.project, self.kit_path, self.formats, self.tell = project, kit_path, formats, tell
        self.out = project / "dist"
        self.version = 0
        self.site: Path | None = None
        self.problems: list[Problem] = []
        self.lock = threading.Lock()

    def rebuild(self) -> None:
        try:
            result = build(self.project, self.kit_path, self.out, self.formats)
        except KitError as error:
            problems, site = error.problems, self.site
            for problem in problems:
                self.tell(str(problem))
        except Exception as error:  # a bug in presskit must not stop the preview either
            problems, site = [Problem("presskit", None, "", f"this is a bug in presskit, not in your kit: {error!r}")], self.site
            self.tell(str(problems[0]))
        else:
            problems = result.warnings
            site = next(o.path for o in result.outputs if o.path.name.endswith("-site"))  # the base language's
            for output in result.outputs:
                self.tell(f"built {output.path}")
            for warning in result.warnings:
                self.tell(str(warning))
        with self.lock:
            self.problems = [p for p in problems if p.severity == "error"]
            self.site = site
            self.version += 1

    def page(self) -> bytes:
        """The page to show at /: the site with the reload script, or the problems."""
        with self.lock:
            reload = RELOAD.format(version=self.version)
            if self.problems or self.site is None:
                items = "".join(f"<li>{html.escape(str(p))}</li>" for p in self.problems)
                count = len(self.problems)
                return ERROR_PAGE.format(count=count, plural="s" * (count != 1), items=items, reload=reload).encode("utf-8")
            index = (self.site / "index.html").read_text(encoding="utf-8")
            return index.replace("</body>", reload + "\n</body>").encode("utf-8")

    def file(self, url_path: str) -> Path | None:
        """A file of the site, or an edition beside it in dist/ (the download links); nothing else."""
        with self.lock:
            folders = [self.site, self.out] if self.site else [self.out]
        relative = unquote(url_path).lstrip("/")
        for folder in folders:
            path = (folder / relative).resolve()
            if path.is_file() and path.is_relative_to(folder.resolve()):
                return path
        return None


def handler(preview: Preview) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            path = urlsplit(self.path).path
            if path == "/__presskit__/version":
                self.send(str(preview.version).encode(), "text/plain")
            elif path in ("/", "/index.html"):
                self.send(preview.page(), "text/html; charset=utf-8")
            elif file := preview.file(path):
                self.send(file.read_bytes(), mimetypes.guess_type(file.name)[0] or "application/octet-stream")
            else:
                self.send_error(HTTPStatus.NOT_FOUND)

        def send(self, body: bytes, content_type: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # requests are not news; builds are

    return Handler


def serve(project: Path, kit_path: Path | None, port: int, pdf: bool, tell: Callable[[str], None], stop: threading.Event | None = None) -> None:
    """Build, serve on 127.0.0.1:`port`, and rebuild on every change until `stop` is set (or Ctrl-C)."""
    preview = Preview(project, kit_path, ("site", "pdf") if pdf else ("site",), tell)
    preview.rebuild()
    server = ThreadingHTTPServer(("127.0.0.1", port), handler(preview))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tell(f"serving the web edition at http://127.0.0.1:{server.server_port}/ (Ctrl-C stops)")
    kit_folder = kit_path.parent if kit_path and kit_path.is_file() else kit_path or project / "kit"
    watched = [p for p in (kit_folder, project / "templates", project / "styles") if p.exists()]
    try:
        for _ in watchfiles.watch(*watched, stop_event=stop, debounce=200, step=50):
            preview.rebuild()
    finally:
        server.shutdown()
        server.server_close()
