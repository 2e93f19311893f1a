"""`presskit serve`: the web edition on localhost, rebuilt on every save.

The kit, templates and styles are watched (watchfiles); each change rebuilds
the web edition (and the PDF with --pdf). The page being viewed asks the server
every half second which build it shows and reloads itself when a newer one is
ready; that small script is added by the server only, the built site has none.
A kit problem replaces the page with the problems, file and line each, until
the kit is fixed: the server never stops for one.

The server answers GET and HEAD alike, from dist/ only, on localhost.py's server.
"""

from __future__ import annotations

import html
import mimetypes
import os
import shutil
import threading
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path

import watchfiles

from presskit.build import build
from presskit.errors import Problem, display_path
from presskit.localhost import LocalHandler, LocalServer, attempt
from presskit.project import output_folder
from presskit.warm import Warm

VERSION_PATH = "/__presskit__/version"

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
<style>body {{ font: 16px/1.5 sans-serif; margin: 2rem; color: #1c1b1f; }} \
li {{ margin: .4rem 0; font-family: monospace; }}</style>
</head><body><main><h1>The kit has {count} problem{plural}</h1>
<p>Fix the file and save it: this page comes back by itself.</p><ul>{items}</ul></main>\
{reload}</body></html>"""


class Preview:
    """The latest build of a project: its web edition, or the problems that stopped it."""

    def __init__(
        self,
        project: Path,
        kit_path: Path | None,
        formats: tuple[str, ...],
        tell: Callable[[str], None],
    ):
        self.project, self.kit_path, self.formats, self.tell = project, kit_path, formats, tell
        self.out = output_folder(project, None)
        self.version = 0
        self.site: Path | None = None
        self.problems: list[Problem] = []
        self.lock = threading.Lock()
        self.warm = Warm()
        """What each build keeps for the next: a save rebuilds only what it changed."""

    def rebuild(self) -> None:
        result, problems = attempt(
            lambda: build(self.project, self.kit_path, self.out, self.formats, warm=self.warm)
        )
        site = self.site
        if result:
            site = next(
                o.path for o in result.outputs if o.path.name.endswith("-site")
            )  # the base language's
            for output in result.outputs:
                self.tell(f"built {display_path(output.path)}")
        for problem in problems:
            self.tell(str(problem))
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
                return ERROR_PAGE.format(
                    count=count, plural="s" * (count != 1), items=items, reload=reload
                ).encode("utf-8")
            index = (self.site / "index.html").read_text(encoding="utf-8")
            return index.replace("</body>", reload + "\n</body>").encode("utf-8")

    def file(self, path: str) -> Path | None:
        """A file of the site, or an edition beside it in dist/ (the download links); nothing else:
        no hidden file (a build's staging), nothing a symlink leads out of dist/ to."""
        names = [name for name in path.split("/") if name]
        if any(name.startswith(".") for name in names):
            return None
        with self.lock:
            folders = [self.site, self.out] if self.site else [self.out]
        for folder in folders:
            file = folder.joinpath(*names).resolve()
            if file.is_file() and file.is_relative_to(folder.resolve()):
                return file
        return None


class Handler(LocalHandler):
    """GET and HEAD of the preview; everything else is refused before any file is looked at."""

    server: PreviewServer

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        preview = self.server.preview
        if self.site_path == VERSION_PATH:
            self.send(str(preview.version).encode(), "text/plain")
        elif self.site_path in ("/", "/index.html"):
            self.send(preview.page(), "text/html; charset=utf-8")
        elif file := preview.file(self.site_path):
            with file.open("rb") as stream:
                kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                self.send_head(HTTPStatus.OK, os.fstat(stream.fileno()).st_size, kind)
                if self.command != "HEAD":
                    shutil.copyfileobj(stream, self.wfile)
        else:
            self.refuse(HTTPStatus.NOT_FOUND)

    do_HEAD = do_GET  # noqa: N815 (the same headers, and send_head leaves the body out)


class PreviewServer(LocalServer):
    """The preview's server."""

    def __init__(self, preview: Preview, port: int):
        self.preview = preview
        super().__init__(port, Handler, preview.tell)


def serve(
    project: Path,
    kit_path: Path | None,
    port: int,
    pdf: bool,
    tell: Callable[[str], None],
    stop: threading.Event | None = None,
) -> None:
    """Build, serve on 127.0.0.1:`port`, and rebuild on every change until `stop` is set (or
    Ctrl-C)."""
    preview = Preview(project, kit_path, ("site", "pdf") if pdf else ("site",), tell)
    kit_folder = kit_path.parent if kit_path and kit_path.is_file() else kit_path or project / "kit"
    watched = [p for p in (kit_folder, project / "templates", project / "styles") if p.exists()]
    changes = watchfiles.watch(
        *watched, stop_event=stop, debounce=200, step=50, rust_timeout=100, yield_on_timeout=True
    )
    # Watching starts before the first build: its first answer (a change, or nothing after
    # 100 ms) comes once the folders are watched, so an edit saved while the first build runs,
    # or as soon as the page is served, is rebuilt too.
    next(changes, None)
    server = None
    try:
        preview.rebuild()
        server = PreviewServer(preview, port)
        # a short poll: stopping the preview (Ctrl-C, or a test) does not wait half a second
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        tell(f"serving the web edition at http://127.0.0.1:{server.server_port}/ (Ctrl-C stops)")
        for changed in changes:
            if changed:  # not the watcher's empty answer after 100 ms of quiet
                preview.rebuild()
    finally:
        changes.close()
        if server:
            server.shutdown()
            server.server_close()
