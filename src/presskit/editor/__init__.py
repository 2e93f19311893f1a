"""`presskit edit`: a publicist's editor for the kit, in the browser, on 127.0.0.1.

The page (static/) edits the kit through the JSON API of server.py: forms made from the kit's
JSON Schema, problems at their field while typing, saves written back into kit/ keeping the
file as it was written (document.py), pictures dropped into kit/images/ (pictures.py), and the
e-mail PDF's pages and the web page rebuilt beside the form after each save, and every edition
at a button (preview.py).
docs/editor-api.md is the API.
"""

from __future__ import annotations

import secrets
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from presskit.errors import KitError, Problem, display_path
from presskit.project import find_kit_file


def run(
    project: Path,
    port: int,
    open_browser: bool,
    tell: Callable[[str], None],
    stop: threading.Event | None = None,
    kit_path: Path | None = None,
) -> None:
    """Serve the editor for `project` on 127.0.0.1:`port` (0: a free one) until `stop` is set
    (or Ctrl-C); tell its address, with the session's token, in one line."""
    kit_file = find_kit_file(project, kit_path)
    if not kit_file.is_file():
        why = f"no kit here: run `presskit init {display_path(project)}` to start one"
        raise KitError([Problem(display_path(kit_file), None, "", why)])
    from presskit.editor.preview import Preview
    from presskit.editor.server import Editor, EditorServer

    token = secrets.token_urlsafe(24)
    editor = Editor(project, kit_file, token, Preview(project, kit_file, tell))
    server = EditorServer(editor, port)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:  # from here on, a Ctrl-C at any moment lets the build that runs end, then stops
        address = f"http://127.0.0.1:{server.server_port}/?token={token}"
        tell(f"presskit editor: {address}")
        editor.preview.request()
        if open_browser:
            webbrowser.open(address)
        (stop or threading.Event()).wait()
    finally:
        server.shutdown()
        server.server_close()
        editor.preview.close()
