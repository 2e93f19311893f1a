"""The mistakes publicists make when they write a kit by hand, each told in one line at the
file, line and column where it is, in plain words with the fix, and the previous build left
as it was."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic_core import PydanticCustomError

from conftest import digests, epub_files, jpeg
from presskit.cli import main
from presskit.errors import KitError
from presskit.kit import values
from presskit.kit.load import load_kit
from presskit.kit.mistakes import Located

KIT = """\
title: Good
logline: A good kit.
synopsis:
  short: S
  long: long.md
stills:
  - file: images/still-01.jpg
    caption: C
"""
GOOD = {
    "kit/presskit.yaml": KIT,
    "kit/long.md": "A long synopsis.\n",
    "kit/images/still-01.jpg": jpeg((900, 600)),
}
JARGON = ("mapping values", "block end", "token", "alias", "scalar", "YAML syntax")


def kit(extra: str) -> dict[str, str]:
    return {"kit/presskit.yaml": KIT + extra}


# (id, files written over the good project, the lines `presskit build` prints before its summary)
MISTAKES = [
    (
        "star",
        kit("tagline: *Les Heures bleues* is a film about ferries.\n"),
        [
            "kit/presskit.yaml:9:10: text that starts with `*` must be put in "
            'quotes: `tagline: "*Les Heures bleues* is a film about fer…"`'
        ],
    ),
    (
        "star-in-list",
        kit("genres:\n  - *Noir* drama\n"),
        [
            "kit/presskit.yaml:10:5: text that starts with `*` must be put in "
            'quotes: `- "*Noir* drama"`'
        ],
    ),
    (
        "ampersand",
        kit("tagline: &Co presents a film\n"),
        [
            "kit/presskit.yaml:9:10: tagline: text that starts with `&` must be put "
            'in quotes: `tagline: "&Co presents a film"`'
        ],
    ),
    (
        "exclamation",
        kit("tagline: !Wow, a film\n"),
        [
            "kit/presskit.yaml:9:10: tagline: text that starts with `!` must be put "
            'in quotes: `tagline: "!Wow, a film"`'
        ],
    ),
    (
        "double-quote-first",
        kit('tagline: "Wow" said the critic\n'),
        [
            'kit/presskit.yaml:9:10: text that starts with `"` must be put in '
            "quotes: `tagline: '\"Wow\" said the critic'`"
        ],
    ),
    (
        "single-quote-first",
        kit("tagline: 'Wow' said the critic\n"),
        [
            "kit/presskit.yaml:9:10: text that starts with `'` must be put in "
            "quotes: `tagline: \"'Wow' said the critic\"`"
        ],
    ),
    (
        "at-sign",
        kit("tagline: @ferryfilm on every screen\n"),
        [
            "kit/presskit.yaml:9:10: text that starts with `@` must be put in "
            'quotes: `tagline: "@ferryfilm on every screen"`'
        ],
    ),
    (
        "backtick",
        kit("tagline: `Ferry` the film\n"),
        [
            "kit/presskit.yaml:9:10: text that starts with `` ` `` must be put in "
            'quotes: `tagline: "`Ferry` the film"`'
        ],
    ),
    (
        "percent",
        kit("tagline: %100 ferry\n"),
        [
            "kit/presskit.yaml:9:10: text that starts with `%` must be put in "
            'quotes: `tagline: "%100 ferry"`'
        ],
    ),
    (
        "pipe",
        kit("tagline: | a film | about ferries\n"),
        [
            "kit/presskit.yaml:9:10: text that starts with `|` must be put in "
            'quotes: `tagline: "| a film | about ferries"`'
        ],
    ),
    (
        "greater-than",
        kit("tagline: > a film about ferries\n"),
        [
            "kit/presskit.yaml:9:10: text that starts with `>` must be put in "
            'quotes: `tagline: "> a film about ferries"`'
        ],
    ),
    (
        "bracket-first",
        kit("tagline: [Draft] a film\n"),
        [
            "kit/presskit.yaml:9:10: text that starts with `[` must be put in "
            'quotes: `tagline: "[Draft] a film"`'
        ],
    ),
    (
        "brace-first",
        kit("tagline: {Draft} a film\n"),
        [
            "kit/presskit.yaml:9:10: text that starts with `{` must be put in "
            'quotes: `tagline: "{Draft} a film"`'
        ],
    ),
    (
        "colon",
        kit("tagline: One rule: never look back.\n"),
        [
            "kit/presskit.yaml:9:18: a `: ` inside a text: put the value in quotes: "
            '`tagline: "One rule: never look back."`'
        ],
    ),
    (
        "colon-french",
        kit("tagline: Un jour : tout\n"),
        [
            "kit/presskit.yaml:9:18: a `: ` inside a text: put the value in quotes: "
            '`tagline: "Un jour : tout"`'
        ],
    ),
    (
        "colon-nested",
        kit("director:\n  name: D\n  bio: Born in 1980: studied in Lyon.\n"),
        [
            "kit/presskit.yaml:11:20: a `: ` inside a text: put the value in quotes: "
            '`bio: "Born in 1980: studied in Lyon."`'
        ],
    ),
    (
        "tab-indent",
        kit("director:\n\tname: D\n"),
        ["kit/presskit.yaml:10:1: a tab in the indentation: indent with spaces only"],
    ),
    (
        "tab-in-value",
        kit("tagline: Good\ttimes\n"),
        [
            "kit/presskit.yaml:9:14: a tab in the value: write a space instead, or "
            "put the value in quotes"
        ],
    ),
    (
        "tab-after-colon",
        kit("tagline:\tGood times\n"),
        [
            "kit/presskit.yaml:9:9: a tab in the value: write a space instead, or "
            "put the value in quotes"
        ],
    ),
    (
        "missing-colon",
        {"kit/presskit.yaml": KIT.replace("logline: A good kit.", "logline A good kit.")},
        ["kit/presskit.yaml:2:8: a `:` is missing after `logline`: write `logline: A good kit.`"],
    ),
    (
        "missing-colon-list",
        kit("cast:\n  - name Actor Name\n    role: R\n"),
        ["kit/presskit.yaml:10:9: a `:` is missing after `name`: write `name: Actor Name`"],
    ),
    (
        "missing-colon-group",
        kit("director:\n  name Director Name\n  bio: B\n"),
        ["kit/presskit.yaml:10:7: a `:` is missing after `name`: write `name: Director Name`"],
    ),
    (
        "missing-colon-last",
        kit("year 2026\n"),
        ["kit/presskit.yaml:9:5: a `:` is missing after `year`: write `year: 2026`"],
    ),
    (
        "indented-more",
        {"kit/presskit.yaml": KIT.replace("logline:", "  logline:")},
        [
            "kit/presskit.yaml:2:3: this line is indented more than the line above, "
            "so YAML reads it as part of that text: line it up with the keys above it"
        ],
    ),
    (
        "indented-between",
        {"kit/presskit.yaml": KIT.replace("  long: long.md", " long: long.md")},
        [
            "kit/presskit.yaml:5:2: this line is not lined up with the lines above: "
            "indent it as the other keys of its group, with spaces"
        ],
    ),
    (
        "list-where-key",
        kit("- Drama\n"),
        [
            "kit/presskit.yaml:9:1: a list item (`- `) where a `key: value` is "
            "expected: indent the list under its key"
        ],
    ),
    (
        "unclosed-double-quote",
        kit('tagline: "A film\n'),
        [
            'kit/presskit.yaml:9:10: the `"` that starts this text is never closed: '
            'end the text with `"`'
        ],
    ),
    (
        "unclosed-single-quote",
        {"kit/presskit.yaml": "title: 'Good\n" + KIT.split("\n", 1)[1]},
        [
            "kit/presskit.yaml:1:8: the `'` that starts this text is never closed: "
            "end the text with `'`"
        ],
    ),
    (
        "unclosed-bracket",
        kit("genres: [Drama, Comedy\n"),
        [
            "kit/presskit.yaml:9:9: the `[` here is never closed: end the list with "
            "`]` (or, if this is text, put it in quotes)"
        ],
    ),
    (
        "unclosed-brace",
        kit("cast:\n  - {name: A, role: B\n  - {name: C}\n"),
        [
            "kit/presskit.yaml:10:5: the `{` here is never closed: end it with `}`, "
            "or write one field a line"
        ],
    ),
    (
        "apostrophe-runs-on",
        {
            "kit/presskit.yaml": KIT.replace(
                "logline: A good kit.", "tagline: 'Tis the season\nlogline: It's good."
            )
        },
        [
            "kit/presskit.yaml:2:10: the text that starts with `'` here runs on to "
            'line 3: write it in the other quotes: `tagline: "\'Tis the season"`'
        ],
    ),
    (
        "comma-in-braces",
        kit("crew:\n  - {role: Editor, name: Camille Vasseur, Hugo Lenoir}\n"),
        [
            "kit/presskit.yaml:10:43: crew[0]: `Hugo Lenoir` reads as a field of its "
            "own, because a comma inside `{…}` separates fields: put the value in "
            'quotes, `name: "Camille Vasseur, Hugo Lenoir"`, or write one field a '
            "line"
        ],
    ),
    (
        "comma-in-quote-source",
        kit("quotes:\n  - {text: A film., source: Critic, Publication}\n"),
        [
            "kit/presskit.yaml:10:37: quotes[0]: `Publication` reads as a field of "
            "its own, because a comma inside `{…}` separates fields: put the value "
            'in quotes, `source: "Critic, Publication"`, or write one field a line'
        ],
    ),
    (
        "dash-without-space",
        kit("cast:\n  -name: A\n"),
        ["kit/presskit.yaml:10:3: cast: a list item needs a space after its `-`: write `- name:`"],
    ),
    (
        "case-differs",
        {"kit/presskit.yaml": KIT.replace("images/still-01.jpg", "images/Still-01.JPG")},
        [
            "kit/presskit.yaml:7: stills[0].file: file not found: "
            "kit/images/Still-01.JPG; did you mean `images/still-01.jpg`?"
        ],
    ),
    (
        "no-images-prefix",
        {"kit/presskit.yaml": KIT.replace("images/still-01.jpg", "still-01.jpg")},
        [
            "kit/presskit.yaml:7: stills[0].file: file not found: kit/still-01.jpg; "
            "did you mean `images/still-01.jpg`?"
        ],
    ),
    (
        "kit-prefix",
        {"kit/presskit.yaml": KIT.replace("images/still-01.jpg", "kit/images/still-01.jpg")},
        [
            "kit/presskit.yaml:7: stills[0].file: file not found: "
            "kit/kit/images/still-01.jpg; did you mean `images/still-01.jpg`?"
        ],
    ),
    (
        "images-twice",
        {"kit/presskit.yaml": KIT.replace("images/still-01.jpg", "images/images/still-01.jpg")},
        [
            "kit/presskit.yaml:7: stills[0].file: file not found: "
            "kit/images/images/still-01.jpg; did you mean `images/still-01.jpg`?"
        ],
    ),
    (
        "markdown-control",
        {"kit/long.md": "First line.\nSecond \x0c line.\n"},
        [
            "kit/long.md:2: synopsis.long: contains a control character (U+000C) "
            "that documents cannot hold: remove it"
        ],
    ),
    (
        "markdown-latin-1",
        {"kit/long.md": "Line one.\nCafé crème.\n".encode("latin-1")},
        ["kit/long.md:2: synopsis.long: not UTF-8 text: save the file as UTF-8"],
    ),
]


def write(root: Path, files: dict) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


@pytest.fixture(scope="module")
def good_dist(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("good") / "project"
    write(project, GOOD)
    result = CliRunner().invoke(main, ["build", str(project), "--quiet", "--format", "epub"])
    assert result.exit_code == 0, result.output
    return project / "dist"


@pytest.mark.parametrize(
    ("files", "expected"), [row[1:] for row in MISTAKES], ids=[row[0] for row in MISTAKES]
)
def test_a_mistake_is_one_line_at_its_place(tmp_path, monkeypatch, good_dist, files, expected):
    project = tmp_path / "project"
    write(project, GOOD)
    shutil.copytree(good_dist, project / "dist")
    before = digests(project / "dist")
    write(project, files)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "--format", "epub"])
    assert result.exit_code == 1, result.output
    count = len(expected)
    assert result.stderr.splitlines() == [
        *expected,
        f"presskit: {count} problem{'s' * (count != 1)}; nothing was written.",
    ]
    assert digests(project / "dist") == before
    assert not any(word in result.stderr for word in JARGON)


def test_the_table_holds_forty_mistakes_and_each_yaml_one_has_a_column():
    assert len(MISTAKES) >= 40
    yaml_mistakes = [
        row for row in MISTAKES if "did you mean" not in row[2][0] and ".md:" not in row[2][0]
    ]
    assert all(line.split(":")[2].isdigit() for _, _, lines in yaml_mistakes for line in lines)


def problems_of(tmp_path: Path, files: dict) -> list[Located]:
    write(tmp_path, {**GOOD, **files})
    with pytest.raises(KitError) as caught:
        load_kit(tmp_path / "kit" / "presskit.yaml")
    return caught.value.problems


def test_a_located_problem_carries_its_column_apart(tmp_path, monkeypatch):
    """What the table prints is the problem's own file, line, column and field."""
    monkeypatch.chdir(tmp_path)
    [problem] = problems_of(
        tmp_path, kit("crew:\n  - {role: Editor, name: Camille Vasseur, Hugo Lenoir}\n")
    )
    assert (problem.file, problem.line, problem.column, problem.field) == (
        "kit/presskit.yaml",
        10,
        43,
        "crew[0]",
    )


def test_text_cut_at_a_hash_is_a_warning_at_the_hash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path,
        {
            **GOOD,
            **kit(
                "tagline: The #1 film about ferries.\nruntime: 90   # minutes\nyear: 2026  # done\n"
            ),
        },
    )
    loaded = load_kit(tmp_path / "kit" / "presskit.yaml")
    assert loaded.kit.tagline == "The"
    assert [str(w) for w in loaded.warnings] == [
        "kit/presskit.yaml:9:14: warning: tagline: the text after ` #` was read as a "
        "note and left out: "
        'put the whole value in quotes: `tagline: "The #1 film about ferries."`'
    ]


def test_a_hash_after_two_spaces_is_a_note(tmp_path, monkeypatch):
    """As in the starter: `lang: en   # language…` warns of nothing."""
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path,
        {
            **GOOD,
            **kit(
                "lang: en                # the kit's language\ncopyright: © 2026 Films   # note\n"
            ),
        },
    )
    loaded = load_kit(tmp_path / "kit" / "presskit.yaml")
    assert (loaded.kit.lang, loaded.warnings) == ("en", ())
    assert loaded.kit.copyright == "© 2026 Films"


def test_running_inside_the_kit_folder_is_explained(tmp_path, monkeypatch):
    write(tmp_path, GOOD)
    monkeypatch.chdir(tmp_path / "kit")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "kit/presskit.yaml: no such file: this folder is the kit folder itself (it "
        "holds presskit.yaml): "
        "run presskit from the folder above it (cd ..)"
    )
    assert not (tmp_path / "kit" / "dist").exists()


def test_pasted_breaks_become_breaks(tmp_path, monkeypatch):
    """Word's line separator, paragraph separator and Shift+Enter (U+000B), in YAML and in a .md
    file: line numbers after them stay the editor's."""
    monkeypatch.chdir(tmp_path)
    files = {
        "kit/presskit.yaml": KIT.replace("short: S", "short: One\u2028two\u2029three\x0bfour")
        + "year: 2026\nruntme: 1\n",
        "kit/long.md": "First\x0bline.\u2029Second paragraph.\n",
    }
    [problem] = problems_of(tmp_path, files)
    assert str(problem) == "kit/presskit.yaml:10: runtme: unknown key; did you mean `runtime`?"
    files["kit/presskit.yaml"] = files["kit/presskit.yaml"].replace("runtme: 1\n", "")
    write(tmp_path, files)
    synopsis = load_kit(tmp_path / "kit" / "presskit.yaml").kit.synopsis
    assert (synopsis.short, synopsis.long) == (
        "One  \ntwo\n\nthree  \nfour",
        "First  \nline.\n\nSecond paragraph.",
    )
    result = CliRunner().invoke(main, ["build", "--format", "epub", "--quiet"])
    assert result.exit_code == 0, result.output
    book = epub_files(tmp_path / "dist" / "good-press-kit.epub")["EPUB/synopsis.xhtml"].decode(
        "utf-8"
    )
    assert "<p>One<br/>\ntwo</p>\n<p>three<br/>\nfour</p>" in book
    assert "<p>First<br/>\nline.</p>\n<p>Second paragraph.</p>" in book
    assert not any(c in book for c in "\u2028\u2029\x0b")


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("Fähr\u00admann", "Fähr\u00admann"),
        ("\u00adFerry\u00ad", "Ferry"),
        ("long\u200bword", "long\u200bword"),
        ("\u200bCamille \u200bVasseur\u200b", "Camille Vasseur"),
        ("Ferry\ufeff film", "Ferry film"),
    ],
    ids=[
        "soft-hyphen-inside",
        "soft-hyphen-at-ends",
        "zwsp-inside",
        "zwsp-beside-spaces",
        "bom-inside",
    ],
)
def test_invisible_marks_are_kept_only_inside_words(tmp_path, written, kept):
    write(tmp_path, {**GOOD, **kit(f'tagline: "{written}"\n')})
    assert load_kit(tmp_path / "kit" / "presskit.yaml").kit.tagline == kept


class Context:
    """What validation passes a field: the kit's language."""

    def __init__(self, lang: str):
        self.context = {"lang": lang}


@pytest.mark.parametrize(("lang", "written", "day"), [
    ("en", "2026-05-21", dt.date(2026, 5, 21)),
    ("en", "21 May 2026", dt.date(2026, 5, 21)),
    ("en", "May 21, 2026", dt.date(2026, 5, 21)),
    ("fr", "21 mai 2026", dt.date(2026, 5, 21)),
    ("fr", "jeudi 1er mai 2026", dt.date(2026, 5, 1)),
    ("fr", "21 févr. 2026", dt.date(2026, 2, 21)),
    ("de", "21. Mai 2026", dt.date(2026, 5, 21)),
    ("es", "21 de mayo de 2026", dt.date(2026, 5, 21)),
    ("es", "3 mar 2026", dt.date(2026, 3, 3)),
    ("it", "21 maggio 2026", dt.date(2026, 5, 21)),
    ("fr", "21 May 2026", dt.date(2026, 5, 21)),
    ("en", "21/05/2026", dt.date(2026, 5, 21)),
    ("de", "21.05.2026", dt.date(2026, 5, 21)),
    ("en", "05/05/2026", dt.date(2026, 5, 5)),
])
def test_dates_as_publicists_write_them(lang, written, day):
    assert values.written_date(written, Context(lang)) == day


@pytest.mark.parametrize(
    ("lang", "written", "message"),
    [
        (
            "en",
            "05/06/2026",
            "'05/06/2026' could be 5 June 2026 or 6 May 2026: write it as 2026-06-05 or 2026-05-06",
        ),
        (
            "fr",
            "05/06/2026",
            "'05/06/2026' could be 5 juin 2026 or 6 mai 2026: write it as 2026-06-05 or 2026-05-06",
        ),
        (
            "fr",
            "soon",
            "write the date as year-month-day, such as 2026-05-21, or as 21 mai 2026, got 'soon'",
        ),
        (
            "de",
            "2024-02-30",
            (
                "write the date as year-month-day, such as 2026-05-21, or as 21. Mai "
                "2026, got '2024-02-30'"
            ),
        ),
        (
            "en",
            "13/13/2026",
            (
                "write the date as year-month-day, such as 2026-05-21, or as 21 May "
                "2026, got '13/13/2026'"
            ),
        ),
        (
            "en",
            "21 Mai 2026",
            (
                "write the date as year-month-day, such as 2026-05-21, or as 21 May "
                "2026, got '21 Mai 2026'"
            ),
        ),
    ],
)
def test_a_date_that_could_be_misread_is_refused(lang, written, message):
    with pytest.raises(PydanticCustomError) as caught:
        values.written_date(written, Context(lang))
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("written", "minutes"),
    [
        ("97", 97),
        ("97 min", 97),
        ("97 minutes", 97),
        ("97'", 97),
        ("1h37", 97),
        ("1 h 37 min", 97),
        ("1:37", 97),
        ("2h", 120),
        ("1 Std. 37 Min.", 97),
        ("97 Minuten", 97),
        ("1 ora 37 minuti", 97),
        (97, 97),
    ],
)
def test_running_times_as_publicists_write_them(written, minutes):
    assert values.minutes(written) == minutes


@pytest.mark.parametrize("written", ["long", "1h70", "1:7", "ninety"])
def test_a_running_time_that_cannot_be_read_says_how_to_write_it(written):
    with pytest.raises(PydanticCustomError) as caught:
        values.minutes(written)
    assert str(caught.value) == (
        "write the running time in minutes, such as 97, or as hours and minutes, "
        f"such as 1h37, got '{written}'"
    )


@pytest.mark.parametrize(("written", "address"), [
    ("www.example.org", "https://www.example.org"),
    ("example.org/press", "https://example.org/press"),
    ("\u200bwww.example.org/kit", "https://www.example.org/kit"),
    ("http://example.org", "http://example.org"),
    ("javascript:alert(1)", "javascript:alert(1)"),
    ("localhost:8000", "localhost:8000"),
])
def test_a_web_address_without_its_scheme_is_https(written, address):
    assert values.bare_address(written) == address


@pytest.mark.parametrize(("written", "address"), [
    ("mailto:sophie@example.org", "sophie@example.org"),
    ("MAILTO: sophie@example.org", "sophie@example.org"),
    ("<sophie@example.org>", "sophie@example.org"),
    ("sophie@example.org\u200b", "sophie@example.org"),
])
def test_mailto_in_an_email_field_is_dropped(written, address):
    assert values.mail_address(written) == address


# Needs model.py to use values.Date, values.Runtime, values.WebUrl and values.Email (the diff in
# the report): (id, files written over the good project, the lines `presskit build` prints).
NEEDS_MODEL_HOOK = [
    (
        "date-ambiguous",
        kit("screenings:\n  - festival: F\n    date: 05/06/2026\n"),
        [
            "kit/presskit.yaml:11: screenings[0].date: '05/06/2026' could be 5 June "
            "2026 or 6 May 2026: write it as 2026-06-05 or 2026-05-06"
        ],
    ),
    (
        "date-unreadable",
        kit("screenings:\n  - festival: F\n    date: next Friday\n"),
        [
            "kit/presskit.yaml:11: screenings[0].date: write the date as "
            "year-month-day, such as 2026-05-21, or as 21 May 2026, got 'next Friday'"
        ],
    ),
    (
        "date-not-in-calendar",
        kit("lang: fr\nscreenings:\n  - festival: F\n    date: 30 février 2026\n"),
        [
            "kit/presskit.yaml:12: screenings[0].date: write the date as "
            "year-month-day, such as 2026-05-21, or as 21 mai 2026, got '30 février "
            "2026'"
        ],
    ),
    (
        "runtime-unreadable",
        kit("runtime: about 90\n"),
        [
            "kit/presskit.yaml:9: runtime: write the running time in minutes, such "
            "as 97, or as hours and minutes, such as 1h37, got 'about 90'"
        ],
    ),
    (
        "runtime-zero",
        kit("runtime: 0 min\n"),
        ["kit/presskit.yaml:9: runtime: input should be greater than 0, got '0 min'"],
    ),
    (
        "email-mailto-only",
        kit("contacts:\n  - name: N\n    email: 'mailto:'\n"),
        ["kit/presskit.yaml:11: contacts[0].email: not an e-mail address: ''"],
    ),
]


@pytest.mark.parametrize(
    ("files", "expected"),
    [row[1:] for row in NEEDS_MODEL_HOOK],
    ids=[row[0] for row in NEEDS_MODEL_HOOK],
)
def test_model_hook_value_mistakes(tmp_path, monkeypatch, good_dist, files, expected):
    test_a_mistake_is_one_line_at_its_place(tmp_path, monkeypatch, good_dist, files, expected)


def test_model_hook_values_as_written(tmp_path):
    extra = (
        "lang: fr\nruntime: 1h37\nsite_url: www.example.org\nscreenings:\n"
        "  - festival: F\n    date: 21 mai 2026\n  - festival: G\n    date: 21/05/2026\n"
        "contacts:\n  - name: Sophie\n    email: mailto:sophie@example.org\n"
        "    website: example.org/press\n"
    )
    write(tmp_path, {**GOOD, **kit(extra)})
    loaded = load_kit(tmp_path / "kit" / "presskit.yaml").kit
    assert (loaded.runtime, loaded.site_url) == (97, "https://www.example.org")
    assert [s.date for s in loaded.screenings] == [dt.date(2026, 5, 21)] * 2
    assert (loaded.contacts[0].email, loaded.contacts[0].website) == ("sophie@example.org", "https://example.org/press")
