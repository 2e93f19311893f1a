"""Builds in a process that stays warm (serve, an editor): what they keep from one build to the
next (warm.Warm) saves reading and compiling again, and never changes what is built."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from PIL import Image

from conftest import GOOD_PROJECT, jpeg, write_project
from presskit.build import build
from presskit.render.images import Picture
from presskit.warm import Warm

opened: list[str] | None = None
"""Every file the process opens while a build is watched."""


def _audit(event: str, args: tuple) -> None:
    if opened is not None and event == "open" and isinstance(args[0], (str, os.PathLike)):
        opened.append(os.path.realpath(args[0]))


sys.addaudithook(_audit)  # it cannot be removed: it records nothing while `opened` is None


def project(root: Path) -> Path:
    return write_project(root, GOOD_PROJECT["kit/presskit.yaml"], GOOD_PROJECT)


def test_a_save_rebuilt_warm_reads_no_picture_again(tmp_path, monkeypatch):
    """After a change to the text, a warm build of the e-mail PDF and the web page opens no picture
    of the kit and no prepared picture of the cache: those of the first build are kept, including
    the screen pictures a forked process of that build made."""
    global opened
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the cold build's files are newer
    root, warm = project(tmp_path), Warm()
    build(root, formats=("pdf", "site"), warm=warm)  # in forked processes, as usual
    (root / "kit" / "long.md").write_text("A longer synopsis.\n", encoding="utf-8")
    opened = []
    try:
        result = build(root, formats=("pdf", "site"), warm=warm, jobs=1)
    finally:
        seen, opened = opened, None
    assert {output.edition for output in result.outputs if not output.kept} == {"pdf", "site"}
    pictures = [
        path for path in seen
        if Path(path).is_relative_to((root / "kit" / "images").resolve())
        or Path(path).parent == (root / ".presskit-cache" / "images").resolve()
        and not path.endswith(".json")
    ]
    assert pictures == []
    cold = project(tmp_path / "cold")
    (cold / "kit" / "long.md").write_text("A longer synopsis.\n", encoding="utf-8")
    build(cold, formats=("pdf", "site"))
    assert (cold / "dist" / "good-press-kit.pdf").read_bytes() == (
        root / "dist" / "good-press-kit.pdf"
    ).read_bytes()


def test_a_picture_replaced_between_warm_builds_is_the_new_one(tmp_path):
    """A picture kept by a warm process is the picture its file holds now: one replaced under the
    same name is read again, and the old one is no longer held."""
    root, warm = project(tmp_path), Warm()
    build(root, formats=("site",), warm=warm)
    (root / "kit" / "images" / "still.jpg").write_bytes(jpeg((900, 600), "darkred"))
    build(root, formats=("site",), warm=warm)
    images = root / "dist" / "good-site" / "images"
    [still] = [path for path in images.iterdir() if "still" in path.name]
    with Image.open(still) as image:
        assert image.convert("RGB").getpixel((10, 10))[0] > 100  # red, not steel blue
    held = [
        picture for picture in warm.pictures.values.values()
        if isinstance(picture, Picture) and "still" in picture.href and picture.content
    ]
    assert held
    blue = [
        picture for picture in held
        if Image.open(io.BytesIO(picture.content)).convert("RGB").getpixel((5, 5))[2] > 150
    ]
    assert blue == []


def test_a_template_changed_between_warm_builds_is_used(tmp_path):
    """Templates compiled by an earlier build are compiled again when their source changes."""
    root, warm = project(tmp_path), Warm()
    template = root / "templates" / "email.txt"
    template.parent.mkdir()
    template.write_text("First version for {{ kit.title }}.\n", encoding="utf-8")
    build(root, formats=("email",), warm=warm)
    template.write_text("Second version for {{ kit.title }}.\n", encoding="utf-8")
    build(root, formats=("email",), warm=warm)
    assert (root / "dist" / "good-email.txt").read_text(encoding="utf-8").startswith(
        "Second version for Good."
    )


def test_a_warm_build_forks_no_process_unless_asked(tmp_path, monkeypatch):
    """What a warm build would fork for is mostly kept already: it runs in one process, unless
    `jobs` asks for more."""
    root, warm, forks = project(tmp_path), Warm(), []
    fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or fork())
    build(root, formats=("pdf", "site"), warm=warm)
    assert forks == []
    (root / "kit" / "long.md").write_text("A longer synopsis.\n", encoding="utf-8")
    build(root, formats=("pdf", "site"), warm=warm, jobs=3)
    assert forks
