"""The press pack: every picture carries its caption, credit and copyright in its own IPTC and XMP
fields, read back with ExifTool (what picture desks use), and its image data is untouched."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image, ImageCms

from conftest import KITS, ROOT, encoded, epub_files, jpeg, pdf_text, write_project
from presskit.build import build
from presskit.kit.load import load_kit
from presskit.render.pack import CSV_COLUMNS, inert

ANORA_HEADLINE = "Anora (2024)"
PLACEHOLDER = "Generated placeholder image"
ANORA_COPYRIGHT = "© 2024 Placeholder Pictures (example.org)"


def exiftool(folder: Path) -> dict[str, dict]:
    """ExifTool's reading of every picture under `folder`, by path, IPTC read as UTF-8."""
    out = subprocess.run(
        [
            "exiftool",
            "-j",
            "-G1",
            "-r",
            "-charset",
            "iptc=utf8",
            "-ext",
            "jpg",
            "-ext",
            "png",
            "-ext",
            "webp",
            "-ext",
            "tif",
            str(folder),
        ],
        capture_output=True,
        check=True,
    ).stdout
    return {
        Path(item["SourceFile"]).relative_to(folder).as_posix(): item for item in json.loads(out)
    }


def unpacked(pack: Path, folder: Path) -> list[str]:
    with zipfile.ZipFile(pack) as archive:
        archive.extractall(folder)
        return archive.namelist()


def jpeg_image_data(data: bytes) -> bytes:
    """A JPEG's compressed image data: from its first SOS marker to the end."""
    return data[data.index(b"\xff\xda"):]


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        chunks.append((data[at + 4:at + 8], data[at + 8:at + 8 + length]))
        at += 12 + length
    return chunks


def read_back(reading: dict) -> dict[str, object]:
    """What a picture desk's software finds in a picture, in IPTC and XMP."""
    fields = {
        "caption": ("IPTC:Caption-Abstract", "XMP-dc:Description"),
        "credit": ("IPTC:Credit", "XMP-photoshop:Credit"),
        "creator": ("IPTC:By-line", "XMP-dc:Creator"),
        "copyright": ("IPTC:CopyrightNotice", "XMP-dc:Rights"),
        "headline": ("IPTC:Headline", "XMP-photoshop:Headline"),
    }
    return {name: tuple(reading.get(tag) for tag in tags) for name, tags in fields.items()}


@pytest.fixture(scope="module")
def anora_pack(anora, tmp_path_factory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("anora-pack")
    return folder, unpacked(anora["zip"], folder)


def test_the_pack_has_a_folder_for_each_kind_of_picture(anora, anora_pack):
    folder, names = anora_pack
    assert names == [
        "CAPTIONS.txt",
        "CAPTIONS.csv",
        "artwork/anora-key-art.jpg",
        "portraits/anora-director-sean-baker.jpg",
        "portraits/anora-cast-01-mikey-madison.jpg",
        "stills/anora-01-placeholder-still-a-seafront-at-night-generated.jpg",
        "stills/anora-02-placeholder-still-a-neon-lit-club-interior.jpg",
        "stills/anora-03-placeholder-still-a-cold-winter-morning-generated.jpg",
        "logos/anora-logo-placeholder-pictures-example-org.svg",
        "logos/anora-logo-example-sales-agent-placeholder.svg",
        "logos/anora-logo-placeholder-fund.svg",
        *(
            f"logos/anora-laurel-{words}.{suffix}"
            for words in (
                "world-premiere-cannes-film-festival-competition-2024",
                "winner-palme-dor-cannes-film-festival-2024",
                "winner-best-picture-academy-awards-2025",
                "winner-best-director-academy-awards-2025",
                "winner-best-actress-mikey-madison-academy-awards-2025",
                "winner-best-original-screenplay-academy-awards-2025",
                "winner-best-film-editing-academy-awards-2025",
            )
            for suffix in ("svg", "png")
        ),
        "anora-press-kit.pdf",
    ]
    with zipfile.ZipFile(anora["zip"]) as pack:
        assert {info.compress_type for info in pack.infolist()} == {zipfile.ZIP_STORED}
    assert (folder / "anora-press-kit.pdf").read_bytes() == anora["pdf"].read_bytes()
    assert (
        "stills/anora-02-placeholder-still-a-neon-lit-club-interior.jpg\n"
        "  Placeholder still: a neon-lit club interior (generated image)\n"
        f"  Photo: {PLACEHOLDER}\n  {ANORA_COPYRIGHT}\n"
        in (folder / "CAPTIONS.txt").read_text(encoding="utf-8")
    )


def test_every_anora_picture_reads_back_its_caption_credit_creator_copyright_and_headline(
    anora_pack,
):
    folder, _ = anora_pack
    readings = {
        name: reading for name, reading in exiftool(folder).items() if not name.startswith("logos/")
    }
    expected = {
        "artwork/anora-key-art.jpg": "Key art for Anora",
        "portraits/anora-director-sean-baker.jpg": "Sean Baker, director",
        "portraits/anora-cast-01-mikey-madison.jpg": "Mikey Madison as Ani (Anora Mikheeva)",
        "stills/anora-01-placeholder-still-a-seafront-at-night-generated.jpg": (
            "Placeholder still: a seafront at night (generated image)"
        ),
        "stills/anora-02-placeholder-still-a-neon-lit-club-interior.jpg": (
            "Placeholder still: a neon-lit club interior (generated image)"
        ),
        "stills/anora-03-placeholder-still-a-cold-winter-morning-generated.jpg": (
            "Placeholder still: a cold winter morning (generated image)"
        ),
    }
    assert sorted(readings) == sorted(expected)
    for name, caption in expected.items():
        assert readings[name]["IPTC:CodedCharacterSet"] == "UTF8", name
        assert read_back(readings[name]) == {
            "caption": (caption, caption),
            "credit": (f"Photo: {PLACEHOLDER}",) * 2,
            "creator": (PLACEHOLDER,) * 2,
            "copyright": (ANORA_COPYRIGHT,) * 2,
            "headline": (ANORA_HEADLINE,) * 2,
        }, name


def test_anora_pictures_keep_their_image_data_byte_for_byte(anora_pack):
    folder, _ = anora_pack
    originals = {
        "artwork/anora-key-art.jpg": "key-art.jpg",
        "portraits/anora-director-sean-baker.jpg": "director.jpg",
        "portraits/anora-cast-01-mikey-madison.jpg": "cast-mikey-madison.jpg",
        "stills/anora-01-placeholder-still-a-seafront-at-night-generated.jpg": "still-01.jpg",
    }
    for packed, original in originals.items():
        data, before = (
            (folder / packed).read_bytes(),
            (ROOT / "kit" / "images" / original).read_bytes(),
        )
        assert data != before and jpeg_image_data(data) == jpeg_image_data(before), packed


def test_captions_csv_matches_the_pictures(anora_pack):
    folder, names = anora_pack
    rows = captions_csv(folder)
    assert [row["file"] for row in rows] == [name for name in names if "/" in name]
    assert rows[3] == {
        "file": "stills/anora-01-placeholder-still-a-seafront-at-night-generated.jpg",
        "caption": "Placeholder still: a seafront at night (generated image)",
        "credit": f"Photo: {PLACEHOLDER}",
        "copyright": ANORA_COPYRIGHT,
        "alt": (
            "Generated abstract image: a deep blue night sky over a dark sea, a pale "
            "moon, a low pier silhouette and a row of warm "
            "lamps along the shoreline reflected in the water, with the words "
            "“PLACEHOLDER STILL 1”."
        ),
    }
    readings = exiftool(folder)
    for row in rows[:6]:
        assert (row["caption"], row["credit"], row["copyright"]) == (
            readings[row["file"]]["IPTC:Caption-Abstract"],
            readings[row["file"]]["IPTC:Credit"],
            readings[row["file"]]["IPTC:CopyrightNotice"],
        )


def captions_csv(folder: Path) -> list[dict[str, str]]:
    with (folder / "CAPTIONS.csv").open(encoding="utf-8-sig", newline="") as table:
        return list(csv.DictReader(table))


FORMULAS = ("=1+1", "+1+2", "-2+3", "@SUM(1+1)", "\t=3+3", "\r+4+4",
            '=HYPERLINK("http://evil.example/x","click")')
"""Text a spreadsheet runs as a formula, one for each character that starts one (a tab or
carriage return first is trimmed when the kit is read, which leaves the next character first)."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


@pytest.fixture(scope="module")
def formulas_pack(tmp_path_factory) -> tuple[Path, list[dict[str, str]]]:
    """A kit whose captions, credits, copyright notices and alt texts start formulas, and a still
    whose caption and alt text start with a dash in prose: its press pack's CAPTIONS.csv, and
    the rows Python's csv module reads from it."""
    stills = [
        {"file": f"{i}.jpg", "caption": text, "credit": text, "copyright": text, "alt": text}
        for i, text in enumerate(FORMULAS)
    ]
    stills.append({"file": "prose.jpg", "caption": "- a night scene", "credit": "-Jane Doe",
                   "alt": "- the pier at night"})
    kit_yaml = "title: T\nlogline: L.\nsynopsis: {short: S}\nstills:\n" + "".join(
        f"  - {json.dumps(still)}\n" for still in stills
    )
    files = {f"kit/{still['file']}": jpeg((300, 200)) for still in stills}
    project = write_project(tmp_path_factory.mktemp("formulas"), kit_yaml, files)
    [pack] = build(project, out=project / "dist", formats=["zip"]).outputs
    folder = project / "pack"
    unpacked(pack.path, folder)
    return folder / "CAPTIONS.csv", captions_csv(folder)


def test_no_cell_of_captions_csv_starts_a_formula(formulas_pack):
    """Each is preceded by an apostrophe, as OWASP advises against CSV injection; a dash in prose
    becomes an en dash, and reads as it did."""
    _, rows = formulas_pack
    assert [cell for row in rows for cell in row.values() if cell.startswith(FORMULA_STARTS)] == []
    assert [(row["copyright"], row["alt"]) for row in rows[:7]] == [
        (f"'{text.strip()}",) * 2 for text in FORMULAS
    ]
    assert [row["caption"] for row in rows[:7]] == [
        "'=1+1", "'+1+2", "'-2+3", "'@SUM(1+1)", "'=3+3", "'+4+4",
        "'=HYPERLINK(“http://evil.example/x”,“click”)",
    ]
    assert {k: v for k, v in rows[7].items() if k != "file"} == {
        "caption": "– a night scene", "credit": "Photo: -Jane Doe", "copyright": "",
        "alt": "– the pier at night",
    }


def test_libreoffice_reads_no_formula_in_captions_csv(formulas_pack, tmp_path):
    """LibreOffice Calc, headless, opens CAPTIONS.csv as UTF-8 text (as its import dialog does,
    formulas evaluated) and saves it as OpenDocument: no cell is a formula, and every cell holds
    the text the csv module reads, the apostrophe shown."""
    table, rows = formulas_pack
    subprocess.run(
        [
            "soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
            "--infilter=CSV:44,34,76,1", "--convert-to", "ods", "--outdir", str(tmp_path),
            str(table),
        ],
        env={**os.environ, "HOME": str(tmp_path), "TMPDIR": str(tmp_path)},
        capture_output=True, check=True, timeout=300,
    )
    with zipfile.ZipFile(tmp_path / "CAPTIONS.ods") as ods:
        content = ElementTree.fromstring(ods.read("content.xml"))
    cells = content.iter(f"{{{ODF_TABLE}}}table-cell")
    assert [formula for cell in cells if (formula := cell.get(f"{{{ODF_TABLE}}}formula"))] == []
    read = []
    for row in list(content.iter(f"{{{ODF_TABLE}}}table-row"))[:len(rows) + 1]:
        texts = []
        for cell in row.iter(f"{{{ODF_TABLE}}}table-cell"):
            repeated = int(cell.get(f"{{{ODF_TABLE}}}number-columns-repeated", "1"))
            texts += ["".join(cell.itertext())] * min(repeated, len(CSV_COLUMNS))
        read.append(texts[:len(CSV_COLUMNS)])
    assert read == [list(CSV_COLUMNS), *(list(row.values()) for row in rows)]


def test_what_a_kit_cannot_bring_is_made_inert_too():
    """Kit text is trimmed as it is read, and the full-width forms are not in OWASP's list, but
    any cell is made inert: a tab, a carriage return or a line feed first, the full-width = + - @
    (which East Asian spreadsheets may read as formulas); a minus before a number is not a dash
    in prose."""
    cells = ["\t=1", "\r=1", "\n=1", "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20A1", "-1", "-\tx"]
    assert [inert(cell) for cell in cells] == [
        "'\t=1", "'\r=1", "'\n=1", "'\uff1d1+1", "'\uff0b1", "'\uff0d1", "'\uff20A1", "'-1",
        "\u2013\tx",
    ]
    assert [inert(cell) for cell in ("Photo: =1", "", None)] == ["Photo: =1", "", ""]


def photograph_with_profile_and_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Example Camera"
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encoded(
        Image.radial_gradient("L").convert("RGB").resize((640, 426)),
        "JPEG",
        exif=exif.tobytes(),
        icc_profile=profile,
    )


NORDIC = """title: Det frosne hav
original_title: 氷の海
logline: A lighthouse keeper waits out the winter.
synopsis: {short: "When the sea freezes over, nobody comes."}
year: 2025
lang: en
copyright: © 2025 Ødegaard Film AS
key_art: {file: poster.png, credit: "Photo: Åsa Ström"}
director: {name: Søren Ødegaard, photo: director.webp, photo_credit: 山田花子}
cast:
  - {name: Ærø Østergård, role: Keeper, photo: cast.tif, photo_credit: "© 2025 Studio Ø"}
stills:
  - {file: still.jpg, caption: "*氷の海*: Søren Ødegaard on the ice", credit: Søren Ødegaard, \
alt: A man on the ice}
"""


@pytest.fixture(scope="module")
def nordic(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    """A kit whose captions and credits are in Nordic and Japanese script, with a picture of
    each format: JPEG (with an ICC profile and EXIF), PNG with a palette, WebP and TIFF."""
    project = tmp_path_factory.mktemp("nordic")
    files = {
        "kit/still.jpg": photograph_with_profile_and_exif(),
        "kit/poster.png": encoded(Image.new("P", (200, 300), 3), "PNG"),
        "kit/director.webp": encoded(Image.new("RGB", (300, 400), "slategray"), "WEBP"),
        "kit/cast.tif": encoded(
            Image.new("RGB", (300, 400), "tan"), "TIFF", compression="tiff_lzw"
        ),
    }
    write_project(project, NORDIC, files)
    outputs = build(project, out=project / "dist").outputs
    return project, {output.path.suffix or "site": output.path for output in outputs}


def test_nordic_and_japanese_text_reads_back_exactly(nordic, tmp_path):
    project, outputs = nordic
    unpacked(outputs[".zip"], tmp_path)
    readings = exiftool(tmp_path)
    headline = ("Det frosne hav (2025)",) * 2
    still = readings["stills/det-frosne-hav-01-soren-odegaard-on-the-ice.jpg"]
    assert still["IPTC:CodedCharacterSet"] == "UTF8"
    assert read_back(still) == {
        "caption": ("氷の海: Søren Ødegaard on the ice",) * 2,
        "credit": ("Photo: Søren Ødegaard",) * 2,
        "creator": ("Søren Ødegaard",) * 2,
        "copyright": ("© 2025 Ødegaard Film AS",) * 2,
        "headline": headline,
    }
    xmp_only = {
        name: {
            tag.split(":", 1)[1]: value for tag, value in reading.items() if tag.startswith("XMP-")
        }
        for name, reading in readings.items()
    }
    assert xmp_only["artwork/det-frosne-hav-key-art.png"] | {"XMPToolkit": None} == {
        "XMPToolkit": None,
        "Description": "Key art for Det frosne hav",
        "Credit": "Photo: Åsa Ström",
        "Creator": "Åsa Ström",
        "Rights": "© 2025 Ødegaard Film AS",
        "Headline": headline[0],
    }
    assert (
        xmp_only["portraits/det-frosne-hav-director-soren-odegaard.webp"]["Creator"] == "山田花子"
    )
    assert (
        xmp_only["portraits/det-frosne-hav-director-soren-odegaard.webp"]["Credit"]
        == "Photo: 山田花子"
    )
    cast = xmp_only["portraits/det-frosne-hav-cast-01-aero-ostergard.tif"]
    assert (cast["Credit"], cast["Rights"], "Creator" in cast) == (
        "© 2025 Studio Ø",
        "© 2025 Ødegaard Film AS",
        False,
    )


def test_image_data_icc_profile_and_exif_are_kept(nordic, tmp_path):
    project, outputs = nordic
    unpacked(outputs[".zip"], tmp_path)
    still, original = (
        (tmp_path / "stills/det-frosne-hav-01-soren-odegaard-on-the-ice.jpg").read_bytes(),
        (project / "kit/still.jpg").read_bytes(),
    )
    assert jpeg_image_data(still) == jpeg_image_data(original)
    with Image.open(io.BytesIO(still)) as packed, Image.open(io.BytesIO(original)) as before:
        assert packed.info["icc_profile"] == before.info["icc_profile"]
        assert packed.getexif()[0x010F] == "Example Camera"
    poster, before = (
        (tmp_path / "artwork/det-frosne-hav-key-art.png").read_bytes(),
        (project / "kit/poster.png").read_bytes(),
    )
    assert [chunk for chunk in png_chunks(poster) if chunk[0] != b"iTXt"] == png_chunks(before)
    for packed, source in (
        ("portraits/det-frosne-hav-director-soren-odegaard.webp", "director.webp"),
        ("portraits/det-frosne-hav-cast-01-aero-ostergard.tif", "cast.tif"),
    ):
        with (
            Image.open(tmp_path / packed) as image,
            Image.open(project / "kit" / source) as expected,
        ):
            assert image.tobytes() == expected.tobytes(), packed


def test_no_credit_is_printed_with_two_labels(nordic, tmp_path):
    """A credit that begins with "Photo:" or "©" is printed as written, everywhere."""
    project, outputs = nordic
    unpacked(outputs[".zip"], tmp_path)
    texts = {
        "PDF": pdf_text(outputs[".pdf"]),
        "EPUB": "".join(
            content.decode()
            for name, content in epub_files(outputs[".epub"]).items()
            if name.endswith(".xhtml")
        ),
        "site": (outputs["site"] / "index.html").read_text(encoding="utf-8"),
        "CAPTIONS.txt": (tmp_path / "CAPTIONS.txt").read_text(encoding="utf-8"),
    }
    for edition, text in texts.items():
        assert "Photo: Photo:" not in text and "Photo: ©" not in text, edition
    for edition in ("EPUB", "site"):
        assert texts[edition].count("Photo: Åsa Ström") == 1, edition
        assert texts[edition].count("© 2025 Studio Ø") == 1, edition
        assert texts[edition].count("Photo: Søren Ødegaard") == 1, edition


def test_crew_portraits_and_artwork_variants_go_to_their_folders(tmp_path):
    kit_yaml = (
        "title: T\nlogline: L.\nsynopsis: {short: S}\nyear: 2024\n"
        "artwork:\n  - {file: title.png, kind: title, credit: Studio X}\n"
        "  - {file: wide.jpg, kind: landscape}\n"
        "crew:\n  - {role: Director of photography, name: Drew Daniels, photo: "
        "dop.jpg, photo_credit: Jane Doe}\n"
    )
    files = {
        "kit/title.png": encoded(Image.new("RGBA", (400, 100)), "PNG"),
        "kit/wide.jpg": encoded(Image.new("RGB", (320, 180)), "JPEG"),
        "kit/dop.jpg": encoded(Image.new("RGB", (300, 400)), "JPEG"),
    }
    project = write_project(tmp_path / "project", kit_yaml, files)
    [pack] = build(project, out=tmp_path / "dist", formats=["zip"]).outputs
    assert unpacked(pack.path, tmp_path / "pack") == [
        "CAPTIONS.txt",
        "CAPTIONS.csv",
        "artwork/t-artwork-01-title.png",
        "artwork/t-artwork-02-landscape.jpg",
        "portraits/t-crew-01-drew-daniels.jpg",
        "t-press-kit.pdf",
    ]
    readings = exiftool(tmp_path / "pack")
    assert (
        read_back(readings["portraits/t-crew-01-drew-daniels.jpg"])["caption"]
        == ("Drew Daniels, Director of photography",) * 2
    )
    assert (
        readings["artwork/t-artwork-01-title.png"]["XMP-dc:Description"] == "Title treatment of T"
    )
    assert (
        readings["artwork/t-artwork-02-landscape.jpg"]["XMP-dc:Description"]
        == "Key art for T, landscape"
    )


def test_the_web_gallery_offers_each_still_at_full_resolution_with_its_caption(nordic):
    _, outputs = nordic
    page = (outputs["site"] / "index.html").read_text(encoding="utf-8")
    href = "full/stills/det-frosne-hav-01-soren-odegaard-on-the-ice.jpg"
    assert f'<a class="full-size" href="{href}" download>' in page
    reading = exiftool(outputs["site"] / "full")[
        "stills/det-frosne-hav-01-soren-odegaard-on-the-ice.jpg"
    ]
    assert read_back(reading)["caption"] == ("氷の海: Søren Ødegaard on the ice",) * 2


def test_tagged_pictures_are_made_once_and_a_change_through_the_web_page_does_not_spread(
    example_project,
):
    """The web page's full-size pictures are hard links to the tagged files in the picture cache
    (no second copy of the photographs on disk), which the press pack streams too. A file changed
    through such a link is tagged again by the next build: the new page does not carry the
    change."""
    project = example_project
    build(project, formats=["site"])
    site = project / "dist" / "anora-site"
    full = sorted((site / "full" / "stills").iterdir())[0]
    cached = {p.stat().st_ino for p in (project / ".presskit-cache").rglob("tagged-*")}
    assert full.stat().st_ino in cached and full.stat().st_nlink >= 2
    tagged = full.read_bytes()
    with full.open("ab") as file:
        file.write(b"changed through the published folder")
    (project / "kit" / "synopsis.md").write_text("A new synopsis.\n", encoding="utf-8")
    [made] = build(project, formats=["site"]).outputs
    assert not made.kept
    assert (made.path / "full" / "stills" / full.name).read_bytes() == tagged


def test_a_new_caption_replaces_the_cached_tagged_picture(example_project):
    """The cache keeps one tagged copy of each picture (a language's): it does not grow by a
    copy of every photograph each time a caption or the title changes."""
    build(example_project, formats=["site"])
    cached = example_project / ".presskit-cache" / "images" / "files"
    before = sorted(p.name for p in cached.glob("tagged-*.jpg"))
    kit = example_project / "kit" / "presskit.yaml"
    kit.write_text(kit.read_text(encoding="utf-8").replace("title: Anora", "title: Anora II", 1))
    build(example_project, formats=["site"])
    after = sorted(p.name for p in cached.glob("tagged-*.jpg"))
    assert len(after) == len(before) >= 4 and not set(after) & set(before)


def test_a_picture_exiv2_cannot_rewrite_is_packed_as_it_is_with_a_warning(tmp_path, monkeypatch):
    """A damaged colour profile: the screen editions take the picture as sRGB, and the press pack
    carries the file untouched (its caption in CAPTIONS.txt), with a warning at its field."""
    damaged = encoded(
        Image.new("RGB", (600, 400), "teal"), "JPEG", icc_profile=b"not a profile" * 10
    )
    kit = (
        "title: Damaged\nlogline: L\nsynopsis:\n  short: S\nstills:\n"
        "  - file: images/still.jpg\n    caption: C\n    credit: P\n"
    )
    project = write_project(tmp_path, kit, {"kit/images/still.jpg": damaged})
    monkeypatch.chdir(project)
    result = build(project, formats=["zip"])
    with zipfile.ZipFile(result.outputs[0].path) as pack:
        assert pack.read("stills/damaged-01-c.jpg") == damaged
        assert "stills/damaged-01-c.jpg\n  C\n" in pack.read("CAPTIONS.txt").decode()
    [warning] = [w for w in result.warnings if "caption cannot be written" in w.message]
    assert (warning.file, warning.line, warning.field) == ("kit/presskit.yaml", 6, "stills[0].file")


FROZEN_LAURELS = {
    "world-premiere-example-film-festival-competition-2025": (
        "World premiere – Example Film Festival – Competition – 2025"
    ),
    "winner-golden-example-example-film-festival-2025": (
        "Winner – Golden Example – Example Film Festival – 2025"
    ),
    "winner-audience-award-fourth-festival-2025": (
        "Winner – Audience Award – Fourth Festival – 2025"
    ),
    "official-selection-other-film-festival-panorama-2025": (
        "Official Selection – Other Film Festival – Panorama – 2025"
    ),
}
"""The laurels presskit draws for tests/kits/credits (its third selection has its own artwork),
in the editions' order: premieres, awards, the other selections."""
WREATH_COLUMNS = (range(0, 480), range(1520, 2000))
WORDS_COLUMNS = range(522, 1478)
"""Where a drawn laurel's 2000-px PNG has its two branches, and its words between them."""


@pytest.fixture(scope="module")
def frozen_pack(tmp_path_factory) -> tuple[Path, Path, list[str]]:
    """tests/kits/credits (six logos, SVG and PNG, and five laurels, one the festival's own
    artwork), its press pack unpacked."""
    project = tmp_path_factory.mktemp("project") / "frozen"
    shutil.copytree(KITS / "credits", project, ignore=shutil.ignore_patterns(".presskit-cache"))
    [pack] = build(project, out=project / "dist", formats=["zip"]).outputs
    folder = tmp_path_factory.mktemp("frozen-pack")
    return project, folder, unpacked(pack.path, folder)


def opaque_share(image: Image.Image, columns: range) -> float:
    """The share of the pixels in `columns` that are not fully transparent."""
    alpha = image.getchannel("A").crop((columns.start, 0, columns.stop, image.height))
    return sum(alpha.histogram()[1:]) / (alpha.width * alpha.height)


def test_logos_holds_every_logo_and_every_laurel(frozen_pack):
    _, _, names = frozen_pack
    drawn = [
        f"logos/the-frozen-sea-laurel-{words}.{suffix}"
        for words in FROZEN_LAURELS
        for suffix in ("svg", "png")
    ]
    assert [name for name in names if name.startswith("logos/")] == [
        "logos/the-frozen-sea-logo-example-presents.svg",
        "logos/the-frozen-sea-logo-north-pictures.svg",
        "logos/the-frozen-sea-logo-south-film.png",
        "logos/the-frozen-sea-logo-east-coproductions.svg",
        "logos/the-frozen-sea-logo-placeholder-fund.svg",
        "logos/the-frozen-sea-logo-second-placeholder-fund.png",
        *drawn[:2],
        "logos/the-frozen-sea-laurel-european-premiere-third-film-festival-2025.png",
        *drawn[2:],
    ]


def test_an_svg_logo_is_packed_as_the_kit_reads_it(frozen_pack):
    project, folder, _ = frozen_pack
    fund = load_kit(project / "kit" / "presskit.yaml").kit.funders[0]
    packed = (folder / "logos/the-frozen-sea-logo-placeholder-fund.svg").read_text(encoding="utf-8")
    assert packed == fund.logo_svg != (project / "kit" / fund.logo).read_text(encoding="utf-8")


def test_an_svg_logo_goes_into_the_pack_without_what_it_carries_besides_its_drawing(tmp_path):
    stranger = (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:x="https://example.org/editor" viewBox="0 0 300 80">'
        '<metadata>SECRET-MARKER</metadata><rect width="300" height="80" '
        'fill="#336699" x:note="SECRET-MARKER"/>'
        '<set attributeName="onclick" to="alert(1)"/><a><text x="10" '
        'y="50">SECRET-MARKER</text></a></svg>'
    )
    kit = "title: T\nlogline: L\nsynopsis: {short: S}\nfunders:\n  - {name: Fund, logo: logo.svg}\n"
    project = write_project(tmp_path / "project", kit, {"kit/logo.svg": stranger})
    [pack] = build(project, out=tmp_path / "dist", formats=["zip"]).outputs
    with zipfile.ZipFile(pack.path) as archive:
        assert archive.read("logos/t-logo-fund.svg").decode() == (
            '<svg xmlns="http://www.w3.org/2000/svg" '
            'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 300 80"'
            ' width="300" height="80"><rect width="300" height="80" fill="#336699"/></svg>'
        )


def test_png_logos_and_laurel_artwork_keep_their_image_chunks_and_name_what_they_are(frozen_pack):
    project, folder, _ = frozen_pack
    packed = {
        "logos/the-frozen-sea-logo-south-film.png": ("south.png", "Logo of South Film"),
        "logos/the-frozen-sea-logo-second-placeholder-fund.png": (
            "fund2.png",
            "Logo of Second Placeholder Fund",
        ),
        "logos/the-frozen-sea-laurel-european-premiere-third-film-festival-2025.png": (
            "laurel.png",
            "European premiere – Third Film Festival – 2025",
        ),
    }
    readings = exiftool(folder / "logos")
    for name, (original, caption) in packed.items():
        data, before = (
            (folder / name).read_bytes(),
            (project / "kit" / "logos" / original).read_bytes(),
        )
        assert [chunk for chunk in png_chunks(data) if chunk[0] != b"iTXt"] == png_chunks(before), (
            name
        )
        reading = readings[name.removeprefix("logos/")]
        assert (reading["XMP-dc:Description"], reading["XMP-photoshop:Headline"]) == (
            caption,
            "The Frozen Sea (2025)",
        )


def test_each_drawn_laurel_is_a_2000_px_png_with_a_transparent_ground_the_wreath_and_its_words(
    frozen_pack,
):
    _, folder, _ = frozen_pack
    readings = exiftool(folder / "logos")
    words_drawn = set()
    for stem, words in FROZEN_LAURELS.items():
        name = f"the-frozen-sea-laurel-{stem}.png"
        with Image.open(folder / "logos" / name) as laurel:
            assert (laurel.size, laurel.mode) == ((2000, 870), "RGBA"), name
            assert (
                laurel.getchannel("A").getpixel((0, 0))
                == laurel.getchannel("A").getpixel((1999, 869))
                == 0
            )
            assert min(opaque_share(laurel, columns) for columns in WREATH_COLUMNS) > 0.05, name
            assert opaque_share(laurel, WORDS_COLUMNS) > 0.02, name
            words_drawn.add(
                laurel.crop((WORDS_COLUMNS.start, 0, WORDS_COLUMNS.stop, 870)).tobytes()
            )
        assert readings[name]["XMP-dc:Description"] == words, name
    assert len(words_drawn) == len(FROZEN_LAURELS)  # each its own words


def test_each_drawn_laurel_svg_holds_its_words_as_text(frozen_pack):
    _, folder, _ = frozen_pack
    svg = "{http://www.w3.org/2000/svg}"
    for stem, words in FROZEN_LAURELS.items():
        root = ElementTree.parse(folder / "logos" / f"the-frozen-sea-laurel-{stem}.svg").getroot()
        assert root.find(f"{svg}title").text == words
        lines = [text.text for text in root.iter(f"{svg}text")]
        assert " ".join(lines).casefold() == words.replace(" – ", " ").casefold(), stem
    golden = ElementTree.parse(
        folder / "logos/the-frozen-sea-laurel-winner-golden-example-example-film-festival-2025.svg"
    )
    assert [text.text for text in golden.iter(f"{svg}text")] == [
        "WINNER",
        "Golden",
        "Example",
        "EXAMPLE",
        "FILM FESTIVAL",
        "2025",
    ]


def test_captions_list_the_logos_and_laurels(frozen_pack):
    _, folder, _ = frozen_pack
    rows = {row["file"]: row for row in captions_csv(folder)}
    assert rows["logos/the-frozen-sea-logo-placeholder-fund.svg"] == {
        "file": "logos/the-frozen-sea-logo-placeholder-fund.svg",
        "caption": "Logo of Placeholder Fund",
        "credit": "",
        "copyright": "",
        "alt": "Logo of Placeholder Fund",
    }
    laurel, words = (
        "logos/the-frozen-sea-laurel-winner-audience-award-fourth-festival-2025",
        "Winner – Audience Award – Fourth Festival – 2025",
    )
    assert [rows[f"{laurel}.{suffix}"]["caption"] for suffix in ("svg", "png")] == [words] * 2
    assert f"{laurel}.png\n  {words}\n\n" in (folder / "CAPTIONS.txt").read_text(encoding="utf-8")


def test_a_long_or_marked_up_name_stays_text_between_the_branches(tmp_path):
    """However long its words, a drawn laurel's text is set smaller, never over the wreath; words
    that look like markup are text in its SVG."""
    kit = (
        "title: T\nlogline: L\nsynopsis: {short: S}\nselections:\n"
        "  - {festival: Short, year: 2025}\n"
        "  - {festival: International Festival of Exceedingly Long Names for Films "
        "and Their Makers,"
        " section: Competition of the Longest Section Names Ever Given, year: 2025}\n"
        "awards:\n  - {award: '<script>alert(1)</script> & Co', festival: F}\n"
    )
    project = write_project(tmp_path / "project", kit)
    [pack] = build(project, out=tmp_path / "dist", formats=["zip"]).outputs
    folder = tmp_path / "pack"
    names = [name for name in unpacked(pack.path, folder) if name.startswith("logos/")]
    assert names == [
        "logos/t-laurel-winner-script-alert-1-script-co-f.svg",
        "logos/t-laurel-winner-script-alert-1-script-co-f.png",
        "logos/t-laurel-official-selection-short-2025.svg",
        "logos/t-laurel-official-selection-short-2025.png",
        "logos/t-laurel-official-selection-international-festival-of-exceedingly.svg",
        "logos/t-laurel-official-selection-international-festival-of-exceedingly.png",
    ]
    with Image.open(folder / names[3]) as short, Image.open(folder / names[5]) as long:
        for columns in WREATH_COLUMNS:
            box = (columns.start, 0, columns.stop, 870)
            assert long.crop(box).tobytes() == short.crop(box).tobytes()
        assert opaque_share(long, WORDS_COLUMNS) > opaque_share(short, WORDS_COLUMNS)
    award = ElementTree.parse(folder / names[0]).getroot()
    assert {element.tag.split("}")[1] for element in award.iter()} == {
        "svg",
        "title",
        "g",
        "path",
        "ellipse",
        "text",
    }
    assert (
        award.find("{http://www.w3.org/2000/svg}title").text
        == "Winner – <script>alert(1)</script> & Co – F"
    )


def test_drawn_laurels_are_kept_in_the_picture_cache_and_drawn_again_the_same(
    frozen_pack, monkeypatch
):
    """A text change rebuilds the press pack (it holds the PDF); its laurels are not rasterised
    again, and the pack is byte for byte the one a fresh cache gives."""
    project, _folder, _names = frozen_pack
    first = (project / "dist" / "the-frozen-sea-stills.zip").read_bytes()
    monkeypatch.setattr(
        "presskit.render.pack.resvg_py.svg_to_bytes", lambda **_: pytest.fail("drawn again")
    )
    [again] = build(project, out=project / "dist", formats=["zip"], force=True).outputs
    assert again.path.read_bytes() == first


def test_a_picture_packed_twice_is_tagged_once_for_each_place(example_project):
    """A still that is a festival's laurel artwork too goes into stills/ and logos/, captioned
    for each: both captioned copies stay in the cache, and the next build tags neither again."""
    kit = example_project / "kit" / "presskit.yaml"
    text = kit.read_text(encoding="utf-8")
    kit.write_text(
        text.replace("premiere: world}", "premiere: world, laurel: images/still-01.jpg}", 1),
        encoding="utf-8",
    )
    build(example_project, formats=["zip"])
    cached = example_project / ".presskit-cache" / "images" / "files"

    def tagged() -> dict[str, int]:
        return {p.name: p.stat().st_ino for p in cached.glob("tagged-*.jpg")}

    first = tagged()
    (example_project / "kit" / "synopsis.md").write_text("A new synopsis.\n", encoding="utf-8")
    build(example_project, formats=["zip"])
    assert tagged() == first and len(first) == len(set(n.split("-")[2] for n in first)) + 1
