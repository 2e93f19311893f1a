"""The PDF edition, read back with pypdf."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from conftest import embedded_fonts, pdf_text

CHAPTERS = [
    "Synopsis",
    "Director",
    "Cast",
    "Crew",
    "Production notes",
    "Stills",
    "Technical specifications",
    "Credits",
    "Screenings",
    "Festivals and awards",
    "Press quotes",
    "Links",
    "Contacts",
]


@pytest.fixture(scope="module")
def reader(anora) -> PdfReader:
    return PdfReader(anora["pdf"])


def test_file_is_named_after_the_slug(anora):
    assert anora["pdf"].name == "anora-press-kit.pdf"


def test_outline_has_every_chapter_in_order(reader):
    assert [item.title for item in reader.outline] == ["Contents", *CHAPTERS]


def test_chapters_appear_in_the_text_in_order(reader):
    body = "".join(f"\n{page.extract_text()}" for page in reader.pages[2:])
    positions = [body.index(f"\n{title}\n") for title in CHAPTERS]
    assert positions == sorted(positions)


def test_contents_page_lists_chapters_with_page_numbers(reader):
    contents = reader.pages[1].extract_text()
    for title in CHAPTERS:
        line = next(line for line in contents.splitlines() if line.startswith(title))
        assert line.rstrip()[-1].isdigit(), line
    # The contents give the page the chapter really starts on.
    stills_page = int(
        next(entry for entry in contents.splitlines() if entry.startswith("Stills"))
        .split(".")[-1]
        .strip()
    )
    assert reader.pages[stills_page - 1].extract_text().splitlines()[0] == "Stills"


def test_cover_carries_title_premiere_and_contacts(reader):
    cover = reader.pages[0].extract_text()
    assert "Anora" in cover
    assert "A FILM BY SEAN BAKER" in cover
    assert "77TH CANNES FILM FESTIVAL" in cover
    assert "press@example.org" in cover


def test_running_header_and_page_numbers(reader):
    # Margin boxes are drawn after the page body, so their text comes last.
    lines = reader.pages[3].extract_text().splitlines()
    assert lines[0] == "Director"
    assert lines[-2:] == ["ANORA Director", "4"]


def test_metadata(reader):
    meta = reader.metadata
    assert meta.title == "Anora: press kit"
    assert meta.author == "Sean Baker"
    assert meta.subject.startswith("Ani, a stripper and escort")
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_tagged_for_accessibility(reader):
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def test_every_font_is_embedded(reader):
    fonts = embedded_fonts(reader)
    assert len(fonts) >= 4
    assert all(fonts.values()), fonts
    assert all("Presskit" in name for name in fonts), fonts


def test_page_size_is_a4(reader):
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_links_are_live(reader):
    uris = {
        annotation.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if annotation.get_object().get("/A")
    }
    assert "mailto:press@example.org" in uris
    assert "https://example.org/anora/trailer" in uris


def test_images_are_scaled_down_for_email(reader):
    images = {}
    for page in reader.pages:
        for name, image in (page["/Resources"].get("/XObject") or {}).items():
            image = image.get_object()
            if image.get("/Subtype") == "/Image":
                images[id(image)] = (int(image["/Width"]), int(image["/Height"]))
    sizes = list(images.values())
    assert len(sizes) == 6
    assert max(max(size) for size in sizes) <= 2000


def test_typographic_quotes_and_hyphenation(anora):
    text = pdf_text(anora["pdf"])
    assert "“dime-a-dance”" in text
    assert "‐\n" in text, "long lines are hyphenated"


def test_minimal_kit_has_no_empty_headings(minimal):
    reader = PdfReader(minimal["pdf"])
    assert [item.title for item in reader.outline] == ["Contents", "Synopsis"]
    text = pdf_text(minimal["pdf"])
    for absent in (
        "Director",
        "Cast",
        "Crew",
        "Stills",
        "Screenings",
        "Awards",
        "Links",
        "Contacts",
        "Short synopsis",
    ):
        assert absent not in text
    assert "nobody" in text
    assert minimal["pdf"].name == "the-frozen-sea-press-kit.pdf"


def test_every_figure_has_alt_text_in_the_structure_tree(reader):
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif hasattr(node, "get"):
            if node.get("/S") == "/Figure":
                alts.append(node.get("/Alt"))
            if node.get("/K") is not None:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert all(alts) and alts[0] == "Key art for Anora"
    assert {
        "Portrait of Sean Baker",
        "Portrait of Mikey Madison",
        "Logo of Placeholder Fund",
    } <= set(alts)
    assert "QR code for https://example.org/anora/trailer" in alts
    assert "World premiere – Cannes Film Festival – Competition – 2024" in alts  # a laurel
    assert sum(alt.startswith("Generated abstract image") for alt in alts) == 3  # the stills
