"""Press and public editions: what accredited press may see (the embargo, the screener, press-only
contacts) never reaches a public edition, read back from the PDF text, the EPUB and the web page."""

from __future__ import annotations

import re
import zipfile

import pytest
from click.testing import CliRunner

from conftest import pdf_text, write_project
from presskit.cli import main

SCREENER = "https://example.org/screener-7f3a"
PRESS_ONLY = "press-only-desk@example.net"
KIT = f"""\
title: The Frozen Sea
logline: A lighthouse keeper and her daughter wait out the longest winter on record.
synopsis:
  short: When the sea freezes over, Ingrid must choose between the lighthouse and her daughter.
timezone: Europe/Berlin
site_url: https://press.example.org/frozen-sea/
screenings:
  - festival: Berlinale
    section: Panorama
    date: 2026-02-14
    time: "19:00"
    kind: premiere
embargo:
  text: Reviews may appear after the world premiere.
  after: premiere
  minutes: 30
screener:
  url: {SCREENER}
  note: Password on request
contacts:
  - role: Press
    name: Press Desk
    email: {PRESS_ONLY}
    press_only: true
  - role: World sales
    name: Sales Desk
    email: sales@example.net
"""


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """The press and the public editions of one kit, side by side in one dist/."""
    project = write_project(tmp_path_factory.mktemp("public"), KIT)
    runner = CliRunner()
    for extra in ([], ["--public"]):
        result = runner.invoke(main, ["build", str(project), "--quiet", *extra])
        assert result.exit_code == 0, result.output
    return project / "dist"


def everything(dist, stem: str, site: str) -> str:
    """Every word a reader can find in one set of editions: both PDFs, the EPUB, the web page."""
    epub = zipfile.ZipFile(dist / f"{stem}.epub")
    texts = [pdf_text(dist / f"{stem}.pdf"), pdf_text(dist / f"{stem}-print.pdf")]
    texts += [epub.read(name).decode() for name in epub.namelist() if name.endswith(".xhtml")]
    return "\n".join([*texts, (dist / site / "index.html").read_text()])


def test_the_press_editions_carry_the_embargo_the_screener_and_every_contact(editions):
    press = everything(editions, "the-frozen-sea-press-kit", "the-frozen-sea-site")
    assert SCREENER in press and PRESS_ONLY in press
    # 14 February 2026, 19:00 in Berlin (CET, UTC+1), plus 30 minutes
    email = (editions / "the-frozen-sea-email.txt").read_text()
    assert "Embargo: 14 February 2026, 19:30 CET (18:30 UTC)" in " ".join(email.split())


def test_the_public_editions_carry_no_screener_no_press_only_contact_and_no_embargo(editions):
    public = everything(editions, "the-frozen-sea-kit", "the-frozen-sea-kit-site")
    assert SCREENER not in public and "Password on request" not in public
    assert PRESS_ONLY not in public and "sales@example.net" in public
    assert not re.search(r"embargo", public, re.IGNORECASE)
    assert "Embargo" not in (editions / "the-frozen-sea-kit-email.txt").read_text()


def test_only_the_public_web_page_may_be_indexed_and_names_its_address(editions):
    press = (editions / "the-frozen-sea-site" / "index.html").read_text()
    public = (editions / "the-frozen-sea-kit-site" / "index.html").read_text()
    assert '<meta name="robots" content="noindex">' in press and 'property="og:url"' not in press
    assert "noindex" not in public
    assert '<meta property="og:url" content="https://press.example.org/frozen-sea/">' in public


def test_the_record_of_a_public_build_never_answers_for_a_press_build(editions):
    """After `--public`, a press build lists the press files: the quick check keys on it too."""
    project = editions.parent
    again = CliRunner().invoke(main, ["build", str(project)])
    assert again.exit_code == 0, again.output
    listed = [line.split()[0].rsplit("/", 1)[-1] for line in again.stdout.splitlines()]
    assert "the-frozen-sea-press-kit.pdf" in listed and "the-frozen-sea-kit.pdf" not in listed
    assert all(line.endswith("(unchanged)") for line in again.stdout.splitlines())
