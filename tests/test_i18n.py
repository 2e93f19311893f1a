"""presskit's own words and dates in the kit's language; right-to-left languages mirrored."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from conftest import ROOT, epub_files, epub_problems, pdf_text, write_project
from presskit.build import build

LOCALE = ROOT / "src" / "presskit" / "locale"
KIT = """\
title: La Mer gelée
logline: Une gardienne de phare et sa fille attendent la fin du plus long hiver, "sans nouvelles".
synopsis: {short: "Quand la mer gèle, personne ne vient.", long: Personne ne part.}
runtime: 139
countries: [France, Belgique]
director: {name: Anne Exemple, statement: "Le froid, d'abord."}
screenings:
  - {festival: Festival Exemple, date: 2024-05-21, time: 19:00}
"""


def test_every_label_is_translated_and_the_catalogue_template_is_current(tmp_path):
    subprocess.run(
        [
            Path(sys.executable).parent / "pybabel",
            "extract",
            "-F",
            "babel.cfg",
            "-o",
            tmp_path / "fresh.pot",
            "--no-location",
            "--sort-output",
            "--omit-header",
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    fresh = {m.id for m in read_po(io.BytesIO((tmp_path / "fresh.pot").read_bytes())) if m.id}
    committed = {m.id for m in read_po(io.BytesIO((LOCALE / "presskit.pot").read_bytes())) if m.id}
    assert fresh == committed, "run `make messages` and translate what is new"
    for lang in ("fr", "de", "es", "it"):
        catalogue = read_po(io.BytesIO((LOCALE / f"{lang}.po").read_bytes()))
        assert {m.id for m in catalogue if m.id} == committed, lang
        assert all(
            m.string and all(m.string) if isinstance(m.string, tuple) else m.string
            for m in catalogue
            if m.id
        ), lang
        assert not any(m.fuzzy for m in catalogue if m.id), lang


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            [
                "Sommaire",
                "Réalisation",
                "Note d’intention",
                "Fiche technique",
                "139 minutes",
                "21 mai 2024",
                "Un film de Anne Exemple".upper(),
                "« sans nouvelles »",
            ],
        ),
        (
            "de",
            [
                "Inhalt",
                "Regie",
                "Anmerkungen der Regie",
                "Technische Daten",
                "139 Minuten",
                "21. Mai 2024",
                "„sans nouvelles“",
                "Länder",
            ],
        ),
        ("es", ["Índice", "Dirección", "Ficha técnica", "139 minutos", "21 de mayo de 2024"]),
        ("it", ["Indice", "Regia", "Scheda tecnica", "139 minuti", "21 maggio 2024"]),
    ],
)
def test_kit_language_sets_labels_dates_and_quotes(tmp_path, lang, expected):
    project = write_project(tmp_path, KIT + f"lang: {lang}\n")
    outputs = {o.path.suffix: o.path for o in build(project, formats=["pdf", "epub"]).outputs}
    text = pdf_text(outputs[".pdf"]).replace("\u202f", " ").replace("\u00a0", " ")
    for words in expected:
        assert words.replace("\u202f", " ") in text, words
    assert PdfReader(outputs[".pdf"]).trailer["/Root"]["/Lang"] == lang
    files = epub_files(outputs[".epub"])
    assert f'xml:lang="{lang}"'.encode() in files["EPUB/content.opf"]
    assert expected[0].encode() in files["EPUB/nav.xhtml"]
    assert epub_problems(outputs[".epub"]) == []


def test_a_project_catalogue_overrides_a_label(tmp_path):
    po = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Stills"\nmsgstr "Photogrammes"\n'
    )
    still = (ROOT / "kit" / "images" / "still-01.jpg").read_bytes()
    project = write_project(
        tmp_path,
        KIT + "lang: fr\nstills:\n  - {file: s.jpg, caption: C, alt: A, credit: P}\n",
        {"locale/fr.po": po, "kit/s.jpg": still},
    )
    text = pdf_text(build(project, formats=["pdf"]).outputs[0].path)
    assert "Photogrammes" in text and "Photos" not in text
    assert "Sommaire" in text, "the other labels still come from presskit"


def test_right_to_left_kits_are_mirrored(tmp_path):
    kit = (
        "title: الفيلم\nslug: al-film\nlang: ar\nlogline: قصة امرأة تنتظر نهاية الشتاء.\n"
        "synopsis: {short: حين يتجمد البحر لا يأتي أحد.}\n"
    )
    outputs = {
        o.path.suffix: o.path
        for o in build(write_project(tmp_path, kit), formats=["pdf", "epub"]).outputs
    }
    files = epub_files(outputs[".epub"])
    assert re.search(rb'<html dir="rtl"[^>]*>', files["EPUB/synopsis.xhtml"])
    assert b'page-progression-direction="rtl"' in files["EPUB/content.opf"]
    assert epub_problems(outputs[".epub"]) == []
    text = pdf_text(outputs[".pdf"])
    assert "قصة امرأة تنتظر نهاية الشتاء" in text, "the text is extracted in logical order"


def test_a_japanese_title_in_an_english_kit_has_real_glyphs(tmp_path):
    """CJK comes from a system font found through fontconfig (Noto CJK, README), never empty
    boxes."""
    kit = (
        "title: The Snow Sea\noriginal_title: 雪の海\n"
        "logline: A story with a Japanese title.\nsynopsis: {short: S}\n"
    )
    pdf = build(write_project(tmp_path, kit), formats=["pdf"]).outputs[0].path
    reader = PdfReader(pdf)
    assert "The Snow Sea雪の海" in reader.pages[0].extract_text()
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    cjk = [name for name in fonts if "CJK" in name]
    assert cjk, fonts
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            if "CJK" in str(font["/BaseFont"]):
                glyphs = drawn_glyphs(font["/DescendantFonts"][0].get_object()["/W"])
                assert glyphs and 0 not in glyphs, "real glyphs, not .notdef (glyph 0)"


def drawn_glyphs(widths: list) -> set[int]:
    """The glyph ids a CID font's /W array lists: `c [w …]` or `first last w` entries."""
    glyphs, i = set(), 0
    while i < len(widths):
        if isinstance(widths[i + 1], list):
            glyphs.update(range(widths[i], widths[i] + len(widths[i + 1])))
            i += 2
        else:
            glyphs.update(range(widths[i], widths[i + 1] + 1))
            i += 3
    return glyphs
