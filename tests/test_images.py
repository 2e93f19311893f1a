"""The image pipeline: what arrives from cameras and designers becomes plain, upright sRGB."""

from __future__ import annotations

import errno
import functools
import hashlib
import io
import json
import os
import struct
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageFile

from conftest import encoded
from presskit.errors import KitError, Locator, StorageError
from presskit.kit.model import Kit
from presskit.render import images as pipeline
from presskit.render.images import Images, shrunk

WHERE = Locator("kit/presskit.yaml", {("stills", 0): 7})


def shrink(data: bytes, box: tuple[int, int], quality: int, least: int = 0) -> bytes:
    """What a build makes of a picture: `shrunk`, then `encoded`, or the file as it is."""
    made = shrunk(data, box, least)
    return data if made is None else pipeline.encoded(made, quality)


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def photo(size: tuple[int, int]) -> Image.Image:
    """Something with the texture of a photograph (noise compresses like detail)."""
    return Image.merge("RGB", [Image.effect_noise(size, 40 + 10 * i) for i in range(3)])


@functools.cache
def camera_jpeg(size: tuple[int, int]) -> bytes:
    """A photograph as a camera's JPEG (quality 90), made once for the tests that read it: the
    noise of a 6000×4000 one takes about 3 s to draw."""
    return encoded(photo(size), "JPEG", quality=90)


def stills_kit(folder: Path, files: dict[str, bytes]) -> Kit:
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return Kit.model_validate(
        {
            "title": "T",
            "logline": "L",
            "synopsis": {"short": "S"},
            "stills": [{"file": name} for name in files],
        }
    )


def test_large_photographs_are_shrunk_in_draft_mode(tmp_path):
    data = camera_jpeg((6000, 4000))
    shrunk = opened(shrink(data, (1600, 1600), 80))
    assert shrunk.size == (1600, 1067)


@pytest.mark.parametrize(("size", "expected"), [
    ((6000, 4000), (1500, 1000)),  # a quarter of it, as decoded: within 1280-1600, not resampled
    ((4000, 3000), (1600, 1200)),  # half would be too large and a quarter too small: resampled
    ((2000, 1000), (1600, 800)),
])
def test_screen_pictures_keep_a_size_their_decoder_scales_to(size, expected):
    data = camera_jpeg(size)
    assert opened(shrink(data, (1600, 1600), 80, least=1280)).size == expected


def test_a_turned_photograph_is_decoded_at_the_scale_of_its_stored_size():
    exif = Image.Exif()
    exif[0x0112] = 6
    data = encoded(photo((3000, 2000)), "JPEG", exif=exif.tobytes())
    assert opened(shrink(data, (1600, 1600), 80, least=1280)).size == (1000, 1500)


def test_exif_orientation_is_applied(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: rotate 90° clockwise to view
    data = encoded(Image.new("RGB", (3000, 2000), "white"), "JPEG", exif=exif.tobytes())
    image = opened(shrink(data, (1600, 1600), 80))
    assert image.size == (1067, 1600)
    assert image.getexif().get(0x0112, 1) == 1


def test_cmyk_becomes_rgb():
    data = encoded(Image.new("CMYK", (100, 80), (0, 255, 255, 0)), "JPEG")
    image = opened(shrink(data, (1600, 1600), 90))
    assert image.mode == "RGB"
    red, green, blue = image.getpixel((50, 40))
    assert red > 200 and green < 60 and blue < 60


def test_embedded_profiles_are_converted_after_shrinking():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encoded(
        Image.new("RGB", (3000, 2000), (30, 120, 200)), "JPEG", quality=95, icc_profile=profile
    )
    image = opened(shrink(data, (1600, 1600), 90))
    assert (image.size, image.mode, image.info.get("icc_profile")) == ((1600, 1067), "RGB", None)
    assert all(abs(a - b) <= 3 for a, b in zip(image.getpixel((800, 500)), (30, 120, 200)))


def test_transparency_is_laid_on_white():
    logo = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    logo.paste((200, 0, 0, 255), (10, 10, 40, 40))
    image = opened(shrink(encoded(logo, "PNG"), (1600, 1600), 80))
    assert (image.format, image.mode) == ("PNG", "RGB")
    assert image.getpixel((0, 0)) == (255, 255, 255) and image.getpixel((25, 25)) == (200, 0, 0)


def test_small_upright_jpegs_pass_through_untouched():
    data = encoded(Image.new("RGB", (640, 360), "navy"), "JPEG", quality=70)
    assert shrink(data, (1600, 1600), 95) == data


@pytest.mark.parametrize("box", [(200, 200), (1600, 1600)], ids=["shrunk", "passed-through"])
def test_cut_off_image_is_a_kit_problem(tmp_path, monkeypatch, box):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as importing WeasyPrint does
    kit = stills_kit(tmp_path, {"cut.jpg": encoded(photo((400, 300)), "JPEG")[:1500]})
    with pytest.raises(KitError) as caught:
        Images(kit, tmp_path, WHERE).fitted({"cut.jpg": box}, 80)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.field) == ("kit/presskit.yaml", 7, "stills[0].file")
    assert problem.message.startswith("cut.jpg: cannot decode the image (image file is truncated")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True, "the setting is restored for WeasyPrint"


def test_the_cache_spares_the_work_of_a_second_build(tmp_path):
    kit = stills_kit(tmp_path, {f"s{i}.jpg": encoded(photo((1200, 800)), "JPEG") for i in range(3)})
    first = Images(kit, tmp_path, WHERE, tmp_path / "cache")
    pictures = first.for_screen(600, 80)
    assert first.processed == 3
    second = Images(kit, tmp_path, WHERE, tmp_path / "cache")
    assert second.for_screen(600, 80) == pictures
    assert second.processed == 0
    assert second.for_screen(500, 80) and second.processed == 3, "other parameters are other work"


def test_originals_are_the_files_byte_for_byte(tmp_path):
    files = {
        "a.jpg": encoded(photo((300, 200)), "JPEG"),
        "b.png": encoded(Image.new("RGBA", (20, 20)), "PNG"),
    }
    originals = Images(stills_kit(tmp_path, files), tmp_path, WHERE).originals()
    assert {name: picture.data for name, picture in originals.items()} == files
    assert [picture.href for picture in originals.values()] == [
        "images/01-a.jpg",
        "images/02-b.png",
    ]


def test_animations_are_flattened_to_their_first_frame():
    frames = [Image.new("RGB", (60, 40), color) for color in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "PNG", save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert opened(out.getvalue()).n_frames == 3
    flat = opened(shrink(out.getvalue(), (30, 30), 80))
    assert getattr(flat, "n_frames", 1) == 1 and flat.getpixel((5, 5)) == (255, 0, 0)


def test_progressive_jpegs_are_made_baseline_for_e_readers():
    data = encoded(Image.new("RGB", (640, 360), "navy"), "JPEG", progressive=True)
    out = shrink(data, (1600, 1600), 85)
    assert out != data and not opened(out).info.get("progressive")


def test_sixteen_bit_greyscale_is_scaled_not_clipped():
    ramp = (
        Image.linear_gradient("L").resize((64, 256)).convert("I").point(lambda value: value * 257)
    )
    image = opened(shrink(encoded(ramp.convert("I;16"), "PNG"), (1600, 1600), 85))
    assert image.mode == "RGB"
    assert [image.getpixel((0, y))[0] for y in (0, 128, 255)] == pytest.approx([0, 128, 255], abs=3)


def test_camera_mpo_files_are_jpegs(tmp_path):
    out = io.BytesIO()
    photo((400, 300)).save(out, "MPO", save_all=True, append_images=[photo((160, 120))])
    assert opened(out.getvalue()).format == "MPO"
    kit = stills_kit(tmp_path, {"camera.jpg": out.getvalue()})
    images = Images(kit, tmp_path, WHERE)
    assert images.originals()["camera.jpg"].media_type == "image/jpeg"
    assert opened(images.for_screen(200, 80)["camera.jpg"].data).size == (200, 150)


def test_print_pictures_are_originals_unless_a_pdf_cannot_carry_them(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6
    files = {
        "plain.jpg": encoded(photo((300, 200)), "JPEG"),
        "turned.jpg": encoded(photo((300, 200)), "JPEG", exif=exif.tobytes()),
        "deep.png": encoded(Image.new("I;16", (50, 40)), "PNG"),
    }
    printed = Images(stills_kit(tmp_path, files), tmp_path, WHERE).for_print()
    assert printed["plain.jpg"].data == files["plain.jpg"]
    assert (
        opened(printed["turned.jpg"].data).size == (200, 300)
        and printed["turned.jpg"].content is not None
    )
    assert opened(printed["deep.png"].data).mode == "RGB"


def exif_with_text_orientation(text: bytes) -> bytes:
    """EXIF whose orientation tag is ASCII text, as some software writes it (Pillow only writes
    numbers): a big-endian TIFF header and one entry of type 2 (ASCII)."""
    entry = struct.pack(">HHI", 0x0112, 2, len(text)) + text.ljust(4, b"\0")
    return (
        b"Exif\0\0MM\0\x2a"
        + struct.pack(">I", 8)
        + struct.pack(">H", 1)
        + entry
        + struct.pack(">I", 0)
    )


def test_an_orientation_written_as_text_is_ignored(tmp_path):
    data = encoded(photo((300, 200)), "JPEG", exif=exif_with_text_orientation(b"6\0"))
    assert opened(data).getexif()[0x0112] == "6"
    images = Images(stills_kit(tmp_path, {"odd.jpg": data}), tmp_path, WHERE)
    assert opened(images.for_screen(150, 80)["odd.jpg"].data).size == (150, 100), (
        "upright, as a viewer shows it"
    )
    assert images.for_print()["odd.jpg"].data == data, (
        "nothing for the PDF to turn: the file as it is"
    )


def test_a_damaged_colour_profile_is_taken_as_srgb_with_a_warning(tmp_path):
    data = encoded(
        Image.new("RGB", (300, 200), (70, 130, 180)), "JPEG", icc_profile=b"not a profile" * 20
    )
    with pytest.raises(OSError):
        ImageCms.ImageCmsProfile(io.BytesIO(opened(data).info["icc_profile"]))  # what Pillow raises
    images = Images(stills_kit(tmp_path, {"odd.jpg": data}), tmp_path, WHERE)
    for picture in (images.for_screen(150, 80)["odd.jpg"], images.for_print()["odd.jpg"]):
        image = opened(picture.data)
        assert "icc_profile" not in image.info and image.getpixel((75, 50)) == pytest.approx(
            (70, 130, 180), abs=3
        )
    [warning] = images.warnings()
    assert str(warning) == (
        "kit/presskit.yaml:7: warning: stills[0].file: odd.jpg: its colour profile "
        "is damaged, so the picture is taken as sRGB: export it again with a working "
        "profile"
    )


@pytest.mark.parametrize(
    "damage",
    [lambda entry: entry[: len(entry) // 2], lambda entry: entry[:-1] + b"\0", lambda entry: b""],
    ids=["cut", "changed", "empty"],
)
def test_a_damaged_cache_entry_is_made_again_with_a_note(tmp_path, monkeypatch, damage):
    monkeypatch.chdir(tmp_path)
    kit = stills_kit(tmp_path, {"s.jpg": encoded(photo((1200, 800)), "JPEG")})
    cache = tmp_path / ".presskit-cache" / "images"
    expected = Images(kit, tmp_path, WHERE, cache).for_screen(600, 80)
    [entry] = [path for path in cache.iterdir() if path.name != "digests.json"]
    whole = entry.read_bytes()
    entry.write_bytes(damage(whole))
    images = Images(kit, tmp_path, WHERE, cache)
    assert images.for_screen(600, 80) == expected and images.processed == 1
    assert entry.read_bytes() == whole, "the entry is whole again"
    assert [str(w) for w in images.warnings()] == [
        "kit/presskit.yaml:7: warning: stills[0].file: s.jpg: the picture cache "
        "(.presskit-cache/images) held a damaged copy, made again"
    ]
    assert Images(kit, tmp_path, WHERE, cache).for_screen(600, 80) == expected


def test_a_picture_is_read_for_its_digest_only_when_its_file_changed(tmp_path):
    """The cache notes each picture's digest with its file's size, time and inode."""
    kit = stills_kit(tmp_path, {"s.jpg": encoded(photo((300, 200)), "JPEG")})
    cache = tmp_path / ".presskit-cache" / "images"
    first = Images(kit, tmp_path, WHERE, cache).digest("s.jpg")
    assert first == hashlib.sha256((tmp_path / "s.jpg").read_bytes()).hexdigest()
    noted = json.loads((cache / "digests.json").read_text())
    noted[str((tmp_path / "s.jpg").resolve())][1] = "ab" * 32
    (cache / "digests.json").write_text(json.dumps(noted))
    assert Images(kit, tmp_path, WHERE, cache).digest("s.jpg") == "ab" * 32, "not read again"
    (tmp_path / "s.jpg").write_bytes(encoded(photo((300, 201)), "JPEG"))
    changed = Images(kit, tmp_path, WHERE, cache).digest("s.jpg")
    assert changed == hashlib.sha256((tmp_path / "s.jpg").read_bytes()).hexdigest() != first


@pytest.mark.parametrize("entry", [1, [[1, 2, 3, 4], "../../outside"], "x", None])
def test_a_damaged_note_of_digests_is_not_trusted(tmp_path, entry):
    """The note is in the project's cache, which comes with the project: anything but a digest
    noted for the file as it is makes the picture read again."""
    kit = stills_kit(tmp_path, {"s.jpg": encoded(photo((300, 200)), "JPEG")})
    cache = tmp_path / ".presskit-cache" / "images"
    cache.mkdir(parents=True)
    (cache / "digests.json").write_text(json.dumps({str((tmp_path / "s.jpg").resolve()): entry}))
    expected = hashlib.sha256((tmp_path / "s.jpg").read_bytes()).hexdigest()
    assert Images(kit, tmp_path, WHERE, cache).digest("s.jpg") == expected


def test_a_cache_that_cannot_be_written_is_not_blamed_on_the_pictures(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    kit = stills_kit(tmp_path, {"s.jpg": encoded(photo((300, 200)), "JPEG")})
    (tmp_path / "cache").write_text("a file where the cache's folder goes")
    with pytest.raises(StorageError) as caught:
        Images(kit, tmp_path, WHERE, tmp_path / "cache" / "images").for_screen(150, 80)
    assert caught.value.path == tmp_path / "cache"
    assert str(caught.value).startswith("cache: a file stands where presskit needs a folder")


def test_a_full_cache_disk_is_not_blamed_on_the_pictures(tmp_path, monkeypatch):
    kit = stills_kit(tmp_path, {"s.jpg": encoded(photo((300, 200)), "JPEG")})

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("presskit.output.files.tempfile.mkstemp", full)
    with pytest.raises(StorageError) as caught:
        Images(kit, tmp_path, WHERE, tmp_path / "cache").for_screen(150, 80)
    assert caught.value.path == tmp_path / "cache"
    assert caught.value.reason == "the disk is full: free some space, then build again"
