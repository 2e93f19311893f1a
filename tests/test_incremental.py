"""Incremental builds: an edition is rebuilt only when its own inputs changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

from click.testing import CliRunner

from conftest import KITS, ROOT
from presskit.build import build
from presskit.cli import main
from presskit.output.record import record_path, remember


def kept(result) -> dict[str, bool]:
    return {output.path.name: output.kept for output in result.outputs}


def times(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.is_file()}


def test_a_changed_text_rebuilds_the_editions_that_print_it_and_no_other(
    built_example_project, example_build
):
    first = example_build.result  # the build that left built_example_project as it is
    assert not any(kept(first).values())
    before = times(built_example_project / "dist")
    statement = built_example_project / "kit" / "statement.md"
    statement.write_text(
        statement.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8"
    )
    second = build(built_example_project)
    assert kept(second) == {
        "anora-press-kit.pdf": False,
        "anora-press-kit-print.pdf": False,
        "anora-press-kit.epub": False,
        "anora-stills.zip": False,
        "anora-email.txt": True,
        "anora-site": False,
        "anora-screenings.ics": True,
    }
    after = times(built_example_project / "dist")
    assert after["anora-email.txt"] == before["anora-email.txt"]
    assert after["anora-press-kit.pdf"] != before["anora-press-kit.pdf"]
    # Every output has its key recorded.
    assert second.outputs == [o for o in second.outputs if o.key]


def test_a_stylesheet_rebuilds_only_the_editions_it_styles(built_example_project):
    (built_example_project / "styles").mkdir()
    (built_example_project / "styles" / "epub.css").write_text(
        (ROOT / "styles" / "epub.css").read_text(encoding="utf-8")
        + "\nh2 { letter-spacing: 0.01em; }\n",
        encoding="utf-8",
    )
    result = kept(build(built_example_project))
    assert not result["anora-press-kit.epub"]
    assert all(
        result[name]
        for name in (
            "anora-press-kit.pdf",
            "anora-press-kit-print.pdf",
            "anora-stills.zip",
            "anora-email.txt",
        )
    )


def test_a_translation_rebuilds_only_its_own_language(tmp_path):
    project = shutil.copytree(KITS / "multilingual", tmp_path / "project")
    build(project)
    short = project / "kit" / "short.fr.md"
    short.write_text(
        short.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8"
    )
    result = kept(build(project))
    rebuilt = sorted(name for name, was_kept in result.items() if not was_kept)
    assert rebuilt and all(".fr." in name or name.endswith(".fr") for name in rebuilt)
    assert "the-frozen-sea-press-kit.fr.pdf" in rebuilt and "the-frozen-sea-email.fr.txt" in rebuilt
    assert all(was_kept for name, was_kept in result.items() if ".fr" not in name)


def test_a_new_email_budget_lays_out_the_email_edition_again_on_the_kept_print_layout(
    built_example_project, tmp_path
):
    result = build(built_example_project, email_max_mb=4)
    assert kept(result)["anora-press-kit-print.pdf"] and not kept(result)["anora-press-kit.pdf"]
    fresh = build(
        built_example_project, out=tmp_path / "fresh", email_max_mb=4, force=True,
        formats=["pdf", "zip"],  # the two compared
    )
    assert (built_example_project / "dist" / "anora-press-kit.pdf").read_bytes() == (
        fresh.outputs[0].path.read_bytes()
    )
    zipped = [o for o in result.outputs if o.path.name == "anora-stills.zip"][0]
    assert zipped.path.read_bytes() == (tmp_path / "fresh" / "anora-stills.zip").read_bytes()


def test_an_output_touched_since_the_last_build_is_made_again(built_example_project):
    email = built_example_project / "dist" / "anora-email.txt"
    email.write_text("edited by hand", encoding="utf-8")
    result = build(built_example_project, formats=["email"])
    assert kept(result) == {"anora-email.txt": False}
    assert email.read_text(encoding="utf-8").startswith("ANORA\n")


def test_force_rebuilds_everything(built_example_project):
    assert not any(kept(build(built_example_project, force=True)).values())


def test_a_projects_own_catalogue_is_an_input(tmp_path):
    """A changed locale/en.po makes the next build again (the quick check reads it too)."""
    project = shutil.copytree(KITS / "minimal", tmp_path / "project")
    command = ["build", str(project), "--format", "email"]
    assert CliRunner().invoke(main, command).exit_code == 0
    (project / "locale").mkdir()
    attached = 'msgid "The press kit is attached as %(file)s."\nmsgstr "Attached: %(file)s."\n'
    (project / "locale" / "en.po").write_text(attached, encoding="utf-8")
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0 and "(unchanged)" not in result.output
    email = (project / "dist" / "the-frozen-sea-email.txt").read_text(encoding="utf-8")
    assert email.endswith("Attached: the-frozen-sea-press-kit.pdf.\n")
    assert "(unchanged)" in CliRunner().invoke(main, command).output


def test_the_record_keeps_earlier_entries_as_read_or_as_handed_but_not_those_removed(tmp_path):
    """A build hands `remember` the record it read at its start; a caller that does not have
    it read, from the file, what earlier builds recorded."""
    kept_before, removed = str(tmp_path / "dist" / "kept.pdf"), tmp_path / "dist" / "gone.pdf"
    handed = {kept_before: {"path": kept_before}, str(removed): {"path": str(removed)}}
    remember(tmp_path, "first", [], [], [], recorded=handed)  # no record on disk to read yet
    assert json.loads(record_path(tmp_path).read_text())["editions"] == handed
    made = removed.with_name("email.txt")
    made.parent.mkdir()
    made.write_text("made", encoding="utf-8")
    output = SimpleNamespace(
        path=made, size=4, summary="1 page", key="k", warnings=[], placed=[], lang="en"
    )
    remember(tmp_path, "second", [output], [], [str(made)], removed=[removed])
    editions = json.loads(record_path(tmp_path).read_text())["editions"]
    assert sorted(editions) == sorted([kept_before, str(made)])
    assert editions[str(made)]["mtime_ns"] == made.stat().st_mtime_ns
