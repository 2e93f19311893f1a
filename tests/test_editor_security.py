"""`presskit edit` is safe to leave running: 127.0.0.1 only, the token on every request, Host and
Origin checked, writes only with the token in a header and the right content type, bodies
bounded, no path outside the kit, uploads checked as the build checks pictures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import KITS, jpeg
from editing import files_of, start, stop_editor

READS = [
    "/",
    "/api/schema",
    "/api/kit",
    "/api/preview",
    "/api/translation?lang=fr",
    "/preview/pdf/1.png",
    "/preview/site/index.html",
    "/static/editor.js",
    "/kit/images/still.jpg",
]
WRITES = [
    ("PUT", "/api/kit"),
    ("PUT", "/api/translation?lang=fr"),
    ("POST", "/api/check"),
    ("POST", "/api/undo"),
    ("POST", "/api/pictures"),
]
HOSTILE_SVGS = {
    "script": (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        "<script>alert(1)</script></svg>",
        "logo.svg: it has a <script> element, which can run code or show other documents; "
        "export it again without it (as plain SVG), or use a PNG",
    ),
    "external": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="10" height="10"><image xlink:href="https://evil.example/x.png"/></svg>',
        "logo.svg: <image> refers to 'https://evil.example/x.png'; only parts of the same "
        "picture (#id) may be used; export it again without it (as plain SVG), or use a PNG",
    ),
    "handler": (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<rect width="5" height="5" onclick="alert(1)"/></svg>',
        "logo.svg: <rect> has an event handler (onclick), which runs code; export it again "
        "without it (as plain SVG), or use a PNG",
    ),
}


def project_in(folder: Path) -> tuple[Path, Path]:
    """A copy of the multilingual kit with a picture, and beside it a folder that nothing may
    read or write (with a link to it among the kit's pictures)."""
    outside = folder / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for the browser")
    project = folder / "project"
    shutil.copytree(KITS / "multilingual", project)
    (project / "kit" / "images").mkdir()
    (project / "kit" / "images" / "still.jpg").write_bytes(jpeg((40, 30)))
    (project / "kit" / "images" / "link.jpg").symlink_to(outside / "secret.txt")
    return project, outside


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """The editor, for the tests that change nothing (each checks that it did not)."""
    project, outside = project_in(tmp_path_factory.mktemp("editor"))
    session, stop, thread = start(project)
    yield session, outside
    stop_editor(stop, thread)


@pytest.fixture
def editor(served):
    return served[0]


@pytest.fixture
def changing(tmp_path: Path):
    """The editor of a kit of its own, for a test that changes it; and the folder beside it."""
    project, outside = project_in(tmp_path)
    session, stop, thread = start(project)
    yield session, outside
    stop_editor(stop, thread)


def test_binds_127_0_0_1_only(editor) -> None:
    """The listening socket, as the system lists it (/proc/net/tcp), is on 127.0.0.1."""
    listening = [
        line.split()[1]
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
        if line.split()[3] == "0A"  # LISTEN
    ]
    ours = [address for address in listening if address.endswith(f":{editor.port:04X}")]
    assert ours == [f"0100007F:{editor.port:04X}"]


@pytest.mark.parametrize("path", READS)
def test_reads_need_the_token(editor, path: str) -> None:
    assert editor.request("GET", path, token=None).status == 403
    wrong = {"X-Presskit-Token": "wrong"}
    assert editor.request("GET", path, headers=wrong, token=None).status == 403
    wrong_query = path + ("&" if "?" in path else "?") + "token=wrong"
    assert editor.request("GET", wrong_query, token=None).status == 403
    right = editor.request("GET", path, token="query")
    assert right.status != 403, right.body


@pytest.mark.parametrize("method, path", WRITES)
def test_writes_need_the_token_in_the_header(editor, method: str, path: str) -> None:
    kit = editor.project / "kit"
    before = files_of(kit)
    json_type = {"Content-Type": "application/json"}
    for token, headers in [
        (None, json_type),
        (None, {**json_type, "X-Presskit-Token": "wrong"}),
        ("query", json_type),  # a page elsewhere could put the token in a link, not in a header
    ]:
        answer = editor.request(method, path, b"{}", headers, token=token)
        assert answer.status == 403, (token, answer.body)
    assert files_of(kit) == before


def test_the_page_needs_the_token_in_its_address(editor) -> None:
    """The page itself is served only to the address `presskit edit` printed, with the token
    written into it for its scripts."""
    assert editor.request("GET", "/", token="header").status == 403
    page = editor.request("GET", "/", token="query")
    assert page.status == 200
    assert f'<meta name="presskit-token" content="{editor.token}">' in page.body.decode()


def test_headers_of_every_answer(editor) -> None:
    for answer in (
        editor.request("GET", "/", token="query"),
        editor.request("GET", "/api/kit"),
        editor.request("GET", "/api/kit", token=None),
    ):
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["Cache-Control"] == "no-store"
        assert answer.headers["X-Frame-Options"] == "SAMEORIGIN"
        assert answer.headers["Referrer-Policy"] == "no-referrer"
        assert answer.headers["Content-Security-Policy"] == (
            "default-src 'self'; img-src 'self' data: blob:; frame-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'none'"
        )


def test_the_cookie_opens_files_not_the_api(editor) -> None:
    """What a page loads without its scripts (module imports, an iframe's stylesheet) carries the
    cookie the page set; the API never takes it."""
    page = editor.request("GET", "/", token="query")
    cookie = page.headers["Set-Cookie"].split(";")[0]
    assert cookie == f"presskit-editor-{editor.port}={editor.token}"
    assert "HttpOnly" in page.headers["Set-Cookie"]
    assert "SameSite=Strict" in page.headers["Set-Cookie"]
    still = "/kit/images/still.jpg"
    picture = editor.request("GET", still, headers={"Cookie": cookie}, token=None)
    assert picture.status == 200
    assert picture.body == (editor.project / "kit/images/still.jpg").read_bytes()
    assert editor.request("GET", "/api/kit", headers={"Cookie": cookie}, token=None).status == 403
    wrong = {"Cookie": f"presskit-editor-{editor.port}=wrong"}
    assert editor.request("GET", still, headers=wrong, token=None).status == 403


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1:1", ""])
def test_another_host_name_is_misdirected(editor, host: str) -> None:
    """DNS rebinding: a page at evil.example, whose name now points at 127.0.0.1, is answered 421,
    token or not; so is a request with an empty Host."""
    answer = editor.request("GET", "/api/kit", headers={"Host": host.format(port=editor.port)})
    assert answer.status == 421


def test_localhost_is_its_own_host(editor) -> None:
    answer = editor.request("GET", "/api/kit", headers={"Host": f"localhost:{editor.port}"})
    assert answer.status == 200


def test_writes_from_another_origin_are_refused(changing) -> None:
    editor = changing[0]
    kit = editor.project / "kit"
    before = files_of(kit)
    state = editor.kit()
    data = {**state["data"], "title": "Changed"}
    payload = {"data": data, "files": state["files"], "version": state["version"]}
    for origin in ("http://evil.example", "null", "http://127.0.0.1:1",
                   f"https://127.0.0.1:{editor.port}"):
        answer = editor.send_json("PUT", "/api/kit", payload, headers={"Origin": origin})
        assert answer.status == 403, origin
        assert answer.json == {"error": "a change from another page is refused"}
    assert files_of(kit) == before
    own = editor.send_json("PUT", "/api/kit", payload, headers={"Origin": editor.origin})
    assert own.status == 200


@pytest.mark.parametrize("kind", ["text/plain", "application/x-www-form-urlencoded",
                                  "multipart/form-data; boundary=x", None])
def test_json_writes_need_their_content_type(editor, kind: str | None) -> None:
    """A form posted from another page cannot send JSON: what it can send is refused."""
    kit = editor.project / "kit"
    before = files_of(kit)
    state = editor.kit()
    body = json.dumps({"data": {**state["data"], "title": "Changed"}, "files": state["files"],
                       "version": state["version"]}).encode()
    headers = {"Content-Type": kind} if kind else {}
    for method, path in (("PUT", "/api/kit"), ("POST", "/api/check"), ("POST", "/api/undo")):
        answer = editor.request(method, path, body, headers)
        assert answer.status == 415, (method, path)
    assert files_of(kit) == before


def test_bodies_are_bounded(editor) -> None:
    json_type = {"Content-Type": "application/json"}
    declared = {**json_type, "Content-Length": str((2 << 20) + 1)}
    too_long = editor.request("PUT", "/api/kit", b"{}", declared)
    assert too_long.status == 413
    picture = {"Content-Type": "image/jpeg", "X-Filename": "big.jpg",
               "Content-Length": str((40 << 20) + 1)}
    assert editor.request("POST", "/api/pictures", b"", picture).status == 413
    assert not (editor.project / "kit" / "images" / "big.jpg").exists()


@pytest.mark.parametrize("path", [
    "/preview/site/../../kit/presskit.yaml",
    "/preview/site/%2e%2e/%2e%2e/kit/presskit.yaml",
    "/preview/site/..%2f..%2fkit%2fpresskit.yaml",
    "/preview/site/%2Fetc%2Fpasswd",
    "/preview/site/%00",
    "/preview/site/..\\..\\kit\\presskit.yaml",
    "/preview/pdf/../../../outside/secret.txt",
    "/static/../../../../outside/secret.txt",
    "/kit/../outside/secret.txt",
    "/kit/%2e%2e/%2e%2e/outside/secret.txt",
    "/kit/presskit.yaml",
    "/kit/.presskit-editor/history",
    "/kit/images/link.jpg",
])
def test_no_file_outside_is_served(editor, path: str) -> None:
    answer = editor.request("GET", path, token="query")
    assert answer.status in (400, 404), (path, answer.status)
    assert b"not for the browser" not in answer.body
    assert b"title:" not in answer.body


def upload(editor, name: str, data: bytes, kind: str = "image/jpeg", query: str = ""):
    return editor.request("POST", f"/api/pictures{query}", data,
                          {"Content-Type": kind, "X-Filename": name})


SAFE_NAMES = {
    "Still 01 (final).JPG": "images/still-01-final.jpg",
    "../../evil.jpg": "images/evil.jpg",
    "/etc/passwd": "images/passwd.jpg",
    "..%5C..%5Cback.png": "images/back.jpg",
    "C:%5CUsers%5Cme%5Cportrait.jpeg": "images/portrait.jpg",
    "%00%2e%2e%2fnul.jpg": "images/nul.jpg",
    "Ærøskøbing%20été.jpg": "images/aeroskobing-ete.jpg",
    "....jpg": "images/picture.jpg",
}


def test_uploads_go_into_images_under_safe_names(changing, tmp_path: Path) -> None:
    """The name is made from the file's (folders, `..`, NUL and backslashes dropped), the
    extension from what the file is; nothing is written anywhere else."""
    editor = changing[0]
    for name, saved in SAFE_NAMES.items():
        before = files_of(tmp_path)
        picture = jpeg((64, 48), "red" if "back" in name else "steelblue")
        answer = upload(editor, name, picture)
        assert answer.status == 201, (name, answer.body)
        assert answer.json["path"] == saved
        assert answer.json["advice"] == [{
            "path": "", "file": f"kit/{saved}", "line": None, "column": None, "severity": "warning",
            "message": f"{saved} is 64 × 48 pixels: printed larger than 0.5 cm it falls under "
            "the 300 ppi a print shop needs",
        }]
        after = files_of(tmp_path)
        assert after.pop(f"project/kit/{saved}") == picture
        assert after == before


def test_an_upload_never_replaces_unasked(changing) -> None:
    editor = changing[0]
    still = editor.project / "kit" / "images" / "still.jpg"
    original = still.read_bytes()
    answer = upload(editor, "still.jpg", jpeg((64, 48), "red"))
    assert (answer.status, answer.json) == (
        409, {"error": "kit/images/still.jpg already exists: replace it, or rename your file",
              "path": "images/still.jpg"})
    assert still.read_bytes() == original
    replacing = jpeg((64, 48), "red")
    assert upload(editor, "still.jpg", replacing, query="?overwrite=1").status == 201
    assert still.read_bytes() == replacing


def test_an_upload_through_a_link_is_refused(changing) -> None:
    """kit/images/ leading out of the kit (a link), or a link where the picture would go: nothing
    is written through it."""
    editor, outside = changing
    images = editor.project / "kit" / "images"
    answer = upload(editor, "link.jpg", jpeg((64, 48)), query="?overwrite=1")
    assert answer.status == 422
    shutil.rmtree(images)
    images.symlink_to(outside, target_is_directory=True)
    answer = upload(editor, "new.jpg", jpeg((64, 48)))
    assert (answer.status, answer.json) == (
        422, {"error": "kit/images is not a folder inside the kit: make it one"})
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]
    assert (outside / "secret.txt").read_text() == "not for the browser"


@pytest.mark.parametrize("data, kind, message", [
    (b"%PDF-1.7 not a picture", "image/jpeg",
     "notes.jpg is not an image presskit can read (JPEG, PNG, WebP or TIFF)"),
    (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif",
     "notes.jpg is not an image presskit can read (JPEG, PNG, WebP or TIFF)"),
])
def test_an_upload_that_is_no_picture_is_refused(editor, data: bytes, kind: str,
                                                 message: str) -> None:
    before = files_of(editor.project)
    answer = upload(editor, "notes.jpg", data, kind)
    assert (answer.status, answer.json) == (422, {"error": message})
    assert files_of(editor.project) == before


def test_an_upload_of_another_kind_is_refused(editor) -> None:
    answer = upload(editor, "notes.txt", b"hello", "text/plain")
    assert answer.status == 415


@pytest.mark.parametrize("case", HOSTILE_SVGS)
def test_a_hostile_svg_is_refused_with_the_builds_words(editor, case: str) -> None:
    markup, message = HOSTILE_SVGS[case]
    before = files_of(editor.project)
    answer = upload(editor, "logo.svg", markup.encode(), "image/svg+xml")
    assert (answer.status, answer.json) == (422, {"error": message})
    assert files_of(editor.project) == before


def test_an_svg_is_saved_as_presskit_cleans_it(changing) -> None:
    editor = changing[0]
    markup = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
              '<metadata>Made with a drawing program</metadata><rect width="5" height="5"/></svg>')
    answer = upload(editor, "Logo.svg", markup.encode(), "image/svg+xml")
    assert answer.status == 201
    saved = (editor.project / "kit" / answer.json["path"]).read_text()
    assert "metadata" not in saved and "<rect" in saved
    shown = editor.request("GET", "/kit/images/logo.svg", token="query")
    assert shown.headers["Content-Type"] == "image/svg+xml"
    assert shown.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
