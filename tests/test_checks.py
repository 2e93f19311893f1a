"""Preflight: each rule fires on a kit that breaks it, and the example kit passes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from conftest import KITS, ROOT, copied, encoded, jpeg, write_project
from presskit.build import check
from presskit.cli import main
from presskit.errors import KitError
from presskit.kit.starter import LANGUAGES, create_project

BASE = "title: T\nlogline: A short logline.\nsynopsis: {short: S}\n"




def warnings(tmp_path, kit_yaml: str, files: dict | None = None) -> list[str]:
    return [
        str(problem).removeprefix(f"{tmp_path}/")
        for problem in check(write_project(tmp_path, kit_yaml, files))
    ]


def test_the_example_kit_is_ready_but_for_its_placeholder_addresses(tmp_path, monkeypatch):
    """Its contacts, links and companies are placeholders at example.org (see the README)."""
    monkeypatch.chdir(copied(ROOT, tmp_path / "anora"))
    found = [str(w) for w in check(Path("."))]
    placeholder = re.compile(
        r"kit/presskit.yaml:\d+: warning: [\w.\[\]]+: \S+ is a placeholder address "
        r"\(example.org is for examples\): write the real one"
    )
    assert [w for w in found if not placeholder.fullmatch(w)] == [CALENDAR_NOTE]
    assert len(found) == 10
    assert check(copied(KITS / "minimal", tmp_path / "minimal")) == []


CALENDAR_NOTE = (
    "kit/presskit.yaml:8: note: site_url: not set: the calendar's events link no web page, as a "
    "calendar cannot follow a relative address; add the address the web page will be published "
    "at (https://…)"
)


def test_a_calendar_without_site_url_is_a_note(tmp_path):
    """Its events link no web page (a calendar cannot follow the page's relative address): a
    note, which --strict lets pass, as the calendar is whole without it."""
    screenings = "screenings:\n  - {festival: F, date: 2026-02-14, kind: press}\n"
    project = write_project(tmp_path / "without", BASE + screenings)
    result = CliRunner().invoke(main, ["check", "--strict", str(project)])
    assert (result.exit_code, result.stderr, result.stdout) == (
        0,
        f"{project}/{CALENDAR_NOTE.replace(':8:', ':1:')}\n",
        "presskit: the kit is ready: no problems found.\n",
    )
    address = "site_url: https://press.t.film/t\n"
    assert check(write_project(tmp_path / "with", BASE + address + screenings)) == []
    public = write_project(tmp_path / "public", BASE + "public: true\n" + screenings)
    # the public calendar lists no press screening: it is not made; the web page warns alone
    assert [(p.severity, p.field) for p in check(public)] == [("warning", "site_url")]


def test_stills_need_a_caption_or_alt_text_and_a_credit(tmp_path):
    """The caption stands in for alt text (as the README says): a still with one of them is fine."""
    stills = (
        "stills:\n  - file: a.jpg\n  - {file: b.jpg, caption: C, credit: P}\n"
        "  - {file: c.jpg, alt: A, credit: P}\n"
    )
    files = {
        f"kit/{name}.jpg": jpeg((3000, 2000), color)
        for name, color in (("a", "red"), ("b", "green"), ("c", "blue"))
    }
    assert warnings(tmp_path, BASE + stills, files) == [
        (
            "kit/presskit.yaml:5: warning: stills[0].caption: missing: picture desks "
            "need a caption (it also describes the picture for readers who cannot see it)"
        ),
        (
            "kit/presskit.yaml:5: warning: stills[0].credit: missing: picture desks need "
            "a photo credit (or the kit a `copyright:` notice)"
        ),
    ]


CREDITLESS = (
    "key_art: poster.jpg\n"
    "director: {name: D, photo: d.jpg}\n"
    "cast:\n  - {name: C, photo: c.jpg, photo_credit: Jane Doe}\n  - {name: E, photo: e.jpg}\n"
    "stills:\n  - {file: s.jpg, caption: C, alt: A, copyright: © 2024 S}\n"
)
CREDITLESS_FILES = {
    f"kit/{name}": jpeg((3000, 2000)) for name in ("poster.jpg", "d.jpg", "c.jpg", "e.jpg", "s.jpg")
}
NEED_CREDIT = "missing: picture desks need a photo credit (or the kit a `copyright:` notice)"


def test_key_art_and_portraits_need_a_credit_or_a_copyright(tmp_path):
    found = warnings(tmp_path, BASE + CREDITLESS, CREDITLESS_FILES)
    assert found == [
        f"kit/presskit.yaml:4: warning: key_art.credit: {NEED_CREDIT}",
        f"kit/presskit.yaml:5: warning: director.photo_credit: {NEED_CREDIT}",
        f"kit/presskit.yaml:8: warning: cast[1].photo_credit: {NEED_CREDIT}",
    ]


def test_a_default_copyright_credits_every_picture(tmp_path):
    assert (
        warnings(
            tmp_path, BASE + CREDITLESS + "copyright: © 2024 Example Films\n", CREDITLESS_FILES
        )
        == []
    )


def test_long_texts_against_configurable_limits(tmp_path):
    kit_yaml = (
        "title: T\nlogline: One two three four five six.\nsynopsis:\n  short: "
        + "word " * 151
        + "\npreflight: {logline_words: 5}\n"
    )
    assert warnings(tmp_path, kit_yaml) == [
        (
            "kit/presskit.yaml:2: warning: logline: 6 words, more than 5 (festival "
            "guides ask for short texts; the limit is preflight.logline_words)"
        ),
        (
            "kit/presskit.yaml:4: warning: synopsis.short: 151 words, more than 150 "
            "(festival guides ask for short texts; the limit is "
            "preflight.short_synopsis_words)"
        ),
    ]


def test_the_same_picture_twice(tmp_path):
    still = jpeg((3000, 2000))
    stills = "".join(
        f"  - {{file: {name}, caption: C, credit: P, alt: A}}\n"
        for name in ("a.jpg", "b.jpg", "a.jpg")
    )
    found = warnings(
        tmp_path, BASE + "stills:\n" + stills, {"kit/a.jpg": still, "kit/b.jpg": still}
    )
    assert found == [
        "kit/presskit.yaml:6: warning: stills[1].file: the same picture as stills[0]",
        "kit/presskit.yaml:7: warning: stills[2].file: the same picture as stills[0]",
    ]


def test_print_resolution_below_300_ppi(tmp_path):
    kit_yaml = BASE + (
        "key_art: {file: poster.jpg, credit: P}\nstills:\n"
        "  - {file: small.jpg, caption: C, credit: P, alt: A}\n"
    )
    [found] = warnings(
        tmp_path,
        kit_yaml,
        {"kit/poster.jpg": jpeg((2000, 3000)), "kit/small.jpg": jpeg((600, 400))},
    )
    ppi = int(re.search(r"at (\d+) ppi", found)[1])
    assert found == (
        f"kit/presskit.yaml:6: warning: stills[0].file: small.jpg prints at {ppi} ppi "
        "in the print edition; 300 ppi is needed"
    )
    assert 190 < ppi < 210, "600 pixels across a still half the 6.2-inch text width: 3 inches"


def test_an_email_budget_that_cannot_be_met_is_an_error(tmp_path):
    project = write_project(tmp_path, BASE + "email_max_mb: 0.01\n")
    with pytest.raises(KitError) as caught:
        check(project)
    assert [p.field for p in caught.value.problems] == ["email_max_mb"]


def test_check_command_and_strict(tmp_path):
    project = write_project(
        tmp_path,
        BASE + "stills:\n  - {file: a.jpg, caption: C, alt: A}\n",
        {"kit/a.jpg": jpeg((3000, 2000))},
    )
    relaxed = CliRunner().invoke(main, ["check", str(project)])
    assert relaxed.exit_code == 0
    assert relaxed.stderr.splitlines() == [
        (
            f"{project}/kit/presskit.yaml:5: warning: stills[0].credit: missing: picture "
            "desks need a photo credit (or the kit a `copyright:` notice)"
        ),
        "presskit: 1 warning.",
    ]
    assert CliRunner().invoke(main, ["check", str(project), "--strict"]).exit_code == 1
    ready = CliRunner().invoke(main, ["check", str(copied(KITS / "minimal", tmp_path))])
    assert (ready.exit_code, ready.stdout) == (
        0,
        "presskit: the kit is ready: no problems found.\n",
    )
    assert not (project / "dist").exists()


def test_build_reports_warnings_and_goes_on(tmp_path):
    project = write_project(
        tmp_path,
        BASE + "stills:\n  - {file: a.jpg, caption: C, alt: A}\n",
        {"kit/a.jpg": jpeg((3000, 2000))},
    )
    result = CliRunner().invoke(main, ["build", str(project), "--format", "pdf"])
    assert result.exit_code == 0
    assert "warning: stills[0].credit: missing" in result.stderr
    assert (project / "dist" / "t-press-kit.pdf").exists()


def test_funders_logos_and_laurels_are_checked_in_the_print_layout(tmp_path):
    """A funder without its logo or credit line, a logo or laurel artwork under 300 ppi where it
    is printed: warnings. A logo printed narrower than its funder allows: an error, with both
    widths, and the check fails with every warning beside it."""
    kit = BASE + (
        "funders:\n  - name: Small Fund\n    logo: small.png\n"
        "    logo_min_width_mm: 40\n  - {name: Bare Fund}\n"
        "selections:\n  - {festival: F, year: 2025, laurel: laurel.png}\n"
    )
    png = {
        "kit/small.png": encoded(Image.new("RGBA", (100, 25), "navy"), "PNG"),
        "kit/laurel.png": encoded(Image.new("RGBA", (120, 80), "gold"), "PNG"),
    }
    with pytest.raises(KitError) as found:
        check(write_project(tmp_path, kit, png))
    assert [str(problem).removeprefix(f"{tmp_path}/") for problem in found.value.problems] == [
        (
            "kit/presskit.yaml:5: warning: funders[0].credit: missing: the funding "
            "contract of Small Fund likely requires its credit line, in the contract's "
            "words, in the press kit"
        ),
        (
            "kit/presskit.yaml:6: warning: funders[0].logo: small.png prints at 96 ppi "
            "in the print edition; 300 ppi is needed; ask for an SVG or a larger PNG"
        ),
        (
            "kit/presskit.yaml:7: funders[0].logo_min_width_mm: small.png is printed "
            "26.5 mm wide in the print edition, narrower than the 40 mm allowed: use a "
            "version of the logo without blank space around it, or print it larger in "
            "templates/"
        ),
        (
            "kit/presskit.yaml:8: warning: funders[1].credit: missing: the funding "
            "contract of Bare Fund likely requires its credit line, in the contract's "
            "words, in the press kit"
        ),
        (
            "kit/presskit.yaml:8: warning: funders[1].logo: missing: the funding "
            "contract of Bare Fund likely requires its logo in the press kit"
        ),
        (
            "kit/presskit.yaml:10: warning: selections[0].laurel: laurel.png prints at "
            "127 ppi in the print edition; 300 ppi is needed; ask for an SVG or a larger "
            "PNG"
        ),
    ]


def test_an_svg_logo_wide_enough_passes(tmp_path):
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 80"><rect width="300" '
        'height="80" fill="navy"/></svg>'
    )
    kit = BASE + (
        "funders:\n  - {name: Fund, credit: With the Fund, logo: fund.svg, logo_min_width_mm: 25}\n"
    )
    assert warnings(tmp_path, kit, {"kit/fund.svg": svg}) == []


SAMPLE = "still the starter's sample text: write the film's own"
STARTER_WARNINGS = [
    ("14", "tagline", SAMPLE),
    ("15", "logline", SAMPLE),
    ("21", "countries[0]", SAMPLE),
    ("23", "languages[0]", SAMPLE),
    ("45", "synopsis.short", SAMPLE),
    ("46", "synopsis.long", SAMPLE),
    ("49", "director.name", SAMPLE),
    ("51", "director.bio", SAMPLE),
    ("52", "director.statement", SAMPLE),
    ("55", "director.filmography[0].title", SAMPLE),
    ("58", "cast[0].name", SAMPLE),
    ("59", "cast[0].role", SAMPLE),
    ("63", "cast[1].name", SAMPLE),
    ("64", "cast[1].role", SAMPLE),
    ("68", "crew[0].name", SAMPLE),
    ("71", "crew[1].name", SAMPLE),
    ("90", "sections[0].body", SAMPLE),
    ("137", "contacts[0].name", SAMPLE),
    ("138", "contacts[0].company", SAMPLE),
    (
        "139",
        "contacts[0].email",
        (
            "press@example.org is a placeholder address (example.org is for examples): "
            "write the real one"
        ),
    ),
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_untouched_starter_is_not_ready(tmp_path, lang):
    """Every sample text of the starter, in each of its languages, until it is replaced."""
    create_project(tmp_path / "film", "Film", lang=lang)
    found = [str(w).removeprefix(f"{tmp_path}/film/") for w in check(tmp_path / "film")]
    assert found == [
        f"kit/presskit.yaml:{line}: warning: {field}: {why}"
        for line, field, why in STARTER_WARNINGS
    ]
    kit = tmp_path / "film" / "kit" / "presskit.yaml"
    text = kit.read_text(encoding="utf-8")
    tagline = next(line for line in text.splitlines() if line.startswith("tagline:"))
    kit.write_text(
        text.replace(tagline, "tagline: Ein Sommer, zwei Fähren.").replace(
            "press@example.org", "presse@heures.fr"
        )
    )
    left = [str(w).removeprefix(f"{tmp_path}/film/") for w in check(tmp_path / "film")]
    assert len(left) == len(STARTER_WARNINGS) - 2 and not any(
        ":14:" in w or ":139:" in w for w in left
    )


def test_a_character_no_font_has_is_a_warning_where_the_kit_says_it(tmp_path):
    """WeasyPrint prints it as a box (.notdef) and logs only the character: the warning names
    the file, line and field it came from, in the YAML or in a .md file."""
    kit = BASE.replace("{short: S}", "{short: short.md}") + 'tagline: "Box \\U00010600 here"\n'
    kit += 'specs: {colour: "Colour \\U00010601"}\n'
    project = write_project(
        tmp_path, kit, {"kit/short.md": "First line.\n\nSecond with \U00013000 in it.\n"}
    )
    result = CliRunner().invoke(main, ["build", str(project), "--format", "pdf"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        (
            f"{project}/kit/presskit.yaml:4: warning: tagline: U+10600 (LINEAR A SIGN "
            "AB001) is in none of the fonts, so it prints as a box: remove it or replace "
            "it"
        ),
        (
            f"{project}/kit/presskit.yaml:5: warning: specs.colour: U+10601 (LINEAR A "
            "SIGN AB002) is in none of the fonts, so it prints as a box: remove it or "
            "replace it"
        ),
        (
            f"{project}/kit/short.md:3: warning: synopsis.short: U+13000 (EGYPTIAN "
            "HIEROGLYPH A001) is in none of the fonts, so it prints as a box: remove it "
            "or replace it"
        ),
        "presskit: 3 warnings.",
    ]


def test_warnings_are_sorted_by_file_and_line(tmp_path):
    """The rules find them in their own order (credits before lengths before resolution)."""
    kit = (
        BASE + "stills:\n  - {file: b.jpg, caption: C}\n  - {file: a.jpg, caption: C, credit: P}\n"
    )
    kit += "preflight: {logline_words: 1}\n"
    files = {"kit/a.jpg": jpeg((600, 400)), "kit/b.jpg": jpeg((3000, 2000), "red")}
    assert [
        w.split(": warning: ")[0] + " " + w.split(": ")[2] for w in warnings(tmp_path, kit, files)
    ] == [
        "kit/presskit.yaml:2 logline",
        "kit/presskit.yaml:5 stills[0].credit",
        "kit/presskit.yaml:6 stills[1].file",
    ]
