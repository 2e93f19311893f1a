"""The EPUB edition: EPUBCheck, then its package, navigation and documents read back."""

from __future__ import annotations

import io
import re
import time
import xml.etree.ElementTree as ET
import zipfile

import pytest
from PIL import Image

from conftest import KITS, ROOT, copied, digests, epub_files, epub_problems
from presskit.build import build
from presskit.errors import KitError

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CHAPTER_FILES = [
    "synopsis.xhtml",
    "director.xhtml",
    "cast.xhtml",
    "crew.xhtml",
    "section-1-production-notes.xhtml",
    "stills.xhtml",
    "specs.xhtml",
    "credits.xhtml",
    "screenings.xhtml",
    "awards.xhtml",
    "quotes.xhtml",
    "links.xhtml",
    "contacts.xhtml",
]


@pytest.fixture(scope="module")
def files(anora) -> dict[str, bytes]:
    return epub_files(anora["epub"])


@pytest.fixture(scope="module")
def package(files) -> ET.Element:
    return ET.fromstring(files["EPUB/content.opf"])


def metas(package: ET.Element, prop: str) -> list[str]:
    return [m.text for m in package.iterfind(f"opf:metadata/opf:meta[@property='{prop}']", NS)]


def test_epubcheck_reports_nothing(anora):
    assert epub_problems(anora["epub"]) == []


def test_epubcheck_does_catch_a_broken_book(anora, tmp_path):
    """The check above can fail: a book missing a document is reported."""
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(anora["epub"]) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            if info.filename != "EPUB/cast.xhtml":
                target.writestr(info, source.read(info.filename))
    assert any(" RSC-001 " in problem for problem in epub_problems(broken))


def test_mimetype_is_first_and_stored(anora):
    with zipfile.ZipFile(anora["epub"]) as book:
        first = book.infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)


def test_spine_order(package):
    manifest = {
        item.get("id"): item.get("href") for item in package.iterfind("opf:manifest/opf:item", NS)
    }
    spine = [manifest[ref.get("idref")] for ref in package.iterfind("opf:spine/opf:itemref", NS)]
    assert spine == ["cover.xhtml", "title.xhtml", "nav.xhtml", *CHAPTER_FILES]


def test_navigation_and_ncx_list_every_chapter(files):
    nav = ET.fromstring(files["EPUB/nav.xhtml"])
    toc = nav.find(".//x:nav[@role='doc-toc']", NS)
    assert [a.get("href") for a in toc.iterfind(".//x:a", NS)] == CHAPTER_FILES
    landmarks_nav = nav.find(".//x:nav[2]", NS)
    landmarks = [
        a.get("{http://www.idpf.org/2007/ops}type") for a in landmarks_nav.iterfind(".//x:a", NS)
    ]
    assert landmarks == ["cover", "toc", "bodymatter"]
    assert landmarks_nav.get("hidden") == "hidden"
    ncx = ET.fromstring(files["EPUB/toc.ncx"])
    assert [c.get("src") for c in ncx.iterfind(".//ncx:navPoint/ncx:content", NS)] == CHAPTER_FILES


def test_metadata(package):
    assert package.get(XML_LANG) == "en"
    assert package.findtext("opf:metadata/dc:title", namespaces=NS) == "Anora: press kit"
    assert package.findtext("opf:metadata/dc:creator", namespaces=NS) == "Sean Baker"
    assert package.findtext("opf:metadata/dc:language", namespaces=NS) == "en"
    assert re.fullmatch(
        r"urn:uuid:[0-9a-f-]{36}", package.findtext("opf:metadata/dc:identifier", namespaces=NS)
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", metas(package, "dcterms:modified")[0])


def test_accessibility_metadata(package):
    assert metas(package, "schema:accessMode") == ["textual", "visual"]
    assert metas(package, "schema:accessModeSufficient") == ["textual"]
    assert "alternativeText" in metas(package, "schema:accessibilityFeature")
    assert metas(package, "schema:accessibilityHazard") == ["none"]
    assert metas(package, "schema:accessibilitySummary")
    assert metas(package, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]


def test_cover_image_is_declared_and_shown_first(files, package):
    cover = package.find("opf:manifest/opf:item[@properties='cover-image']", NS)
    assert cover is not None
    image = Image.open(io.BytesIO(files[f"EPUB/{cover.get('href')}"]))
    assert image.mode == "RGB" and image.height > image.width
    page = ET.fromstring(files["EPUB/cover.xhtml"])
    assert page.find(".//x:img", NS).get("src") == cover.get("href")


def test_every_image_has_alt_text_and_is_sized_for_reading(files):
    for name, content in files.items():
        if name.endswith(".xhtml"):
            for img in ET.fromstring(content).iterfind(".//x:img", NS):
                assert img.get("alt", "").strip(), (name, img.get("src"))
        elif name.startswith("EPUB/images/"):
            image = Image.open(io.BytesIO(content))
            assert max(image.size) <= 1600 and image.mode == "RGB", name


def test_every_document_has_a_title_and_content(files):
    for name in CHAPTER_FILES:
        document = ET.fromstring(files[f"EPUB/{name}"])
        assert document.findtext(".//x:title", namespaces=NS)
        assert document.find(".//x:h2", NS) is not None, name


def test_identifier_is_stable_and_zip_reproducible(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1716249600")
    project = copied(KITS / "minimal", tmp_path)  # its build record goes into the copy
    first = build(project, out=tmp_path / "a", formats=["epub"]).outputs[0].path.read_bytes()
    second = build(project, out=tmp_path / "b", formats=["epub"]).outputs[0].path.read_bytes()
    assert first == second


def test_minimal_kit_gets_a_typographic_cover_and_one_chapter(minimal):
    assert epub_problems(minimal["epub"]) == []
    files = epub_files(minimal["epub"])
    package = ET.fromstring(files["EPUB/content.opf"])
    cover = package.find("opf:manifest/opf:item[@properties='cover-image']", NS)
    assert Image.open(io.BytesIO(files[f"EPUB/{cover.get('href')}"])).size == (1600, 2134)
    documents = sorted(name for name in files if name.endswith(".xhtml"))
    assert documents == [
        "EPUB/cover.xhtml",
        "EPUB/nav.xhtml",
        "EPUB/synopsis.xhtml",
        "EPUB/title.xhtml",
    ]
    assert metas(package, "schema:accessMode") == ["textual", "visual"]


def test_source_date_epoch_before_1980_and_malformed(tmp_path, monkeypatch):
    project = copied(KITS / "minimal", tmp_path)  # its build record goes into the copy
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    [book] = build(project, out=tmp_path, formats=["epub"]).outputs
    with zipfile.ZipFile(book.path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b'<meta property="dcterms:modified">1970-01-01T00:00:00Z</meta>' in archive.read(
            "EPUB/content.opf"
        )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1e9")
    with pytest.raises(KitError) as caught:
        build(project, out=tmp_path, formats=["epub"])
    assert (
        str(caught.value)
        == "SOURCE_DATE_EPOCH: must be a whole number of seconds since 1970, got '1e9'"
    )


def test_every_output_is_byte_identical_on_another_day_in_another_folder(
    anora, tmp_path, monkeypatch
):
    """No SOURCE_DATE_EPOCH: dates come from the inputs, not the clock. The session's build of
    the example kit (`anora`) was made earlier, in another folder."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    # The clock has moved on by this build, however soon after the other (whose last output
    # was written after every reading of the clock it made).
    time.sleep(max(0.0, 1.1 - (time.time() - max(p.stat().st_mtime for p in anora.values()))))
    again = build(copied(ROOT, tmp_path)).outputs[0].path.parent
    builds = [digests(anora["pdf"].parent), digests(again)]
    assert builds[0] == builds[1]
    assert len(builds[0]) > 20
