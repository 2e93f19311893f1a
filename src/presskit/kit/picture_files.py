"""The picture files presskit reads: which formats, and how strictly they are decoded.

Shared by the loader (which checks a picture's header), the picture pipeline (which decodes it)
and the editor (which checks an upload as the loader will), so that all three accept the same
files.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from PIL import ImageFile

IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "MPO": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "TIFF": ("tif", "image/tiff"),
}
"""Pillow's format name -> file extension and media type. MPO is a JPEG with a preview image
after it, as many cameras write."""


@contextmanager
def strict_decoding() -> Iterator[None]:
    """A cut-off file is an error, not a picture with a grey band, and metadata past Pillow's
    limits is refused, not dropped.

    WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when imported (as in a build that
    already laid out a PDF, or `presskit serve`); it is switched off while presskit reads
    pictures, and restored after.
    """
    saved, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved
