"""The kit's `look:`, read back from the outputs: the accent in the PDF's drawing operators and in
the web page's computed styles (Chromium), the key art across the print cover's bleed, a project's
extra stylesheets, and the accent taken from the key art."""

from __future__ import annotations

import colorsys
import io
import subprocess

import pikepdf
import pytest
import tinycss2
from click.testing import CliRunner
from PIL import Image, ImageDraw
from playwright.sync_api import sync_playwright

from conftest import encoded, epub_files, epub_problems, jpeg, write_project
from presskit.build import build
from presskit.cli import main
from presskit.kit.load import load_kit
from presskit.render import look
from presskit.render.theme import Theme

CHROMIUM = "/usr/bin/chromium"
KIT = """\
title: The Frozen Sea
logline: A keeper and a [lighthouse](https://example.org/light).
synopsis: {short: When the sea freezes nobody comes., long: Long.}
key_art: art.jpg
director: {name: Ana Lind}
screenings: [{festival: Berlinale, date: 2024-02-16}]
embargo: Not before the premiere.
contacts: [{role: Press, name: Kim, email: kim@example.org}]
"""
OLD_ACCENT, OLD_GOLD = "#8c6a2f", "#c9a461"
"""The classic look's accent and its cover gold: gone when a kit sets another accent."""
TEAL = "#1f6f8b"


def kit_with(look_yaml: str, art: bytes | None = None, **files: str | bytes) -> tuple[str, dict]:
    return KIT + look_yaml, {"kit/art.jpg": art or jpeg((600, 900), "#20242a"), **files}


def pdf_colours(path) -> set[str]:
    """Every fill and stroke colour the PDF's pages draw with (`r g b rg` and `RG`), as #rrggbb,
    from the content streams of its pages and of the forms they draw."""
    found = set()
    with pikepdf.open(path) as pdf:
        todo = list(pdf.pages)
        seen = set()
        while todo:
            stream = todo.pop()
            for operands, operator in pikepdf.parse_content_stream(stream):
                if str(operator) in ("rg", "RG"):
                    found.add("#" + "".join(f"{round(float(c) * 255):02x}" for c in operands))
            for xobject in (stream.get("/Resources", {}).get("/XObject", {}) or {}).values():
                if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                    seen.add(xobject.objgen)
                    todo.append(xobject)
    return found


def drawn_images(page: pikepdf.Page) -> list[tuple[int, int, tuple[float, ...]]]:
    """Each picture a page draws, inside the forms it draws too: its size in pixels and the box
    it is drawn across in the page's coordinates (x0, y0, x1, y1), by following the operators
    that move the drawing (q, Q, cm, and each form's /Matrix)."""
    found = []

    def times(m, n):
        a, b, c, d, e, f = m
        a2, b2, c2, d2, e2, f2 = n
        return (
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        )

    def walk(stream, matrix):
        saved = []
        for operands, operator in pikepdf.parse_content_stream(stream):
            if str(operator) == "q":
                saved.append(matrix)
            elif str(operator) == "Q":
                matrix = saved.pop()
            elif str(operator) == "cm":
                matrix = times(tuple(float(v) for v in operands), matrix)
            elif str(operator) == "Do":
                xobject = stream.Resources.XObject[operands[0]]
                if xobject.Subtype == "/Image":
                    corners = [
                        (
                            x * matrix[0] + y * matrix[2] + matrix[4],
                            x * matrix[1] + y * matrix[3] + matrix[5],
                        )
                        for x in (0, 1)
                        for y in (0, 1)
                    ]
                    xs, ys = [x for x, _ in corners], [y for _, y in corners]
                    found.append(
                        (
                            int(xobject.Width),
                            int(xobject.Height),
                            (min(xs), min(ys), max(xs), max(ys)),
                        )
                    )
                else:
                    form = tuple(float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0]))
                    walk(xobject, times(form, matrix))

    walk(page, (1, 0, 0, 1, 0, 0))
    return found


def near(colours: set[str], wanted: str) -> bool:
    """Whether `wanted` is among `colours`, to within the rounding of a PDF's decimals."""
    target = look.rgb(wanted)
    return any(max(abs(a - b) for a, b in zip(look.rgb(c), target)) <= 1.5 / 255 for c in colours)


def computed(site, script: str):
    """What `script` (a JavaScript function of no arguments) returns on the web page. Chromium
    is started for each call and stopped: while Playwright runs, this process has a second
    thread (asyncio's child watcher), and a build in a process with other threads does not fork
    (parallel.py), so the builds of the tests after it would all take the one-process path."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto((site / "index.html").as_uri())
        value = page.evaluate(script)
        browser.close()
    return value


def css_rgb(colour: str) -> str:
    red, green, blue = (round(c * 255) for c in look.rgb(colour))
    return f"rgb({red}, {green}, {blue})"


EVERY_COLOUR = """() => [...document.querySelectorAll('*')].flatMap(e => {
  const s = getComputedStyle(e);
  return [s.color, s.borderBottomColor, s.borderLeftColor, s.borderTopColor, s.backgroundColor];
})"""


@pytest.fixture(scope="module")
def teal(tmp_path_factory):
    """A kit with a hand-picked accent, every edition built."""
    root = tmp_path_factory.mktemp("teal")
    kit, files = kit_with(f'look: {{accent: "{TEAL}"}}\n')
    project = write_project(root / "project", kit, files)
    outputs = build(project, out=root / "dist").outputs
    return {output.path.suffix or "site": output.path for output in outputs}


def test_the_accent_is_drawn_in_the_pdfs(teal):
    for path in (teal[".pdf"], teal[".pdf"].with_name("the-frozen-sea-press-kit-print.pdf")):
        colours = pdf_colours(path)
        assert near(colours, TEAL), f"{path.name}: the rules and links are drawn in the accent"
        assert not near(colours, OLD_ACCENT) and not near(colours, OLD_GOLD), path.name
        cover = look.on_cover(TEAL, look.NIGHT["cover-paper"])
        assert near(colours, cover), "the cover's highlights: the accent, lightened to read"


def test_the_accent_is_the_web_pages_computed_style(teal):
    site = teal["site"]
    styles = computed(
        site,
        """() => ({
        rule: getComputedStyle(document.querySelector('main h2')).borderBottomColor,
        link: getComputedStyle(document.querySelector('.logline a')).color,
        kicker: getComputedStyle(document.querySelector('.kicker')).color})""",
    )
    assert styles == {
        "rule": css_rgb(TEAL),
        "link": css_rgb(TEAL),
        "kicker": css_rgb(look.on_cover(TEAL, look.NIGHT["cover-paper"])),
    }
    colours = set(computed(site, EVERY_COLOUR))
    assert css_rgb(OLD_ACCENT) not in colours and css_rgb(OLD_GOLD) not in colours


def test_the_epub_has_the_accents_value_and_no_fonts_or_backgrounds(teal):
    css = epub_files(teal[".epub"])["EPUB/styles/epub.css"].decode()
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    declarations = [
        d
        for rule in rules
        for d in tinycss2.parse_blocks_contents(rule.content)
        if d.type == "declaration"
    ]
    values = {(d.lower_name, tinycss2.serialize(d.value).strip()) for d in declarations}
    assert ("border-bottom", f"1px solid {TEAL}") in values
    assert not any("var(" in value or OLD_ACCENT in value for _, value in values)
    assert {value for name, value in values if name == "font-family"} <= {"sans-serif", "serif"}
    assert not any(name.startswith("background") for name, _ in values)
    assert epub_problems(teal[".epub"]) == []


def test_accent_auto_follows_the_key_art(tmp_path):
    """Three key arts whose main colours are red, green and blue give three accents of those hues,
    each reading at 4.5:1 on the page and 7:1 on the dark cover."""
    accents = []
    for hue, name in ((0.0, "red"), (0.33, "green"), (0.62, "blue")):
        art = Image.new("RGB", (300, 450), "#202020")
        draw = ImageDraw.Draw(art)
        main = tuple(round(c * 255) for c in colorsys.hls_to_rgb(hue, 0.6, 0.9))
        draw.rectangle((0, 100, 300, 450), fill=main)
        draw.rectangle((0, 0, 20, 20), fill="#ffd000")  # a small detail of another colour
        kit, files = kit_with("look: {accent: auto}\n", encoded(art, "JPEG"))
        project = write_project(tmp_path / name, kit, files)
        design = look.design(load_kit(project / "kit" / "presskit.yaml").kit, project / "kit")
        accent = design.tokens["accent"]
        found_hue = colorsys.rgb_to_hls(*look.rgb(accent))[0]
        assert min(abs(found_hue - hue), 1 - abs(found_hue - hue)) < 0.05, (name, accent)
        for ground in ("paper", "tint"):
            assert look.contrast(accent, design.tokens[ground]) >= 4.5, (name, accent, ground)
        assert look.contrast(design.tokens["cover-accent"], design.tokens["cover-paper"]) >= 7
        accents.append(accent)
    assert len(set(accents)) == 3


def test_a_grey_key_art_keeps_the_themes_accent(tmp_path):
    kit, files = kit_with("look: {accent: auto, theme: modern}\n", jpeg((300, 450), "#777777"))
    project = write_project(tmp_path, kit, files)
    design = look.design(load_kit(project / "kit" / "presskit.yaml").kit, project / "kit")
    assert design.tokens["accent"] == look.THEMES["modern"]["tokens"]["accent"]


def test_a_hand_picked_accent_that_reads_badly_is_a_warning(tmp_path):
    kit, files = kit_with('look:\n  accent: "#c8553d"\n')
    project = write_project(tmp_path, kit, files)
    loaded = load_kit(project / "kit" / "presskit.yaml")
    better = look.readable_on("#c8553d", ["#ffffff", "#faf8f4"])
    assert [str(w) for w in look.warnings(loaded.kit, loaded.where)] == [
        f"{project}/kit/presskit.yaml:10: warning: look.accent: #c8553d as text on the page has a"
        f" contrast of 4.10:1, under the 4.5:1 that text needs: use {better} (the same colour,"
        " darker), or accent: auto"
    ]
    assert look.contrast(better, "#faf8f4") >= 4.5 and better != "#c8553d"


@pytest.mark.parametrize(
    "look_yaml, message",
    [
        (
            'look: {accent: "red"}\n',
            "look.accent: a colour such as #c8553d, or auto (from the key art), got 'red'",
        ),
        (
            "look: {theme: brutal}\n",
            "look.theme: input should be 'classic', 'modern' or 'minimal', got 'brutal'",
        ),
    ],
)
def test_look_mistakes_are_one_line(tmp_path, look_yaml, message):
    kit, files = kit_with(look_yaml)
    project = write_project(tmp_path, kit, files)
    result = CliRunner().invoke(main, ["check", str(project)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].endswith(f"presskit.yaml:9: {message}")


def test_key_art_cover_fills_the_print_bleed(tmp_path):
    """The poster is drawn across the whole BleedBox of the print edition's first page (read with
    pikepdf), and poppler shows it at every edge above the shade the words are set on."""
    kit, files = kit_with("look: {cover: key-art}\n", jpeg((600, 900), "#2a9d8f"))
    project = write_project(tmp_path, kit, files)
    build(project, out=tmp_path / "dist", formats=["print"])
    path = tmp_path / "dist" / "the-frozen-sea-press-kit-print.pdf"
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        media = [float(v) for v in page.MediaBox]
        bleed = [float(v) for v in page.BleedBox]
        (box,) = [box for width, height, box in drawn_images(page) if (width, height) == (600, 900)]
    assert box[0] <= bleed[0] + 0.01 and box[1] <= bleed[1] + 0.01, (box, bleed)
    assert box[2] >= bleed[2] - 0.01 and box[3] >= bleed[3] - 0.01, (box, bleed)
    png = subprocess.run(
        ["pdftoppm", "-r", "36", "-png", "-f", "1", "-l", "1", str(path)],
        check=True,
        capture_output=True,
    ).stdout
    scale = 36 / 72  # pixels a point; poppler draws the MediaBox, the bleed is cut out of it
    whole = Image.open(io.BytesIO(png)).convert("RGB")
    picture = whole.crop(
        (
            round((bleed[0] - media[0]) * scale),
            round((media[3] - bleed[3]) * scale),
            round((bleed[2] - media[0]) * scale),
            round((media[3] - bleed[1]) * scale),
        )
    )
    width, height = picture.size
    upper = range(height // 3)  # the words' shade darkens the foot
    # the outermost pixels, but the last column, which the page covers only in part
    edges = (
        [(x, 0) for x in range(width)] + [(0, y) for y in upper] + [(width - 2, y) for y in upper]
    )
    teal = [
        p
        for p in edges
        if max(abs(a - b) for a, b in zip(picture.getpixel(p), (42, 157, 143))) < 24
    ]
    assert len(teal) / len(edges) > 0.95, "the picture reaches every edge of the bleed"


def test_title_treatment_replaces_the_typeset_title(tmp_path):
    logo = Image.new("RGBA", (800, 200), (0, 0, 0, 0))
    ImageDraw.Draw(logo).rectangle((20, 40, 780, 160), fill=(240, 240, 240, 255))
    kit, files = kit_with("look: {title: title.png}\n", **{"kit/title.png": encoded(logo, "PNG")})
    project = write_project(tmp_path, kit, files)
    build(project, out=tmp_path / "dist", formats=["print", "site"])
    path = tmp_path / "dist" / "the-frozen-sea-press-kit-print.pdf"
    with pikepdf.open(path) as pdf:
        assert (800, 200) in [(width, height) for width, height, _ in drawn_images(pdf.pages[0])]
    page3 = subprocess.run(
        ["pdftotext", "-f", "3", "-l", "3", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "THE FROZEN SEA" in page3, "the running header still names the film"
    heading = computed(
        tmp_path / "dist" / "the-frozen-sea-site",
        "() => document.querySelector('h1.film-title img').alt",
    )
    assert heading == "The Frozen Sea"


def test_extra_css_changes_its_rule_and_nothing_else(tmp_path):
    """styles/extra.css and extra-site.css come after the default stylesheets: one rule in them
    changes that rule; every other computed style of the web page is as without them."""
    kit, files = kit_with("")
    plain = write_project(tmp_path / "plain", kit, files)
    extra = write_project(
        tmp_path / "extra",
        kit,
        {
            **files,
            "styles/extra.css": "h2 { color: #123456; }\n",
            "styles/extra-site.css": "h2 { color: #123456; }\n",
        },
    )
    styles = """() => [...document.querySelectorAll('body *')].map(e => {
        const s = getComputedStyle(e);
        return [e.tagName, Object.fromEntries([...s].map(p => [p, s.getPropertyValue(p)]))];
    })"""
    before, after = [], []
    for project, found in ((plain, before), (extra, after)):
        build(project, out=project / "dist", formats=["print", "site"])
        found += computed(project / "dist" / "the-frozen-sea-site", styles)
    changed = {
        (tag, name, value)
        for (tag, old), (_, new) in zip(before, after, strict=True)
        for name, value in new.items()
        if old.get(name) != value
    }
    assert ("H2", "color", css_rgb("#123456")) in changed
    assert {(tag, value) for tag, _, value in changed} == {("H2", css_rgb("#123456"))}, (
        "only the headings' colour, and what follows it (currentColor), changed"
    )
    assert near(pdf_colours(extra / "dist" / "the-frozen-sea-press-kit-print.pdf"), "#123456")
    fonts = {
        str(font.BaseFont)
        for page in pikepdf.open(extra / "dist" / "the-frozen-sea-press-kit-print.pdf").pages
        for font in page.Resources.Font.values()
    }
    assert any("Presskit-Serif" in font for font in fonts), "the default stylesheet still applies"


def test_a_replaced_stylesheet_is_noted_once(tmp_path):
    kit, files = kit_with("")
    project = write_project(tmp_path, kit, {**files, "styles/epub.css": "p { margin: 0; }\n"})
    result = CliRunner().invoke(main, ["build", str(project), "--format", "epub"])
    assert result.exit_code == 0, result.output
    note = (
        f"note: {project}/styles/epub.css replaces the default stylesheet (templates and styles are"
        " searched before presskit's)"
    )
    assert result.output.splitlines().count(note) == 1
    assert Theme(project, "en").stylesheets("epub.css") == ["epub.css"]


def test_each_theme_sets_its_faces(tmp_path):
    """modern sets headings in the condensed face, minimal in the serif: read from the PDF's
    fonts."""
    faces = {}
    for theme in ("classic", "modern", "minimal"):
        kit, files = kit_with(f"look: {{theme: {theme}}}\n")
        project = write_project(tmp_path / theme, kit, files)
        build(project, out=project / "dist", formats=["pdf"])
        with pikepdf.open(project / "dist" / "the-frozen-sea-press-kit.pdf") as pdf:
            faces[theme] = {
                str(f.BaseFont).split("+")[-1] for p in pdf.pages for f in p.Resources.Font.values()
            }
    assert "Presskit-Condensed,-Bold-Condensed" in faces["modern"], faces["modern"]
    assert not any("Condensed" in face for face in faces["classic"] | faces["minimal"])
    assert "Presskit-Serif-Bold" in faces["classic"], "classic's bold title"
    assert "Presskit-Serif-Bold" not in faces["minimal"], "minimal's title and headings: regular"
