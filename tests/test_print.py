"""The print edition against the PDF/X-4 rules a print shop's preflight reads from the file, and
the e-mail edition's structure against PDF/UA's list and figure rules.

The preflight below is written from the standards (ISO 15930-7, ISO 14289-1), not from
presskit's prepress code: it reads the file with pikepdf, parses the XMP with lxml, follows
every content stream, and looks at the page through poppler's rendering.
"""

from __future__ import annotations

import functools
import io
import re
import subprocess
from dataclasses import replace
from importlib.resources import files
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from pikepdf import Dictionary, Name
from PIL import Image

from conftest import ROOT, encoded, write_project
from presskit.build import build
from presskit.kit.folder import profile_problem
from presskit.render.prepress import default_condition, kit_condition

MM = 72 / 25.4
DPI = 300
PX = DPI / 72
BLEED_MM = 3
XMP = {"pdfxid": "http://www.npes.org/pdfx/ns/id/", "pdf": "http://ns.adobe.com/pdf/1.3/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
DEVICE = {
    "/DeviceRGB": "RGB",
    "/DeviceCMYK": "CMYK",
    "/DeviceGray": "Gray",
    "/RGB": "RGB",
    "/CMYK": "CMYK",
    "/G": "Gray",
}
"""Device colour spaces by name, with the short names inline images use."""
COLOUR_OPERATORS = {"rg": "RGB", "RG": "RGB", "k": "CMYK", "K": "CMYK", "g": "Gray", "G": "Gray"}
ICC_SPACES = {b"RGB ": "RGB", b"CMYK": "CMYK", b"GRAY": "Gray"}


# The preflight ----------------------------------------------------------------------------------

def pdfx4_problems(path: Path, bleed_mm: float) -> list[str]:
    """What a PDF/X-4 preflight would report in the file, one line each; [] when it passes."""
    problems: list[str] = []
    with pikepdf.open(path) as pdf:
        if pdf.is_encrypted:
            problems.append("encrypted")
        problems += javascript(pdf)
        intent_space, intent_problems = output_intent(pdf)
        problems += intent_problems
        problems += metadata(pdf)
        if len(pdf.trailer.get("/ID", [])) != 2:
            problems.append("no /ID in the trailer")
        for number, page in enumerate(pdf.pages, 1):
            problems += [f"page {number}: {p}" for p in boxes(page.obj, bleed_mm)]
            problems += [f"page {number}: {p}" for p in annotations(page.obj)]
            uses = ColourUses()
            uses.stream(page.obj, page.obj.Resources)
            problems += [f"page {number}: {p}" for p in uses.uncovered(intent_space)]
        problems += unembedded_fonts(pdf)
    return problems


def javascript(pdf: pikepdf.Pdf) -> list[str]:
    found = []
    for obj in pdf.objects:
        if isinstance(obj, (Dictionary, pikepdf.Stream)):
            if obj.get("/S") == Name.JavaScript or "/JS" in obj or "/JavaScript" in obj:
                found.append(f"JavaScript in object {obj.objgen}")
    return found


def output_intent(pdf: pikepdf.Pdf) -> tuple[str | None, list[str]]:
    """The colour space of the PDF/X output intent's profile, and what is wrong with the intent."""
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == Name.GTS_PDFX]
    if len(intents) != 1:
        return None, [f"{len(intents)} GTS_PDFX output intents, not one"]
    intent = intents[0]
    if not str(intent.get("/OutputConditionIdentifier", "")):
        return None, ["the output intent names no printing condition"]
    if "/DestOutputProfile" not in intent:
        return None, ["the output intent embeds no profile"]
    profile = intent.DestOutputProfile.read_bytes()
    problems = []
    if profile[36:40] != b"acsp" or profile[12:16] != b"prtr":
        problems.append(
            f"the output intent's profile is of class {profile[12:16]!r}, not a printer's (b'prtr')"
        )
    space = ICC_SPACES.get(profile[16:20])
    if intent.DestOutputProfile.get("/N") != {"RGB": 3, "CMYK": 4, "Gray": 1}.get(space):
        problems.append(f"the output intent's /N does not match its profile's colour space {space}")
    return space, problems


def metadata(pdf: pikepdf.Pdf) -> list[str]:
    xmp = etree.fromstring(pdf.Root.Metadata.read_bytes())
    version = xmp.xpath(
        "//pdfxid:GTS_PDFXVersion/text() | //@pdfxid:GTS_PDFXVersion", namespaces=XMP
    )
    trapped = xmp.xpath("//pdf:Trapped/text() | //@pdf:Trapped", namespaces=XMP)
    problems = []
    if version != ["PDF/X-4"]:
        problems.append(f"XMP pdfxid:GTS_PDFXVersion is {version}, not PDF/X-4")
    if trapped not in (["True"], ["False"]):
        problems.append(f"XMP pdf:Trapped is {trapped}, not True or False")
    elif str(pdf.docinfo.get("/Trapped")) != f"/{trapped[0]}":
        problems.append("the document information's /Trapped differs from the XMP's")
    return problems


def box(page: Dictionary, name: str) -> list[float]:
    return [float(v) for v in page[name]]


def boxes(page: Dictionary, bleed_mm: float) -> list[str]:
    if "/TrimBox" not in page or "/BleedBox" not in page:
        return ["no TrimBox or no BleedBox"]
    trim, bleed, media = box(page, "/TrimBox"), box(page, "/BleedBox"), box(page, "/MediaBox")
    wanted = [
        trim[0] - bleed_mm * MM,
        trim[1] - bleed_mm * MM,
        trim[2] + bleed_mm * MM,
        trim[3] + bleed_mm * MM,
    ]
    problems = []
    if any(abs(a - b) > 0.01 for a, b in zip(bleed, wanted)):
        problems.append(f"BleedBox {bleed} is not the TrimBox {trim} and {bleed_mm} mm")
    if not (
        media[0] <= bleed[0]
        and media[1] <= bleed[1]
        and media[2] >= bleed[2]
        and media[3] >= bleed[3]
    ):
        problems.append(f"MediaBox {media} does not hold the BleedBox {bleed}")
    return problems


def annotations(page: Dictionary) -> list[str]:
    """Only printer's marks and trap networks may be annotations on a PDF/X page's printed area."""
    kinds = [
        str(a.get("/Subtype"))
        for a in page.get("/Annots", [])
        if a.get("/Subtype") not in (Name.PrinterMark, Name.TrapNet)
    ]
    return [f"{kind} annotation" for kind in kinds]


class ColourUses:
    """Which device colour spaces the content uses, and which of those uses a default colour
    space (DefaultRGB, DefaultCMYK, DefaultGray in the resources in force) covers."""

    def __init__(self):
        self.uncovered_uses: set[str] = set()
        self.seen: set[tuple[int, int]] = set()

    def uncovered(self, intent_space: str | None) -> list[str]:
        """Device colour needs a default colour space or an intent it belongs to: RGB an RGB
        intent, CMYK a CMYK one, gray either."""
        allowed = {"RGB": {"RGB", "Gray"}, "CMYK": {"CMYK", "Gray"}}.get(intent_space or "", set())
        return [
            f"Device{space} used without a default colour space or an intent that covers it"
            for space in sorted(self.uncovered_uses - allowed)
        ]

    def use(self, space: str, resources: Dictionary) -> None:
        colour_spaces = resources.get("/ColorSpace") or {}
        default = colour_spaces.get(f"/Default{space}")
        if default is None or default[0] != Name.ICCBased:
            self.uncovered_uses.add(space)

    def colour_space(self, value: pikepdf.Object, resources: Dictionary) -> None:
        """A colour space as an object: a device name, or an array (ICCBased, Indexed,
        Separation…)."""
        if isinstance(value, Name):
            named = (resources.get("/ColorSpace") or {}).get(str(value))
            if str(value) in DEVICE:
                self.use(DEVICE[str(value)], resources)
            elif named is not None:
                self.colour_space(named, resources)
        elif isinstance(value, pikepdf.Array) and len(value):
            family = value[0]
            if family == Name.Indexed:
                self.colour_space(value[1], resources)
            elif family in (Name.Separation, Name.DeviceN):
                self.colour_space(value[2], resources)
            elif family == Name.Pattern and len(value) > 1:
                self.colour_space(value[1], resources)

    def stream(self, holder: pikepdf.Object, resources: Dictionary) -> None:
        """Every colour a content stream (a page's, a form's, a pattern's) uses."""
        if holder.is_indirect:
            if holder.objgen in self.seen:
                return
            self.seen.add(holder.objgen)
        if "/Group" in holder and "/CS" in holder.Group:
            self.colour_space(holder.Group.CS, resources)
        for operands, operator in pikepdf.parse_content_stream(holder):
            name = str(operator)
            if name in COLOUR_OPERATORS:
                self.use(COLOUR_OPERATORS[name], resources)
            elif name in ("cs", "CS"):
                self.colour_space(operands[0], resources)
            elif name == "Do":
                self.xobject(resources.XObject[str(operands[0])], resources)
            elif name == "sh":
                self.colour_space(resources.Shading[str(operands[0])].ColorSpace, resources)
            elif name in ("scn", "SCN") and operands and isinstance(operands[-1], Name):
                self.pattern(resources.Pattern[str(operands[-1])], resources)
            elif name == "INLINE IMAGE":
                image = operands[0].obj
                self.colour_space(image.get("/CS", image.get("/ColorSpace")), resources)

    def xobject(self, xobject: pikepdf.Stream, resources: Dictionary) -> None:
        if xobject.Subtype == Name.Image:
            if not xobject.get("/ImageMask"):
                self.colour_space(xobject.ColorSpace, resources)
        else:
            self.stream(xobject, xobject.get("/Resources", resources))

    def pattern(self, pattern: pikepdf.Object, resources: Dictionary) -> None:
        if "/Shading" in pattern:
            self.colour_space(pattern.Shading.ColorSpace, resources)
        else:
            self.stream(pattern, pattern.get("/Resources", resources))


def unembedded_fonts(pdf: pikepdf.Pdf) -> list[str]:
    missing = []
    for obj in pdf.objects:
        if (
            isinstance(obj, Dictionary)
            and obj.get("/Type") == Name.Font
            and obj.get("/Subtype") not in (Name.Type0, Name.Type3)
        ):
            descriptor = obj.get("/FontDescriptor") or {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(f"font {obj.get('/BaseFont')} is not embedded")
    return missing


def images(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    return [
        obj
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == Name.Image
    ]


# What the page shows ------------------------------------------------------------------------------

@functools.cache
def rendered(path: Path, page: int, out: Path) -> Image.Image:
    """Page `page` drawn by poppler at 300 dpi, in gray, the whole MediaBox (once a test session:
    two tests look at the same pages)."""
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(DPI),
            "-gray",
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            str(path),
            str(out),
        ],
        check=True,
    )
    [png] = out.parent.glob(f"{out.name}-*{page}.png")
    return Image.open(png).convert("L")


def pixel_box(media: list[float], area: list[float]) -> tuple[int, int, int, int]:
    """A box in PDF points as pixels of the rendering (its top left is the MediaBox's)."""
    return (
        round((area[0] - media[0]) * PX),
        round((media[3] - area[3]) * PX),
        round((area[2] - media[0]) * PX),
        round((media[3] - area[1]) * PX),
    )


DARK = re.compile(rb"[\x00-\xc7]")
"""A gray pixel darker than paper (below 200), found by the regular-expression engine, not a
Python loop over millions of pixels."""


def dark(image: Image.Image, area: tuple[int, int, int, int]) -> set[tuple[int, int]]:
    """The pixels inside `area` (left, top, right, bottom) darker than paper."""
    left, top = max(area[0], 0), max(area[1], 0)
    right, bottom = min(area[2], image.width), min(area[3], image.height)
    if right <= left or bottom <= top:
        return set()
    width = right - left
    data = image.crop((left, top, right, bottom)).tobytes()
    return {
        (left + found.start() % width, top + found.start() // width)
        for found in DARK.finditer(data)
    }


def outside_bleed(
    image: Image.Image, media: list[float], bleed: list[float]
) -> set[tuple[int, int]]:
    """The dark pixels outside the BleedBox (2 px off it, for anti-aliasing): in the four strips
    around it."""
    left, top, right, bottom = pixel_box(media, bleed)
    left, top, right, bottom = left - 2, top - 2, right + 2, bottom + 2
    strips = [(0, 0, image.width, top), (0, bottom, image.width, image.height),
              (0, top, left, bottom), (right, top, image.width, bottom)]
    return set().union(*(dark(image, strip) for strip in strips))


def band(
    image: Image.Image, outer: tuple[int, int, int, int], inner: tuple[int, int, int, int]
) -> tuple[int, int]:
    """The darkest and the lightest gray between two boxes (2 px in from each edge)."""
    ol, ot, orr, ob = outer[0] + 2, outer[1] + 2, outer[2] - 2, outer[3] - 2
    il, it, ir, ib = inner[0] - 2, inner[1] - 2, inner[2] + 2, inner[3] + 2
    strips = [(ol, ot, orr, it), (ol, ib, orr, ob), (ol, it, il, ib), (ir, it, orr, ib)]
    extremes = [
        image.crop(strip).getextrema()
        for strip in strips
        if strip[2] > strip[0] and strip[3] > strip[1]
    ]
    return min(low for low, _ in extremes), max(high for _, high in extremes)


# The print edition --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def printed(anora) -> Path:
    return anora["print"]


@pytest.fixture(scope="module")
def renders(tmp_path_factory) -> Path:
    """Where poppler draws the print edition's pages, once for every test that looks at them."""
    return tmp_path_factory.mktemp("renders")


def test_the_print_edition_passes_the_pdfx4_preflight(printed):
    assert pdfx4_problems(printed, BLEED_MM) == []


def test_the_output_intent_is_fogra39_with_its_printer_profile(printed):
    with pikepdf.open(printed) as pdf:
        [intent] = pdf.Root.OutputIntents
        profile = intent.DestOutputProfile.read_bytes()
        assert (str(intent.OutputConditionIdentifier), str(intent.RegistryName)) == ("FOGRA39", "http://www.color.org")
        assert (profile[12:16], profile[16:20], intent.DestOutputProfile.N) == (b"prtr", b"CMYK", 4)


def test_every_rgb_colour_is_icc_based_srgb(printed):
    with pikepdf.open(printed) as pdf:
        for page in pdf.pages:
            default = page.Resources.ColorSpace.DefaultRGB
            assert default[0] == Name.ICCBased and default[1].read_bytes()[12:20] == b"mntrRGB "
        assert {
            str(image.ColorSpace) for image in images(pdf) if isinstance(image.ColorSpace, Name)
        } <= {"/DeviceGray"}


def test_the_preflight_catches_what_weasyprint_alone_writes(tmp_path):
    """The preflight is worth something: WeasyPrint's own PDF/X-4 has a display profile as its
    intent; given a printer's CMYK profile instead, its red text is DeviceRGB left uncovered."""
    from weasyprint import HTML

    path, swapped = tmp_path / "weasyprint.pdf", tmp_path / "cmyk-intent.pdf"
    HTML(string="<p style='color: red'>Anora</p>").write_pdf(
        path, pdf_variant="pdf/x-4", output_intent="srgb"
    )
    assert pdfx4_problems(path, 0) == [
        "the output intent's profile is of class b'mntr', not a printer's (b'prtr')"
    ]
    with pikepdf.open(path) as pdf:
        pdf.Root.OutputIntents[0].DestOutputProfile = pdf.make_stream(
            default_condition().profile, N=4
        )
        pdf.save(swapped)
    assert pdfx4_problems(swapped, 0) == [
        "page 1: DeviceRGB used without a default colour space or an intent that covers it"
    ]


def test_crop_marks_are_outside_the_bleed_and_only_marks_are(printed, renders):
    with pikepdf.open(printed) as pdf:
        pages = [
            (
                number,
                box(pdf.pages[number - 1].obj, "/MediaBox"),
                box(pdf.pages[number - 1].obj, "/BleedBox"),
                box(pdf.pages[number - 1].obj, "/TrimBox"),
            )
            for number in (1, 3)
        ]
    for number, media, bleed, trim in pages:
        image = rendered(printed, number, renders / f"page{number}")
        marks = outside_bleed(image, media, bleed)
        left, top, right, bottom = pixel_box(media, trim)
        # Each dark pixel outside the bleed is on a line of the trim, at least 3 mm from it.
        on_trim_lines = {
            (x, y)
            for x, y in marks
            if min(abs(x - left), abs(x - right), abs(y - top), abs(y - bottom)) <= 2
        }
        assert on_trim_lines == marks and marks
        far_enough = 3 * MM * PX - 2
        assert all(
            x < left - far_enough
            or x > right + far_enough
            or y < top - far_enough
            or y > bottom + far_enough
            for x, y in marks
        )
        # Eight marks: two at each corner.
        for x, y in ((left, top), (right, top), (left, bottom), (right, bottom)):
            near = {
                (mx, my)
                for mx, my in marks
                if abs(mx - x) < 20 * MM * PX and abs(my - y) < 20 * MM * PX
            }
            assert {mx for mx, _ in near if abs(mx - x) <= 2} and {
                my for _, my in near if abs(my - y) <= 2
            }


def test_between_trim_and_bleed_edge_only_the_page_shows(printed, renders):
    """The dark cover runs into the bleed in its own colour; a text page leaves it blank."""
    with pikepdf.open(printed) as pdf:
        cover, text_page = pdf.pages[0].obj, pdf.pages[2].obj
        geometry = [
            (box(p, "/MediaBox"), box(p, "/BleedBox"), box(p, "/TrimBox"))
            for p in (cover, text_page)
        ]
    for number, (media, bleed, trim), expect in (
        (1, geometry[0], "cover"),
        (3, geometry[1], "paper"),
    ):
        image = rendered(printed, number, renders / f"page{number}")
        outer, inner = pixel_box(media, bleed), pixel_box(media, trim)
        darkest, lightest = band(image, outer, inner)
        if expect == "paper":
            assert darkest >= 250
        else:
            inside = image.getpixel((inner[0] + 5, inner[1] + 5))
            assert inside < 60 and max(abs(darkest - inside), abs(lightest - inside)) <= 3


def test_the_print_edition_carries_the_original_jpegs_byte_for_byte(printed):
    originals = {p.read_bytes() for p in (ROOT / "kit" / "images").glob("*.jpg")}
    with pikepdf.open(printed) as pdf:
        embedded = {
            image.read_raw_bytes()
            for image in images(pdf)
            if image.get("/Filter") == Name.DCTDecode
        }
    assert embedded == originals


POSTER = encoded(Image.new("CMYK", (600, 900), (10, 200, 180, 20)), "JPEG", quality=90)
"""Key art in CMYK, as designers deliver posters."""


@pytest.fixture(scope="module")
def cmyk_kit(tmp_path_factory) -> tuple[Path, Path]:
    """A project whose key art is a CMYK JPEG, and its print edition."""
    kit = (
        "title: Cold Front\nlogline: A storm.\nsynopsis: {short: A storm comes.}\n"
        "key_art: images/poster.jpg\n"
    )
    project = write_project(tmp_path_factory.mktemp("cmyk"), kit, {"kit/images/poster.jpg": POSTER})
    [output] = build(
        project, out=tmp_path_factory.mktemp("cmyk-out"), formats=["print"], jobs=1
    ).outputs
    return project, output.path


def test_a_cmyk_picture_is_placed_as_it_came_under_the_cmyk_intent(cmyk_kit):
    _, printed = cmyk_kit
    assert pdfx4_problems(printed, BLEED_MM) == []
    with pikepdf.open(printed) as pdf:
        [image] = [i for i in images(pdf) if i.get("/Filter") == Name.DCTDecode]
        assert image.ColorSpace == Name.DeviceCMYK and image.read_raw_bytes() == POSTER


def test_two_builds_of_the_print_edition_are_byte_identical(cmyk_kit, tmp_path):
    project, printed = cmyk_kit
    [again] = build(project, out=tmp_path, formats=["print"], jobs=1, force=True).outputs
    assert again.path.read_bytes() == printed.read_bytes()


def test_the_print_shops_profile_is_checked_and_described():
    srgb = files("presskit").joinpath("profiles/sRGB2014.icc").read_bytes()
    assert profile_problem(srgb) == (
        "is a profile of class 'mntr', not a printing condition: ask the print shop "
        "for its CMYK press profile "
        "(class 'prtr'), such as PSOcoated_v3.icc"
    )
    assert (
        profile_problem(b"%PDF-1.7" * 40)
        == "is not an ICC colour profile: ask the print shop for its press profile (.icc)"
    )
    assert (
        profile_problem(srgb[:12] + b"prtrRGB " + srgb[20:])
        == "is a printer profile in RGB: the print edition needs a CMYK press profile"
    )
    shipped = default_condition().profile
    assert profile_problem(shipped) is None
    assert kit_condition("FOGRA39", shipped) == replace(default_condition(), info="FOGRA39L Coated")


# The e-mail edition -------------------------------------------------------------------------------

def structure(pdf: pikepdf.Pdf) -> list[Dictionary]:
    """Every structure element, from the root down."""
    found, todo = [], [pdf.Root.StructTreeRoot]
    while todo:
        node = todo.pop()
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if (
                isinstance(kid, Dictionary)
                and kid.get("/Type", Name.StructElem) == Name.StructElem
                and "/S" in kid
            ):
                found.append(kid)
                todo.append(kid)
    return found


def test_email_lists_hold_only_lists_items_and_captions(anora):
    with pikepdf.open(anora["pdf"]) as pdf:
        lists = [e for e in structure(pdf) if e.S == Name.L]
        held = {
            str(kid.S) for e in lists for kid in (e.K if isinstance(e.K, pikepdf.Array) else [e.K])
        }
        assert len(lists) >= 4 and held == {"/LI"}


def test_email_figures_language_and_outline(anora):
    with pikepdf.open(anora["pdf"]) as pdf:
        figures = [e for e in structure(pdf) if e.S == Name.Figure]
        assert figures and all(str(e.get("/Alt", "")).strip() for e in figures)
        assert str(pdf.Root.Lang) == "en"
        with pdf.open_outline() as outline:
            assert "Synopsis" in [item.title for item in outline.root]


def test_the_laurels_row_is_a_list_of_items_only():
    """The white space after a row of inline-block items, which WeasyPrint tags as a Span of the
    list, is moved into the last item."""
    from weasyprint import HTML

    from presskit.render.assemble import LaidOut, email_edition

    html = (
        "<html lang=en><title>t</title><style>li { display: inline-block }</style><ul>\n"
        "<li>Cannes</li><li>Oscars</li>\n </ul>"
    )
    laid = LaidOut(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), {}, {}, 1, ())
    data = email_edition(laid, {})
    with pikepdf.open(io.BytesIO(data)) as pdf:
        [element] = [e for e in structure(pdf) if e.S == Name.L]
        assert [str(kid.S) for kid in element.K] == ["/LI", "/LI"]
        last_body = [kid for kid in element.K[1].K if kid.S == Name.LBody][0]
        assert [str(kid.S) for kid in last_body.K][-1] == "/Span"



def test_the_kit_names_its_print_shops_profile(tmp_path):
    kit = (
        "title: Cold Front\nlogline: A storm.\nsynopsis:\n  short: A storm comes.\n"
        "print:\n  profile: icc/press.icc\n  condition: FOGRA51\n"
    )
    project = write_project(tmp_path, kit, {"kit/icc/press.icc": default_condition().profile})
    [output] = build(project, out=tmp_path / "out", formats=["print"], jobs=1).outputs
    with pikepdf.open(output.path) as pdf:
        assert str(pdf.Root.OutputIntents[0].OutputConditionIdentifier) == "FOGRA51"
    assert pdfx4_problems(output.path, BLEED_MM) == []


def test_a_display_profile_is_refused_in_one_line(tmp_path):
    from click.testing import CliRunner

    from presskit.cli import main

    srgb = (files("presskit") / "profiles" / "sRGB2014.icc").read_bytes()
    kit = (
        "title: Cold Front\nlogline: A storm.\nsynopsis:\n  short: A storm comes.\n"
        "print:\n  profile: icc/screen.icc\n  condition: FOGRA51\n"
    )
    project = write_project(tmp_path, kit, {"kit/icc/screen.icc": srgb})
    result = CliRunner().invoke(main, ["build", str(project), "--format", "print"])
    assert result.exit_code == 1
    [line, summary] = result.stderr.splitlines()
    assert line.startswith(
        f"{project}/kit/presskit.yaml:6: print.profile: icc/screen.icc is a profile of class 'mntr'"
    )
    assert summary == "presskit: 1 problem; nothing was written."
