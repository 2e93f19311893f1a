"""Hostile and broken kits: each fails with one line per problem, exit 1, no traceback,
and leaves the previous good build byte for byte as it was."""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from conftest import GOOD_KIT as KIT
from conftest import GOOD_PROJECT as GOOD
from conftest import digests, encoded, jpeg, png_header
from presskit.cli import main

GRADIENT = encoded(Image.linear_gradient("L").resize((900, 600)).convert("RGB"), "JPEG")
"""A JPEG with enough data that half of it still has a readable header."""


def png_with_text(inflated: int) -> bytes:
    """A small PNG with a zTXt chunk that inflates to `inflated` bytes (a metadata bomb)."""
    body = b"Comment\0\0" + zlib.compress(b"a" * inflated, 9)
    chunk = (
        struct.pack(">I", len(body))
        + b"zTXt"
        + body
        + struct.pack(">I", zlib.crc32(b"zTXt" + body))
    )
    plain = encoded(Image.new("RGB", (8, 8)), "PNG")
    return plain[:33] + chunk + plain[33:]  # after the signature and IHDR




SECRET = "presskit-test-secret-4f1c"
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi")
)

# (id, files to write over the good project (None deletes, ("link", target) makes a symlink),
# stderr lines)
CASES = [
    # Malformed YAML
    (
        "unclosed-list",
        {"kit/presskit.yaml": "title: [Good\n"},
        [
            "kit/presskit.yaml:1:8: the `[` here is never closed: end the list with "
            "`]` (or, if this is text, put it in quotes)"
        ],
    ),
    (
        "bad-indent",
        {"kit/presskit.yaml": "title: Good\n  logline: x\n"},
        [
            "kit/presskit.yaml:2:3: this line is indented more than the line above, "
            "so YAML reads it as part of that text: line it up with the keys above it"
        ],
    ),
    (
        "tab-indent",
        {"kit/presskit.yaml": "title: Good\nsynopsis:\n\tshort: S\n"},
        ["kit/presskit.yaml:3:1: a tab in the indentation: indent with spaces only"],
    ),
    (
        "unclosed-quote",
        {"kit/presskit.yaml": 'title: "Good\nlogline: x\n'},
        [
            'kit/presskit.yaml:1:8: the `"` that starts this text is never closed: '
            'end the text with `"`'
        ],
    ),
    (
        "duplicate-key",
        {"kit/presskit.yaml": KIT + "title: Again\n"},
        ["kit/presskit.yaml:7: title: appears twice (first on line 1)"],
    ),
    (
        "top-level-list",
        {"kit/presskit.yaml": "- title: Good\n"},
        ["kit/presskit.yaml:1: expected fields such as `title: …` at the top level"],
    ),
    (
        "empty-file",
        {"kit/presskit.yaml": ""},
        ["kit/presskit.yaml:1: the file is empty: start with `title:` and `logline:`"],
    ),
    (
        "comments-only",
        {"kit/presskit.yaml": "# nothing yet\n"},
        ["kit/presskit.yaml:1: the file is empty: start with `title:` and `logline:`"],
    ),
    (
        "python-tag",
        {"kit/presskit.yaml": KIT + "runtime: !!python/object/apply:os.system [ls]\n"},
        [
            "kit/presskit.yaml:7: runtime: the YAML tag "
            "tag:yaml.org,2002:python/object/apply:os.system is not allowed in a kit"
        ],
    ),
    (
        "billion-laughs",
        {"kit/presskit.yaml": LAUGHS},
        ["kit/presskit.yaml:1: the document expands to too much data (aliases nested too deep?)"],
    ),
    (
        "oversize-yaml",
        {"kit/presskit.yaml": KIT + "# " + "x" * (5 * 2**20) + "\n"},
        ["kit/presskit.yaml: file is larger than 5 MB"],
    ),
    (
        "latin-1-yaml",
        {"kit/presskit.yaml": (KIT + "tagline: Café\n").encode("latin-1")},
        ["kit/presskit.yaml:7: not UTF-8 text: save the file as UTF-8"],
    ),
    (
        "control-character",
        {"kit/presskit.yaml": KIT + 'tagline: "a\\x0cb"\n'},
        [
            "kit/presskit.yaml:7: tagline: contains a control character (U+000C) "
            "that documents cannot hold: remove it"
        ],
    ),
    # Wrong types, one per kind of field
    (
        "title-list",
        {"kit/presskit.yaml": KIT.replace("title: Good", "title: [Good]")},
        ["kit/presskit.yaml:1: title: input should be a valid string"],
    ),
    (
        "year-text",
        {"kit/presskit.yaml": KIT + "year: twenty\n"},
        [
            "kit/presskit.yaml:7: year: input should be a valid integer, unable to "
            "parse string as an integer, got 'twenty'"
        ],
    ),
    (
        "year-range",
        {"kit/presskit.yaml": KIT + "year: 1066\n"},
        ["kit/presskit.yaml:7: year: input should be greater than or equal to 1870, got '1066'"],
    ),
    (
        "runtime-negative",
        {"kit/presskit.yaml": KIT + "runtime: -90\n"},
        ["kit/presskit.yaml:7: runtime: input should be greater than 0, got '-90'"],
    ),
    (
        "countries-text",
        {"kit/presskit.yaml": KIT + "countries: France\n"},
        ["kit/presskit.yaml:7: countries: should be a list, one `- ` item per line"],
    ),
    (
        "synopsis-text",
        {"kit/presskit.yaml": KIT.replace("synopsis: {short: S, long: long.md}", "synopsis: S")},
        ["kit/presskit.yaml:3: synopsis: should be a group of `key: value` fields"],
    ),
    (
        "cast-mapping",
        {"kit/presskit.yaml": KIT + "cast: {name: A}\n"},
        ["kit/presskit.yaml:7: cast: should be a list, one `- ` item per line"],
    ),
    (
        "cast-item-text",
        {"kit/presskit.yaml": KIT + "cast:\n  - Mikey Madison\n"},
        ["kit/presskit.yaml:8: cast[0]: should be a group of `key: value` fields"],
    ),
    (
        "specs-list",
        {"kit/presskit.yaml": KIT + "specs: [DCP, 5.1]\n"},
        ["kit/presskit.yaml:7: specs: should be a group of `key: value` fields"],
    ),
    (
        "time-invalid",
        {"kit/presskit.yaml": KIT + "screenings:\n  - {festival: F, time: 7pm}\n"},
        [
            "kit/presskit.yaml:8: screenings[0].time: write the time as "
            "hours:minutes, such as 19:00, got '7pm'"
        ],
    ),
    (
        "page-size",
        {"kit/presskit.yaml": KIT + "page_size: A5\n"},
        ["kit/presskit.yaml:7: page_size: input should be 'A4' or 'letter', got 'A5'"],
    ),
    (
        "lang",
        {"kit/presskit.yaml": KIT + "lang: english!\n"},
        ["kit/presskit.yaml:7: lang: not a language tag such as en, fr or pt-BR, got 'english!'"],
    ),
    (
        "budget-zero",
        {"kit/presskit.yaml": KIT + "email_max_mb: 0\n"},
        ["kit/presskit.yaml:7: email_max_mb: input should be greater than 0, got '0'"],
    ),
    (
        "bleed-large",
        {"kit/presskit.yaml": KIT + "bleed_mm: 10\n"},
        ["kit/presskit.yaml:7: bleed_mm: input should be less than or equal to 3.5, got '10'"],
    ),
    (
        "url-scheme",
        {"kit/presskit.yaml": KIT + "links:\n  - {label: L, url: 'javascript:alert(1)'}\n"},
        [
            "kit/presskit.yaml:8: links[0].url: must be a web address starting with "
            "https:// or http://, got 'javascript:alert(1)'"
        ],
    ),
    (
        "email-malformed",
        {"kit/presskit.yaml": KIT + "contacts:\n  - {name: N, email: press-at-example}\n"},
        ["kit/presskit.yaml:8: contacts[0].email: not an e-mail address: 'press-at-example'"],
    ),
    # Unknown keys
    (
        "unknown-top",
        {"kit/presskit.yaml": KIT + "titel: Good\n"},
        ["kit/presskit.yaml:7: titel: unknown key; did you mean `title`?"],
    ),
    (
        "unknown-nested",
        {"kit/presskit.yaml": KIT + "director: {name: D, bioo: x}\n"},
        ["kit/presskit.yaml:7: director.bioo: unknown key; did you mean `bio`?"],
    ),
    # Missing things
    (
        "missing-title",
        {"kit/presskit.yaml": KIT.replace("title: Good\n", "")},
        ["kit/presskit.yaml:1: title: required"],
    ),
    (
        "missing-markdown",
        {"kit/long.md": None},
        ["kit/presskit.yaml:3: synopsis.long: file not found: kit/long.md"],
    ),
    (
        "missing-image",
        {"kit/images/still.jpg": None},
        ["kit/presskit.yaml:6: stills[0].file: file not found: kit/images/still.jpg"],
    ),
    (
        "folder-for-markdown",
        {"kit/long.md": None, "kit/long.md/inside.txt": "x"},
        ["kit/presskit.yaml:3: synopsis.long: kit/long.md is not a file"],
    ),
    (
        "folder-for-image",
        {"kit/presskit.yaml": KIT.replace("images/key.jpg", "images")},
        ["kit/presskit.yaml:4: key_art: kit/images is not a file"],
    ),
    (
        "missing-kit-file",
        {"kit/presskit.yaml": None},
        ["kit/presskit.yaml: no such file: a kit is a folder with a presskit.yaml in it"],
    ),
    # Paths that leave the kit
    (
        "dot-dot",
        {"kit/presskit.yaml": KIT.replace("long: long.md", "long: ../../outside.md")},
        ["kit/presskit.yaml:3: synopsis.long: '../../outside.md' points outside the kit folder"],
    ),
    (
        "absolute",
        {"kit/presskit.yaml": KIT.replace("images/key.jpg", "/etc/hostname")},
        ["kit/presskit.yaml:4: key_art: '/etc/hostname' must be a path relative to the kit folder"],
    ),
    (
        "symlink-markdown",
        {"kit/long.md": ("link", "secret.md")},
        ["kit/presskit.yaml:3: synopsis.long: 'long.md' points outside the kit folder"],
    ),
    (
        "symlink-image",
        {"kit/images/key.jpg": ("link", "secret.jpg")},
        ["kit/presskit.yaml:4: key_art: 'images/key.jpg' points outside the kit folder"],
    ),
    (
        "symlink-template",
        {"templates/chapters/synopsis.html": ("link", "secret.md")},
        ["templates/chapters/synopsis.html: this template points outside the project: refused"],
    ),
    # Text files
    (
        "latin-1-markdown",
        {"kit/long.md": "Café crème\n".encode("latin-1")},
        ["kit/long.md:1: synopsis.long: not UTF-8 text: save the file as UTF-8"],
    ),
    (
        "empty-markdown",
        {"kit/long.md": "\n\n"},
        ["kit/presskit.yaml:3: synopsis.long: long.md is empty"],
    ),
    (
        "oversize-markdown",
        {"kit/long.md": "word " * (2**20 + 1)},
        ["kit/long.md: synopsis.long: file is larger than 5 MB"],
    ),
    # Images
    (
        "zero-byte-image",
        {"kit/images/still.jpg": b""},
        [
            "kit/presskit.yaml:6: stills[0].file: images/still.jpg is not an image "
            "presskit can read (JPEG, PNG, WebP or TIFF)"
        ],
    ),
    (
        "corrupt-image",
        {"kit/images/still.jpg": b"\xff\xd8\xff" + os.urandom(200)},
        [
            "kit/presskit.yaml:6: stills[0].file: images/still.jpg is not an image "
            "presskit can read (JPEG, PNG, WebP or TIFF)"
        ],
    ),
    (
        "text-as-image",
        {"kit/images/still.jpg": "not a picture"},
        [
            "kit/presskit.yaml:6: stills[0].file: images/still.jpg is not an image "
            "presskit can read (JPEG, PNG, WebP or TIFF)"
        ],
    ),
    (
        "truncated-image",
        {"kit/images/still.jpg": GRADIENT[: len(GRADIENT) // 2]},
        [
            "kit/presskit.yaml:6: stills[0].file: images/still.jpg: cannot decode "
            "the image (image file is truncated (2 bytes not processed))"
        ],
    ),
    (
        "bomb",
        {"kit/images/still.jpg": png_header(100_000, 100_000)},
        [
            "kit/presskit.yaml:6: stills[0].file: images/still.jpg is larger than "
            "presskit accepts (150 million pixels)"
        ],
    ),
    (
        "gif",
        {
            "kit/presskit.yaml": KIT.replace("images/key.jpg", "images/key.gif"),
            "kit/images/key.gif": encoded(Image.new("P", (8, 8)), "GIF"),
        },
        [
            "kit/presskit.yaml:4: key_art: images/key.gif is a GIF image: use JPEG, "
            "PNG, WebP or TIFF"
        ],
    ),
    (
        "ztxt-bomb",
        {"kit/images/still.jpg": png_with_text(50 * 2**20)},
        [
            "kit/presskit.yaml:6: stills[0].file: images/still.jpg holds metadata "
            "larger than a picture needs, or is damaged: save it again"
        ],
    ),
    (
        "symlink-loop",
        {"kit/images/still.jpg": ("link", "project/kit/images/still.jpg")},
        [
            "kit/presskit.yaml:6: stills[0].file: 'images/still.jpg' is a symbolic "
            "link that leads back to itself: replace it with the file"
        ],
    ),
    (
        "symlink-folder-loop",
        {
            "kit/images/sub": ("link", "project/kit/images/sub"),
            "kit/presskit.yaml": KIT.replace("images/still.jpg", "images/sub/still.jpg"),
        },
        [
            "kit/presskit.yaml:6: stills[0].file: 'images/sub/still.jpg' is a "
            "symbolic link that leads back to itself: replace it with the file"
        ],
    ),
    (
        "control-in-file-name",
        {"kit/presskit.yaml": KIT.replace("images/still.jpg", '"images/\\e]0;HACKED\\a.jpg"')},
        [
            (
                "kit/presskit.yaml:6: stills[0].file: contains a control character "
                "(U+001B) that documents cannot hold: remove it"
            ),
            (
                "kit/presskit.yaml:6: stills[0].file: file not found: "
                "kit/images/\\x1b]0;HACKED\\x07.jpg"
            ),
        ],
    ),
    # Nesting and pathological Markdown (bounded work)
    (
        "deep-yaml",
        {"kit/presskit.yaml": KIT + "specs: " + "[" * 1200 + "]" * 1200 + "\n"},
        ["kit/presskit.yaml:7: nested more than 50 levels deep: no kit needs that many"],
    ),
    (
        "deep-yaml-blocks",
        {
            "kit/presskit.yaml": KIT
            + "specs:\n"
            + "".join(" " * i + f"k{i}:\n" for i in range(1, 1100))
        },
        ["kit/presskit.yaml:56: nested more than 50 levels deep: no kit needs that many"],
    ),
    (
        "deep-yaml-translation",
        {
            "kit/presskit.yaml": KIT + "translations: [fr]\n",
            "kit/presskit.fr.yaml": "tagline: " + "[" * 1200 + "]" * 1200 + "\n",
        },
        ["kit/presskit.fr.yaml:1: nested more than 50 levels deep: no kit needs that many"],
    ),
    (
        "deep-aliases",
        {
            "kit/presskit.yaml": KIT
            + "x0: &x0 [x]\n"
            + "".join(f"x{i}: &x{i} [*x{i - 1}]\n" for i in range(1, 60))
        },
        [
            "kit/presskit.yaml:7: nested more than 50 levels deep (through aliases): "
            "no kit needs that many"
        ],
    ),
    (
        "markdown-joined",
        {"kit/long.md": "First paragraph.\n\n" + "*[" * 2048 + "\n"},
        [
            "kit/long.md:3: synopsis.long: more than 50 pieces of emphasis, links or "
            "code in one word: put spaces between them"
        ],
    ),
    (
        "markdown-nested",
        {"kit/long.md": "One.\nTwo " + "*" * 2000 + "a" + "*" * 2000 + "\n"},
        ["kit/long.md:2: synopsis.long: emphasis nested more than 20 deep: remove some `*` or `_`"],
    ),
    (
        "markdown-paragraph",
        {"kit/long.md": "\n\nFirst.\n\n" + "\"'" * 30_000 + "\n"},
        [
            "kit/long.md:5: synopsis.long: a paragraph of 60,000 characters (at most "
            "20,000): separate paragraphs with a blank line"
        ],
    ),
    (
        "markdown-in-yaml",
        {"kit/presskit.yaml": KIT + "tagline: '" + "`a`b" * 60 + "'\n"},
        [
            "kit/presskit.yaml:7: tagline: more than 50 pieces of emphasis, links or "
            "code in one word: put spaces between them"
        ],
    ),
    (
        "markdown-translation",
        {
            "kit/presskit.yaml": KIT + "translations: [fr]\n",
            "kit/long.fr.md": "Un.\n\n" + "**" * 30 + "a" + "**" * 30 + "\n",
        },
        [
            "kit/long.fr.md:3: synopsis.long: emphasis nested more than 20 deep: "
            "remove some `*` or `_`"
        ],
    ),
    # Styles
    (
        "font-reaches-out",
        {
            "styles/press-kit.css": (
                '@font-face { font-family: X; src: url("https://example.org/x.ttf"); }\n'
                "html { font-family: X; }\n"
            )
        },
        [
            "good-press-kit.pdf: PDF: the styles or templates ask for "
            "https://example.org/x.ttf, which presskit does not load"
        ],
    ),
    (
        "template-escapes-sandbox",
        {"templates/email.txt": "{{ cycler.__init__.__globals__.os.getcwd() }}"},
        [
            "templates/email.txt:1: template: access to attribute '__init__' of "
            "'type' object is unsafe."
        ],
    ),
    (
        "style-reaches-out",
        {"styles/press-kit.css": '@import url("https://example.org/x.css");\n'},
        [
            "good-press-kit.pdf: PDF: the styles or templates ask for "
            "https://example.org/x.css, which presskit does not load"
        ],
    ),
]


def write(root: Path, files: dict) -> None:
    for name, content in files.items():
        path = root / name
        if path.is_symlink() or path.is_file():
            path.unlink()
        if content is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, tuple):
            path.symlink_to(root.parent / content[1])
        else:
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))



@pytest.fixture(scope="module")
def good_dist(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("good") / "project"
    write(project, GOOD)
    result = CliRunner().invoke(main, ["build", str(project), "--quiet"])
    assert result.exit_code == 0, result.output
    return project / "dist"


@pytest.mark.parametrize(
    ("files", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_broken_kit(tmp_path, monkeypatch, good_dist, files, expected):
    project = tmp_path / "project"
    (tmp_path / "secret.md").write_text(SECRET)
    (tmp_path / "secret.jpg").write_bytes(jpeg((10, 10)))
    write(project, GOOD)
    shutil.copytree(good_dist, project / "dist")
    before = digests(project / "dist")
    write(project, files)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    count = len(expected)
    assert result.stderr.splitlines() == [
        *expected,
        f"presskit: {count} problem{'s' * (count != 1)}; nothing was written.",
    ]
    assert digests(project / "dist") == before
    assert [p.name for p in (project / "dist").iterdir() if p.name.startswith(".")] == [], (
        "no temporary file is left"
    )


@pytest.mark.parametrize("files", [
    {"kit/presskit.yaml": "\ufeff" + KIT},
    {"kit/presskit.yaml": KIT.replace("\n", "\r\n"), "kit/long.md": "One.\r\n\r\nTwo.\r\n"},
    {"kit/long.md": "\ufeffA synopsis with a byte-order mark.\n"},
], ids=["bom", "crlf", "bom-markdown"])
def test_what_editors_do_to_files_still_builds(tmp_path, files):
    write(tmp_path, {**GOOD, **files})
    assert (
        CliRunner().invoke(main, ["build", str(tmp_path), "--format", "epub", "--quiet"]).exit_code
        == 0
    )
