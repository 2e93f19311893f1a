"""A kit is untrusted input: it reads nothing outside the project, fetches nothing,
injects no markup, and random kits fail with one line or build valid outputs."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import event, example, given
from hypothesis import strategies as st
from pypdf import PdfReader

import presskit.render.pdf
from conftest import epub_problems, pdf_text, write_project
from presskit.build import build
from presskit.cli import main
from presskit.editions.registry import BY_NAME
from presskit.errors import KitError
from presskit.kit.model import Kit

SECRET = "SECRET-7d1e9b-do-not-leak"

INJECTIONS = """\
Before the injections.

<script>document.write("{secret}")</script>
<iframe src="file://{path}"></iframe>
<link rel="attachment" href="file://{path}">
<img src="file://{path}" onerror="alert(1)">
<style>@import url("file://{path}");</style>
<p onclick="alert(1)" style="background: url(file://{path})">handler</p>

[link](file://{path}) ![picture](file://{path}) <file://{path}> [remote](http://example.org/tracker.png)
![remote picture](https://example.org/pixel.png)

After the injections.
"""


@pytest.fixture
def hostile(tmp_path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    body = INJECTIONS.format(secret="x", path=secret)
    kit = (
        f"title: '<script>alert(1)</script>'\n"
        f"logline: '<img src=\"file://{secret}\">'\n"
        "synopsis: {long: long.md}\n"
        f"sections:\n  - {{title: '<style>*{{display:none}}</style>', body: long.md}}\n"
        "slug: hostile\n"
    )
    return write_project(tmp_path / "project", kit, {"kit/long.md": body})


def test_injections_reach_no_output_and_nothing_is_fetched(hostile, monkeypatch):
    asked: list[str] = []
    fetch = presskit.render.pdf.KitFetcher.fetch
    monkeypatch.setattr(
        presskit.render.pdf.KitFetcher,
        "fetch",
        lambda self, url, headers=None: asked.append(url) or fetch(self, url, headers),
    )
    outputs = {o.path.name: o.path for o in build(hostile).outputs}

    assert asked and all(url.startswith(presskit.render.pdf.BASE_URL) for url in asked), asked
    for path in (
        p for output in outputs.values() for p in [output, *output.rglob("*")] if p.is_file()
    ):
        assert SECRET.encode() not in path.read_bytes(), path
    for pdf in ("hostile-press-kit.pdf", "hostile-press-kit-print.pdf"):
        reader = PdfReader(outputs[pdf])
        assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
        text = pdf_text(outputs[pdf])
        assert (
            SECRET not in text
            and "Before the injections." in text
            and "After the injections." in text
        )
    with zipfile.ZipFile(outputs["hostile-press-kit.epub"]) as book:
        for name in book.namelist():
            content = book.read(name)
            assert SECRET.encode() not in content
            if name.endswith(".xhtml"):
                for element in ET.fromstring(content).iter():
                    tag = element.tag.rsplit("}", 1)[-1]
                    assert tag not in {"script", "iframe", "style", "object", "embed"}, (name, tag)
                    assert not any(attribute.startswith("on") for attribute in element.attrib), (
                        name,
                        element.attrib,
                    )
                    assert "://" not in element.get("src", ""), (
                        name,
                        element.attrib,
                    )  # pictures are the book's own
                    assert not element.get("href", "").startswith(
                        ("file:", "javascript:", "data:")
                    ), (name, element.attrib)
                    if tag == "link":
                        assert element.get("rel") == "stylesheet", (name, element.attrib)
    assert epub_problems(outputs["hostile-press-kit.epub"]) == []


def test_concurrent_builds_of_one_project_do_not_corrupt_each_other(tmp_path):
    project = write_project(tmp_path, "title: Twice\nlogline: L\nsynopsis: {short: S}\n")
    command = [
        sys.executable,
        "-m",
        "presskit",
        "build",
        str(project),
        "--quiet",
        "--format",
        "pdf",
        "--format",
        "epub",
    ]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE) for _ in range(3)]
    assert [run.wait() for run in runs] == [0, 0, 0]
    assert len(PdfReader(project / "dist" / "twice-press-kit.pdf").pages) == 2
    assert epub_problems(project / "dist" / "twice-press-kit.epub") == []
    assert sorted(p.name for p in (project / "dist").iterdir()) == [
        "twice-press-kit.epub",
        "twice-press-kit.pdf",
    ]


def test_a_bug_in_presskit_is_reported_as_one(tmp_path, monkeypatch):
    """The report is saved in the system's temporary folder (TMPDIR): here the test's own."""
    write_project(tmp_path, "title: T\nlogline: L\nsynopsis: {short: S}\n")
    (tmp_path / "temp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    failing = dataclasses.replace(BY_NAME["email"], make=lambda *_: 1 / 0)
    monkeypatch.setitem(BY_NAME, "email", failing)
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--format", "email"])
    assert result.exit_code == 3
    [line] = result.stderr.splitlines()
    assert line.startswith(
        "presskit: this is a bug in presskit, not in your kit; details were saved to "
    )
    report = Path(line.rsplit(" ", 1)[1])
    assert report.parent == tmp_path / "temp"
    assert "ZeroDivisionError" in report.read_text() and "Traceback" in report.read_text()
    assert not (tmp_path / "dist").exists()


MARKUP = (
    " <script>alert(1)</script> **b** [l](javascript:alert(1)) <img "
    'src="file:///etc/passwd"> {{ 7*7 }} &amp;'
)
PRINTABLE = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    str.strip
)
CLEAN = PRINTABLE | PRINTABLE.map(lambda text: text + MARKUP)
"""Printable Unicode, sometimes with markup and template syntax."""
WILD = CLEAN | st.text(max_size=30)
"""The same, or anything at all (empty, control characters…)."""
LIKELY = {
    "key_art": st.just("images/still.jpg"),
    "photo": st.just("images/still.jpg"),
    "file": st.just("images/still.jpg"),
    "url": st.just("https://example.org/a?b=<c>"),
    "website": st.just("http://example.org"),
    "email": st.just("press@example.org"),
}
"""Fields whose random values would almost always be refused get a valid value most of the time."""


def from_schema(
    schema: dict, defs: dict, text: st.SearchStrategy, name: str = ""
) -> st.SearchStrategy:
    """Values for the subset of JSON Schema that pydantic writes for the kit model.
    Values mostly keep to the schema's bounds, so that a fair share of kits get built."""
    if name in LIKELY:
        return st.one_of(LIKELY[name], LIKELY[name], LIKELY[name], text)
    if "$ref" in schema:
        return from_schema(defs[schema["$ref"].rsplit("/", 1)[-1]], defs, text)
    if "anyOf" in schema:
        return st.one_of([from_schema(option, defs, text) for option in schema["anyOf"]])
    if "enum" in schema or "const" in schema:
        return st.sampled_from(schema.get("enum") or [schema["const"]])
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        required = set(schema.get("required", []))
        optional = {
            name: from_schema(part, defs, text, name)
            for name, part in schema["properties"].items()
            if name not in required
        }
        return st.fixed_dictionaries(
            {name: from_schema(schema["properties"][name], defs, text, name) for name in required},
            optional=optional,
        )
    if kind == "object":
        return st.dictionaries(
            text, from_schema(schema["additionalProperties"], defs, text), max_size=3
        )
    if kind == "array":
        return st.lists(from_schema(schema["items"], defs, text), max_size=3)
    if kind == "integer":
        low = schema.get("minimum", schema.get("exclusiveMinimum", -11) + 1)
        return st.integers(low, schema.get("maximum", low + 3000)) | st.integers(-10, 3000)
    if kind == "number":
        return st.floats(
            schema.get("exclusiveMinimum", schema.get("minimum", 0)),
            schema.get("maximum", 100),
            exclude_min="exclusiveMinimum" in schema,
        ) | st.floats(-1, 200)
    if kind == "null":
        return st.none()
    if schema.get("format") == "date":
        return st.dates().map(str)
    if schema.get("format") == "time":
        return st.times().map(lambda moment: moment.strftime("%H:%M"))
    if "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True) | text
    return text


SCHEMA = Kit.model_json_schema()
STILL = (Path(__file__).parents[1] / "kit" / "images" / "director.jpg").read_bytes()


@given(
    data=from_schema(SCHEMA, SCHEMA["$defs"], CLEAN) | from_schema(SCHEMA, SCHEMA["$defs"], WILD)
)
@example(
    data={
        "title": "0",
        "logline": "0",
        "synopsis": {"short": "0"},
        "links": [{"url": "https://example.org/a?b=<c>", "label": "0"}],
    }
)
@example(data={"title": "0", "logline": "0", "synopsis": {"short": "0"}, "lang": "AA-00"})
def test_random_kits_build_or_fail_with_one_line(tmp_path_factory, data):
    """Kits drawn from the model's own schema, with random Unicode and markup: each builds
    outputs that EPUBCheck accepts, or fails with one-line problems; never a crash."""
    project = tmp_path_factory.mktemp("random")
    write_project(
        project, yaml.safe_dump(data, allow_unicode=True), {"kit/images/still.jpg": STILL}
    )
    try:
        build(project, formats=["pdf", "epub"])
    except KitError as error:
        event("refused")
        assert error.problems and all("\n" not in str(problem) for problem in error.problems)
    else:
        event("built")
        assert epub_problems(next((project / "dist").glob("*.epub"))) == []
