"""Multilingual kits: one definition, one set of editions per language, and what is left to
translate."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import (
    KITS,
    copied,
    epub_files,
    epub_problems,
    pages_ending_with_a_heading,
    pdf_text,
    underfilled,
    write_project,
)
from presskit.build import build, check
from presskit.cli import main
from presskit.errors import KitError


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of tests/kits/multilingual: a build or a check writes its cache into the project."""
    return copied(KITS / "multilingual", tmp_path_factory.mktemp("multilingual"))


@pytest.fixture(scope="module")
def outputs(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("outputs")
    return {o.path.name: o.path for o in build(project, out=out, formats=["pdf", "epub"]).outputs}


def test_no_page_in_any_language_is_less_than_a_third_filled_or_ends_with_a_heading(
    outputs, tmp_path
):
    """The page flow (test_page_flow) in each language, whose words are of other lengths."""
    pdfs = [path for name, path in outputs.items() if name.endswith(".pdf")]
    assert len(pdfs) == 3
    for pdf in pdfs:
        assert underfilled(pdf, tmp_path / pdf.stem) == [], pdf.name
        assert pages_ending_with_a_heading(pdf) == [], pdf.name


def test_one_pdf_and_one_epub_per_language(outputs):
    assert sorted(outputs) == sorted(
        f"the-frozen-sea-press-kit{lang}.{ext}"
        for lang in ("", ".fr", ".de")
        for ext in ("pdf", "epub")
    )


@pytest.mark.parametrize(
    ("lang", "suffix", "heading", "date", "logline"),
    [
        (
            "en",
            "",
            "Contents",
            "14 February 2026",
            "A lighthouse keeper and her daughter wait for “the thaw”.",
        ),
        (
            "fr",
            ".fr",
            "Sommaire",
            "14 février 2026",
            "Une gardienne de phare et sa fille attendent « le dégel ».",
        ),
        (
            "de",
            ".de",
            "Inhalt",
            "14. Februar 2026",
            "Eine Leuchtturmwärterin und ihre Tochter warten auf „das Tauwetter“.",
        ),
    ],
)
def test_each_language_is_itself(outputs, lang, suffix, heading, date, logline):
    pdf = outputs[f"the-frozen-sea-press-kit{suffix}.pdf"]
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == lang
    text = " ".join(
        pdf_text(pdf).replace("\u2010\n", "").replace("\u202f", " ").replace("\u00a0", " ").split()
    )  # hyphenated words joined
    assert heading in text and date in text and logline.replace("\u202f", " ") in text
    book = outputs[f"the-frozen-sea-press-kit{suffix}.epub"]
    assert epub_problems(book) == []
    package = ET.fromstring(epub_files(book)["EPUB/content.opf"])
    assert package.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    assert package.findtext("{*}metadata/{http://purl.org/dc/elements/1.1/}language") == lang


def test_translated_markdown_files_and_overlays_are_used(outputs):
    french = pdf_text(outputs["the-frozen-sea-press-kit.fr.pdf"])
    assert "Quand la mer gèle, personne ne vient." in french, "short.fr.md replaces short.md"
    assert "Notes de production" in french and "Shot in winter." in french, (
        "the title is translated, the body falls back"
    )
    assert "The long synopsis, in English only." in french


def test_check_lists_what_is_left_to_translate(project):
    warnings = [str(w) for w in check(project) if "not translated" in w.message]
    assert [w.split("kit/presskit.yaml", 1)[1] for w in warnings] == [  # by file and line
        ":7: warning: synopsis.short: not translated into de: the base text is used",
        ":8: warning: synopsis.long: not translated into de: the base text is used",
        ":8: warning: synopsis.long: not translated into fr: the base text is used",
        ":13: warning: sections[0].body: not translated into de: the base text is used",
        ":13: warning: sections[0].body: not translated into fr: the base text is used",
        ":13: warning: sections[0].title: not translated into de: the base text is used",
    ]


def test_one_language_on_its_own(project, tmp_path):
    result = CliRunner().invoke(
        main, ["build", str(project), "--out", str(tmp_path), "--lang", "fr", "--format", "pdf"]
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == [
        "the-frozen-sea-press-kit.fr.pdf"
    ]
    refused = CliRunner().invoke(
        main, ["build", str(project), "--out", str(tmp_path), "--lang", "it"]
    )
    assert (
        refused.exit_code == 1
        and "--lang it: the kit is not written in it (it has en, fr, de)" in refused.stderr
    )


def test_overlay_mistakes_point_at_the_overlay(tmp_path):
    project = write_project(
        tmp_path,
        "title: T\nlogline: L\nsynopsis: {short: S}\ntranslations: [fr]\n",
        {"kit/presskit.fr.yaml": "logline: Une ligne.\nsynopsys: {short: Court}\n"},
    )
    with pytest.raises(KitError) as caught:
        build(project, formats=["pdf"])
    assert [str(p).split("kit/", 1)[1] for p in caught.value.problems] == [
        "presskit.fr.yaml:2: synopsys: unknown key; did you mean `synopsis`?"
    ]


KIT = "title: Anora\nlogline: L\nsynopsis: {short: S}\ntranslations: [fr]\n"


def test_every_language_shares_the_kit_slug_unless_a_translation_sets_its_own(tmp_path):
    project = write_project(
        tmp_path / "shared",
        KIT,
        {"kit/presskit.fr.yaml": "title: Anora, la vraie\nlogline: Une ligne.\n"},
    )
    names = sorted(o.path.name for o in build(project, formats=["pdf", "email"]).outputs)
    assert names == [
        "anora-email.fr.txt",
        "anora-email.txt",
        "anora-press-kit.fr.pdf",
        "anora-press-kit.pdf",
    ]
    assert "Anora, la vraie" in pdf_text(project / "dist" / "anora-press-kit.fr.pdf")
    own = write_project(
        tmp_path / "own", KIT, {"kit/presskit.fr.yaml": "title: Анора\nslug: anora-fr\n"}
    )
    assert sorted(o.path.name for o in build(own, formats=["email"]).outputs) == [
        "anora-email.txt",
        "anora-fr-email.fr.txt",
    ]
    cyrillic = write_project(tmp_path / "cyrillic", KIT, {"kit/presskit.fr.yaml": "title: Анора\n"})
    assert [o.path.name for o in build(cyrillic, formats=["email"], langs=["fr"]).outputs] == [
        "anora-email.fr.txt"
    ]


SPECS = "specs:\n  format: DCP\n  Shot on: 35 mm\n  Sound mix: Dolby Atmos\n"


def spec_rows(book) -> list[tuple[str, str]]:
    """The technical specifications table of an EPUB, row by row: (label, value)."""
    [chapter] = [data for name, data in epub_files(book).items() if b'class="specs"' in data]
    rows = ET.fromstring(chapter).iter("{http://www.w3.org/1999/xhtml}tr")
    return [tuple("".join(cell.itertext()).strip() for cell in row) for row in rows]


@pytest.mark.parametrize(
    ("overlay", "rows"),
    [
        (
            (
                "specs:\n  Shot on: {label: Tourné en, value: 35 mm}\n"
                "  Sound mix: {label: Mixage, value: Dolby Atmos}\n"
            ),
            [("Format de projection", "DCP"), ("Tourné en", "35 mm"), ("Mixage", "Dolby Atmos")],
        ),
        (
            "specs:\n  format: DCP\n  Tourné en: 35 mm\n  Mixage: Dolby Atmos\n",
            [("Format de projection", "DCP"), ("Tourné en", "35 mm"), ("Mixage", "Dolby Atmos")],
        ),
        (
            "specs:\n  Shot on: 35 mm argentique\n  subtitles: anglais\n",
            [
                ("Format de projection", "DCP"),
                ("Sous-titres", "anglais"),
                ("Shot on", "35 mm argentique"),
                ("Sound mix", "Dolby Atmos"),
            ],
        ),
    ],
)
def test_specs_are_translated_by_key_or_by_position(tmp_path, overlay, rows):
    """No English line beside the French one: a line is translated in place."""
    project = write_project(tmp_path, KIT + SPECS, {"kit/presskit.fr.yaml": overlay})
    [book] = build(project, formats=["epub"], langs=["fr"]).outputs
    assert spec_rows(book.path) == rows


def test_a_new_spec_label_in_a_translation_is_a_problem(tmp_path):
    project = write_project(
        tmp_path, KIT + SPECS, {"kit/presskit.fr.yaml": "logline: Une ligne.\nspecs:\n  Son: 5.1\n"}
    )
    with pytest.raises(KitError) as caught:
        build(project, formats=["email"], langs=["fr"])
    assert [str(p).split("kit/", 1)[1] for p in caught.value.problems] == [
        "presskit.fr.yaml:3: specs.Son: not a line of the base kit, so it would "
        "print beside it: write its key as in "
        "presskit.yaml (`format`, `Shot on`, `Sound mix`), or list every line in the same order",
    ]


def test_check_lists_short_labels_left_in_the_base_language(tmp_path):
    kit = KIT + SPECS + (
        "crew:\n  - {role: Editor, name: A}\n  - {role: Colourist, name: B}\n"
        "links:\n  - {label: Screener, url: https://films.test/s}\n"
        "contacts:\n  - {role: International press, name: C}\n"
        "sections:\n  - {title: Production notes, body: Text.}\n"
    )
    overlay = (
        "logline: Une ligne.\nsynopsis: {short: Court.}\nsections:\n  - {body: Texte.}\n"
        "specs:\n  Shot on: {label: Tourné en}\n"
    )
    project = write_project(tmp_path, kit, {"kit/presskit.fr.yaml": overlay})
    found = [
        str(w).split("kit/", 1)[1]
        for w in check(project, langs=["fr"])
        if "not translated" in w.message
    ]
    assert found == [  # not `Editor`: presskit prints the roles it knows in French
        "presskit.yaml:8: warning: specs.Sound mix: not translated into fr: the base text is used",
        "presskit.yaml:11: warning: crew[1].role: not translated into fr: the base text is used",
        "presskit.yaml:13: warning: links[0].label: not translated into fr: the base text is used",
        (
            "presskit.yaml:15: warning: contacts[0].role: not translated into fr: the "
            "base text is used"
        ),
        (
            "presskit.yaml:17: warning: sections[0].title: not translated into fr: the "
            "base text is used"
        ),
    ]
