"""The loader: every problem found at once, each with its file, line and field."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image

from conftest import ROOT, png_header, write_project
from presskit.errors import KitError
from presskit.kit.load import load_kit
from presskit.kit.model import slugify

BASE = "title: T\nlogline: L\nsynopsis: {short: S}\n"


def problems(tmp_path: Path, kit_yaml: str, files: dict | None = None) -> list[str]:
    project = write_project(tmp_path, kit_yaml, files)
    with pytest.raises(KitError) as caught:
        load_kit(project / "kit" / "presskit.yaml")
    return [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]




def test_the_example_kit_loads():
    kit = load_kit(ROOT / "kit" / "presskit.yaml").kit
    assert kit.title == "Anora"
    assert kit.screenings[0].date == dt.date(2024, 5, 21)
    assert kit.synopsis.long.startswith("Anora, directed by Sean Baker")
    assert [m.name for m in kit.cast][:2] == ["Mikey Madison", "Mark Eydelshteyn"]
    assert list(kit.specs) == ["shot_on", "US distributor"]
    assert kit.name == "anora"


@pytest.mark.parametrize(
    ("kit_yaml", "expected"),
    [
        ("title: T\nlogline: L\n", ["kit/presskit.yaml:1: synopsis: required"]),
        ("logline: L\nsynopsis: {short: S}\n", ["kit/presskit.yaml:1: title: required"]),
        (
            BASE + "runtme: 90\n",
            ["kit/presskit.yaml:4: runtme: unknown key; did you mean `runtime`?"],
        ),
        (
            BASE + "zzz: 1\n",
            [
                "kit/presskit.yaml:4: zzz: unknown key; known keys here: "
                + "title, original_title, tagline, logline, year, runtime, countries, "
                "languages, genres, lang, translations, key_art, "
                "artwork, copyright, page_size, slug, specs, identifiers, trailer, "
                "synopsis, director, cast, crew, companies, funders, "
                "coproduction, sections, stills, screenings, timezone, embargo, "
                "screener, public, awards, selections, quotes, links, "
                "contacts, site_url, email_max_mb, bleed_mm, print, preflight, look"
            ],
        ),
        (
            BASE + "runtime: -5\n",
            ["kit/presskit.yaml:4: runtime: input should be greater than 0, got '-5'"],
        ),
        (
            BASE + "page_size: A5\n",
            ["kit/presskit.yaml:4: page_size: input should be 'A4' or 'letter', got 'A5'"],
        ),
        (
            BASE + "cast:\n  - name: A\n  - role: B\n",
            ["kit/presskit.yaml:6: cast[1].name: required"],
        ),
        (
            BASE + "cast:\n  - {name: A, nmae: B}\n",
            ["kit/presskit.yaml:5: cast[0].nmae: unknown key; did you mean `name`?"],
        ),
        (
            BASE + "key_art: {file: k.png, credti: X}\n",
            ["kit/presskit.yaml:4: key_art: unknown key `credti`; did you mean `credit`?"],
        ),
        (
            BASE + "key_art: {file: k.png, zzz: X}\n",
            [
                "kit/presskit.yaml:4: key_art: unknown key `zzz`; known keys here: "
                "file, credit, copyright"
            ],
        ),
        (
            BASE + "cast: Mikey Madison\n",
            ["kit/presskit.yaml:4: cast: should be a list, one `- ` item per line"],
        ),
        (
            BASE + "director: Sean Baker\n",
            ["kit/presskit.yaml:4: director: should be a group of `key: value` fields"],
        ),
        (
            BASE + "screenings:\n  - {festival: X, time: 25:00}\n",
            [
                "kit/presskit.yaml:5: screenings[0].time: write the time as "
                "hours:minutes, such as 19:00, got '25:00'"
            ],
        ),
        (
            BASE + "links:\n  - {label: x, url: 'javascript:alert(1)'}\n",
            [
                "kit/presskit.yaml:5: links[0].url: must be a web address starting "
                "with https:// or http://, got 'javascript:alert(1)'"
            ],
        ),
        (
            BASE + "contacts:\n  - {email: nobody}\n",
            ["kit/presskit.yaml:5: contacts[0].email: not an e-mail address: 'nobody'"],
        ),
        (
            BASE + "contacts:\n  - {phone: '1'}\n",
            ["kit/presskit.yaml:5: contacts[0]: give a name or a company"],
        ),
        (
            "title: T\nlogline: L\nsynopsis: {}\n",
            ["kit/presskit.yaml:3: synopsis: give a short synopsis, a long one, or both"],
        ),
        (
            "title: Анора\nlogline: L\nsynopsis: {short: S}\n",
            [
                "kit/presskit.yaml:1: the title has no Latin letters or digits to "
                "name the files with: add a `slug:` such as `my-film`"
            ],
        ),
        (
            BASE + "slug: Not A Slug\n",
            [
                "kit/presskit.yaml:4: slug: string should match pattern "
                "'^[a-z0-9]+(-[a-z0-9]+)*$', got 'Not A Slug'"
            ],
        ),
        (BASE + "title: Again\n", ["kit/presskit.yaml:4: title: appears twice (first on line 1)"]),
        (
            "title: [unclosed\n",
            [
                "kit/presskit.yaml:1:8: the `[` here is never closed: end the list "
                "with `]` (or, if this is text, put it in quotes)"
            ],
        ),
        (
            "title: T\n  logline: L\n",
            [
                "kit/presskit.yaml:2:3: this line is indented more than the line "
                "above, so YAML reads it as part of that text: line it up with the "
                "keys above it"
            ],
        ),
        ("", ["kit/presskit.yaml:1: the file is empty: start with `title:` and `logline:`"]),
        (
            "- a list\n",
            ["kit/presskit.yaml:1: expected fields such as `title: …` at the top level"],
        ),
        (
            "title: !!python/object:os.system x\n",
            [
                "kit/presskit.yaml:1: title: the YAML tag "
                "tag:yaml.org,2002:python/object:os.system is not allowed in a kit"
            ],
        ),
        (
            "title: !!binary aGk=\n",
            [
                "kit/presskit.yaml:1: title: the YAML tag tag:yaml.org,2002:binary "
                "is not allowed in a kit"
            ],
        ),
    ],
)
def test_kit_problems(tmp_path, kit_yaml, expected):
    assert problems(tmp_path, kit_yaml) == expected


def test_every_problem_is_reported_at_once(tmp_path):
    found = problems(tmp_path, "title: T\nyear: x\ncast:\n  - role: A\n")
    assert found == [
        "kit/presskit.yaml:1: logline: required",
        "kit/presskit.yaml:1: synopsis: required",
        (
            "kit/presskit.yaml:2: year: input should be a valid integer, unable to parse "
            "string as an integer, got 'x'"
        ),
        "kit/presskit.yaml:4: cast[0].name: required",
    ]


def test_referenced_files(tmp_path):
    kit_yaml = BASE + (
        "director: {name: D, bio: bio.md, statement: missing.md, photo: images/nope.jpg}\n"
        "sections:\n  - {title: Folder, body: folder.md}\n"
        "stills:\n  - file: ../../outside.jpg\n  - file: /etc/hosts\n"
        "  - file: notes.txt\n  - file: fake.jpg\n"
    )
    files = {
        "kit/bio.md": "A bio.",
        "kit/folder.md/x": "",
        "kit/notes.txt": "text",
        "kit/fake.jpg": b"not a jpeg",
    }
    assert problems(tmp_path, kit_yaml, files) == [
        "kit/presskit.yaml:4: director.photo: file not found: kit/images/nope.jpg",
        "kit/presskit.yaml:4: director.statement: file not found: kit/missing.md",
        "kit/presskit.yaml:6: sections[0].body: kit/folder.md is not a file",
        "kit/presskit.yaml:8: stills[0].file: '../../outside.jpg' points outside the kit folder",
        (
            "kit/presskit.yaml:9: stills[1].file: '/etc/hosts' must be a path relative "
            "to the kit folder"
        ),
        (
            "kit/presskit.yaml:10: stills[2].file: notes.txt is not an image presskit "
            "can read (JPEG, PNG, WebP or TIFF)"
        ),
        (
            "kit/presskit.yaml:11: stills[3].file: fake.jpg is not an image presskit can "
            "read (JPEG, PNG, WebP or TIFF)"
        ),
    ]


def test_markdown_files_in_other_encodings_are_refused(tmp_path):
    found = problems(
        tmp_path, BASE.replace("S}", "notes.md}"), {"kit/notes.md": "Caf\xe9".encode("latin-1")}
    )
    assert found == ["kit/notes.md:1: synopsis.short: not UTF-8 text: save the file as UTF-8"]


def test_bom_and_crlf_are_accepted(tmp_path):
    project = write_project(
        tmp_path,
        "",
        {
            "kit/presskit.yaml": "\ufefftitle: T\r\nlogline: L\r\nsynopsis: {long: s.md}\r\n",
            "kit/s.md": "\ufeffOne.\r\n\r\nTwo.\r\n",
        },
    )
    kit = load_kit(project / "kit" / "presskit.yaml").kit
    assert kit.synopsis.long == "One.\n\nTwo."


def test_values_are_read_as_written(tmp_path):
    """No YAML 1.1 surprises: 16:9 is not 969, NO is Norway, 2.40 keeps its zero, 19:00 is a
    time."""
    kit_yaml = (
        "title: 1917\nlogline: L\nsynopsis: {short: S}\nyear: 2019\ncountries: [NO, GB]\n"
        "specs: {Aspect ratio: 16:9, Version: 2.40, Sound: yes, 007: on}\n"
        "screenings:\n  - {festival: F, date: 2024-05-21, time: 19:00}\n"
    )
    kit = load_kit(write_project(tmp_path, kit_yaml) / "kit" / "presskit.yaml").kit
    assert (kit.title, kit.year, kit.countries) == ("1917", 2019, ["NO", "GB"])
    assert kit.specs == {"Aspect ratio": "16:9", "Version": "2.40", "Sound": "yes", "007": "on"}
    assert (kit.screenings[0].date, kit.screenings[0].time) == (
        dt.date(2024, 5, 21),
        dt.time(19, 0),
    )


def test_addresses_carry_what_a_url_cannot_percent_encoded(tmp_path):
    """As a browser sends them: EPUBCheck refuses `<` in a link (found by the property test)."""
    urls = [
        "https://example.org/a?b=<c>",
        "https://example.org/100%",
        "https://example.org/?x[]=1#a#b",
        "https://[::1]:8000/ok",
    ]
    kit_yaml = BASE + "links:\n" + "".join(f"  - {{label: L, url: '{url}'}}\n" for url in urls)
    kit = load_kit(write_project(tmp_path, kit_yaml) / "kit" / "presskit.yaml").kit
    assert [link.url for link in kit.links] == [
        "https://example.org/a?b=%3Cc%3E",
        "https://example.org/100%25",
        "https://example.org/?x%5B%5D=1#a%23b",
        "https://[::1]:8000/ok",
    ]


def test_images_are_checked_before_decoding(tmp_path):
    found = problems(tmp_path, BASE + "key_art: images/key.gif\n", {"kit/images/key.gif": _gif()})
    assert found == [
        "kit/presskit.yaml:4: key_art: images/key.gif is a GIF image: use JPEG, PNG, WebP or TIFF"
    ]




@pytest.mark.parametrize(
    "size", [(100_000, 100_000), (13_000, 12_000)], ids=["far-over", "just-over"]
)
def test_decompression_bombs_are_refused_from_the_header(tmp_path, size):
    found = problems(tmp_path, BASE + "key_art: bomb.png\n", {"kit/bomb.png": png_header(*size)})
    assert found == [
        "kit/presskit.yaml:4: key_art: bomb.png is larger than presskit accepts (150 "
        "million pixels)"
    ]


def test_alias_bombs_are_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    found = problems(tmp_path, "\n".join(lines) + "\n")
    assert found == [
        "kit/presskit.yaml:1: the document expands to too much data (aliases nested too deep?)"
    ]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("The Frozen Sea", "the-frozen-sea"),
        ("Amélie", "amelie"),
        ("L'Âge d’or", "lage-dor"),
        ("  Anora!! (2024) ", "anora-2024"),
        ("Анора", ""),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (4, 4)).save(out, "GIF")
    return out.getvalue()
