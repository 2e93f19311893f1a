"""The editor's HTTP server: the page, its JSON API, the preview, on 127.0.0.1 only.

It shares localhost.py's ground rules (LocalServer, LocalHandler: answered only when addressed to
127.0.0.1 or localhost and its port, so DNS rebinding gets 421; a bounded number of
connections; a malformed path 400) and adds the editor's, since it can write the kit:

- the session's token on every request: `?token=` or the `X-Presskit-Token` header (and, for
  the page's own files and the preview, which a page loads without its scripts, a cookie set by
  the page `/`); compared in constant time;
- a write (POST, PUT) only with the token in the header, which another site's page cannot set
  without the browser asking the server first (CORS), from no other Origin, with the content
  type it expects (a form posted from elsewhere is text/plain or form data: 415), and a bounded
  body (413);
- answers that no other page may frame or sniff, under a strict Content Security Policy.
"""

from __future__ import annotations

import hmac
import json
import mimetypes
import re
import threading
from http import HTTPStatus
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs

from presskit.editor.checking import check, in_project, split, unsaved_texts
from presskit.editor.document import Conflict, KitDocument, Refused
from presskit.editor.pictures import Upload, accept, shown_picture
from presskit.editor.preview import Made, Preview
from presskit.editor.schema import schema_payload
from presskit.editor.translation import note_translated, translated_texts, translation_payload
from presskit.localhost import LocalHandler, LocalServer
from presskit.output.files import human_size
from presskit.project import folder_files, output_folder

STATIC = Path(__file__).parent / "static"
MAX_JSON = 2 << 20
MAX_UPLOAD = 40 << 20
LONG_POLL = 20.0
"""Seconds GET /api/preview?since=N waits for a newer build before answering as it is."""
CSP = (
    "default-src 'self'; img-src 'self' data: blob:; frame-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)
SITE_CSP = (
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'self'"
)
"""The previewed web page (in the page's frame): its own stylesheet and the `<style>` of the
kit's colours, which presskit writes (no kit text reaches it as markup); never a script."""
PLACEHOLDER = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>presskit editor</title></head>
<body><main><h1>presskit editor</h1><p>The editor's page is not installed.</p></main></body>
</html>"""
PAGE = re.compile(r"/preview/pdf/(\d{1,4})\.png")


class Editor:
    """What the server edits: one project's kit, its preview, the session's token."""

    def __init__(self, project: Path, kit_file: Path, token: str, preview: Preview):
        self.project, self.kit_file, self.token, self.preview = project, kit_file, token, preview
        self.document = KitDocument(kit_file)
        self.writing = threading.Lock()
        """One save, undo or upload at a time: each checks the files, then writes them."""
        self.checking = threading.Lock()
        self.last_check: tuple[str, list] | None = None

    def checked(self, unsaved: dict[str, str]) -> list:
        """The problems of the kit as `unsaved` would leave it. The last answer is kept: the page
        checks what it holds while the publicist types, then saves that very state, whose
        problems the save answers with (the same files, so the same problems)."""
        texts = {name: path.read_bytes().decode("utf-8", "surrogateescape")
                 for name, path in self.document.editable().items()} | unsaved
        others = [entry for entry in folder_files(self.document.root) if entry[0] not in texts]
        key = json.dumps([sorted(texts.items()), others])
        with self.checking:
            if self.last_check and self.last_check[0] == key:
                return self.last_check[1]
        found = check(self.project, self.document, unsaved)
        with self.checking:
            self.last_check = (key, found)
        return found

    def languages(self) -> list[str]:
        data = self.document.read().data
        if not isinstance(data, dict):
            return ["en"]
        base = data.get("lang") if isinstance(data.get("lang"), str) else "en"
        others = data.get("translations") if isinstance(data.get("translations"), list) else []
        return [base, *(lang for lang in others if isinstance(lang, str))]


class EditorHandler(LocalHandler):
    """Every request of the editor: the token, then the route."""

    server: EditorServer
    methods = ("GET", "HEAD", "POST", "PUT")
    always = {
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": CSP,
        "X-Frame-Options": "SAMEORIGIN",
        "Referrer-Policy": "no-referrer",
    }

    @property
    def editor(self) -> Editor:
        return self.server.editor

    def query(self) -> dict[str, str]:
        query = self.path.partition("?")[2]
        return {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}

    def given_token(self, cookie_too: bool) -> tuple[str | None, str]:
        """The token this request carries, and how: "header", "query" or "cookie"."""
        if header := self.headers.get("X-Presskit-Token"):
            return header, "header"
        if (query := self.query().get("token")) is not None:
            return query, "query"
        if cookie_too:
            cookies = SimpleCookie()
            try:
                cookies.load(self.headers.get("Cookie", ""))
            except Exception:
                return None, ""
            if morsel := cookies.get(self.server.cookie_name):
                return morsel.value, "cookie"
        return None, ""

    def authorised(self) -> bool:
        """The token is right, and carried where this request may carry it; else 403."""
        loaded_by_page = self.site_path.startswith(("/static/", "/preview/", "/kit/"))
        token, how = self.given_token(cookie_too=loaded_by_page and self.command == "GET")
        right = token is not None and hmac.compare_digest(
            token.encode("utf-8", "surrogatepass"), self.editor.token.encode()
        )
        if not right:
            self.answer_error(HTTPStatus.FORBIDDEN, "the editor's address needs its token: "
                              "open the address `presskit edit` printed")
            return False
        if self.command in ("POST", "PUT"):
            origin = self.headers.get("Origin")
            if how != "header":
                self.answer_error(HTTPStatus.FORBIDDEN,
                                  "a change needs the token in the X-Presskit-Token header")
                return False
            if origin is not None and origin not in self.server.origins:
                self.answer_error(HTTPStatus.FORBIDDEN, "a change from another page is refused")
                return False
        return True

    # Answers

    def answer(self, payload: object, status: HTTPStatus = HTTPStatus.OK) -> None:
        body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
        self.send(body, "application/json; charset=utf-8", status)

    def answer_error(self, status: HTTPStatus, message: str, **more: object) -> None:
        self.close_connection = True
        self.answer({"error": message, **more}, status)

    # Bodies

    def body(self, limit: int) -> bytes | None:
        """The request's body, at most `limit` bytes; None when it was refused (411, 413)."""
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.answer_error(HTTPStatus.LENGTH_REQUIRED, "the request needs a Content-Length")
            return None
        if int(length) > limit:
            self.answer_error(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"larger than the editor accepts ({limit >> 20} MB)",
            )
            return None
        return self.rfile.read(int(length))

    def json_body(self) -> dict | None:
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            self.answer_error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON (application/json)")
            return None
        raw = self.body(MAX_JSON)
        if raw is None:
            return None
        try:
            payload = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            payload = None
        if not isinstance(payload, dict):
            self.answer_error(HTTPStatus.BAD_REQUEST, "the body is not a JSON object")
            return None
        return payload

    # Routes

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        if not self.authorised():
            return
        route = self.site_path
        if route in ("/", "/index.html"):
            self.page()
        elif route == "/api/schema":
            self.answer(schema_payload(self.editor.languages()))
        elif route == "/api/kit":
            self.answer(self.kit_state())
        elif route == "/api/preview":
            self.preview_state()
        elif route == "/api/translation":
            self.translation()
        elif route == "/api/build":
            self.build_state()
        elif found := PAGE.fullmatch(route):
            self.pdf_page(int(found[1]))
        elif route.startswith("/preview/site/"):
            self.site_file(route.removeprefix("/preview/site/"))
        elif route.startswith("/static/"):
            self.static(route.removeprefix("/static/"))
        elif route.startswith("/kit/"):
            self.kit_picture(route.removeprefix("/kit/"))
        else:
            self.answer_error(HTTPStatus.NOT_FOUND, "no such page")

    do_HEAD = do_GET  # noqa: N815 (the same headers, and send_head leaves the body out)

    def do_POST(self) -> None:  # noqa: N802
        if not self.authorised():
            return
        route = self.site_path
        if route == "/api/check":
            self.check()
        elif route == "/api/undo":
            self.undo()
        elif route == "/api/pictures":
            self.upload()
        elif route == "/api/build":
            self.make_every_edition()
        else:
            self.answer_error(HTTPStatus.NOT_FOUND, "no such action")

    def do_PUT(self) -> None:  # noqa: N802
        if not self.authorised():
            return
        if self.site_path == "/api/kit":
            self.save()
        elif self.site_path == "/api/translation":
            self.save(translation=True)
        else:
            self.answer_error(HTTPStatus.NOT_FOUND, "no such action")

    # The page and files

    def page(self) -> None:
        if self.given_token(cookie_too=False)[1] != "query":
            self.answer_error(HTTPStatus.FORBIDDEN, "open the address `presskit edit` printed")
            return
        index = STATIC / "index.html"
        text = index.read_text(encoding="utf-8") if index.is_file() else PLACEHOLDER
        meta = f'<meta name="presskit-token" content="{self.editor.token}">'
        text = text.replace("</head>", f"{meta}\n</head>", 1)
        cookie = (
            f"{self.server.cookie_name}={self.editor.token}; HttpOnly; SameSite=Strict; Path=/"
        )
        self.send(text.encode("utf-8"), "text/html; charset=utf-8", **{"Set-Cookie": cookie})

    def static(self, path: str) -> None:
        self.file_in(STATIC, path)

    def file_in(self, folder: Path, path: str, **headers: str) -> None:
        names = [name for name in path.split("/") if name]
        if not names or any(name.startswith(".") for name in names):
            self.answer_error(HTTPStatus.NOT_FOUND, "no such file")
            return
        root = folder.resolve()
        file = folder.joinpath(*names).resolve()
        if not file.is_file() or not file.is_relative_to(root):
            self.answer_error(HTTPStatus.NOT_FOUND, "no such file")
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("javascript", "json")):
            kind += "; charset=utf-8"
        self.send(file.read_bytes(), kind, **headers)

    def kit_picture(self, path: str) -> None:
        """A picture of the kit, as the page shows it beside its field (an SVG as presskit
        cleaned it, TIFF as PNG)."""
        found = shown_picture(self.editor.document, path)
        if found is None:
            self.answer_error(HTTPStatus.NOT_FOUND, "no such picture")
            return
        data, kind = found
        self.send(data, kind, **{"Content-Security-Policy": "sandbox; default-src 'none'"})

    def pdf_page(self, number: int) -> None:
        pages = self.editor.preview.shown.pages
        if not 1 <= number <= len(pages):
            self.answer_error(HTTPStatus.NOT_FOUND, "no such page")
            return
        self.send(pages[number - 1], "image/png")

    def site_file(self, path: str) -> None:
        file = self.editor.preview.site_file(path)
        if file is None:
            self.answer_error(HTTPStatus.NOT_FOUND, "no such file")
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/"):
            kind += "; charset=utf-8"
        self.send(file.read_bytes(), kind, **{"Content-Security-Policy": SITE_CSP})

    # The kit

    def kit_state(self) -> dict:
        state = self.editor.document.read()
        found = self.editor.checked({}) if state.data is not None else state.problems
        return {
            "data": state.data,
            "files": state.files,
            "version": state.version,
            **split(found, self.editor.project),
        }

    def check(self) -> None:
        payload = self.json_body()
        if payload is None:
            return
        data, files = payload.get("data"), payload.get("files") or {}
        if not isinstance(files, dict):
            self.answer_error(HTTPStatus.BAD_REQUEST, "files must be an object")
            return
        document = self.editor.document
        unsaved = unsaved_texts(document, data, files)
        found = self.editor.checked(unsaved)
        self.answer(split(found, self.editor.project))

    def save(self, translation: bool = False) -> None:
        payload = self.json_body()
        if payload is None:
            return
        name = None
        if translation:
            lang = self.query().get("lang", "")
            if lang not in self.editor.languages()[1:]:
                self.answer_error(HTTPStatus.NOT_FOUND, f"the kit has no translation {lang!r}")
                return
            stem, suffix = self.editor.kit_file.stem, self.editor.kit_file.suffix
            name = f"{stem}.{lang}{suffix}"
        files = payload.get("files") or {}
        version = payload.get("version")
        if not isinstance(files, dict) or not isinstance(version, str):
            self.answer_error(HTTPStatus.BAD_REQUEST, "send data, files and version")
            return
        document = self.editor.document
        if translation:
            lang = name.split(".")[-2]
            before = translated_texts(document, lang)

            def save() -> list[str]:
                written = document.save(payload.get("data"), files, version, name)
                if written:
                    note_translated(document, lang, before)
                return written

            self.write(save)
        else:
            self.write(lambda: document.save(payload.get("data"), files, version))

    def undo(self) -> None:
        payload = self.json_body()
        if payload is None:
            return
        version = payload.get("version")
        if not isinstance(version, str):
            self.answer_error(HTTPStatus.BAD_REQUEST, "send the version")
            return
        self.write(lambda: self.editor.document.undo(version))

    def write(self, change) -> None:
        """A save or an undo: 409 when a file changed meanwhile, 422 when refused."""
        editor = self.editor
        with editor.writing:
            try:
                written = change()
            except Conflict as conflict:
                self.answer_error(HTTPStatus.CONFLICT, str(conflict), changed=conflict.changed)
                return
            except Refused as refused:
                self.answer_error(HTTPStatus.UNPROCESSABLE_ENTITY, str(refused))
                return
            state = self.kit_state()
        if written:  # after the check: the build would slow it down (one interpreter lock)
            editor.preview.request()
        self.answer({"version": state["version"], "written": written,
                     "problems": state["problems"], "advice": state["advice"]})

    def upload(self) -> None:
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        name = self.headers.get("X-Filename", "")
        overwrite = self.query().get("overwrite") == "1"
        if not kind.startswith("image/"):
            self.answer_error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                              "send a picture: JPEG, PNG, WebP, TIFF or SVG")
            return
        raw = self.body(MAX_UPLOAD)
        if raw is None:
            return
        with self.editor.writing:
            upload = accept(self.editor.document, Upload(name, kind, raw, overwrite))
        self.answer(upload.payload, upload.status)

    def preview_state(self) -> None:
        since = self.query().get("since", "")
        shown = self.editor.preview.wait(int(since), LONG_POLL) if since.isdigit() else None
        shown = shown or self.editor.preview.shown
        version = shown.version
        self.answer({
            "version": version,
            "state": shown.state,
            "pages": [f"/preview/pdf/{n + 1}.png?v={version}" for n in range(len(shown.pages))],
            "changed_pages": shown.changed_pages,
            "site": f"/preview/site/index.html?v={version}" if shown.site else None,
            **split(shown.problems, self.editor.project),
            "seconds": shown.seconds,
        })

    def make_every_edition(self) -> None:
        """Every edition, as `presskit build` makes them, once the preview's build is over."""
        if self.json_body() is None:
            return
        self.answer(self.made_payload(self.editor.preview.make_all()), HTTPStatus.ACCEPTED)

    def build_state(self) -> None:
        since = self.query().get("since", "")
        preview = self.editor.preview
        made = preview.wait_made(int(since), LONG_POLL) if since.isdigit() else preview.made
        self.answer(self.made_payload(made))

    def made_payload(self, made: Made) -> dict:
        project = self.editor.project
        dist = in_project(str(output_folder(project, None)), project)
        return {
            "version": made.version,
            "state": made.state,
            "folder": f"{project.resolve().name}/{dist}/",
            "files": [
                {"path": in_project(str(output.path), project), "size": output.size,
                 "shown_size": human_size(output.size), "summary": output.summary,
                 "kept": output.kept}
                for output in made.outputs
            ],
            **split(made.problems, self.editor.project),
            "seconds": made.seconds,
        }

    def translation(self) -> None:
        lang = self.query().get("lang", "")
        if lang not in self.editor.languages()[1:]:
            self.answer_error(HTTPStatus.NOT_FOUND, f"the kit has no translation {lang!r}")
            return
        self.answer(translation_payload(self.editor.document, lang))


class EditorServer(LocalServer):
    def __init__(self, editor: Editor, port: int):
        self.editor = editor
        super().__init__(port, EditorHandler, editor.preview.tell)
        self.origins = {f"http://{host}" for host in self.hosts}
        self.cookie_name = f"presskit-editor-{self.server_port}"
