"""Golden files, as Pelican keeps them: what the test kits and the example render to, checked
in under tests/golden/<kit>/, so that a change to a template, a stylesheet or the pipeline shows
its exact effect on every edition as a diff, and a refactor that should change nothing proves it.

For each kit, built with a fixed SOURCE_DATE_EPOCH in a temporary copy, the golden folder holds
the outputs a reader can diff: the e-mail text, the calendar where the kit has screenings, the
web page (index.html), every text file of the EPUB (XHTML, OPF, NCX; unzipped) and of the stills
zip (captions), each PDF's text page by page (as pypdf reads it), and SHA256SUMS: the digest of
every file the build wrote, so that a change in any byte (a picture, a PDF) shows too. The HTML
WeasyPrint lays out is not among them: presskit does not give it out, only the PDFs.
SHA256SUMS and the PDFs' text also follow the versions of WeasyPrint, Pango and the picture
libraries: after upgrading them, refresh the files and read the diff.

After an intended change, refresh them with `make golden` (which runs this file:
`.venv/bin/python tests/test_golden.py`) and commit the diff with the change.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import KITS, ROOT, copied
from presskit.build import build

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_KITS = {
    "minimal": KITS / "minimal",
    "credits": KITS / "credits",
    "multilingual": KITS / "multilingual",
    "override": KITS / "override",
    "example": ROOT,
}
"""Every test kit and the example (kit/, Anora): the least a kit may say, the kit that reaches
the most templates (credits, interview, logos, laurels, QR codes, links), one in three languages,
one with its own templates and styles, and a whole film's press kit with its pictures; each
builds in two to six seconds. A change that should change nothing (a restructuring) proves it
on all of them."""
EPOCH = "1716249600"
TEXT_IN_ARCHIVES = (".xhtml", ".opf", ".ncx", ".txt", ".csv")
DIGESTS = "SHA256SUMS"


def pdf_pages(data: bytes) -> bytes:
    """A PDF's text, page by page, as a reader that did not write it extracts it."""
    pages = PdfReader(io.BytesIO(data)).pages
    text = "".join(f"--- page {n} ---\n{page.extract_text()}\n" for n, page in enumerate(pages, 1))
    return text.encode("utf-8")


def golden_files(dist: Path) -> dict[str, bytes]:
    """Every file of the golden folder for a build's output folder `dist`, by relative path."""
    files: dict[str, bytes] = {}
    sums = []
    for path in sorted(dist.rglob("*")):
        if not path.is_file():
            continue
        name, data = path.relative_to(dist).as_posix(), path.read_bytes()
        sums.append(f"{hashlib.sha256(data).hexdigest()}  {name}\n")
        if path.suffix in (".txt", ".ics") or name.endswith("/index.html"):
            files[name] = data
        elif path.suffix in (".epub", ".zip") and "/" not in name:  # the site's copies are alike
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    if member.endswith(TEXT_IN_ARCHIVES):
                        files[f"{name}/{member}"] = archive.read(member)
        elif path.suffix == ".pdf" and "/" not in name:
            files[f"{name}.txt"] = pdf_pages(data)
    files[DIGESTS] = "".join(sums).encode("utf-8")
    return files


@contextmanager
def source_date_epoch() -> Iterator[None]:
    """SOURCE_DATE_EPOCH fixed while a golden kit builds: its outputs do not follow the dates of
    the checkout's files."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def rendered(kit: str, into: Path) -> dict[str, bytes]:
    """The golden files of `kit`, built in a copy of it under `into`."""
    project = copied(GOLDEN_KITS[kit], into)
    with source_date_epoch():
        build(project)
    files = golden_files(project / "dist")
    for name, data in files.items():  # the folder it was built in must leave no trace
        assert str(into).encode() not in data, f"{name} names the folder it was built in"
    return files


def stored(kit: str) -> dict[str, bytes]:
    folder = GOLDEN / kit
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def difference(kit: str, expected: dict[str, bytes], actual: dict[str, bytes]) -> str | None:
    """What differs between the golden files and this build's, the text files' diff before the
    digests' (which only say that some byte changed), or None."""
    names = sorted(expected.keys() | actual.keys(), key=lambda name: (name == DIGESTS, name))
    for name in names:
        if expected.get(name) == actual.get(name):
            continue
        if name not in actual:
            what = f"the build no longer makes tests/golden/{kit}/{name}"
        elif name not in expected:
            what = f"the build makes {name}, which tests/golden/{kit}/ does not have"
        else:
            what = "".join(
                difflib.unified_diff(
                    expected[name].decode("utf-8", "replace").splitlines(keepends=True),
                    actual[name].decode("utf-8", "replace").splitlines(keepends=True),
                    f"tests/golden/{kit}/{name}",
                    f"built/{name}",
                )
            )
        return f"{what}\nrun `make golden` if the change is intended"
    return None


@pytest.mark.parametrize("kit", sorted(GOLDEN_KITS))
def test_outputs_match_the_golden_files(kit: str, tmp_path: Path) -> None:
    expected = stored(kit)
    assert DIGESTS in expected, f"tests/golden/{kit}/ is missing: run `make golden`"
    problem = difference(kit, expected, rendered(kit, tmp_path))
    assert problem is None, problem


def test_a_difference_is_shown_as_a_diff_with_the_way_to_refresh() -> None:
    expected = {"a.txt": b"one\ntwo\n", DIGESTS: b"1  a.txt\n", "gone.txt": b""}
    actual = {"a.txt": b"one\nthree\n", DIGESTS: b"2  a.txt\n"}
    assert difference("k", expected, actual) == (
        "--- tests/golden/k/a.txt\n+++ built/a.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+three\n"
        "\nrun `make golden` if the change is intended"
    )
    assert difference("k", {"gone.txt": b""}, {}) == (
        "the build no longer makes tests/golden/k/gone.txt\n"
        "run `make golden` if the change is intended"
    )
    assert difference("k", {}, {"new.txt": b""}) == (
        "the build makes new.txt, which tests/golden/k/ does not have\n"
        "run `make golden` if the change is intended"
    )


def refresh() -> None:
    """Rewrite tests/golden/<kit>/ for every golden kit from a fresh build of it."""
    for kit in sorted(GOLDEN_KITS):
        with tempfile.TemporaryDirectory() as into:
            files = rendered(kit, Path(into))
        shutil.rmtree(GOLDEN / kit, ignore_errors=True)
        for name, data in files.items():
            (GOLDEN / kit / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / kit / name).write_bytes(data)
        print(f"tests/golden/{kit}/: {len(files)} files")


if __name__ == "__main__":
    refresh()
