"""`presskit edit` saving the kit: nothing changed is nothing written, a change keeps the rest of
the file as it was written (comments, order, quoting), a file changed meanwhile is never
overwritten, undo puts back the bytes, and nothing is written outside kit/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import KITS, ROOT, jpeg
from editing import files_of, start, stop_editor
from presskit.editor.document import KitDocument, State, patched
from presskit.kit.reading import read_yaml

EVERY_KIT = [ROOT / "kit", *sorted(path / "kit" for path in KITS.iterdir())]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the multilingual test kit (YAML, translations, Markdown files)."""
    shutil.copytree(KITS / "multilingual", tmp_path / "project")
    return tmp_path / "project"


@pytest.fixture
def editor(project: Path):
    session, stop, thread = start(project)
    yield session
    stop_editor(stop, thread)


@pytest.mark.parametrize("kit", EVERY_KIT, ids=lambda kit: kit.parent.name)
def test_saving_an_unchanged_kit_writes_nothing(kit: Path, tmp_path: Path) -> None:
    """Open and save, as the page does when nothing was changed: every file stays byte for byte,
    and nothing was even rewritten (the same modification times)."""
    copy = tmp_path / "kit"
    shutil.copytree(kit, copy)
    before = files_of(copy)
    times = {p: p.stat().st_mtime_ns for p in copy.rglob("*") if p.is_file()}
    document = KitDocument(copy / "presskit.yaml")
    for name in sorted(p.name for p in copy.glob("presskit*.yaml")):
        state = document.read(name)
        assert state.data is not None, state.problems
        assert document.save(state.data, state.files, state.version, name) == []
    assert files_of(copy) == before
    assert {p: p.stat().st_mtime_ns for p in times} == times
    assert not (copy / ".presskit-editor").exists()


@pytest.mark.parametrize(
    "yaml_file",
    [path for kit in EVERY_KIT for path in sorted(kit.glob("presskit*.yaml"))],
    ids=lambda path: f"{path.parent.parent.name}/{path.name}",
)
def test_the_round_trip_itself_is_exact(yaml_file: Path) -> None:
    """The writer, made to write a file with no change, gives back its very bytes: what the
    saves below keep of a file is the file."""
    source = yaml_file.read_bytes()
    data = read_yaml(yaml_file, yaml_file.name)[0]
    assert patched(source, data, data) == source


KIT = """\
# The kit of a test film.
title: "The Frozen Sea"   # as printed
logline: >-
  A lighthouse keeper and her daughter wait out
  the longest winter on record.
year: 2024
countries: [Norway, Iceland]
synopsis:
    short: 'When the sea freezes over, nobody comes.'   # four-space indent, single quotes
    long: long.md

cast:
  - name: Ingrid Holm       # the lead
    role: Ingrid
  - {name: Kari Berg, role: Liv}

# an unknown key, kept as it is
x_internal: {budget: 3}
"""


def opened(folder: Path) -> tuple[KitDocument, State]:
    """KIT, with its Markdown file, as the editor opens it."""
    kit = folder / "kit"
    kit.mkdir()
    (kit / "presskit.yaml").write_text(KIT)
    (kit / "long.md").write_text("The long synopsis.\n")
    document = KitDocument(kit / "presskit.yaml")
    return document, document.read()


def test_one_change_keeps_the_rest_as_written(tmp_path: Path) -> None:
    """A new name for the second actor, a year, a new short synopsis: those lines change, and
    nothing else, not the four-space indent, the quotes, the folded logline or the notes (a
    note stays in its column)."""
    document, state = opened(tmp_path)
    kit, data = document.root, state.data
    data["cast"][1]["name"] = "Kari Strand"
    data["year"] = "2025"
    data["synopsis"]["short"] = "When the sea freezes, nobody comes."
    assert document.save(data, state.files, state.version) == ["presskit.yaml"]
    expected = (
        KIT.replace("year: 2024", "year: 2025")
        .replace("Kari Berg", "Kari Strand")
        .replace(
            "'When the sea freezes over, nobody comes.'   #",
            "'When the sea freezes, nobody comes.'        #",
        )
    )
    assert (kit / "presskit.yaml").read_text() == expected


def test_added_and_removed_fields(tmp_path: Path) -> None:
    """A new cast row in the style of its neighbours, a new field after the one before it in the
    page's order, a removed field gone with its line."""
    document, state = opened(tmp_path)
    kit, data = document.root, state.data
    data["cast"].append({"name": "Ola Nordmann", "role": "The keeper"})
    items = [(k, v) for k, v in data.items() if k != "countries"]
    data = dict([items[0], ("tagline", "Winter, all year."), *items[1:]])
    document.save(data, state.files, state.version)
    expected = (
        KIT.replace("# as printed\n", "# as printed\ntagline: Winter, all year.\n")
        .replace("countries: [Norway, Iceland]\n", "")
        .replace(
            "  - {name: Kari Berg, role: Liv}\n",
            "  - {name: Kari Berg, role: Liv}\n  - {name: Ola Nordmann, role: The keeper}\n",
        )
    )
    assert (kit / "presskit.yaml").read_text() == expected


def test_markdown_saved_into_its_file(editor) -> None:
    """The text of a Markdown field goes into the file the field names, and only that file."""
    kit = editor.project / "kit"
    before = files_of(kit)
    state = editor.kit()
    assert state["data"]["synopsis"]["long"] == "long.md"
    assert state["files"]["long.md"] == (kit / "long.md").read_text()
    files = {**state["files"], "long.md": "A new long synopsis.\n\nIn two paragraphs.\n"}
    answer = editor.save(state["data"], files, state["version"])
    assert answer.status == 200, answer.body
    assert answer.json["written"] == ["long.md"]
    after = files_of(kit)
    assert after.pop("long.md") == b"A new long synopsis.\n\nIn two paragraphs.\n"
    before.pop("long.md")
    assert after == before


def test_a_file_changed_meanwhile_is_not_overwritten(editor) -> None:
    kit = editor.project / "kit"
    state = editor.kit()
    changed_elsewhere = (kit / "presskit.yaml").read_text() + "# a note added in a text editor\n"
    (kit / "presskit.yaml").write_text(changed_elsewhere)
    data = {**state["data"], "title": "Another Title"}
    answer = editor.save(data, state["files"], state["version"])
    assert answer.status == 409
    assert answer.json == {
        "error": "kit/presskit.yaml was changed by another program since you opened it: reload "
        "to see its version, your changes are kept in this page",
        "changed": ["presskit.yaml"],
    }
    assert (kit / "presskit.yaml").read_text() == changed_elsewhere


def test_undo_puts_back_the_previous_bytes(editor) -> None:
    kit = editor.project / "kit"
    before = files_of(kit)
    state = editor.kit()
    data = {**state["data"], "title": "Another Title"}
    files = {**state["files"], "short.md": "Shorter.\n"}
    saved = editor.save(data, files, state["version"])
    assert saved.status == 200 and saved.json["written"] == ["presskit.yaml", "short.md"]
    assert files_of(kit) != before
    undone = editor.send_json("POST", "/api/undo", {"version": saved.json["version"]})
    assert undone.status == 200, undone.body
    assert files_of(kit) == before
    again = editor.send_json("POST", "/api/undo", {"version": undone.json["version"]})
    assert (again.status, again.json) == (422, {"error": "there is nothing to undo"})


def test_no_write_outside_the_kit(editor, tmp_path: Path) -> None:
    """Files named outside kit/, or reached through a link that leads out, are refused and
    nothing is written anywhere."""
    kit = editor.project / "kit"
    outside = tmp_path / "outside.md"
    outside.write_text("not the kit's\n")
    (kit / "linked.md").symlink_to(outside)
    before = files_of(tmp_path)
    state = editor.kit()
    assert "linked.md" not in state["files"]
    for name in ("../outside.md", "/etc/passwd.md", "linked.md", "..\\outside.md", "a\x00.md"):
        data = {**state["data"], "synopsis": {**state["data"]["synopsis"], "long": name}}
        answer = editor.save(data, {**state["files"], name: "overwritten\n"}, state["version"])
        assert answer.status == 422, (name, answer.body)
    assert files_of(tmp_path) == before
    assert outside.read_text() == "not the kit's\n"


def test_check_finds_problems_in_the_unsaved_state(editor) -> None:
    """The page's state is checked before it is saved, with the build's words, at the field,
    and nothing is written."""
    kit = editor.project / "kit"
    before = files_of(kit)
    state = editor.kit()
    data = {**state["data"], "year": "12345"}
    data["cast"] = [{"role": "Ingrid"}]
    answer = editor.send_json("POST", "/api/check", {"data": data, "files": state["files"]})
    assert answer.status == 200, answer.body
    problems = {(p["path"], p["message"]) for p in answer.json["problems"]}
    assert problems == {
        ("year", "input should be less than or equal to 2100, got '12345'"),
        ("cast.0.name", "required"),
    }
    files = {**state["files"], "long.md": "  \n"}
    answer = editor.send_json("POST", "/api/check", {"data": state["data"], "files": files})
    assert [(p["path"], p["message"]) for p in answer.json["problems"]] == [
        ("synopsis.long", "long.md is empty")
    ]
    assert files_of(kit) == before


def test_edit_without_a_kit_says_to_start_one(tmp_path: Path, monkeypatch) -> None:
    """One line, exit status 1, and nothing written."""
    from click.testing import CliRunner

    from presskit.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["edit", "empty", "--no-browser"])
    assert result.exit_code == 1
    assert result.output == (
        "empty/kit/presskit.yaml: no kit here: run `presskit init empty` to start one\n"
    )
    assert list((tmp_path / "empty").iterdir()) == []


def test_builds_ignore_the_editors_folder(tmp_path: Path) -> None:
    """The undo history is no input of a build: neither its key nor its date move."""
    from presskit.editions.job import build_time
    from presskit.output.record import build_key

    shutil.copytree(KITS / "minimal", tmp_path / "film")
    project = tmp_path / "film"
    kit_file = project / "kit" / "presskit.yaml"
    key = build_key(project, kit_file, project / "dist", [], None)
    when = build_time(kit_file.parent)
    history = project / "kit" / ".presskit-editor" / "history" / "000001"
    history.mkdir(parents=True)
    (history / "0.previous").write_text("title: An older title\n")
    os.utime(history / "0.previous", (4_000_000_000, 4_000_000_000))
    assert build_key(project, kit_file, project / "dist", [], None) == key
    assert build_time(kit_file.parent) == when


def test_a_check_sees_a_picture_added_since(editor) -> None:
    """The same unsaved state checked again after a picture arrived: the answer is new."""
    state = editor.kit()
    data = {**state["data"], "key_art": "images/poster.jpg"}
    payload = {"data": data, "files": state["files"]}
    first = editor.send_json("POST", "/api/check", payload).json
    assert [p["path"] for p in first["problems"]] == ["key_art"]
    (editor.project / "kit" / "images").mkdir()
    (editor.project / "kit" / "images" / "poster.jpg").write_bytes(jpeg((200, 300)))
    assert editor.send_json("POST", "/api/check", payload).json["problems"] == []
