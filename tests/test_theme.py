"""Templates and styles: project files override the defaults, and kit text stays text."""

from __future__ import annotations

import pytest

from conftest import KITS, built, epub_files, epub_problems, pdf_text, write_project
from presskit.build import build
from presskit.errors import KitError
from presskit.render.pdf import BASE_URL, KitFetcher
from presskit.render.theme import Theme


@pytest.fixture(scope="module")
def override(tmp_path_factory):
    return built(tmp_path_factory, KITS / "override", "override")


def test_project_template_replaces_only_its_own_file(override):
    text = pdf_text(override["pdf"])
    assert "Project template in use." in text
    assert "Contents" in text, "the other templates still come from presskit"


def test_project_style_replaces_the_default(override):
    css = epub_files(override["epub"])["EPUB/styles/epub.css"].decode()
    assert css.startswith("/* A project's own EPUB style")


def test_markdown_file_with_crlf_and_smart_quotes(override):
    text = pdf_text(override["pdf"])
    assert "With Windows line endings and “straight quotes”." in text


def test_letter_page_size(override):
    from pypdf import PdfReader

    box = PdfReader(override["pdf"]).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


HOSTILE = """\
Before.

<script>alert("x")</script>
<iframe src="https://example.org"></iframe>
<img src="file:///etc/passwd" onerror="alert(1)">
[click](javascript:alert(1)) [file](file:///etc/passwd) ![pic](images/x.jpg) [ok](https://example.org/ok)

After.
"""


def test_kit_markup_is_printed_as_text_not_obeyed(tmp_path):
    project = write_project(
        tmp_path,
        "title: T\nlogline: '<b>bold</b>'\nsynopsis: {long: s.md}\n",
        {"kit/s.md": HOSTILE},
    )
    outputs = {o.path.suffix: o.path for o in build(project, formats=["pdf", "epub"]).outputs}
    synopsis = epub_files(outputs[".epub"])["EPUB/synopsis.xhtml"].decode()
    for forbidden in ("<script", "<iframe", "<img", "href=\"javascript:", "href=\"file:", "<b>"):
        assert forbidden not in synopsis
    assert "&lt;script&gt;" in synopsis and "&lt;b&gt;bold&lt;/b&gt;" in synopsis
    assert '<a href="https://example.org/ok">ok</a>' in synopsis
    assert epub_problems(outputs[".epub"]) == []
    assert '<script>alert(“x”)</script>' in pdf_text(outputs[".pdf"]), "printed, as text"


def test_fetcher_serves_only_the_theme_and_prepared_pictures(tmp_path):
    fetcher = KitFetcher(Theme(tmp_path, "en"), {})
    assert (
        fetcher.fetch(BASE_URL + "styles/press-kit.css")
        .read()
        .startswith(b"/* presskit default theme")
    )
    for url in (
        "https://example.org/x.png",
        "file:///etc/passwd",
        BASE_URL + "styles/../../../etc/passwd",
        BASE_URL + "kit/presskit.yaml",
        "data:text/plain,x",
    ):
        with pytest.raises(ValueError, match="presskit does not load"):
            fetcher.fetch(url)
    assert len(fetcher.requested) == 6


def test_a_style_that_reaches_out_fails_the_build(tmp_path):
    css = (
        '@import url("file:///etc/passwd");\n'
        'body { background: url("https://example.org/x.png"); }\n'
    )
    project = write_project(
        tmp_path, "title: T\nlogline: L\nsynopsis: {short: S}\n", {"styles/press-kit.css": css}
    )
    with pytest.raises(KitError) as caught:
        build(project, formats=["pdf"])
    messages = [p.message for p in caught.value.problems]
    assert any("file:///etc/passwd" in m for m in messages) and any(
        "https://example.org/x.png" in m for m in messages
    )
    assert not (project / "dist").exists()


def test_a_project_stylesheet_for_the_web_page_remakes_the_web_page_alone(example_project):
    """Each edition's input key leaves out the other editions' stylesheets, the project's extra
    ones included."""
    formats = ["pdf", "epub", "site"]
    build(example_project, formats=formats)
    (example_project / "styles").mkdir()
    (example_project / "styles" / "extra-site.css").write_text("h2 { letter-spacing: 0.01em; }\n")
    result = build(example_project, formats=formats)
    assert {o.path.name for o in result.outputs if not o.kept} == {"anora-site"}
