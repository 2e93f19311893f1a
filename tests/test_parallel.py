"""Editions built side by side in forked processes give what a build in one process gives."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, digests
from presskit.build import build
from presskit.errors import KitError, Problem, Stopped
from presskit.output.files import staging
from presskit.parallel import Branches


def problem(message: str) -> Problem:
    return Problem("kit/presskit.yaml", 3, "stills", message)


def test_work_runs_in_another_process_only_when_a_core_is_free(tmp_path):
    with staging() as stage, Branches(stage, jobs=2) as branches:
        first = branches.start(lambda stage: os.getpid())
        second = branches.start(lambda stage: os.getpid())  # the one free core is taken: done here
        assert first.result() != os.getpid() and second.result() == os.getpid()
    with staging() as stage, Branches(stage, jobs=1) as branches:
        assert branches.start(lambda stage: os.getpid()).result() == os.getpid()


def test_files_a_child_staged_are_committed_with_the_parent(tmp_path):
    with staging() as stage, Branches(stage, jobs=2) as branches:
        branches.start(lambda stage: stage.write(tmp_path / "child.txt", b"from the child"))
        stage.write(tmp_path / "parent.txt", b"from the parent")
        assert not (tmp_path / "child.txt").exists()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {
        "child.txt": b"from the child",
        "parent.txt": b"from the parent",
    }


def test_problems_found_in_every_process_are_reported_together_and_nothing_is_written(tmp_path):
    def failing(stage):
        stage.write(tmp_path / "child.txt", b"half done")
        raise KitError([problem("found by the child")])

    with pytest.raises(KitError) as caught, staging() as stage, Branches(stage, jobs=2) as branches:
        branches.start(failing)
        stage.write(tmp_path / "parent.txt", b"half done")
        raise KitError([problem("found by the parent")])
    assert [p.message for p in caught.value.problems] == [
        "found by the child",
        "found by the parent",
    ]
    assert list(tmp_path.iterdir()) == []


def test_a_bug_in_a_child_comes_back_with_its_traceback(tmp_path):
    def buggy(stage):
        class Unpicklable(Exception):
            pass

        raise Unpicklable("a local class cannot be pickled")

    with pytest.raises(
        RuntimeError, match="(?s)in a build process:.*Unpicklable: a local class cannot be pickled"
    ):
        with staging() as stage, Branches(stage, jobs=2) as branches:
            branches.start(buggy)


def test_parallel_and_serial_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1716249600")
    shutil.copytree(ROOT / "kit", tmp_path / "project" / "kit")
    project = tmp_path / "project"
    parallel = build(project, out=tmp_path / "parallel", jobs=2)
    serial = build(project, out=tmp_path / "serial", jobs=1)
    assert [o.path.name for o in parallel.outputs] == [o.path.name for o in serial.outputs]
    assert [(o.size, o.summary) for o in parallel.outputs] == [
        (o.size, o.summary) for o in serial.outputs
    ]
    assert parallel.warnings == serial.warnings
    assert digests(tmp_path / "parallel") == digests(tmp_path / "serial")


def test_a_process_can_give_way_to_this_one(tmp_path):
    with staging() as stage, Branches(stage, jobs=2) as branches:
        assert branches.start(lambda stage: os.nice(0), nice=5).result() == os.nice(0) + 5


@pytest.mark.parametrize("jobs", [2, 1])
def test_a_waiting_branch_starts_before_its_value_exists_and_works_on_it_when_handed(
    tmp_path, jobs
):
    """Forked first (so it does not inherit what the parent makes next), it works on what it is
    handed; with one job it works here, when it is handed it."""
    with staging() as stage, Branches(stage, jobs=jobs) as branches:
        waiting = branches.waiting(
            lambda stage, value: (os.getpid(), stage.write(tmp_path / "w.txt", value) or value)
        )
        assert not (tmp_path / "w.txt").exists()
        made_after = b"made after the fork"
        waiting.give(made_after)
        pid, value = waiting.result()
    assert value == made_after and (tmp_path / "w.txt").read_bytes() == made_after
    assert (pid != os.getpid()) == (jobs == 2)


@pytest.mark.parametrize("jobs", [2, 1])
def test_a_waiting_branch_does_its_first_work_while_it_waits(tmp_path, jobs):
    """Forked, it does `first` before it is handed anything; with one job, `first` and the work
    are done here when it is handed its value."""
    marker = tmp_path / "first"
    with staging() as stage, Branches(stage, jobs=jobs) as branches:
        waiting = branches.waiting(
            lambda stage, value: marker.read_text() + value,
            first=lambda: marker.write_text("first, "),
        )
        deadline = time.monotonic() + 10
        while jobs == 2 and not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert marker.exists() == (jobs == 2)
        waiting.give("then the work")
        assert waiting.result() == "first, then the work"


def test_a_waiting_branch_never_handed_its_value_ends_without_work_when_the_parent_fails(tmp_path):
    with pytest.raises(KitError) as caught, staging() as stage, Branches(stage, jobs=2) as branches:
        child = branches.waiting(lambda stage, value: stage.write(tmp_path / "w.txt", value)).pid
        assert child and running(child)
        raise KitError([problem("the layout failed")])
    assert [p.message for p in caught.value.problems] == ["the layout failed"]
    assert not running(child) and list(tmp_path.iterdir()) == []


def test_a_child_dies_with_its_parent():
    """A build killed while a child works leaves no process behind to write to dist/ after it."""
    script = (
        "import os, signal, time\n"
        "from presskit.output.files import staging\n"
        "from presskit.parallel import Branches\n"
        "with staging() as stage, Branches(stage, jobs=2) as branches:\n"
        "    print(branches.start(lambda stage: time.sleep(60)).pid, flush=True)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert parent.wait(10) == -signal.SIGKILL
    deadline = time.monotonic() + 5
    while running(child) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not running(child)


def running(pid: int) -> bool:
    """Whether process `pid` is running (a zombie, waiting for whoever adopted it, is not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("size", [1, 1_000_000], ids=["small", "more-than-a-pipe-holds"])
def test_a_process_stopped_from_outside_is_reported_as_stopped_not_as_a_bug(size):
    """Killed (as the system kills a process when memory runs out) before it is handed its
    value: the parent's hand-over finds it gone, and the build stops with one line."""
    with pytest.raises(Stopped, match=r"^a build process was stopped \(SIGKILL\), perhaps by"):
        with staging() as stage, Branches(stage, jobs=2) as branches:
            waiting = branches.waiting(lambda stage, value: len(value))
            os.kill(waiting.pid, signal.SIGKILL)
            os.waitid(os.P_PID, waiting.pid, os.WEXITED | os.WNOWAIT)  # dead, not yet reaped
            waiting.give(b"x" * size)
            waiting.result()
