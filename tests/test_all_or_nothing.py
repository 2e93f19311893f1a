"""A build replaces the previous outputs all at once or not at all: whatever stops it (a kill at
any moment, a full or read-only disk, a folder where a file goes), `dist/` ends up holding the
whole old set or the whole new one, and no leftover of the build survives the next one."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import AsBuilt, digests, jpeg
from presskit.cli import main

KIT = """\
title: Good
logline: {logline}
synopsis: {{short: S}}
key_art: images/key.jpg
stills:
  - {{file: images/still.jpg, caption: C, credit: P, alt: A}}
"""
OLD, NEW = "The logline of the last build.", "A new logline, in every edition."
FORMATS = ["--format", "epub", "--format", "email", "--format", "site"]
"""Two files and a folder: the e-mail text, the EPUB and the web edition each print the logline."""
ELSEWHERE = "or choose another folder with --out"
NOT_A_FOLDER = f"a file stands where presskit needs a folder: move it away, {ELSEWHERE}"
FULL = "the disk is full: free some space, then build again"
READ_ONLY = f"presskit may not write here: check its permissions, {ELSEWHERE}"

HOOKED = """
import dataclasses, os, signal, sys, time
from pathlib import Path
from presskit.editions.registry import BY_NAME
from presskit.cli import main

hook, number, folder, marker = sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
root, replace, renames = os.getpid(), os.replace, []


def replace_and_count(source, target):
    '''A rename into the output folder (or its hidden stages), in the build's own process:
    `kill` kills it right after the `number`th (before the first for 0); `pause` waits before
    the first until the marker is removed.'''
    if os.getpid() != root or not os.path.abspath(target).startswith(folder + os.sep):
        return replace(source, target)
    if hook == "kill" and number == 0:
        os.kill(root, signal.SIGKILL)
    if hook == "pause" and not renames:
        marker.touch()
        while marker.exists():
            time.sleep(0.02)
    replace(source, target)
    renames.append(target)
    if hook == "kill" and len(renames) == number:
        os.kill(root, signal.SIGKILL)


def stage_then_sleep(job, stage, shared, make=BY_NAME["email"].make):
    '''The e-mail text, staged by a forked process that then stays at work for a minute.'''
    output = make(job, stage, shared)
    if os.getpid() != root:
        marker.touch()
        time.sleep(60)
    return output


os.replace = replace_and_count
if hook == "sleep":
    BY_NAME["email"] = dataclasses.replace(BY_NAME["email"], make=stage_then_sleep)
main(sys.argv[5:], prog_name="presskit")
"""


EPOCH = "1716249600"


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> AsBuilt:
    """The project built with the OLD logline, once for every test here."""
    project = tmp_path_factory.mktemp("good") / "project"
    (project / "kit" / "images").mkdir(parents=True)
    (project / "kit" / "images" / "key.jpg").write_bytes(jpeg((600, 900)))
    (project / "kit" / "images" / "still.jpg").write_bytes(jpeg((900, 600), "gray"))
    write_kit(project, OLD)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        build = CliRunner().invoke(main, ["build", str(project), "--quiet", *FORMATS])
    assert build.exit_code == 0
    return AsBuilt.of(project)


@pytest.fixture
def project(built_once: AsBuilt, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project built once with the OLD logline, then changed to the NEW one: the next build
    replaces every output. Run from inside it, so that messages name `dist/…`."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = built_once.restored()
    write_kit(project, NEW)
    monkeypatch.chdir(project)
    return project


def write_kit(project: Path, logline: str) -> None:
    (project / "kit" / "presskit.yaml").write_text(KIT.format(logline=logline), encoding="utf-8")


def outputs(folder: Path) -> dict[str, str]:
    """The digest of every output file in `folder` (those in the web edition's folder too)."""
    return {name: digest for name, digest in digests(folder).items() if not name.startswith(".")}


def hidden(folder: Path) -> list[str]:
    """What presskit leaves in an output folder besides the outputs: stages, journals."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def presskit(*arguments: str, hook: str = "none", number: int = 0, marker: Path = Path("-")):
    """`presskit build` in a process of its own (and its own process group), with a hook."""
    dist = Path("dist").absolute()
    hooked = [sys.executable, "-c", HOOKED, hook, str(number), str(dist), str(marker)]
    return subprocess.Popen(
        [*hooked, "build", ".", *arguments],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def next_run_with_a_kit_problem(project: Path) -> None:
    """The next presskit run, one that stops at a kit problem: all it does to dist/ is finish
    or undo what the killed build left."""
    kit = project / "kit" / "presskit.yaml"
    text = kit.read_text(encoding="utf-8")
    kit.write_text(text + "titel: typo\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--quiet", *FORMATS])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "presskit: 1 problem; nothing was written."
    kit.write_text(text, encoding="utf-8")


def test_a_kill_at_any_rename_leaves_the_old_set_or_the_new_one(project: Path, tmp_path: Path):
    """The build is killed after 0, 1, 2… of its renames into dist/ (the journal's and the
    outputs'), until one run makes them all: after each kill, the next run leaves exactly the
    whole old set or the whole new one, and no leftover."""
    old = outputs(project / "dist")
    shutil.copytree(project, tmp_path / "before", symlinks=True)
    run = presskit("--quiet", *FORMATS)
    assert run.wait(60) == 0, run.stderr.read()
    new = outputs(project / "dist")
    changed = ("good-email.txt", "good-press-kit.epub", "good-site/index.html")
    assert set(new) == set(old) and all(new[name] != old[name] for name in changed)
    seen = []
    for number in range(20):
        shutil.rmtree(project / "dist")
        shutil.copytree(tmp_path / "before" / "dist", project / "dist")  # their times too
        record = Path(".presskit-cache", "build-record.json")
        shutil.copy2(tmp_path / "before" / record, project / record)  # as the last build left it
        run = presskit("--quiet", *FORMATS, hook="kill", number=number)
        if run.wait(60) == 0:
            break
        assert run.returncode == -signal.SIGKILL, run.stderr.read()
        next_run_with_a_kit_problem(project)
        after = outputs(project / "dist")
        seen.append("old" if after == old else "new" if after == new else "mixed")
        assert hidden(project / "dist") == []
    assert seen == ["old"] + ["new"] * 5, "before the journal, after it, after each of 4 renames"
    assert outputs(project / "dist") == new and hidden(project / "dist") == []


@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGTERM])
def test_processes_die_with_the_build_and_the_next_one_removes_what_they_staged(
    project: Path, tmp_path: Path, kill: int,
):
    old = outputs(project / "dist")
    marker = tmp_path / "staged"
    run = presskit("--quiet", "-j", "3", *FORMATS, hook="sleep", marker=marker)
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert marker.exists(), "a forked process staged the e-mail text and went on working"
    run.send_signal(kill)
    assert run.wait(10) == -kill
    deadline = time.monotonic() + 5
    while running(run.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not running(run.pid), "no process of the build is left"
    staged = hidden(project / "dist")
    assert staged and all(name.startswith(".presskit-stage-") for name in staged)
    assert outputs(project / "dist") == old
    next_run_with_a_kit_problem(project)
    assert hidden(project / "dist") == [] and outputs(project / "dist") == old


def running(group: int) -> bool:
    """Whether a process of the process group `group` is still running (a zombie is not)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _, process_group = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except OSError:
            continue  # it ended meanwhile
        if state != "Z" and int(process_group) == group:
            return True
    return False


def test_a_second_build_waits_for_the_first_and_never_removes_what_it_staged(project, tmp_path):
    marker = tmp_path / "paused"
    first = presskit(*FORMATS, hook="pause", marker=marker)
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert marker.exists(), "the first build staged everything and holds before its first rename"
    second = presskit(*FORMATS)
    waiting = "presskit: another build is writing to dist; waiting for it to end\n"
    assert second.stderr.readline() == waiting
    marker.unlink()
    assert first.wait(60) == 0, first.stderr.read()
    assert second.wait(60) == 0
    listed = second.stdout.read().splitlines()
    assert [line.endswith("(unchanged)") for line in listed] == [True, True, True]
    assert "A new logline" in (project / "dist" / "good-email.txt").read_text(encoding="utf-8")
    assert hidden(project / "dist") == []


def build(*arguments: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["build", "--quiet", *arguments])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr.splitlines()


def test_a_folder_where_an_output_goes_is_found_before_anything_is_replaced(project: Path):
    (project / "dist" / "good-email.txt").unlink()
    (project / "dist" / "good-email.txt" / "notes").mkdir(parents=True)
    (project / "dist" / "good-email.txt" / "notes" / "mine.txt").write_text("the publicist's")
    before = outputs(project / "dist")
    line = "dist/good-email.txt: a folder stands where presskit writes a file: move it away"
    assert build(*FORMATS) == (1, [line])
    assert outputs(project / "dist") == before and hidden(project / "dist") == []


def test_a_file_where_the_web_edition_goes(project: Path):
    shutil.rmtree(project / "dist" / "good-site")
    (project / "dist" / "good-site").write_text("a file")
    before = outputs(project / "dist")
    line = f"dist/good-site: {NOT_A_FOLDER}"
    assert build(*FORMATS) == (1, [line])
    assert outputs(project / "dist") == before and hidden(project / "dist") == []


def test_dist_is_a_file(project: Path):
    shutil.rmtree(project / "dist")
    (project / "dist").write_text("a file")
    assert build(*FORMATS) == (1, [f"dist: {NOT_A_FOLDER}"])
    assert (project / "dist").read_text() == "a file"


def test_a_full_disk(project: Path, monkeypatch: pytest.MonkeyPatch):
    before = outputs(project / "dist")
    refuse_writes(project / "dist", monkeypatch, errno.ENOSPC)
    line = f"dist/good-press-kit.epub: {FULL}"
    assert build("--format", "epub", "--format", "email") == (1, [line])
    assert outputs(project / "dist") == before and hidden(project / "dist") == []


def test_a_read_only_dist(project: Path, monkeypatch: pytest.MonkeyPatch):
    before = outputs(project / "dist")
    make_read_only(project / "dist", monkeypatch)
    assert build(*FORMATS) == (1, [f"dist: {READ_ONLY}"])
    assert outputs(project / "dist") == before and hidden(project / "dist") == []


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_a_full_or_read_only_cache_is_not_blamed_on_the_pictures(project, monkeypatch, fault):
    before = outputs(project / "dist")
    cache = project / ".presskit-cache" / "images"
    shutil.rmtree(cache)
    cache.mkdir()
    if fault == "full":
        refuse_writes(cache, monkeypatch, errno.ENOSPC)
        expected = r"\.presskit-cache/images/\S+: " + re.escape(FULL)  # the first it writes
    else:
        make_read_only(cache, monkeypatch)
        cache_fix = (
            "presskit may not write here: check its permissions (or delete "
            ".presskit-cache: it is safe)"
        )
        expected = r"\.presskit-cache/images: " + re.escape(cache_fix)
    code, lines = build(*FORMATS)
    assert code == 1 and len(lines) == 1 and re.fullmatch(expected, lines[0]), lines
    assert outputs(project / "dist") == before and hidden(project / "dist") == []


def refuse_writes(folder: Path, monkeypatch: pytest.MonkeyPatch, number: int) -> None:
    """Every write to a file under `folder` fails as the system fails it (a full disk: ENOSPC),
    in this process and those it forks; other files are written as usual."""
    write, inside = os.write, str(folder.resolve()) + os.sep

    def refused(handle: int, data) -> int:
        if os.readlink(f"/proc/self/fd/{handle}").startswith(inside):
            raise OSError(number, os.strerror(number))
        return write(handle, data)

    monkeypatch.setattr(os, "write", refused)


def make_read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No file or folder can be made in `folder`: its permissions say so, and where they do not
    stop this process (root), creating one fails as it would (EACCES)."""
    folder.chmod(0o555)
    try:
        (folder / "probe").touch()
    except PermissionError:
        return
    (folder / "probe").unlink()
    mkdir, open_ = os.mkdir, os.open
    refused = OSError(errno.EACCES, os.strerror(errno.EACCES))

    def inside(path) -> bool:
        return Path(os.path.abspath(path)).parent == folder.absolute()

    def no_mkdir(path, *args, **kwargs):
        if inside(path):
            raise refused
        return mkdir(path, *args, **kwargs)

    def no_create(path, flags, *args, **kwargs):
        if inside(path) and flags & os.O_CREAT:
            raise refused
        return open_(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", no_mkdir)
    monkeypatch.setattr(os, "open", no_create)


def test_a_journal_that_presskit_did_not_write_is_removed_unread(project: Path):
    """An output folder can come with a project: a journal naming places outside moves nothing."""
    before = outputs(project / "dist")
    stage = project / "dist" / ".presskit-stage-planted"
    (stage / "new").mkdir(parents=True)
    (stage / "new" / "x").write_text("planted")
    (project.parent / "outside").write_text("outside")
    planted = ".presskit-stage-planted"
    moves = [[planted, "../../outside"], ["..", "project"], [planted, "x/../x"]]
    (project / "dist" / ".presskit-journal").write_text(json.dumps({"moves": moves}))
    next_run_with_a_kit_problem(project)
    assert (project.parent / "outside").read_text() == "outside"
    assert outputs(project / "dist") == before and hidden(project / "dist") == []
