"""Bounded work: Markdown that would cost the parser or the PDF layout time out of proportion to
its length is refused with one line (tests/test_hostile.py holds those kits), and text just at
the limits builds (bench/markdown_limits.py prints how long it takes: tests time nothing)."""

from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner
from PIL import Image

from conftest import write_project
from presskit.cli import main
from presskit.kit import markdown
from presskit.kit.load import load_kit
from presskit.kit.markdown import MAX_JOINED, MAX_NESTING, MAX_PARAGRAPH
from presskit.render.images import COVER_SIZE

KIT = "title: Good\nlogline: A good kit.\nsynopsis: {short: S, long: long.md}\n"

AT_THE_LIMITS = {
    "joined": "*a*b" * MAX_JOINED,
    "nested": "*" * 2 * MAX_NESTING + "deep" + "*" * 2 * MAX_NESTING,
    "paragraph": "\"'" * (MAX_PARAGRAPH // 2),
}
"""The worst text of each kind that presskit still takes: `*a*b` is a word of pieces of emphasis,
quotes that never close are the typographer's slowest input."""


@pytest.mark.parametrize("name", AT_THE_LIMITS)
def test_text_at_the_limit_is_taken_and_one_more_is_not(name):
    text = AT_THE_LIMITS[name]
    assert markdown.too_complex(text) is None
    beyond = {"joined": text + "*a*", "nested": "*" + text + "*", "paragraph": text + "x"}[name]
    assert markdown.too_complex(beyond) is not None


def test_a_kit_at_the_limits_builds(tmp_path):
    write_project(
        tmp_path,
        KIT.replace("short: S", "short: long.md"),
        {"kit/long.md": "\n\n".join(AT_THE_LIMITS.values()) + "\n"},
    )
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--format", "email", "--quiet"])
    assert result.exit_code == 0, result.output
    email = (tmp_path / "dist" / "good-email.txt").read_text()
    assert "deep" in email and email.count("ab") == MAX_JOINED
    assert sum(map(email.count, "\"'“”‘’")) == MAX_PARAGRAPH and "“" in email, (
        "the paragraph, typographic"
    )


def test_lines_and_words_are_counted_in_the_file():
    text = "One.\n\nTwo,\nthree " + "`a`b" * (MAX_JOINED + 1) + "\n\n- item"
    assert markdown.too_complex(text) == (
        4,
        (
            f"more than {MAX_JOINED} pieces of emphasis, links or code in one word: put "
            "spaces between them"
        ),
    )
    spaced = " ".join(["`a`b"] * (MAX_JOINED + 1))
    assert markdown.too_complex(spaced) is None, "with spaces, each piece is a word"
    cjk = "見".join(["*強調*"] * (MAX_JOINED + 1))
    assert markdown.too_complex(cjk) is None, "lines break between Chinese or Japanese characters"


def test_inline_text_is_parsed_a_paragraph_at_a_time():
    """As in `block`, emphasis does not run over a blank line (and the typographer is given one
    paragraph at a time, however many a field holds)."""
    assert markdown.inline("*a\n\nb*  *c*", "en") == "*a b* <em>c</em>"
    assert markdown.block("*a\n\nb*", "en") == "<p>*a</p>\n<p>b*</p>\n"


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("\\r", "Go\nod"),
        ("\\r\\n", "Go\nod"),
        ("\\N", "Go\nod"),
        ("\\L", "Go  \nod"),
        ("\\P", "Go\n\nod"),
    ],
)
def test_line_breaks_yaml_knows_are_read_as_markdown_line_breaks(tmp_path, written, read):
    """YAML's other line breaks (carriage return, next line, line and paragraph separators), as a
    paste or an escape puts them in: a new line; a line separator (Word's Shift+Enter) a hard line
    break, and a paragraph separator a blank line."""
    write_project(
        tmp_path, KIT.replace("A good kit.", f'"Go{written}od"'), {"kit/long.md": "Long."}
    )
    assert load_kit(tmp_path / "kit" / "presskit.yaml").kit.logline == read


@pytest.mark.parametrize("written", ["\\r", "\\N", "\\P"])
def test_a_title_with_a_pasted_line_break_gets_a_cover_on_one_line(tmp_path, written):
    write_project(
        tmp_path,
        KIT.replace("title: Good", f'title: "Good{written}Film"'),
        {"kit/long.md": "Long."},
    )
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--format", "epub", "--quiet"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "dist" / "good-film-press-kit.epub") as book:
        with book.open("EPUB/images/cover.jpg") as cover:
            assert Image.open(cover).size == COVER_SIZE
