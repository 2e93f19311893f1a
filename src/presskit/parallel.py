"""Editions built side by side, in forked processes.

A forked child starts with everything the build has made so far (the loaded
kit, a laid-out document, pictures in memory), so nothing is sent to it and
nothing is computed twice. It writes its outputs to a stage of its own and
sends back only the outputs' descriptions and which files it staged; the parent
adds those to its stage, so every edition still replaces the previous one only
when the whole build succeeded. Pictures a child prepares reach the parent
through the shared image cache on disk. A child dies with its parent (a killed
build leaves no process behind, and the next build removes what it staged).

A branch can run at a lower priority than the parent's own work, when that is
the build's longest chain.

Where forking is not safe, branches run in the parent one after the other, with
the same results: on systems other than Linux (macOS forbids forking a process
that has loaded system frameworks), in a process that runs other threads (the
preview server), or when asked for one job.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

from .errors import KitError
from .output import Stage

T = TypeVar("T")
Work = Callable[[Stage], T]

PR_SET_PDEATHSIG = 1
"""Linux's prctl() option: the signal a process gets when its parent dies (linux/prctl.h)."""


def can_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


class Branch(Generic[T]):
    """Work running in a child process (or already done, when it ran in the parent)."""

    def __init__(self, work: Work[T], stage: Stage, fork: bool, nice: int = 0):
        self.stage = stage
        self.pid: int | None = None
        if not fork:
            self.outcome: tuple[bool, object] = (True, work(stage))
            return
        reader, writer = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: do the work, report, and leave without running the parent's exit handlers
            try:
                die_with(parent)
                os.close(reader)
                os.nice(nice)
                child_stage = Stage()
                try:
                    outcome: tuple[bool, object] = (True, work(child_stage))
                except BaseException as error:  # noqa: BLE001 - sent to the parent, which raises it
                    child_stage.discard()
                    outcome = (False, error)
                with os.fdopen(writer, "wb") as pipe:
                    pipe.write(_pickled(outcome, child_stage))
                sys.stderr.flush()
            finally:
                os._exit(0)
        os.close(writer)
        self.pid, self.reader = pid, reader

    @property
    def running(self) -> bool:
        """Whether the child is still at work (a child that finished is joined)."""
        if self.pid is not None and os.waitpid(self.pid, os.WNOHANG)[0]:
            self.join(waited=True)
        return self.pid is not None

    def join(self, waited: bool = False) -> tuple[bool, object]:
        """Wait for the child, once, and take over the files it staged."""
        if self.pid is not None:
            with os.fdopen(self.reader, "rb") as pipe:
                data = pipe.read()
            if not waited:
                os.waitpid(self.pid, 0)
            self.pid = None
            if not data:
                self.outcome = (False, RuntimeError("a build process ended without a result"))
            else:
                self.outcome, staged = pickle.loads(data)
                self.stage.staged += staged
        return self.outcome

    def result(self) -> T:
        succeeded, value = self.join()
        if not succeeded:
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]


class Branches:
    """At most `jobs` processes at once (the parent counts as one): work started while they are all
    busy is done here and now, rather than waited for. Every child is waited for on leaving, and
    kit problems found by several processes are reported together."""

    def __init__(self, stage: Stage, jobs: int):
        self.stage = stage
        self.jobs = jobs
        self.started: list[Branch] = []

    def start(self, work: Work[T], nice: int = 0) -> Branch[T]:
        """`work` in a new process if one may start now, else here and now; `nice` lowers its
        priority (as the `nice` command does)."""
        branch = Branch(work, self.stage, self.free(), nice)
        self.started.append(branch)
        return branch

    def free(self) -> bool:
        """Whether a process may be forked now."""
        return sum(branch.running for branch in self.started) < self.jobs - 1 and can_fork()

    def __enter__(self) -> Branches:
        return self

    def __exit__(self, kind, error, trace) -> None:
        failures = [value for succeeded, value in (branch.join() for branch in self.started) if not succeeded]
        if not failures or not isinstance(error, (KitError, type(None))):
            return
        bugs = [failure for failure in failures if not isinstance(failure, KitError)]
        if bugs and error is None:
            raise bugs[0]  # type: ignore[misc]
        problems = [problem for failure in (error, *failures) if isinstance(failure, KitError) for problem in failure.problems]
        if problems:
            raise KitError(problems) from None


def die_with(parent: int) -> None:
    """Have this forked process killed when `parent` dies: a child left running would go on
    writing to the output folder, and hold its lock, after the build was stopped."""
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before this process asked
        os._exit(1)


def _pickled(outcome: tuple[bool, object], stage: Stage) -> bytes:
    """The outcome for the parent; an exception that cannot be pickled is sent as its traceback."""
    try:
        return pickle.dumps((outcome, stage.staged))
    except Exception:  # noqa: BLE001
        error = outcome[1]
        text = "".join(traceback.format_exception(error)) if isinstance(error, BaseException) else repr(error)
        return pickle.dumps(((False, RuntimeError(f"in a build process:\n{text}")), stage.staged))
