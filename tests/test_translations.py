"""Multilingual kits: one definition, one set of editions per language, and what is left to translate."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import KITS, epub_files, epub_problems, pdf_text, write_project
from presskit.build import build, check
from presskit.cli import main
from presskit.errors import KitError

PROJECT = KITS / "multilingual"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("multilingual")
    return {o.path.name: o.path for o in build(PROJECT, out=out, formats=["pdf", "epub"]).outputs}


def test_one_pdf_and_one_epub_per_language(outputs):
    assert sorted(outputs) == sorted(f"the-frozen-sea-press-kit{lang}.{ext}" for lang in ("", ".fr", ".de") for ext in ("pdf", "epub"))


@pytest.mark.parametrize(("lang", "suffix", "heading", "date", "logline"), [
    ("en", "", "Contents", "14 February 2026", "A lighthouse keeper and her daughter wait for “the thaw”."),
    ("fr", ".fr", "Sommaire", "14 février 2026", "Une gardienne de phare et sa fille attendent « le dégel »."),
    ("de", ".de", "Inhalt", "14. Februar 2026", "Eine Leuchtturmwärterin und ihre Tochter warten auf „das Tauwetter“."),
])
def test_each_language_is_itself(outputs, lang, suffix, heading, date, logline):
    pdf = outputs[f"the-frozen-sea-press-kit{suffix}.pdf"]
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == lang
    text = " ".join(pdf_text(pdf).replace("\u2010\n", "").replace("\u202f", " ").replace("\u00a0", " ").split())  # hyphenated words joined
    assert heading in text and date in text and logline.replace("\u202f", " ") in text
    book = outputs[f"the-frozen-sea-press-kit{suffix}.epub"]
    assert epub_problems(book) == []
    package = ET.fromstring(epub_files(book)["EPUB/content.opf"])
    assert package.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    assert package.findtext("{*}metadata/{http://purl.org/dc/elements/1.1/}language") == lang


def test_translated_markdown_files_and_overlays_are_used(outputs):
    french = pdf_text(outputs["the-frozen-sea-press-kit.fr.pdf"])
    assert "Quand la mer gèle, personne ne vient." in french, "short.fr.md replaces short.md"
    assert "Notes de production" in french and "Shot in winter." in french, "the title is translated, the body falls back"
    assert "The long synopsis, in English only." in french


def test_check_lists_what_is_left_to_translate():
    warnings = [str(w) for w in check(PROJECT) if "not translated" in w.message]
    assert [w.split("kit/presskit.yaml", 1)[1] for w in warnings] == [
        ":8: warning: synopsis.long: not translated into fr: the base text is used",
        ":13: warning: sections[0].body: not translated into fr: the base text is used",
        ":7: warning: synopsis.short: not translated into de: the base text is used",
        ":8: warning: synopsis.long: not translated into de: the base text is used",
        ":13: warning: sections[0].title: not translated into de: the base text is used",
        ":13: warning: sections[0].body: not translated into de: the base text is used",
    ]


def test_one_language_on_its_own(tmp_path):
    result = CliRunner().invoke(main, ["build", str(PROJECT), "--out", str(tmp_path), "--lang", "fr", "--format", "pdf"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["the-frozen-sea-press-kit.fr.pdf"]
    refused = CliRunner().invoke(main, ["build", str(PROJECT), "--out", str(tmp_path), "--lang", "it"])
    assert refused.exit_code == 1 and "--lang it: the kit is not written in it (it has en, fr, de)" in refused.stderr


def test_overlay_mistakes_point_at_the_overlay(tmp_path):
    project = write_project(tmp_path, "title: T\nlogline: L\nsynopsis: {short: S}\ntranslations: [fr]\n",
                            {"kit/presskit.fr.yaml": "logline: Une ligne.\nsynopsys: {short: Court}\n"})
    with pytest.raises(KitError) as caught:
        build(project, formats=["pdf"])
    assert [str(p).split("kit/", 1)[1] for p in caught.value.problems] == ["presskit.fr.yaml:2: synopsys: unknown key; did you mean `synopsis`?"]
