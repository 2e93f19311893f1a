"""dist/ tells the truth: after a build it holds exactly what the kit makes, and nothing of the
user's is touched."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import presskit.output.files
from conftest import digests, write_project
from presskit.build import build
from presskit.cli import main

KIT = "title: The Starter\nlogline: L\nsynopsis: {short: S}\ntranslations: [fr]\n"
FRENCH = {"kit/presskit.fr.yaml": "logline: Une ligne.\nsynopsis: {short: Court.}\n"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def retitle(project: Path, title: str) -> None:
    kit = project / "kit" / "presskit.yaml"
    kit.write_text(
        kit.read_text(encoding="utf-8").replace("title: The Starter", f"title: {title}"),
        encoding="utf-8",
    )


def test_a_new_title_removes_the_old_outputs_and_never_the_users_files(tmp_path, monkeypatch):
    project = write_project(tmp_path, KIT, FRENCH)
    monkeypatch.chdir(project)
    assert run("build", "--format", "pdf", "--format", "email")[0] == 0
    (project / "dist" / "notes.txt").write_text("mine")
    retitle(project, "My Film")
    code, out, err = run("build", "--format", "pdf", "--format", "email")
    assert code == 0
    assert names(project / "dist") == [
        "my-film-email.fr.txt",
        "my-film-email.txt",
        "my-film-press-kit.fr.pdf",
        "my-film-press-kit.pdf",
        "notes.txt",
    ]
    assert (project / "dist" / "notes.txt").read_text() == "mine"
    assert err == "note: dist/notes.txt was not made by presskit: left as it is\n"
    assert out.splitlines()[-4:] == [
        f"removed dist/the-starter-{name}: this kit no longer makes it"
        for name in ("press-kit.pdf", "email.txt", "press-kit.fr.pdf", "email.fr.txt")
    ]
    assert (
        PdfReader(project / "dist" / "my-film-press-kit.pdf").metadata.title == "My Film: press kit"
    )
    unchanged = run("build", "--format", "pdf", "--format", "email")
    assert unchanged[0] == 0 and unchanged[2] == err, "the quick up-to-date answer names it too"
    record = json.loads((project / ".presskit-cache" / "build-record.json").read_text())
    assert not any("the-starter" in path for path in record["editions"])


def test_one_edition_or_one_language_leaves_the_others(tmp_path):
    """They are still what this kit makes."""
    project = write_project(tmp_path, KIT, FRENCH)
    build(project, formats=["pdf", "email"])
    everything = digests(project / "dist")
    assert build(project, formats=["pdf"], force=True).removed == []
    assert build(project, formats=["email"], langs=["fr"], force=True).removed == []
    assert sorted(digests(project / "dist")) == sorted(everything)
    retitle(project, "My Film")
    result = build(project, formats=["email"], langs=["fr"])
    assert sorted(p.name for p in result.removed) == [
        "the-starter-email.fr.txt",
        "the-starter-press-kit.fr.pdf",
    ]
    assert names(project / "dist") == [
        "my-film-email.fr.txt",
        "the-starter-email.txt",
        "the-starter-press-kit.pdf",
    ]


def test_an_output_someone_changed_is_theirs(tmp_path):
    project = write_project(tmp_path, KIT.replace("translations: [fr]\n", ""))
    build(project, formats=["email"])
    mine = project / "dist" / "the-starter-email.txt"
    mine.write_text("my own edit of the e-mail")
    retitle(project, "My Film")
    result = build(project, formats=["email"])
    assert (result.removed, result.foreign) == ([], [mine])
    assert mine.read_text() == "my own edit of the e-mail"


def test_a_failed_build_removes_nothing(tmp_path, monkeypatch):
    """The removals are in the build's journal: before it is written, nothing is gone."""
    project = write_project(tmp_path, KIT, FRENCH)
    build(project, formats=["email"])
    before = digests(project / "dist")
    retitle(project, "My Film")

    def refused(*args: object) -> None:
        raise OSError(28, os.strerror(28))

    monkeypatch.setattr(presskit.output.files, "_write_journal", refused)
    with pytest.raises(OSError):
        build(project, formats=["email"])
    assert digests(project / "dist") == before
    assert [p for p in (project / "dist").iterdir() if p.name.startswith(".presskit-")] == []


def test_a_kill_after_the_journal_finishes_the_removals(tmp_path, monkeypatch):
    """The journal names the removals beside the moves: the next run carries out both."""
    project = write_project(tmp_path, KIT.replace("translations: [fr]\n", ""))
    build(project, formats=["email"])
    retitle(project, "My Film")
    def killed(folder: Path) -> None:
        if (folder / presskit.output.files.JOURNAL).exists():
            raise KeyboardInterrupt  # as a kill right after the journal is written

    monkeypatch.setattr(presskit.output.files, "_roll_forward", killed)
    with pytest.raises(KeyboardInterrupt):
        build(project, formats=["email"])
    journal = json.loads((project / "dist" / ".presskit-journal").read_text())
    assert [name for _, name in journal["removals"]] == ["the-starter-email.txt"]
    assert "the-starter-email.txt" in names(project / "dist"), "killed before the renames"
    monkeypatch.undo()
    with presskit.output.files.locked(project / "dist"):
        pass
    assert names(project / "dist") == ["my-film-email.txt"]


def test_many_files_presskit_did_not_make_are_counted_in_one_line(tmp_path):
    project = write_project(tmp_path, "title: Mine\nlogline: L\nsynopsis:\n  short: S\n")
    (project / "dist").mkdir()
    for i in range(5):
        (project / "dist" / f"page-{i}.png").write_bytes(b"mine")
    result = CliRunner().invoke(main, ["build", str(project), "--format", "email"])
    assert result.exit_code == 0
    assert result.stderr == (
        f"note: {project}/dist holds 5 files presskit did not make (page-0.png, "
        "page-1.png, page-2.png…):"
        " left as they are\n"
    )
    assert sorted(p.name for p in (project / "dist").iterdir()) == [
        "mine-email.txt",
        *(f"page-{i}.png" for i in range(5)),
    ]
