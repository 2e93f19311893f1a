"""`presskit edit`'s API as the page uses it: the schema and help the forms are made from, the
preview following a save, the translation view's marks."""

from __future__ import annotations

import io
import json
import re
import shutil
import signal
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
import vobject
from PIL import Image

from conftest import KITS, write_project
from editing import start, stop_editor
from presskit.kit.model import json_schema


@pytest.fixture
def editor(tmp_path: Path):
    shutil.copytree(KITS / "multilingual", tmp_path / "project")
    session, stop, thread = start(tmp_path / "project")
    yield session
    stop_editor(stop, thread)


def whole_preview(editor, since: int = 0) -> dict:
    """The preview once a build is over (its PDF and its web page)."""
    while True:
        preview = editor.request("GET", f"/api/preview?since={since}").json
        since = preview["version"]
        if preview["state"] != "building":
            return preview


def test_schema_help_and_markdown_fields(editor) -> None:
    answer = editor.request("GET", "/api/schema")
    assert answer.status == 200
    payload = answer.json
    assert payload["schema"] == json_schema()
    printed = subprocess.run(
        [str(Path(__file__).parents[1] / ".venv/bin/presskit"), "schema"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert payload["schema"] == json.loads(printed)
    assert payload["help"]["crew"] == (
        "roles as your credits write them, in English, French, German, Spanish or Italian: "
        "known ones are printed in the kit's language, in billing order; others as written, "
        "after them"
    )
    assert payload["help"]["screenings.*.date"] == "year-month-day"
    assert payload["help"]["selections.*.premiere"] == (
        "world, international, european, north-american or national"
    )
    assert {"synopsis.long", "director.bio", "cast.*.notes", "sections.*.interview.*.a"} <= set(
        payload["markdown_fields"]
    )
    assert "title" not in payload["markdown_fields"]
    assert payload["languages"] == ["en", "fr", "de"]


def test_the_preview_follows_a_save(editor) -> None:
    """After a save, the pages that changed are named and served anew, the others are the same
    pictures; the changed page holds the new words (as pdftotext reads the e-mail PDF), and the
    web page too."""
    first = whole_preview(editor)
    assert first["state"] == "ready" and first["problems"] == []
    before = [editor.request("GET", url, token="query").body for url in first["pages"]]
    state = editor.kit()
    data = {**state["data"], "logline": "A keeper and her daughter count the days to the thaw."}
    assert editor.save(data, state["files"], state["version"]).status == 200
    pages = editor.request("GET", f"/api/preview?since={first['version']}").json
    assert pages["version"] > first["version"]
    assert pages["changed_pages"], pages
    after = [editor.request("GET", url, token="query").body for url in pages["pages"]]
    pdf = next((editor.project / "dist").glob("*-press-kit.pdf"))
    for index, image in enumerate(after):
        with Image.open(io.BytesIO(image)) as page:
            assert page.format == "PNG" and page.size == (745, 1053)  # A4 at 1.25 px a point
        text = subprocess.run(
            ["pdftotext", "-f", str(index + 1), "-l", str(index + 1), str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout
        if index in pages["changed_pages"]:
            assert image != before[index]
        else:
            assert image == before[index]
            assert "count the days" not in " ".join(text.split())
    changed = pages["changed_pages"][0]
    text = subprocess.run(
        ["pdftotext", "-f", str(changed + 1), "-l", str(changed + 1), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert "count the days to the thaw" in " ".join(text.split())
    whole = whole_preview(editor, pages["version"])
    site = editor.request("GET", whole["site"], token="query")
    assert site.status == 200
    assert "script-src 'none'" in site.headers["Content-Security-Policy"].split("; ")
    assert "count the days to the thaw" in site.body.decode()


def test_the_preview_shows_what_stops_the_build(editor) -> None:
    """A save with a problem is kept (the publicist's work is not lost) and the preview says
    why it could not be made, at the field."""
    first = whole_preview(editor)
    state = editor.kit()
    data = {**state["data"], "runtime": "ninety"}
    saved = editor.save(data, state["files"], state["version"])
    assert saved.status == 200
    assert [p["path"] for p in saved.json["problems"]] == ["runtime"]
    failed = editor.request("GET", f"/api/preview?since={first['version']}").json
    assert failed["state"] == "failed"
    assert [(p["path"], p["file"], p["line"]) for p in failed["problems"]] == [
        ("runtime", "kit/presskit.yaml", 9)
    ]
    assert len(failed["pages"]) == len(first["pages"])  # the last pages made stay in view
    assert failed["changed_pages"] == []


def test_translation_marks(editor) -> None:
    """Untranslated as the loader finds it; a text translated in the editor is outdated once
    its original changes; the translation file keeps its note."""
    kit = editor.project / "kit"
    view = editor.request("GET", "/api/translation?lang=fr").json
    assert view["status"] == {
        "logline": "ok",
        "synopsis.short": "ok",
        "synopsis.long": "untranslated",
        "sections.0.title": "ok",
        "sections.0.body": "untranslated",
    }
    assert view["files"]["short.fr.md"] == (kit / "short.fr.md").read_text()
    assert view["files"]["long.fr.md"] == ""
    data = {**view["translation"], "logline": "Une gardienne de phare attend le dégel."}
    files = {**view["files"], "long.fr.md": "Le long synopsis.\n"}
    saved = editor.send_json("PUT", "/api/translation?lang=fr",
                             {"data": data, "files": files, "version": view["version"]})
    assert saved.status == 200, saved.body
    assert saved.json["written"] == ["long.fr.md", "presskit.fr.yaml"]
    assert (kit / "presskit.fr.yaml").read_text() == (
        "# Only what changes in French.\n"
        "logline: Une gardienne de phare attend le dégel.\n"
        "sections:\n"
        "  - {title: Notes de production}\n"
    )
    assert not (kit / "production.fr.md").exists()  # left empty: not written
    view = editor.request("GET", "/api/translation?lang=fr").json
    assert view["status"]["logline"] == "ok" and view["status"]["synopsis.long"] == "ok"
    state = editor.kit()
    data = {**state["data"], "logline": "A keeper waits for the thaw."}
    assert editor.save(data, state["files"], state["version"]).status == 200
    view = editor.request("GET", "/api/translation?lang=fr").json
    assert view["status"]["logline"] == "outdated"
    assert view["status"]["synopsis.long"] == "ok"
    assert editor.request("GET", "/api/translation?lang=it").status == 404


def test_the_command_prints_its_address_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    """One line on standard output, the address with its token; Ctrl-C stops it in one line,
    with exit status 0."""
    shutil.copytree(KITS / "minimal", tmp_path / "film")
    command = [str(Path(__file__).parents[1] / ".venv/bin/presskit"), "edit", "film",
               "--no-browser"]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert re.fullmatch(r"presskit editor: http://127\.0\.0\.1:\d+/\?token=[\w-]{32}\n", line)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert out == ""
    assert err.splitlines()[-1] == "presskit editor: stopped"
    assert "Traceback" not in err


SMALL_KIT = """\
title: The Frozen Sea
logline: A lighthouse keeper and her daughter wait out the longest winter on record.
synopsis:
  short: When the sea freezes over, *nobody* comes and nobody leaves.
screenings:
  - {festival: Example Festival, date: 2026-02-14, time: "19:30", timezone: Europe/Berlin}
"""


@pytest.fixture
def small(tmp_path: Path):
    """The editor on a small kit of one language, with a screening."""
    session, stop, thread = start(write_project(tmp_path / "project", SMALL_KIT))
    yield session
    stop_editor(stop, thread)


def made_every_edition(editor) -> dict:
    """POST /api/build once the first preview is over, then its state once it ended."""
    whole_preview(editor)
    asked = editor.send_json("POST", "/api/build", {})
    assert asked.status == 202, asked.body
    assert asked.json["state"] == "building"
    state = asked.json
    while state["state"] == "building":
        state = editor.request("GET", f"/api/build?since={state['version']}").json
    return state


def test_make_every_edition(small) -> None:
    """The button's build makes what `presskit build` makes, every edition in every language,
    each a file its own reader opens: the print PDF with its trim box, the EPUB's mimetype
    first, the calendar's screening."""
    editor = small
    made = made_every_edition(editor)
    assert made["state"] == "done", made
    assert made["folder"] == "project/dist/"
    files = {file["path"]: file for file in made["files"]}
    slug = "dist/the-frozen-sea"
    assert set(files) == {f"{slug}{end}" for end in (
        "-press-kit.pdf", "-press-kit-print.pdf", "-press-kit.epub", "-stills.zip",
        "-email.txt", "-site", "-screenings.ics",
    )}
    for path, file in files.items():
        if not path.endswith("-site"):
            assert file["size"] == (editor.project / path).stat().st_size, path
    with pikepdf.open(editor.project / f"{slug}-press-kit-print.pdf") as pdf:
        assert pdf.pages and all("/TrimBox" in page.obj for page in pdf.pages)
    with zipfile.ZipFile(editor.project / f"{slug}-press-kit.epub") as epub:
        first = epub.infolist()[0]
        assert (first.filename, epub.read(first)) == ("mimetype", b"application/epub+zip")
    calendar = vobject.readOne((editor.project / f"{slug}-screenings.ics").read_text("utf-8"))
    assert [event.summary.value for event in calendar.vevent_list] == [
        "The Frozen Sea: Public screening, Example Festival"
    ]
    assert (editor.project / f"{slug}-email.txt").read_text("utf-8").startswith("THE FROZEN SEA\n")


def test_make_every_edition_says_what_stops_it(small) -> None:
    """A kit that cannot be built: the problems, at their field, as elsewhere; no file made."""
    kit = small.project / "kit" / "presskit.yaml"
    kit.write_text(SMALL_KIT + "runtime: ninety\n", encoding="utf-8")
    made = made_every_edition(small)
    assert made["state"] == "failed"
    assert made["files"] == []
    assert [(p["path"], p["file"], p["line"]) for p in made["problems"]] == [
        ("runtime", "kit/presskit.yaml", 7)
    ]


def test_make_every_edition_is_a_write(small) -> None:
    """Like every change: the token in the header, JSON, from no other page."""
    editor = small
    refused = [
        editor.send_json("POST", "/api/build", {}, token="query"),
        editor.request("POST", "/api/build", b"{}", {"Content-Type": "text/plain"}),
        editor.send_json("POST", "/api/build", {}, headers={"Origin": "http://evil.example"}),
    ]
    assert [answer.status for answer in refused] == [403, 415, 403]
    assert refused[0].json["error"] == "a change needs the token in the X-Presskit-Token header"
    assert editor.request("GET", "/api/build").json["state"] == "idle"
    assert not (editor.project / "dist" / "the-frozen-sea-press-kit-print.pdf").exists()
