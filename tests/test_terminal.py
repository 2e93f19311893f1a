"""Terminal safety: what a kit or a file name holds is shown to the user, never obeyed by the
terminal (no title set, no screen cleared, no text reordered)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import jpeg, write_project
from presskit.cli import main
from presskit.errors import Problem, display_path, terminal_safe

GOOD = "title: Good\nlogline: A good kit.\nsynopsis: {short: S}\n"
HOSTILE_STILL = GOOD + 'stills:\n  - {file: "images/\\e]0;HACKED\\a.jpg", caption: C, alt: A}\n'
"""A still whose name sets the terminal's title (OSC 0, ended by BEL), written as YAML escapes."""


@pytest.fixture
def here(tmp_path, monkeypatch):
    """Commands run from `tmp_path`, so that the paths they print are short and exact."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def assert_no_raw_controls(*streams: str) -> None:
    for stream in streams:
        assert not {"\x1b", "\x07", "\u202e"} & set(stream), repr(stream)


def test_a_file_name_with_an_escape_sequence_is_printed_escaped(here):
    still = {"kit/images/\x1b]0;HACKED\x07.jpg": jpeg((900, 600))}
    write_project(here / "project", HOSTILE_STILL, still)
    result = CliRunner().invoke(main, ["check", "project"])
    assert result.exit_code == 1
    assert_no_raw_controls(result.stdout, result.stderr)
    assert result.stderr.splitlines() == [
        "project/kit/presskit.yaml:5: stills[0].file: contains a control character (U+001B)"
        " that documents cannot hold: remove it",
        "presskit: 1 problem; nothing was written.",
    ]


def test_a_missing_file_named_with_an_escape_sequence_is_printed_escaped(here):
    write_project(here / "project", HOSTILE_STILL)
    result = CliRunner().invoke(main, ["check", "project"])
    assert result.exit_code == 1
    assert_no_raw_controls(result.stdout, result.stderr)
    missing = "project/kit/images/\\x1b]0;HACKED\\x07.jpg"
    assert f"project/kit/presskit.yaml:5: stills[0].file: file not found: {missing}" in (
        result.stderr.splitlines()
    )


def test_output_lines_escape_the_folder_name(here):
    write_project(here / "project", GOOD)
    folder = "out\x1b[2J\u202e"
    result = CliRunner().invoke(main, ["build", "project", "--format", "email", "--out", folder])
    assert result.exit_code == 0, result.output
    assert_no_raw_controls(result.stdout, result.stderr)
    assert result.stdout.splitlines() == ["out\\x1b[2J\\u202e/good-email.txt  71 bytes  7 lines"]


def test_ordinary_unicode_is_kept_and_every_control_is_escaped():
    ordinary = "Café 氷の海 👩\u200d👧 שלום "
    controls = "\x00\x07\t\n\x1b\x7f\x85\x9b\u202a\u202e\u2066\u2069\udc9b"
    escaped = r"\x00\x07\x09\x0a\x1b\x7f\x85\x9b\u202a\u202e\u2066\u2069\udc9b"
    assert terminal_safe(ordinary + controls) == ordinary + escaped


def test_a_problem_and_a_path_are_one_safe_line():
    problem = Problem("kit/\u202eevil.yaml", 3, "title", "a\x1b[31mred\x07 title\r\nover two lines")
    assert str(problem) == "kit/\\u202eevil.yaml:3: title: a\\x1b[31mred\\x07 title over two lines"
    assert display_path(Path("/nowhere/\x9bname\udcff")) == r"/nowhere/\x9bname\udcff"
