"""The image pipeline: what arrives from cameras and designers becomes plain, upright sRGB."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageFile

from presskit.errors import KitError
from presskit.images import prepare, prepare_all
from presskit.model import Kit


def save(path: Path, image: Image.Image, fmt: str, **options) -> Path:
    image.save(path, fmt, **options)
    return path


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_large_stills_are_shrunk_to_the_long_side(tmp_path):
    source = save(tmp_path / "big.jpg", Image.new("RGB", (3000, 2000), "teal"), "JPEG")
    picture = prepare(source, "images/01-big", max_side=1600, quality=80)
    assert (picture.width, picture.height) == (1600, 1067) == opened(picture.data).size
    assert (picture.href, picture.media_type) == ("images/01-big.jpg", "image/jpeg")


def test_exif_orientation_is_applied(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: rotate 90° clockwise to view
    source = save(tmp_path / "turned.jpg", Image.new("RGB", (300, 200), "white"), "JPEG", exif=exif.tobytes())
    picture = prepare(source, "images/turned", max_side=1600, quality=80)
    image = opened(picture.data)
    assert image.size == (200, 300)
    assert image.getexif().get(0x0112, 1) == 1


def test_cmyk_becomes_rgb(tmp_path):
    source = save(tmp_path / "print.jpg", Image.new("CMYK", (100, 80), (0, 255, 255, 0)), "JPEG")
    image = opened(prepare(source, "images/print", max_side=1600, quality=90).data)
    assert image.mode == "RGB"
    red, green, blue = image.getpixel((50, 40))
    assert red > 200 and green < 60 and blue < 60


def test_transparency_is_laid_on_white(tmp_path):
    logo = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    logo.paste((200, 0, 0, 255), (10, 10, 40, 40))
    picture = prepare(save(tmp_path / "logo.png", logo, "PNG"), "images/logo", max_side=1600, quality=80)
    image = opened(picture.data)
    assert (picture.media_type, image.mode) == ("image/png", "RGB")
    assert image.getpixel((0, 0)) == (255, 255, 255) and image.getpixel((25, 25)) == (200, 0, 0)


def test_small_upright_jpegs_pass_through_untouched(tmp_path):
    source = save(tmp_path / "small.jpg", Image.new("RGB", (640, 360), "navy"), "JPEG", quality=70)
    assert prepare(source, "images/small", max_side=1600, quality=95).data == source.read_bytes()


@pytest.mark.parametrize("max_side", [200, 1600], ids=["shrunk", "passed-through"])
def test_cut_off_image_is_a_kit_problem(tmp_path, monkeypatch, max_side):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as importing WeasyPrint does
    whole = save(tmp_path / "whole.jpg", Image.effect_noise((400, 300), 60).convert("RGB"), "JPEG")
    (tmp_path / "cut.jpg").write_bytes(whole.read_bytes()[:1500])
    kit = Kit.model_validate({"title": "T", "logline": "L", "synopsis": {"short": "S"}, "stills": [{"file": "cut.jpg"}]})
    with pytest.raises(KitError) as caught:
        prepare_all(kit, tmp_path, max_side=max_side, quality=80)
    [problem] = caught.value.problems
    assert (problem.field, problem.file.endswith("cut.jpg")) == ("stills[0].file", True)
    assert problem.message.startswith("cannot decode the image (image file is truncated")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True, "the setting is restored for WeasyPrint"
