"""The command line: exit codes, one-line errors, and outputs that survive a failed build."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import digests, write_project
from presskit import __version__
from presskit.cli import main
from presskit.errors import StorageError


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr



def test_version():
    assert run("--version") == (0, f"presskit, version {__version__}\n", "")


COMMANDS = {
    "build": "Make every edition of the kit into dist/.",
    "check": "Say what a press office would still want fixed.",
    "edit": "Edit the kit in your browser, with the press kit beside it.",
    "init": "Start a new kit for your film.",
    "schema": "Print the JSON Schema of presskit.yaml.",
    "serve": "Show the web page, rebuilt as you save.",
}


def test_every_command_has_a_whole_summary_plain_option_types_and_an_example():
    code, out, _ = run("--help")
    listed = out.split("Commands:\n", 1)[1].splitlines()
    assert code == 0 and [line.split(None, 1) for line in listed] == [
        [name, summary] for name, summary in COMMANDS.items()
    ]
    for command in COMMANDS:
        code, out, _ = run(command, "--help")
        assert code == 0 and "\n  Example" in out, command
        example = out.split("\n  Example", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
        assert example and all(line.startswith("    presskit ") for line in example), (
            command,
            example,
        )
        assert not any(
            jargon in out for jargon in ("TEXT", "FLOAT", "INTEGER", "RANGE", "DIRECTORY", "x>=")
        ), command
    build_help = run("build", "--help")[1]
    assert "--format [pdf|print|epub|zip|email|site|ics]" in build_help
    assert all(
        option in build_help
        for option in ("--kit PATH", "--out FOLDER", "--email-max-mb MB", "--lang LANG", "--jobs N")
    )
    assert run("build", ".", "--jobs", "0")[2].endswith(
        "Invalid value for '--jobs' / '-j': 0 is out of bounds: it must be at least 1.\n"
    )


PLACEHOLDERS = 9
"""The example kit's placeholder addresses at example.org, which preflight names."""


def test_build_prints_one_line_per_output(example_project):
    code, out, err = run("build", str(example_project))
    assert code == 0 and err.splitlines()[-1] == f"presskit: {PLACEHOLDERS} warnings."
    assert all(
        "is a placeholder address (example.org is for examples)" in line
        for line in err.splitlines()[:-1]
    )
    lines = out.splitlines()
    names = [
        "anora-press-kit.pdf",
        "anora-press-kit-print.pdf",
        "anora-press-kit.epub",
        "anora-stills.zip",
        "anora-email.txt",
        "anora-site",
        "anora-screenings.ics",
    ]
    assert [line.split()[0] for line in lines] == [
        f"{example_project}/dist/{name}" for name in names
    ]
    pages = len(PdfReader(example_project / "dist" / names[0]).pages)
    assert pages == len(PdfReader(example_project / "dist" / names[1]).pages) > 10
    assert lines[0].endswith(f" {pages} pages") and " KB " in lines[0]
    assert lines[1].endswith(f" {pages} pages, 3 mm bleed") and " MB " in lines[1]
    with zipfile.ZipFile(example_project / "dist" / names[2]) as book:
        spine = book.read("EPUB/content.opf").count(b"<itemref ")
    assert lines[2].endswith(f" {spine} documents")
    assert lines[3].endswith(" 6 pictures and the PDF")
    site = example_project / "dist" / "anora-site"
    files = [p for p in site.rglob("*") if p.is_file()]
    assert lines[5].endswith(
        f" {len(files)} files, with 5 downloads (hard-linked: no second copy on disk)"
    )
    assert lines[6].endswith(" 1 screening")
    for name in [
        *names[:4],
        names[6],
    ]:  # the downloads are the editions themselves, not second copies
        assert (site / "downloads" / name).stat().st_ino == (
            example_project / "dist" / name
        ).stat().st_ino
    assert sorted(p.name for p in (example_project / "dist").iterdir()) == sorted(names)


def test_bare_build_in_the_current_folder(example_project, monkeypatch):
    monkeypatch.chdir(example_project)
    code, out, err = run("build")
    assert code == 0 and err.splitlines()[-1] == f"presskit: {PLACEHOLDERS} warnings."
    assert out.splitlines()[1].startswith("dist/anora-press-kit-print.pdf ")


def test_format_and_quiet(example_project, tmp_path):
    code, out, err = run(
        "build", str(example_project), "--format", "pdf", "--out", str(tmp_path / "out"), "--quiet"
    )
    assert (code, out) == (0, "") and "note:" not in err
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["anora-press-kit.pdf"]


def test_kit_problems_exit_1_and_leave_outputs_alone(built_example_project):
    example_project = built_example_project
    assert run("build", str(example_project))[0] == 0
    before = digests(example_project / "dist")
    kit = example_project / "kit" / "presskit.yaml"
    text = (
        kit.read_text()
        .replace("runtime: 139", "runtme: 139")
        .replace("images/still-02.jpg", "images/missing.jpg")
    )
    kit.write_text(text)
    line = {
        word: n
        for n, content in enumerate(text.splitlines(), 1)
        for word in ("runtme", "missing.jpg")
        if word in content
    }
    code, out, err = run("build", str(example_project))
    assert code == 1 and out == ""
    shown = f"{example_project}/kit/presskit.yaml"
    assert err.splitlines() == [
        f"{shown}:{line['runtme']}: runtme: unknown key; did you mean `runtime`?",
        (
            f"{shown}:{line['missing.jpg']}: stills[1].file: file not found: "
            f"{example_project}/kit/images/missing.jpg"
        ),
        "presskit: 2 problems; nothing was written.",
    ]
    assert digests(example_project / "dist") == before


def test_missing_kit_is_a_kit_problem(tmp_path):
    code, _, err = run("build", str(tmp_path))
    assert code == 1
    assert err.splitlines()[0] == (
        f"{tmp_path}/kit/presskit.yaml: no such file: a kit is a folder with a presskit.yaml in it"
    )


def test_usage_problems_exit_2(tmp_path):
    assert run("build", str(tmp_path), "--format", "docx")[0] == 2
    assert run("build", str(tmp_path / "nowhere"))[0] == 2
    assert run("publish")[0] == 2


def test_no_traceback_without_debug(tmp_path):
    (tmp_path / "kit").mkdir()
    (tmp_path / "kit" / "presskit.yaml").write_text("title: [\n")
    plain = subprocess.run(
        [sys.executable, "-m", "presskit", "build", str(tmp_path)], capture_output=True, text=True
    )
    assert plain.returncode == 1
    assert "Traceback" not in plain.stderr and len(plain.stderr.splitlines()) == 2
    debug = subprocess.run(
        [sys.executable, "-m", "presskit", "build", str(tmp_path), "--debug"],
        capture_output=True,
        text=True,
    )
    assert "Traceback" in debug.stderr and "KitError" in debug.stderr


def test_problems_are_coloured_on_a_terminal_unless_no_color(tmp_path, monkeypatch):
    (tmp_path / "kit").mkdir()
    (tmp_path / "kit" / "presskit.yaml").write_text("title: T\n")
    coloured = CliRunner().invoke(main, ["build", str(tmp_path)], color=True)
    assert coloured.stderr.startswith("\x1b[31m") and "logline: required" in coloured.stderr
    monkeypatch.setenv("NO_COLOR", "1")
    plain = CliRunner().invoke(main, ["build", str(tmp_path)], color=True)
    assert "\x1b[" not in plain.stderr


def test_shell_completion_is_offered(monkeypatch):
    monkeypatch.setenv("_PRESSKIT_COMPLETE", "bash_source")
    result = CliRunner().invoke(main, [], prog_name="presskit")
    assert "_presskit_completion()" in result.stdout


def test_an_unchanged_project_is_not_built_again(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "kits" / "minimal", project)
    command = [
        sys.executable,
        "-c",
        (
            "import sys; from presskit.cli import main; main(sys.argv[1:], "
            "standalone_mode=False); print('weasyprint' in sys.modules)"
        ),
        "build",
        str(project),
        "--format",
        "pdf",
    ]
    first = subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()
    assert first[-1] == "True" and not first[0].endswith("(unchanged)")
    again = subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()
    assert again[-1] == "False", "an up-to-date build does not even import WeasyPrint"
    assert again[0].endswith(
        "the-frozen-sea-press-kit.pdf  " + first[0].split("  ", 1)[1] + "  (unchanged)"
    )
    kit = project / "kit" / "presskit.yaml"
    kit.write_text(kit.read_text().replace("longest winter", "coldest winter"))
    assert not run("build", str(project), "--format", "pdf")[1].endswith("(unchanged)\n")
    assert run("build", str(project), "--format", "pdf")[1].endswith("(unchanged)\n")
    assert not run("build", str(project), "--format", "pdf", "--force")[1].endswith("(unchanged)\n")
    assert not run("build", str(project), "--format", "epub")[1].endswith("(unchanged)\n"), (
        "other options, another build"
    )
    (project / "dist" / "the-frozen-sea-press-kit.epub").unlink()
    assert not run("build", str(project), "--format", "epub")[1].endswith("(unchanged)\n"), (
        "a missing output is made again"
    )


def test_a_place_presskit_cannot_write_to_is_one_line_and_exit_1(tmp_path, monkeypatch):
    write_project(tmp_path, "title: T\nlogline: L\nsynopsis: {short: S}\n", {"notes.txt": "mine"})
    monkeypatch.chdir(tmp_path)
    code, out, err = run("build", "--out", "notes.txt/press", "--format", "email")
    assert (code, out) == (1, "")
    fix = "move it away, or choose another folder with --out"
    assert err == f"notes.txt: a file stands where presskit needs a folder: {fix}\n"
    assert (tmp_path / "notes.txt").read_text() == "mine"
    with pytest.raises(StorageError):
        arguments = ["build", "--out", "notes.txt/press", "--debug"]
        CliRunner().invoke(main, arguments, catch_exceptions=False)
