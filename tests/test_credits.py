"""Credits, funders, selections, laurels and QR codes, read back from every edition.

The kit in tests/kits/credits has six logos (SVG and PNG), five laurels (one with the
festival's own artwork), a crew whose roles are written in five languages, an interview, a
trailer and a link with a QR code; every name in it is invented.
"""

from __future__ import annotations

import functools
import html
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import (
    KITS,
    ROOT,
    built,
    encoded,
    epub_problems,
    pages_ending_with_a_heading,
    underfilled,
    write_project,
)
from presskit.build import build
from presskit.errors import KitError
from presskit.kit.laurels import laurels
from presskit.kit.load import load_kit
from presskit.kit.roles import BILLED_COMPANIES, ON_THE_BLOCK, role_of
from presskit.render.credits import credits
from presskit.render.graphics import WREATH, graphics
from presskit.render.theme import Theme

TRAILER = "https://example.org/frozen-sea/trailer?lang=en"
SCREENER = "https://example.org/frozen-sea/screener"
FUNDER_CREDITS = (
    "With the support of the Placeholder Fund",
    "Supported by the Second Placeholder Fund’s invented programme",
)


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    project = shutil.copytree(KITS / "credits", tmp_path_factory.mktemp("project") / "frozen")
    return built(tmp_path_factory, project, "frozen")


def words(text: str) -> str:
    return " ".join(text.split())


@functools.cache
def page_texts(pdf: Path) -> tuple[str, ...]:
    """Each page's text as pypdf extracts it, once for the tests that read the same PDF."""
    return tuple(page.extract_text() for page in PdfReader(pdf).pages)


def site_text(frozen: dict[str, Path]) -> str:
    return (frozen["site"] / "index.html").read_text(encoding="utf-8")


def epub_file(frozen: dict[str, Path], name: str) -> str:
    return zipfile.ZipFile(frozen["epub"]).read(f"EPUB/{name}").decode("utf-8")


def test_the_credits_chapter_is_in_the_pdf_outline_and_the_epub_navigation(frozen):
    assert [item.title for item in PdfReader(frozen["pdf"]).outline] == [
        "Contents",
        "Synopsis",
        "Cast",
        "Crew",
        "Interview with Dana Placeholder",
        "Technical specifications",
        "Credits",
        "Festivals and awards",
        "Links",
    ]
    assert '<a href="credits.xhtml">Credits</a>' in epub_file(frozen, "nav.xhtml")
    assert "<navLabel>\n        <text>Credits</text>" in epub_file(frozen, "toc.ncx")


@pytest.mark.parametrize("edition", ["pdf", "print"])
def test_every_funders_credit_line_is_in_the_pdf(frozen, edition):
    text = words(" ".join(page_texts(frozen[edition])))
    for credit in FUNDER_CREDITS:
        assert credit in text


def test_every_funders_credit_line_and_logo_is_in_the_epub_and_on_the_web_page(frozen):
    chapter, page = epub_file(frozen, "credits.xhtml"), site_text(frozen)
    assert "With the support of the <strong>Placeholder Fund</strong>" in chapter
    assert "With the support of the <strong>Placeholder Fund</strong>" in page
    assert FUNDER_CREDITS[1] in chapter and FUNDER_CREDITS[1] in page
    for name in ("Placeholder Fund", "Second Placeholder Fund"):
        assert f'alt="Logo of {name}"' in chapter
    for name in ("Example Presents", "North Pictures", "South Film", "East Coproductions"):
        assert page.count(f'alt="Logo of {name}"') == 1  # in the strip under the title
    for name in ("Placeholder Fund", "Second Placeholder Fund"):
        assert page.count(f'alt="Logo of {name}"') == 2  # and beside the fund's credit


def test_the_billing_block_is_on_the_last_page_in_billing_order(frozen):
    last = words(page_texts(frozen["pdf"])[-1])
    block = [
        "EXAMPLE PRESENTS PRESENTS",
        "A NORTH PICTURES AND SOUTH FILM PRODUCTION",
        "IN CO-PRODUCTION WITH EAST COPRODUCTIONS",
        "THE FROZEN SEA",
        "WITH ADA EXAMPLE AND BERIT SAMPLE",
        "CASTING JAY FACES",
        "MUSIC KIM TUNE",
        "COSTUME DESIGNER LOU CLOTH",
        "EDITOR FAY CUTTER",
        "PRODUCTION DESIGNER MAX SET",
        "DIRECTOR OF PHOTOGRAPHY CARL INVENTED",
        "EXECUTIVE PRODUCER IVY BOARD",
        "PRODUCERS GUS MONEY, HAL BUDGET",
        "SCREENPLAY DANA PLACEHOLDER",
        "DIRECTOR DANA PLACEHOLDER",
    ]
    assert last.startswith(" ".join(block))


NAMES = """\
title: The Salt / Road
logline: Two ferrymen cross a salt lake that is a road half the year.
synopsis: {short: Two ferrymen cross a salt lake that is a road half the year.}
cast:
  - {name: Paulette Rigaud-Sommer, role: Ines}
  - {name: Ludwig van der Berg, role: The ferryman}
  - {name: Jean de La Fontaine, role: The fabulist}
  - {name: Анна Каренина-Вронская, role: Anna}
  - {name: 山田花子, role: Hanako}
  - {name: Mary-Kate O'Brien-Ó Súilleabháin, role: Mary}
crew:
  - {role: Director, name: Jean-Baptiste Ōkawa-Lindqvist}
  - {role: Screenplay, name: 黒澤明}
  - {role: Producer, name: María José de la Cruz}
  - {role: Producer, name: Николай Римский-Корсаков}
  - {role: Editor, name: Paulette Rigaud-Sommer}
  - {role: Director of photography, name: Vincent van der Wal-Ten Boom}
  - {role: Music, name: Hildur Guðnadóttir}
companies:
  - {name: Les Films du Lendemain-Bis, role: production}
  - {name: Студия Сфера, role: co-production}
"""


def billing_lines(pdf: Path) -> tuple[float, list[tuple[str, float]]]:
    """The width of the last page, and its lines of text as poppler's pdftotext places their
    words (words whose middles are within 3 pt of a line's height join it): each line's text
    and the middle of its width."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(len(PdfReader(pdf).pages)), pdf, "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes)[1])
    lines: list[list[tuple[float, float, float, str]]] = []
    for x0, y0, x1, y1, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', boxes
    ):
        middle = (float(y0) + float(y1)) / 2
        line = next((line for line in lines if abs(line[0][0] - middle) < 3), None)
        if line is None:
            lines.append(line := [])
        line.append((middle, float(x0), float(x1), html.unescape(word)))
    return width, [
        (" ".join(w[3] for w in sorted(line, key=lambda w: w[1])),
         (min(w[1] for w in line) + max(w[2] for w in line)) / 2)
        for line in lines
    ]


def whole_in_a_line(name: str, lines: list[tuple[str, float]]) -> tuple[str, float] | None:
    """The line holding `name` (as the block sets it, in capitals) whole, if one does. Spaces are
    ignored: pdftotext may cut a line of Japanese into words."""
    wanted = name.upper().replace(" ", "")
    return next((line for line in lines if wanted in line[0].replace(" ", "")), None)


@pytest.fixture(scope="module")
def names(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A kit whose names have hyphens, particles, accents and non-Latin scripts, and a title with
    a slash: its e-mail PDF."""
    project = write_project(tmp_path_factory.mktemp("names"), NAMES)
    return build(project, formats=["pdf"]).outputs[0].path


@pytest.mark.parametrize("kit", ["names", "frozen", "anora"])
def test_no_name_or_title_is_broken_across_lines_and_the_block_is_centred(kit, request):
    """Every name of the billing block is whole on one of its lines, read back by poppler, and
    every line of the block is centred on the page."""
    pdf = request.getfixturevalue(kit)
    pdf = pdf if isinstance(pdf, Path) else pdf["pdf"]
    project = pdf.parents[1] if kit == "names" else {"frozen": KITS / "credits", "anora": ROOT}[kit]
    data = load_kit(project / "kit" / "presskit.yaml").kit
    named = [
        data.title,
        *(member.name for member in data.cast),
        *(member.name for member in data.crew if role_of(member) in ON_THE_BLOCK),
        *(company.name for company in data.companies if company.role in BILLED_COMPANIES),
    ]
    width, lines = billing_lines(pdf)
    found = {name: whole_in_a_line(name, lines) for name in named}
    assert [name for name, line in found.items() if line is None] == []
    for text, middle in {line for line in found.values()}:
        assert abs(middle - width / 2) < 1, f"not centred: {text!r} ({middle:.1f} of {width:.1f})"


def test_no_page_is_less_than_a_third_filled_or_ends_with_a_heading(frozen, tmp_path):
    """The page flow (test_page_flow) on this kit's many short chapters."""
    assert underfilled(frozen["pdf"], tmp_path) == []
    assert pages_ending_with_a_heading(frozen["pdf"]) == []


def test_the_crew_is_in_billing_order_with_english_labels_and_unknown_roles_after(frozen):
    table = epub_file(frozen, "crew.xhtml").split("</table>")[0]
    rows = re.findall(r'<th scope="row">([^<]*)</th>\s*<td>([^<]*)</td>', table)
    assert rows == [
        ("Casting", "Jay Faces"),
        ("Music", "Kim Tune"),
        ("Costume designer", "Lou Cloth"),
        ("Make-up", "Oda Powder"),
        ("Sound", "Ned Noise"),
        ("Visual effects", "Pia Pixel"),
        ("Editor", "Fay Cutter"),
        ("Production designer", "Max Set"),
        ("Director of photography", "Carl Invented"),
        ("Executive producer", "Ivy Board"),
        ("Producers", "Gus Money, Hal Budget"),
        ("Screenplay", "Dana Placeholder"),
        ("Director", "Dana Placeholder"),
        ("Gaffer", "Eli Lamp"),
        ("Catering", "Quinn Soup"),
    ]


def test_crew_roles_and_laurels_are_printed_in_the_kits_language(tmp_path):
    kit = load_kit(KITS / "credits" / "kit" / "presskit.yaml").kit
    french = Theme(tmp_path, "fr").gettext
    crew = credits(kit, french)["crew"]
    assert [entry["role"] for entry in crew][:4] == ["Casting", "Musique", "Costumes", "Maquillage"]
    assert crew[8:13] == [
        {"role": "Image", "names": "Carl Invented"},
        {"role": "Production exécutive", "names": "Ivy Board"},
        {"role": "Production", "names": "Gus Money, Hal Budget"},
        {"role": "Scénario", "names": "Dana Placeholder"},
        {"role": "Réalisation", "names": "Dana Placeholder"},
    ]
    assert [laurel["lines"] for laurel in laurels(kit, french)] == [
        ["Première mondiale", "Example Film Festival", "Competition", "2025"],
        ["Première européenne", "Third Film Festival", "2025"],
        ["Lauréat", "Golden Example", "Example Film Festival", "2025"],
        ["Lauréat", "Audience Award", "Fourth Festival", "2025"],
        ["Sélection officielle", "Other Film Festival", "Panorama", "2025"],
    ]
    german = laurels(kit, Theme(tmp_path, "de").gettext)
    assert german[-1]["lines"][0] == "Offizielle Auswahl"


def test_the_cover_carries_four_laurels_premieres_first_as_text(frozen):
    cover = words(page_texts(frozen["pdf"])[0])
    assert "WORLD PREMIERE Example Film Festival COMPETITION 2025 WINNER Golden Example" in cover
    assert "WINNER Audience Award FOURTH FESTIVAL 2025" in cover
    assert "Other Film Festival" not in cover  # the fifth laurel is in the awards chapter only
    assert "An official co-production between France and Germany" in cover
    page = site_text(frozen)
    cover_html = page[
        page.index('<ul class="laurels">') : page.index("</ul>", page.index('<ul class="laurels">'))
    ]
    assert cover_html.count("<li>") == 4
    assert 'alt="European premiere – Third Film Festival – 2025"' in cover_html


def test_the_web_page_shows_the_trailer_first(frozen):
    page = site_text(frozen)
    main = page.index('<main id="main"')
    trailer = page.index(f'<a href="{TRAILER}">Watch the trailer (2:14)</a>')
    assert trailer < main
    body = page.index("<body")  # the head's schema.org data names it too, for search engines
    assert page.index(TRAILER, body) == trailer + len(
        '<a href="'
    )  # the first link to it on the page


@pytest.mark.parametrize("edition", ["pdf", "print"])
def test_each_qr_code_decodes_from_a_300_dpi_rendering_to_the_kits_address(
    frozen, edition, tmp_path
):
    """Each code is found on a page that prints its address beside it."""
    decoded = []
    for number, text in enumerate(page_texts(frozen[edition]), 1):
        printed = {url for url in (TRAILER, SCREENER) if url in words(text)}
        if not printed:
            continue
        picture = tmp_path / f"page-{number}"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "300",
                "-png",
                "-singlefile",
                "-f",
                str(number),
                "-l",
                str(number),
                frozen[edition],
                picture,
            ],
            check=True,
        )
        found = subprocess.run(
            ["zbarimg", "--quiet", "--raw", f"{picture}.png"], capture_output=True, text=True
        ).stdout.split()
        assert set(found) <= printed
        decoded += found
    assert sorted(decoded) == sorted([TRAILER, SCREENER])


def test_the_epub_has_no_errors_or_warnings_and_its_svgs_are_declared(frozen):
    assert epub_problems(frozen["epub"]) == []
    opf = epub_file(frozen, "content.opf")
    assert (
        len(re.findall(r'href="graphics/\d+\.svg" id="[^"]+" media-type="image/svg\+xml"', opf))
        == 7
    )  # 4 SVG logos, the wreath, 2 QR codes


def test_an_interview_is_printed_as_questions_and_answers(frozen):
    chapter = epub_file(frozen, "section-1-interview-with-dana-placeholder.xhtml")
    assert "Interview by Rae Asker" in chapter
    assert re.search(
        r'<div class="question">\s*<p>Why a lighthouse\?</p>\s*</div>\s*<div '
        r'class="answer prose">\s*'
        r"<p>Because it is <em>the last light</em> before the sea\.</p>",
        chapter,
    )
    assert re.search(
        (
            r"<p>Thirty-one days, in two winters\.</p>\s*<p>The second winter was "
            r"<em>colder</em>\.</p>"
        ),
        chapter,
    )


def test_specs_known_keys_are_ordered_and_translated_then_the_others_and_identifiers(frozen):
    rows = re.findall(
        r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', epub_file(frozen, "specs.xhtml")
    )
    assert rows[3:] == [
        ("Aspect ratio", "2.39:1"),
        ("Colour", "Colour"),
        ("Sound", "5.1"),
        ("US distributor", "Example Releasing"),
        ("IMDb", "tt0000001"),
        ("EIDR", "10.5240/0000-0000-0000-0000-0000-X"),
        ("ISAN", "0000-0000-0000-0000-X-0000-0000-Y"),
    ]


KIT = "title: T\nlogline: L.\nsynopsis: {short: S}\nfunders:\n  - name: Fund\n    logo: logo.svg\n"
HOSTILE = {
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><script>alert(1)</script></svg>': (
        "it has a <script> element, which can run code or show other documents"
    ),
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><rect onclick="alert(1)"/></svg>': (
        "<rect> has an event handler (onclick), which runs code"
    ),
    (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 9 9"><image '
        'xlink:href="/etc/passwd"/></svg>'
    ): ("<image> refers to '/etc/passwd'; only parts of the same picture (#id) may be used"),
    (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><use '
        'href="https://example.org/x.svg#a"/></svg>'
    ): (
        "<use> refers to 'https://example.org/x.svg#a'; only parts of the same picture "
        "(#id) may be used"
    ),
    (
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg '
        'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><text>&x;</text></svg>'
    ): ("it has a DOCTYPE (entities can read files or expand without end)"),
    (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><foreignObject><p '
        'xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject></svg>'
    ): ("it has a <foreignObject> element, which can run code or show other documents"),
    (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><style>@import '
        '"https://example.org/a.css";</style></svg>'
    ): ("<style> imports a style sheet (@import)"),
    (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><rect style="fill: '
        'url(https://example.org/p.svg#g)"/></svg>'
    ): (
        "<rect> refers to url(https://example.org/p.svg#g); only parts of the same "
        "picture (#id) may be used"
    ),
    (
        '<?xml-stylesheet href="https://example.org/a.css"?><svg '
        'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"/>'
    ): ("it has a processing instruction (such as xml-stylesheet), which can load other files"),
}


@pytest.mark.parametrize("svg, reason", HOSTILE.items())
def test_an_svg_logo_that_could_run_fetch_or_expand_is_refused_in_one_line(tmp_path, svg, reason):
    project = write_project(tmp_path, KIT, {"kit/logo.svg": svg})
    with pytest.raises(KitError) as refused:
        load_kit(project / "kit" / "presskit.yaml")
    assert [str(p).removeprefix(f"{tmp_path}/") for p in refused.value.problems] == [
        f"kit/presskit.yaml:6: funders[0].logo: logo.svg: {reason}; export it again "
        "without it (as plain SVG), or use a PNG"
    ]


NEUTRALISED = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="https://example.org/editor" '
    'viewBox="0 0 300 80">'
    "<metadata>SECRET-MARKER</metadata>"
    '<rect width="300" height="80" fill="#336699" x:note="SECRET-MARKER"/>'
    '<set attributeName="onclick" to="alert(1)"/><animate attributeName="fill" '
    'values="javascript:alert(2)"/>'
    '<a><text x="10" y="50">SECRET-MARKER</text></a><x:payload>SECRET-MARKER</x:payload></svg>'
)


def test_what_an_svg_logo_carries_besides_its_drawing_reaches_no_edition(tmp_path):
    project = write_project(tmp_path / "project", KIT, {"kit/logo.svg": NEUTRALISED})
    outputs = {
        o.path.name: o.path
        for o in build(project, out=tmp_path / "dist", formats=["pdf", "epub", "site"]).outputs
    }
    expanded = tmp_path / "expanded.pdf"
    subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", outputs["t-press-kit.pdf"], expanded],
        check=True,
    )
    pdf = expanded.read_bytes()
    assert b"SECRET-MARKER" not in pdf and b"alert" not in pdf
    assert not re.search(rb"/(JavaScript|JS|Launch|SubmitForm|ImportData)\b", pdf)
    with zipfile.ZipFile(outputs["t-press-kit.epub"]) as book:
        svgs = [book.read(name).decode() for name in book.namelist() if name.endswith(".svg")]
    pages = [
        p.read_text(encoding="utf-8")
        for p in outputs["t-site"].rglob("*")
        if p.suffix in (".svg", ".html")
    ]
    assert svgs == [
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 300 80" '
        'width="1500" height="400"><rect width="300" height="80" '
        'fill="#336699"/></svg>'
    ]
    assert not [
        page
        for page in pages
        if "SECRET-MARKER" in page or "alert(" in page or "example.org/editor" in page
    ]


def test_a_wreath_is_drawn_only_for_a_laurel_without_artwork(tmp_path):
    """A kit whose every laurel is the festival's own PNG carries no drawn wreath in any edition;
    one drawn laurel more brings it in."""
    laurel = encoded(Image.new("RGBA", (600, 300), (180, 140, 70, 255)), "PNG")
    own = "selections:\n  - {festival: F, year: 2025, laurel: laurel.png}\n"
    project = write_project(
        tmp_path / "own",
        "title: T\nlogline: L.\nsynopsis: {short: S}\n" + own,
        {"kit/laurel.png": laurel},
    )
    assert WREATH not in graphics(load_kit(project / "kit" / "presskit.yaml").kit)
    outputs = build(project, out=tmp_path / "dist", formats=["epub", "site"]).outputs
    book, = (o.path for o in outputs if o.path.suffix == ".epub")
    with zipfile.ZipFile(book) as epub:
        assert [name for name in epub.namelist() if name.endswith(".svg")] == []
    site, = (o.path for o in outputs if o.path.is_dir())
    assert (
        list(site.rglob("*.svg")) == [] and "laurel-wreath" not in (site / "index.html").read_text()
    )
    drawn = own + "  - {festival: G, year: 2025}\n"
    project = write_project(
        tmp_path / "drawn",
        "title: T\nlogline: L.\nsynopsis: {short: S}\n" + drawn,
        {"kit/laurel.png": laurel},
    )
    assert list(graphics(load_kit(project / "kit" / "presskit.yaml").kit)) == [WREATH]
