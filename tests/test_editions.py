"""The print and e-mail editions, the stills pack and the e-mail text, read back."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

import presskit.render.images
from conftest import ROOT, pdf_text, write_project
from presskit.build import build
from presskit.errors import KitError

MM = 72 / 25.4


def photograph(width: int = 6000, height: int = 4000) -> bytes:
    """A JPEG that compresses like a real photograph (about 5 MB at 6000×4000)."""
    base = Image.merge(
        "RGB", [Image.effect_noise((width // 16, height // 16), 90 + 20 * i) for i in range(3)]
    )
    grain = Image.effect_noise((width, height), 12).convert("RGB")
    out = io.BytesIO()
    Image.blend(base.resize((width, height), Image.Resampling.BICUBIC), grain, 0.12).save(
        out, "JPEG", quality=88
    )
    return out.getvalue()


@pytest.fixture(scope="module")
def big_kit(tmp_path_factory) -> Path:
    """Twenty 6000×4000 stills (distinct files: a byte appended after the image)."""
    root = tmp_path_factory.mktemp("big")
    still = photograph()
    files = {f"kit/images/still-{i:02d}.jpg": still + bytes([i]) for i in range(20)}
    stills = "".join(
        f"  - {{file: images/still-{i:02d}.jpg, caption: Still {i}, credit: Test, alt: Noise}}\n"
        for i in range(20)
    )
    return write_project(
        root, f"title: Big\nlogline: L\nsynopsis: {{short: S}}\nstills:\n{stills}", files
    )


def test_email_pdf_fits_its_budget_with_twenty_large_stills(big_kit, tmp_path):
    [pdf] = build(big_kit, out=tmp_path, formats=["pdf"]).outputs
    assert pdf.size == pdf.path.stat().st_size <= 5 * 2**20
    reader = PdfReader(pdf.path)
    sizes = {
        (int(x["/Width"]), int(x["/Height"]))
        for page in reader.pages
        for x in (page["/Resources"].get("/XObject") or {}).values()
    }
    assert max(width for width, _ in sizes) <= 1000, (
        "about 150 ppi at the text width, not 6000 pixels"
    )


def test_quality_steps_down_to_fit_a_tight_budget(big_kit, tmp_path):
    roomy = build(big_kit, out=tmp_path / "a", formats=["pdf"]).outputs[0].size
    tight = (
        build(big_kit, out=tmp_path / "b", formats=["pdf"], email_max_mb=roomy * 0.7 / 2**20)
        .outputs[0]
        .size
    )
    assert tight <= roomy * 0.7


def test_a_budget_that_cannot_be_met_is_a_kit_problem(big_kit, tmp_path):
    with pytest.raises(KitError) as caught:
        build(big_kit, out=tmp_path, formats=["pdf"], email_max_mb=0.2)
    [problem] = caught.value.problems
    assert problem.field == "email_max_mb"
    assert problem.message.startswith("big-press-kit.pdf would be ")
    assert problem.message.endswith(
        "over the e-mail budget of 0.2 MB: use fewer or smaller pictures, or raise email_max_mb"
    )
    assert not tmp_path.joinpath("big-press-kit.pdf").exists()


def test_the_image_cache_spares_a_second_build(big_kit, tmp_path, monkeypatch):
    build(big_kit, out=tmp_path, formats=["pdf", "epub"])
    decoded = []
    monkeypatch.setattr(presskit.render.images, "shrunk", lambda *args: decoded.append(args))
    # Every edition made again, in this process (a forked one would decode out of sight).
    build(big_kit, out=tmp_path, formats=["pdf", "epub"], jobs=1, force=True)
    assert decoded == []


@pytest.fixture(scope="module")
def printed(anora) -> PdfReader:
    return PdfReader(anora["print"])


def test_print_pdf_carries_the_original_jpegs_untouched(printed):
    originals = {p.read_bytes() for p in (ROOT / "kit" / "images").glob("*.jpg")}
    embedded = {
        image.get_object().get_data()
        for page in printed.pages
        for image in (page["/Resources"].get("/XObject") or {}).values()
        if image.get_object().get("/Filter") == "/DCTDecode"
    }
    assert embedded == originals


def test_email_text(anora):
    text = anora["email"].read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[:2] == ["ANORA", "A film by Sean Baker · 2024 · United States · 139 minutes"]
    assert all(len(line) <= 72 for line in lines)
    assert "- 21 May 2024: 77th Cannes Film Festival, Competition (World premiere)" in lines
    assert "Embargo: Reviews embargoed until the start of the world premiere" in lines
    assert "- Trailer: https://example.org/anora/trailer" in lines
    assert "press@example.org · +1 555 0100 · https://example.org" in lines
    assert lines[-1] == "The press kit is attached as anora-press-kit.pdf."
    assert "*" not in text and "<" not in text


def test_email_text_of_a_minimal_kit(minimal):
    assert minimal["email"].read_text(encoding="utf-8") == (
        "THE FROZEN SEA\n\n"
        "A lighthouse keeper and her daughter wait out the longest winter on\nrecord.\n\n"
        "When the sea freezes over, nobody comes and nobody leaves.\n\n"
        "The press kit is attached as the-frozen-sea-press-kit.pdf.\n"
    )
    assert "Synopsis" in pdf_text(minimal["print"])
