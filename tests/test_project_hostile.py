"""A hostile project: templates, styles and locale files that try to reach outside it.

Each case fails with one line and exit status 1 (or builds, when the hostile file is one the
build never uses), reads and writes nothing outside the project, and leaves the previous good
dist/ byte for byte as it was. What the build opens is watched with an audit hook, so "nothing
outside the project is read" is tested, not assumed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

from conftest import GOOD_PROJECT as GOOD
from conftest import ROOT, SYSTEM_TEMP, digests
from presskit.cli import main
from presskit.project import CACHE_LINK
from presskit.render.theme import Theme

SECRET = "presskit-outside-secret-7d2e"
OUTSIDE = {
    "secret.txt": SECRET,
    "outside/email.txt": f"{SECRET} {{{{ kit.title }}}}\n",
    "outside/templates/email.txt": f"{SECRET}\n",
    "outside/en.po": f'msgid "Stills"\nmsgstr "{SECRET}"\n',
}
"""Beside the project (in its parent folder): what a hostile project tries to reach."""
ENV = {"SOURCE_DATE_EPOCH": "1700000000"}
"""Every build makes the same bytes from the same kit, so a case that builds can be compared."""


@dataclass(frozen=True)
class Link:
    """A symbolic link to `target` (relative to the link's folder, or absolute)."""

    target: str


PRESS_KIT = (ROOT / "templates" / "press-kit.html").read_text(encoding="utf-8")
ISSUE_PAYLOAD = (
    '{% for p in images.values() %}{% if p.path and loop.first %}'
    '{{ p.path.joinpath("@OUTSIDE@/secret.txt").read_text() }}'
    '{{ p.path.joinpath("@OUTSIDE@/pwned.txt").write_text("pwned") }}{% endif %}{% endfor %}'
)
READS_THE_PICTURE_PATH = PRESS_KIT.replace("<body>\n", f"<body>\n{ISSUE_PAYLOAD}\n")
PAYLOAD_LINE = READS_THE_PICTURE_PATH.splitlines().index(ISSUE_PAYLOAD) + 1
ATTACHMENT = '<link rel="attachment" href="styles/secret.txt">\n'
ATTACHES_A_STYLE_FILE = PRESS_KIT.replace("</head>", f"{ATTACHMENT}</head>")
EMAIL = "templates/email.txt:1: template:"
UNSAFE = EMAIL + " access to attribute '{}' of '{}' object is unsafe."
ENDLESS = (
    "template: it leads back to itself without end (through extends, include or a macro):"
    " break the loop"
)
TOO_LARGE = f"{EMAIL} a repetition, power, width or count this large is not allowed in a template"

SANDBOX = [
    ("cycler-globals", "{{ cycler.__init__.__globals__.os.getcwd() }}",
     UNSAFE.format("__init__", "type")),
    ("joiner-globals", '{{ joiner.__init__.__globals__.os.system("touch @OUTSIDE@/pwned.txt") }}',
     UNSAFE.format("__init__", "type")),
    ("namespace-builtins",
     '{{ namespace.__init__.__globals__.__builtins__.open("@OUTSIDE@/secret.txt") }}',
     UNSAFE.format("__init__", "type")),
    ("lipsum-globals", '{{ lipsum.__globals__.os.popen("id").read() }}',
     f"{EMAIL} 'lipsum' is undefined"),
    ("template-context", "{{ self._TemplateReference__context.environment.loader }}",
     UNSAFE.format("_TemplateReference__context", "TemplateReference")),
    ("template-init", '{{ self.__init__.__globals__.__builtins__.__import__("importlib") }}',
     UNSAFE.format("__init__", "TemplateReference")),
    ("kit-class", "{{ kit.__class__.__init__.__globals__ }}", UNSAFE.format("__class__", "dict")),
    ("subclasses", "{{ ().__class__.__base__.__subclasses__() }}",
     UNSAFE.format("__class__", "tuple")),
    ("attr-filter", '{{ (kit|attr("__class__")).__init__ }}', UNSAFE.format("__class__", "dict")),
    ("pydantic-fields", "{{ kit.model_fields.title.annotation }}",
     f"{EMAIL} 'dict object' has no attribute 'model_fields'"),
    ("pydantic-copy", '{{ kit.model_copy(update={"title": "x"}) }}',
     f"{EMAIL} 'dict object' has no attribute 'model_copy'"),
    ("chapter-class", "{{ chapters[0].__class__.__mro__ }}", UNSAFE.format("__class__", "dict")),
    ("date-tzinfo", "{{ built.tzinfo.utc }}", UNSAFE.format("tzinfo", "datetime")),
    ("date-class", "{{ built.fromtimestamp(0) }}", UNSAFE.format("fromtimestamp", "datetime")),
    ("format-attribute", '{{ "{0.__class__}".format(kit) }}', UNSAFE.format("__class__", "dict")),
    ("format-item", '{{ "{0[__class__]}".format(kit) }}', UNSAFE.format("__class__", "dict")),
    ("format-map", '{{ "{x.__class__}".format_map({"x": kit}) }}',
     UNSAFE.format("__class__", "dict")),
    ("format-globals", '{{ "{0.__init__.__globals__}".format(cycler) }}',
     UNSAFE.format("__init__", "type")),
    ("percent-format", '{{ "%s" % kit.__class__ }}', UNSAFE.format("__class__", "dict")),
    ("huge-range", "{{ range(10**9)|list|length }}",
     f"{EMAIL} range() may count to 100000 at most in a template"),
    ("huge-repeat", '{{ "x" * 10**9 }}', TOO_LARGE),
    ("huge-power", "{{ 10**1000000000 }}", TOO_LARGE),
    ("huge-format-width", '{{ "{:>1000000000}".format(1) }}', TOO_LARGE),
    ("huge-nested-width", '{{ "{:>{}}".format(1, 10**9) }}', TOO_LARGE),
    ("huge-percent-width", '{{ "%1000000000s" % "x" }}', TOO_LARGE),
    ("huge-percent-star", '{{ "%*s" % (10**9, "x") }}', TOO_LARGE),
    ("huge-filter-width", '{{ "x"|center(10**9) }}', TOO_LARGE),
    ("huge-method-width", '{{ "x".ljust(10**9) }}', TOO_LARGE),
    ("mutates-the-kit", '{{ kit.update({"title": "x"}) }}', UNSAFE.format("update", "dict")),
    ("includes-itself", 'x\n{% include "email.txt" %}', f"templates/email.txt:2: {ENDLESS}"),
    ("extends-itself", '{% extends "email.txt" %}', f"templates/email.txt:1: {ENDLESS}"),
    ("macro-calls-itself", "{% macro m() %}\n{{ m() }}\n{% endmacro %}\n{{ m() }}",
     f"templates/email.txt:2: {ENDLESS}"),
]

NOT_IN_STYLES = (
    "not a file in styles/: copy the file into styles/ and name it from there,"
    " such as url(fonts/x.woff2)"
)
REMOTE_FONTS = """\
@font-face { font-family: A; src: url(http://example.org/a.woff2); }
@font-face { font-family: B; src: url("data:font/woff2;base64,AAAA"); }
body { background: url('file:///etc/passwd'); }
main { background: url(/etc/hostname); }
nav { background: url("../kit/presskit.yaml"); }
header { background: url("fonts/missing.woff2"); }
"""
REMOTE_URLS = [
    "http://example.org/a.woff2", "data:font/woff2;base64,AAAA", "file:///etc/passwd",
    "/etc/hostname", "../kit/presskit.yaml",
]
CLIMBS_OUT = {
    "styles/a/b/c/d/e/f/font.woff2": b"wOF2",
    "styles/deep": Link("a/b/c/d/e/f"),
    "styles/pwned.txt": "pwned",
    "styles/site.css": '@font-face { src: url("deep/../../../../../../pwned.txt") }\n',
}
EPUB_CSS = """\
@import url("https://example.org/x.css");
body { background: url(https://example.org/x.png); }
"""
NOT_PO = 'not a line of a gettext catalogue: write msgid "…" and msgstr "…" lines'
MISSING = "no such file in styles/: add it, or correct the name"
NOT_IN_EPUB = "an EPUB carries no files but its chapters and pictures: remove it"

# (id, files written over the good project (None deletes), build options, stderr lines)
CASES = [
    ("picture-path-payload", {"templates/press-kit.html": READS_THE_PICTURE_PATH}, [],
     [f"templates/press-kit.html:{PAYLOAD_LINE}: template: 'dict object' has no attribute 'path'"]),
    ("styles-folder-links-out",
     {"styles": Link(".."), "templates/press-kit.html": ATTACHES_A_STYLE_FILE}, [],
     ["styles: this folder points outside the project: refused"]),
    ("style-file-links-out",
     {"styles/secret.txt": Link("../../secret.txt"),
      "templates/press-kit.html": ATTACHES_A_STYLE_FILE},
     ["--format", "pdf"],
     ["styles/secret.txt: this file points outside the project: refused"]),
    ("templates-folder-links-out", {"templates": Link("../outside/templates")}, [],
     ["templates: this folder points outside the project: refused"]),
    ("template-links-out", {"templates/email.txt": Link("../../outside/email.txt")},
     ["--format", "email"],
     ["templates/email.txt: this template points outside the project: refused"]),
    ("locale-folder-links-out", {"locale": Link("../outside")}, [],
     ["locale: this folder points outside the project: refused"]),
    ("catalogue-links-out", {"locale/en.po": Link("../../outside/en.po")}, ["--format", "email"],
     ["locale/en.po: this file points outside the project: refused"]),
    ("catalogue-latin-1",
     {"locale/en.po": 'msgid "Stills"\nmsgstr "Photogrammes \u00e9t\u00e9"\n'.encode("latin-1")},
     ["--format", "email"], ["locale/en.po:2: not UTF-8 text: save the file as UTF-8"]),
    ("catalogue-malformed",
     {"locale/en.po": 'msgid "Stills"\nmsgstr "P"\nthis is not a catalogue line\n'},
     ["--format", "email"],
     [f"locale/en.po:3: {NOT_PO}"]),
    ("template-latin-1",
     {"templates/email.txt": "{{ kit.title }}\nCaf\u00e9\n".encode("latin-1")},
     ["--format", "email"],
     ["templates/email.txt:2: not UTF-8 text: save the file as UTF-8"]),
    ("site-font-climbs-out", CLIMBS_OUT, ["--format", "site"],
     [f"styles/site.css:1: url(deep/../../../../../../pwned.txt): {NOT_IN_STYLES}"]),
    ("site-css-reaches-out", {"styles/site.css": REMOTE_FONTS}, ["--format", "site"],
     [f"styles/site.css:{n}: url({url}): {NOT_IN_STYLES}" for n, url in enumerate(REMOTE_URLS, 1)]
     + [f"styles/site.css:6: url(fonts/missing.woff2): {MISSING}"]),
    ("epub-css-reaches-out", {"styles/epub.css": EPUB_CSS}, ["--format", "epub"],
     [f"styles/epub.css:1: url(https://example.org/x.css): {NOT_IN_EPUB}",
      f"styles/epub.css:2: url(https://example.org/x.png): {NOT_IN_EPUB}"]),
]

BUILDS = [
    ("kit-file-links-to-pagemap", {"kit/notes.txt": Link("/proc/self/pagemap")}),
    ("kit-file-links-to-secret", {"kit/notes.txt": Link("../../secret.txt")}),
    ("kit-symlink-loop", {"kit/images/loop": Link("loop")}),
    ("kit-folder-loop", {"kit/images/again": Link(".")}),
    ("unused-style-links-out", {"styles/unused.txt": Link("../../secret.txt")}),
    ("unused-template-links-out", {"templates/unused.html": Link("../../outside/email.txt")}),
    ("unused-locale-links-out", {"locale/xx.po": Link("../../outside/en.po")}),
]
"""Hostile links the build never uses: it follows none of them, even to fingerprint them."""


opened: list[str] | None = None
"""Every path the process opens or lists while a build is watched."""


def _audit(event: str, args: tuple) -> None:
    watched = opened is not None and event in ("open", "os.scandir", "os.listdir") and args
    if watched and isinstance(args[0], (str, bytes, os.PathLike)):
        opened.append(os.path.realpath(os.fsdecode(args[0])))


sys.addaudithook(_audit)  # it cannot be removed: it records nothing while `opened` is None


def write(root: Path, files: dict, outside: Path) -> None:
    for name, content in files.items():
        path = root / name
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
        if content is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Link):
            path.symlink_to(content.target)
        else:
            if isinstance(content, str):
                content = content.replace("@OUTSIDE@", str(outside)).encode("utf-8")
            path.write_bytes(content)


def readable(data: bytes) -> bytes:
    """A file's bytes with everything packed inside it unpacked: zip entries (an EPUB, the stills
    pack and the PDF in it), and every PDF stream decompressed (attachments, fonts, page text)."""
    parts = [data]
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts += [readable(archive.read(name)) for name in archive.namelist()]
    if data.startswith(b"%PDF"):
        reader = PdfReader(io.BytesIO(data))
        todo, seen = [reader.trailer], set()
        while todo:
            item = todo.pop()
            if isinstance(item, IndirectObject):
                if item.idnum in seen:
                    continue
                seen.add(item.idnum)
                item = item.get_object()
            if isinstance(item, StreamObject):
                parts.append(item.get_data())
            if isinstance(item, dict):
                todo += item.values()
            elif isinstance(item, list):
                todo += item
            elif isinstance(item, (str, bytes)):
                parts.append(item.encode("utf-8", "replace") if isinstance(item, str) else item)
    return b"\0".join(parts)


def outside_files(outside: Path, project: Path) -> dict[str, str]:
    """Every file beside the project, and its digest (the project's own are not read: some of
    them are hostile links)."""
    found = {}
    for entry in sorted(outside.iterdir()):
        if entry.is_dir() and entry != project:
            found.update({f"{entry.name}/{name}": sha for name, sha in digests(entry).items()})
        elif entry.is_file():
            found[entry.name] = hashlib.sha256(entry.read_bytes()).hexdigest()
    return found


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> tuple[Path, str]:
    """A good build of the project every case starts from, and what it said on standard error."""
    project = tmp_path_factory.mktemp("good") / "project"
    write(project, GOOD, project.parent)
    with contextlib.chdir(project):
        result = CliRunner().invoke(main, ["build", "--quiet"], env=ENV)
    assert result.exit_code == 0, result.output
    return project / "dist", result.stderr


@pytest.fixture
def project(tmp_path, good, monkeypatch) -> Path:
    project = tmp_path / "project"
    write(tmp_path, OUTSIDE, tmp_path)
    write(project, GOOD, tmp_path)
    shutil.copytree(good[0], project / "dist")
    monkeypatch.chdir(project)
    return project


def hostile_build(project: Path, files: dict, options: list[str]):
    """Build after writing `files`; checks what every case must hold, whatever its outcome: nothing
    outside the project opened, created or changed, no secret in any output or message, dist/ as
    the good build left it."""
    global opened
    outside = project.parent
    write(project, files, outside)
    before, around = digests(project / "dist"), outside_files(outside, project)
    opened = []
    try:
        result = CliRunner().invoke(main, ["build", "--jobs", "1", *options], env=ENV)
    finally:
        reads, opened = opened, None
    assert "Traceback" not in result.output
    assert SECRET not in result.output
    inside = project.resolve()
    beside = [p for p in map(Path, reads) if p.is_relative_to(outside)]
    assert [p for p in beside if not p.is_relative_to(inside)] == []
    assert not any(p.startswith("/proc/") and p.endswith("/pagemap") for p in reads)
    assert outside_files(outside, project) == around
    assert digests(project / "dist") == before
    outputs = [p for p in (project / "dist").rglob("*") if p.is_file()]
    assert all(SECRET.encode() not in readable(p.read_bytes()) for p in outputs)
    return result


@pytest.mark.parametrize(("payload", "expected"), [c[1:] for c in SANDBOX],
                         ids=[c[0] for c in SANDBOX])
def test_a_template_cannot_reach_python(project, payload, expected):
    result = hostile_build(project, {"templates/email.txt": payload}, ["--format", "email"])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [expected, "presskit: 1 problem; nothing was written."]


@pytest.mark.parametrize(("files", "options", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_a_hostile_project_fails_in_one_line(project, files, options, expected):
    result = hostile_build(project, files, options)
    assert result.exit_code == 1, result.output
    count = len(expected)
    summary = f"presskit: {count} problem{'s' * (count != 1)}; nothing was written."
    assert result.stderr.splitlines() == [*expected, summary]


@pytest.mark.parametrize(
    "link", [".presskit-cache", ".presskit-cache/images", ".presskit-cache/images/files"]
)
def test_a_cache_that_is_a_link_is_refused_before_anything_is_written_through_it(project, link):
    """The cache is the project's, so it may come with it: a link in it would have presskit
    write (and hard-link the web page's pictures) out of the project."""
    up = "../" * link.count("/")
    result = hostile_build(project, {link: Link(f"../{up}outside")}, ["--format", "zip"])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [f"{link}: {CACHE_LINK}"]


@pytest.mark.parametrize("files", [case[1] for case in BUILDS], ids=[case[0] for case in BUILDS])
def test_links_the_build_never_uses_are_not_followed(project, good, files):
    result = hostile_build(project, files, [])
    assert result.exit_code == 0, result.output
    assert result.stderr == good[1]


def test_the_catalogue_covers_the_issue():
    assert len(SANDBOX) >= 20 and len(CASES) + len(BUILDS) >= 20


def test_templates_are_given_plain_data_only(tmp_path):
    """Theme.render turns the kit, chapters and pictures into plain data; anything else is a bug."""
    theme = Theme(tmp_path, "en")
    with pytest.raises(TypeError, match="PosixPath"):
        theme.render("email.txt", kit={"title": tmp_path})


def test_an_unreadable_kit_file_is_skipped(tmp_path):
    """A file in kit/ that presskit may not read (and the kit does not name) stops neither
    `build` nor `check`. Root reads every file, so the build runs as another user, in a folder
    that user can reach: pytest's are root's alone, so it is made in the system's temporary
    folder and removed, with what the build put in it, at the end."""
    project = Path(tempfile.mkdtemp(prefix="presskit-unreadable-", dir=SYSTEM_TEMP))
    try:
        write(project, {**GOOD, "kit/notes.txt": "private"}, tmp_path)
        (project / "kit" / "notes.txt").chmod(0)
        results = [as_another_user(project, args) for args in (["build", "--jobs", "1"], ["check"])]
    finally:
        shutil.rmtree(project)
    assert [(code, "Traceback" in output) for code, output in results] == [(0, False), (0, False)]


def as_another_user(project: Path, args: list[str]) -> tuple[int, str]:
    """`presskit ARGS` in `project`, as the user nobody if this runs as root (root reads all)."""
    if os.geteuid() != 0:
        result = CliRunner().invoke(main, [*args, str(project)], env=ENV)
        return result.exit_code, result.output
    # The same command as root first, on a copy: every module the build imports when it first
    # needs it (WeasyPrint, ctypes…) is then loaded in the child, which as nobody may not read
    # a Python installed under /root. Without it, the build failed whenever no earlier test in
    # the same process had made a PDF: a test that passed or failed with the order of the tests.
    warm = Path(shutil.copytree(project, project.with_name(project.name + "-as-root")))
    try:
        CliRunner().invoke(main, [*args, str(warm)], env=ENV)
    finally:
        shutil.rmtree(warm)
    project.chmod(0o755)
    for path in project.rglob("*"):
        os.chown(path, 65534, 65534, follow_symlinks=False)
    os.chown(project, 65534, 65534)
    read, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child reports through the pipe)
        try:
            os.setgid(65534)
            os.setuid(65534)
            os.environ["XDG_CACHE_HOME"] = str(project / ".cache")
            # its temporary folder (WeasyPrint's font folder, which os._exit leaves behind):
            # the session's own is root's alone
            (project / ".tmp").mkdir(exist_ok=True)
            os.environ["TMPDIR"] = tempfile.tempdir = str(project / ".tmp")
            result = CliRunner().invoke(main, [*args, str(project)], env=ENV)
            os.write(write_end, json.dumps([result.exit_code, result.output]).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read, "rb") as pipe:
        answer = pipe.read()
    os.waitpid(child, 0)
    code, output = json.loads(answer)
    return code, output
