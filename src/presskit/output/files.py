"""The only module that writes files: outputs are replaced all at once, or not at all.

A build stages every output in a hidden folder of its own inside the output folder
(`dist/.presskit-stage-…/`). Once all are staged, it checks that every target can take
its output (no folder where a file goes), then writes a journal naming them
(`dist/.presskit-journal`, written aside and renamed: that rename is the moment the
build commits), then renames each output into place and removes the journal.

One build writes to an output folder at a time: it holds a lock on the folder
(`flock`, which the system lets go of when the build ends, however it ends). Whoever
takes the lock first finishes what an interrupted build left: a journal is carried
out to the end (the whole new set), a stage without one is removed (the whole old set
stays). So after a kill at any moment, the next presskit run leaves `dist/` holding
the old outputs or the new ones, never some of each, before it does anything else.

A single file (a cache entry, the build record) is written under a temporary name
beside it and renamed over it, as Lektor and click's atomic files do.
"""

from __future__ import annotations

import errno
import fcntl
import io
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from presskit.errors import storage_error

STAGE = ".presskit-stage-"
JOURNAL = ".presskit-journal"
TREE = secrets.token_hex(4)
"""Names this process's stages (and those of the processes it forks, which share it): a process
taking the lock removes the stages of dead builds, never the ones its own children made."""

_held: dict[tuple[int, int], int] = {}
"""The folders (device, inode) whose lock this process holds, or the parent that forked it."""


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def write_atomic(path: Path, data: bytes) -> None:
    """One file, replaced at once: written under a temporary name beside it, then renamed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(".part", f".{path.name}.", path.parent)
    except OSError as error:
        raise _storage(path.parent, error) from None
    try:
        with _written(handle, path) as file:
            file.write(data)
        _replace(Path(temporary), path)
    finally:
        Path(temporary).unlink(missing_ok=True)


@contextmanager
def _written(handle: int, target: Path) -> Iterator[BinaryIO]:
    """A file to write `target`'s content into, on the disk when the block ends."""
    with _Output(handle, target) as raw, io.BufferedWriter(raw) as file:
        yield file
        file.flush()
        raw.sync()


class _Output(io.FileIO):
    """A file being written for `target`: a write the disk refuses (full, over quota) is reported
    as a problem with `target`, and writes go through `os.write`, where a test can refuse them."""

    def __init__(self, handle: int, target: Path):
        super().__init__(handle, "wb")
        self.target = target

    def write(self, data) -> int:
        try:
            return os.write(self.fileno(), data)
        except OSError as error:
            raise _storage(self.target, error) from None

    def sync(self) -> None:
        """On the disk before it is renamed into place: a crash cannot leave an empty output."""
        try:
            os.fchmod(self.fileno(), 0o644)
            os.fsync(self.fileno())
        except OSError as error:
            raise _storage(self.target, error) from None


class Stage:
    """Outputs written in hidden stage folders, waiting to be renamed into place together."""

    def __init__(self, locks: ExitStack | None = None):
        """With `locks`, the stage takes the lock of each folder it writes to (and holds it until
        `locks` closes); without, it is a forked process's, which its parent commits."""
        self.locks = locks
        self.staged: list[tuple[Path, Path]] = []
        """(staged, target): each output and where it goes."""
        self.removed: list[Path] = []
        """Outputs of earlier builds that this one no longer makes, removed when it commits."""
        self.places: dict[Path, Path] = {}
        """The hidden folder this process stages in, by output folder."""

    @contextmanager
    def open(self, path: Path) -> Iterator[BinaryIO]:
        """A file to write `path`'s content into; it takes `path`'s place when the stage commits."""
        staged = self._place(path)
        try:
            handle = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except OSError as error:
            raise _storage(path, error) from None
        with _written(handle, path) as file:
            yield file
        self.staged.append((staged, path))

    def write(self, path: Path, data: bytes) -> None:
        with self.open(path) as file:
            file.write(data)

    def remove(self, path: Path) -> None:
        """Remove `path` (a file or a folder) when the stage commits, in the same journal as the
        new outputs: a build that fails leaves it where it was."""
        self._place(path)
        self.removed.append(path)

    def staged_file(self, target: Path) -> Path | None:
        """Where `target`'s new content waits, if this build staged it."""
        return next((staged for staged, placed in self.staged if placed == target), None)

    def folder(self, path: Path) -> Path:
        """An empty folder to fill with `path`'s content; it replaces `path` as a whole when the
        stage commits, so no file of an earlier version is left behind in it."""
        staged = self._place(path)
        try:
            staged.mkdir()
            staged.chmod(0o755)  # whatever the umask: a web server reads it
        except OSError as error:
            raise _storage(path, error) from None
        self.staged.append((staged, path))
        return staged

    def _place(self, path: Path) -> Path:
        """Where `path`'s new content is staged: in this process's hidden folder beside it."""
        folder = path.parent
        if folder not in self.places:
            if self.locks is not None:
                self.locks.enter_context(locked(folder))
            try:
                folder.mkdir(parents=True, exist_ok=True)
                place = Path(tempfile.mkdtemp(dir=folder, prefix=f"{STAGE}{TREE}-"))
                (place / "new").mkdir()
            except OSError as error:
                raise _storage(folder, error) from None
            self.places[folder] = place
        return self.places[folder] / "new" / path.name

    def commit(self) -> None:
        """Replace every target, folder by folder: each folder's outputs all at once."""
        folders: dict[Path, list[tuple[Path, Path]]] = {path.parent: [] for path in self.removed}
        for staged, target in self.staged:
            folders.setdefault(target.parent, []).append((staged, target))
        for folder, outputs in folders.items():
            if self.locks is not None:
                self.locks.enter_context(locked(folder))
            for staged, target in outputs:
                _check_target(target, staged.is_dir())
            _sync_staged(folder, outputs)
            moves = [(staged.parent.parent.name, target.name) for staged, target in outputs]
            removals = [
                (self.places[folder].name, path.name)
                for path in self.removed
                if path.parent == folder
            ]
            _write_journal(folder, moves, removals)
            self.staged = [entry for entry in self.staged if entry not in outputs]  # the journal's
            self.removed = [path for path in self.removed if path.parent != folder]
            self.places.pop(folder, None)
            _roll_forward(folder)

    def discard(self) -> None:
        """Remove what was staged and not committed: its targets stay as they were."""
        for place in {*self.places.values(), *(staged.parent.parent for staged, _ in self.staged)}:
            _remove(place)
        self.places, self.staged, self.removed = {}, [], []


@contextmanager
def staging() -> Iterator[Stage]:
    """Everything written in the block replaces its target at the end, or nothing does."""
    with ExitStack() as locks:
        stage = Stage(locks)
        try:
            yield stage
            stage.commit()
        finally:
            stage.discard()


@contextmanager
def locked(folder: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """The right to write to `folder`, one build at a time (created if need be, and removed again
    if it is still empty at the end). First, what an interrupted build left there is finished
    or removed. `waiting` is called if another build holds the folder, before waiting for it."""
    while True:
        created = _make_folder(folder)
        try:
            handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as error:
            raise _storage(folder, error) from None
        identity = _identity(os.fstat(handle))
        if identity in _held:  # this build took it already (or the process that forked this one)
            os.close(handle)
            yield
            return
        try:
            _lock(handle, waiting)
        except BaseException:
            os.close(handle)
            raise
        if _same(folder, identity):
            break
        os.close(handle)  # the build before this one removed the folder it had made: make it again
    _held[identity] = handle
    try:
        _roll_forward(folder)
        _remove_dead_stages(folder)
        yield
    finally:
        if created:
            with _ignored():
                os.rmdir(folder)  # only if nothing is in it
        del _held[identity]
        os.close(handle)


def linked_copy(source: Path, target: Path) -> bool:
    """`source` at `target` too (a file being staged): a hard link where both are on one file
    system, which costs no second copy of the bytes, else a copy. Whether it is a link."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _storage(target.parent, error) from None
    try:
        os.link(source, target)
        return True
    except OSError:
        pass  # another file system, or one without hard links: a copy
    try:
        shutil.copyfile(source, target)
    except OSError as error:
        raise _storage(target, error) from None
    return False


def zip_date(moment: datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry's date: zip cannot say anything before 1980 (SOURCE_DATE_EPOCH=0 is common)."""
    return max(moment.replace(tzinfo=None), datetime(1980, 1, 1)).timetuple()[:6]


def _make_folder(folder: Path) -> bool:
    """Make `folder` if it is missing; whether it was."""
    try:
        folder.mkdir(parents=True)
        return True
    except FileExistsError:
        if folder.is_dir():
            return False
        raise _storage(folder, _error(errno.ENOTDIR)) from None
    except OSError as error:
        raise _storage(folder, error) from None


def _lock(handle: int, waiting: Callable[[], None] | None) -> None:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if waiting:
            waiting()
        fcntl.flock(handle, fcntl.LOCK_EX)


def _identity(stat: os.stat_result) -> tuple[int, int]:
    return stat.st_dev, stat.st_ino


def _same(folder: Path, identity: tuple[int, int]) -> bool:
    try:
        return _identity(os.stat(folder)) == identity
    except FileNotFoundError:
        return False


def _check_target(target: Path, folder: bool) -> None:
    """Refuse, before anything is replaced, a target that cannot take its output."""
    if folder and os.path.lexists(target) and not _is_folder(target):
        raise _storage(target, _error(errno.ENOTDIR))
    if not folder and _is_folder(target):
        raise _storage(target, _error(errno.EISDIR))


def _sync_staged(folder: Path, outputs: list[tuple[Path, Path]]) -> None:
    """Every staged output on the disk before the journal names it, so that even a power cut
    cannot leave the journal pointing at files that were never written out (the files of a
    staged folder are written by others, who do not sync them). Synced side by side: the disk
    commits them together, several times faster than one after the other."""
    named = {}
    for staged, target in outputs:
        named[staged] = target
        for parent, folders, files in os.walk(staged):  # nothing, for a file
            named.update({Path(parent, name): target for name in [*folders, *files]})
        named[staged.parent] = named[staged.parent.parent] = folder
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(_sync, named, named.values()))
    _sync(folder)


def _write_journal(
    folder: Path, moves: list[tuple[str, str]], removals: list[tuple[str, str]] = ()
) -> None:
    """The commit: from the moment this rename is done, the new outputs replace the old ones, and
    the outputs this build no longer makes (`removals`: the stage that takes each away, its name)
    are gone, whatever happens next. Its temporary name is a stage's, removed with them if need
    be."""
    try:
        handle, temporary = tempfile.mkstemp(".journal", f"{STAGE}{TREE}-", folder)
    except OSError as error:
        raise _storage(folder, error) from None
    try:
        with _written(handle, folder) as file:
            file.write(json.dumps({"moves": moves, "removals": list(removals)}).encode("utf-8"))
        _replace(Path(temporary), folder / JOURNAL)
        _sync(folder)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _roll_forward(folder: Path) -> None:
    """Carry out the journal in `folder`, if there is one: move each output it removes into its
    stage, and each staged output still in its stage into place (what was moved already is
    skipped, so this may run again after a kill), then remove the journal and the stages it
    names."""
    journal = _journal(folder)
    if journal is None:
        return
    moves, removals = journal
    for place, name in removals:
        if os.path.lexists(folder / name):
            (folder / place / "old").mkdir(exist_ok=True)
            _replace(folder / name, folder / place / "old" / name)
    for place, name in moves:
        new, target = folder / place / "new" / name, folder / name
        if not os.path.lexists(new):
            continue
        if _is_folder(new) and _is_folder(target):
            (folder / place / "old").mkdir(exist_ok=True)
            _replace(target, folder / place / "old" / name)  # a folder cannot replace a folder
        _replace(new, target)
    _sync(folder)
    (folder / JOURNAL).unlink()
    for place in {place for place, _ in [*moves, *removals]}:
        _remove(folder / place)


Journal = tuple[list[tuple[str, str]], list[tuple[str, str]]]
"""The moves a journal names, (stage, name), and the removals, (stage, name)."""


def _journal(folder: Path) -> Journal | None:
    """The moves and removals the journal in `folder` names; none when there is no journal, or it
    is not one presskit wrote (an output folder can come with a project): then it is removed
    unread."""
    try:
        text = (folder / JOURNAL).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _storage(folder / JOURNAL, error) from None
    try:
        found = json.loads(text)
        moves = [tuple(move) for move in found["moves"]]
        removals = [tuple(removal) for removal in found.get("removals", [])]
    except (ValueError, TypeError, KeyError, AttributeError):
        moves, removals = [], []
    plain = all(
        len(move) == 2 and all(isinstance(part, str) and _name(part) for part in move)
        and move[0].startswith(STAGE) and _is_folder(folder / move[0])
        and not move[1].startswith(STAGE) and move[1] != JOURNAL
        for move in [*moves, *removals]
    )
    if (moves or removals) and plain:
        return moves, removals  # type: ignore[return-value]
    _remove(folder / JOURNAL)
    return None


def _name(text: str) -> bool:
    """Whether `text` names a file in a folder, and nothing beyond it."""
    return text == Path(text).name and text not in ("", ".", "..")


def _remove_dead_stages(folder: Path) -> None:
    """Stages of builds that ended without committing: the lock is this build's, so no other
    build is writing, and this process's own children's stages carry its name."""
    for entry in os.scandir(folder):
        if entry.name.startswith(STAGE) and not entry.name.startswith(f"{STAGE}{TREE}-"):
            _remove(Path(entry.path))


def _replace(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except OSError as error:
        raise _storage(target, error) from None


def _sync(path: Path, named: Path | None = None) -> None:
    """A file's content, or a folder's names, on the disk: the journal only after what it names,
    the moves before the journal is removed. A failure names `named`, or `path`."""
    try:
        handle = os.open(path, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
    except OSError as error:
        raise _storage(named or path, error) from None


def _storage(path: Path, error: OSError) -> Exception:
    """`errors.storage_error` naming what the user can act on: the output, or the file that stands
    where a folder should be; never presskit's own temporary names."""
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        path = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), path)
    return storage_error(path, OSError(error.errno, error.strerror))


def _error(number: int) -> OSError:
    """The error the system would give, found before asking it."""
    return OSError(number, os.strerror(number))


def _is_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


@contextmanager
def _ignored() -> Iterator[None]:
    try:
        yield
    except OSError:
        pass


def _remove(path: Path) -> None:
    if _is_folder(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with _ignored():
            path.unlink(missing_ok=True)
