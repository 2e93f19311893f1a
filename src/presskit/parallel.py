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
the build's longest chain. A branch can also be started before what it works on exists, and be
handed it later (`Branches.waiting`): forked while the parent is still small, it does not
inherit the memory the parent's later work takes.

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

from presskit.errors import KitError, Stopped
from presskit.output.files import Stage

T = TypeVar("T")
Work = Callable[[Stage], T]
Given = TypeVar("Given")
WorkOn = Callable[[Stage, Given], T]

PR_SET_PDEATHSIG = 1
"""Linux's prctl() option: the signal a process gets when its parent dies (linux/prctl.h)."""


def can_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


class Branch(Generic[T]):
    """Work running in a child process (or already done, when it ran in the parent)."""

    def __init__(
        self, work: Work[T], stage: Stage, fork: bool, nice: int = 0, waits: bool = False,
        siblings: list[int] = (), first: Callable[[], object] | None = None,
    ):
        """`work` at once, or with `waits` once it is handed what it works on (`give`), after
        `first` (what needs no value: a child does it while it waits). `siblings` are the pipes
        waiting branches are handed their values through, which a child closes: a copy left
        open would keep such a branch waiting for the end of it."""
        self.stage = stage
        self.pid: int | None = None
        self.handing: int | None = None
        """The pipe a waiting child is handed its value through."""
        self.outcome: tuple[bool, object] = (
            False,
            RuntimeError("a build process was never given its work"),
        )
        self.first = first
        if not fork:
            self.pending = work if waits else None
            if not waits:
                self.outcome = (True, work(stage))
            return
        reader, writer = os.pipe()
        handed, self.handing = os.pipe() if waits else (None, None)
        parent = os.getpid()
        pid = os.fork()
        # The child: do the work, report, and leave without running the parent's exit handlers.
        if pid == 0:
            try:
                die_with(parent)
                for fd in (reader, *siblings):
                    os.close(fd)
                os.nice(nice)
                child_stage = Stage()
                try:
                    if waits:
                        os.close(self.handing)
                        if first:
                            first()
                        value = _handed(handed)
                    outcome: tuple[bool, object] = (
                        True,
                        work(child_stage, value) if waits else work(child_stage),
                    )
                except BaseException as error:  # noqa: BLE001 - sent to the parent, which raises it
                    child_stage.discard()
                    outcome = (False, error)
                with os.fdopen(writer, "wb") as pipe:
                    pipe.write(_pickled(outcome, child_stage))
                sys.stderr.flush()
            finally:
                os._exit(0)
        os.close(writer)
        if handed is not None:
            os.close(handed)
        self.pid, self.reader = pid, reader

    def give(self, value: object) -> None:
        """Hand a waiting branch what it works on: it starts now (here, where it was not forked)."""
        if self.pid is None:
            work, self.pending = self.pending, None
            if self.first:
                self.first()
            self.outcome = (True, work(self.stage, value))
            return
        handing, self.handing = self.handing, None
        try:
            with os.fdopen(handing, "wb") as pipe:
                pipe.write(pickle.dumps(value))
        except BrokenPipeError:
            pass  # the child is gone: join() says how it ended

    @property
    def running(self) -> bool:
        """Whether the child is still at work (a child that finished is joined)."""
        if self.pid is not None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.join(status)
        return self.pid is not None

    def join(self, status: int | None = None) -> tuple[bool, object]:
        """Wait for the child, once (`status`: it was waited for already), and take over the
        files it staged."""
        if self.handing is not None:  # never given its value: it ends without working
            os.close(self.handing)
            self.handing = None
        if self.pid is not None:
            with os.fdopen(self.reader, "rb") as pipe:
                data = pipe.read()
            if status is None:
                status = os.waitpid(self.pid, 0)[1]
            self.pid = None
            self.outcome, staged = _outcome(data, status)
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
        branch = Branch(work, self.stage, self.free(), nice, siblings=self.handing())
        self.started.append(branch)
        return branch

    def waiting(
        self, work: WorkOn[Given, T], first: Callable[[], object] | None = None
    ) -> Branch[T]:
        """`work` in a new process started now (if one may start), which does `first` and then
        waits until it is handed what it works on (`Branch.give`); else both here, when it is
        handed it."""
        branch = Branch(
            work, self.stage, self.free(), waits=True, siblings=self.handing(), first=first
        )
        self.started.append(branch)
        return branch

    def handing(self) -> list[int]:
        """The pipes to waiting branches not yet handed their values."""
        return [branch.handing for branch in self.started if branch.handing is not None]

    def free(self) -> bool:
        """Whether a process may be forked now."""
        return sum(branch.running for branch in self.started) < self.jobs - 1 and can_fork()

    def __enter__(self) -> Branches:
        return self

    def __exit__(self, kind, error, trace) -> None:
        failures = [
            value
            for succeeded, value in (branch.join() for branch in self.started)
            if not succeeded
        ]
        if not failures or not isinstance(error, (KitError, type(None))):
            return
        bugs = [failure for failure in failures if not isinstance(failure, KitError)]
        if bugs and error is None:
            raise bugs[0]  # type: ignore[misc]
        problems = [
            problem
            for failure in (error, *failures)
            if isinstance(failure, KitError)
            for problem in failure.problems
        ]
        if problems:
            raise KitError(problems) from None


def die_with(parent: int) -> None:
    """Have this forked process killed when `parent` dies: a child left running would go on
    writing to the output folder, and hold its lock, after the build was stopped."""
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before this process asked
        os._exit(1)


def _handed(pipe: int) -> object:
    """What a waiting child is handed; it leaves, without working, when the parent failed before
    it had it (the pipe closed empty)."""
    with os.fdopen(pipe, "rb") as reader:
        given = reader.read()
    if not given:
        os._exit(0)
    return pickle.loads(given)  # the pickled bytes are let go on return


def _outcome(data: bytes, status: int) -> tuple[tuple[bool, object], list]:
    """What a child sent (its outcome and the files it staged), or why it sent nothing."""
    if not data and os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        return (False, Stopped(f"a build process was stopped ({name}), perhaps by the system for"
                               " want of memory: build again (--jobs 1 needs less)")), []
    try:
        return pickle.loads(data)
    except Exception as error:  # noqa: BLE001 - nothing, or what cannot be read, is a bug
        why = f"{type(error).__name__}: {error}" if data else "nothing"
        return (False, RuntimeError(f"a build process ended with {why} for a result")), []


def _pickled(outcome: tuple[bool, object], stage: Stage) -> bytes:
    """The outcome for the parent; an exception that cannot be pickled is sent as its traceback."""
    try:
        return pickle.dumps((outcome, stage.staged))
    except Exception:  # noqa: BLE001
        error = outcome[1]
        text = (
            "".join(traceback.format_exception(error))
            if isinstance(error, BaseException)
            else repr(error)
        )
        return pickle.dumps(((False, RuntimeError(f"in a build process:\n{text}")), stage.staged))
