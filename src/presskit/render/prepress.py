"""The print edition made a true PDF/X-4 with pikepdf, from the PDF WeasyPrint wrote.

WeasyPrint lays the pages out with their bleed, but its PDF/X-4 has an RGB display profile as
its output intent, draws the crop marks inside the bleed (over a full-bleed cover) and leaves
text and pictures in DeviceRGB. A print shop's preflight rejects that. Here each page gets
room for crop marks outside the bleed, its content is clipped to the BleedBox, the output intent
names a printing condition with its CMYK printer profile, and every RGB colour is made
device-independent (ICC-based sRGB, as DefaultRGB and on each RGB picture).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name
from PIL import ImageCms

MM = 72 / 25.4
MARK_GAP = 3 * MM
"""How far past the bleed the crop marks start: print shops want them clear of the bleed."""
MARK_LENGTH = 5 * MM
MARK_MARGIN = 3 * MM
"""Paper beyond the marks' outer ends, so that no RIP clips them."""
HAIRLINE = 0.25
"""The marks' width in points: the usual hairline of crop marks."""
REGISTRATION = "/PresskitRegistration"
"""The name of the registration colour (/Separation /All: on every plate) in each page's
resources."""
PDFX_ID = "{http://www.npes.org/pdfx/ns/id/}GTS_PDFXVersion"
PDFUA_ID = "{http://www.aiim.org/pdfua/ns/id/}part"
INTENT_REGISTRY = "http://www.color.org"


@dataclass(frozen=True)
class Condition:
    """A printing condition: what the output intent names, and its printer profile."""

    identifier: str
    """As registered at the ICC (FOGRA39, FOGRA51, GRACoL2013…): how a print shop knows it."""
    info: str
    profile: bytes


@cache
def default_condition() -> Condition:
    """FOGRA39 (coated offset, ISO 12647-2), from the CC0 profile shipped with presskit."""
    profile = files("presskit").joinpath("profiles/FOGRA39L_coated.icc").read_bytes()
    return Condition(
        "FOGRA39", "Coated FOGRA39 (ISO 12647-2:2004/Amd 1), paper type 1 or 2", profile
    )


@cache
def _srgb_profile() -> bytes:
    return files("presskit").joinpath("profiles/sRGB2014.icc").read_bytes()


def kit_condition(identifier: str, profile: bytes) -> Condition:
    """The condition a kit names with its print shop's profile, described as the profile is."""
    description = ImageCms.ImageCmsProfile(io.BytesIO(profile)).profile.profile_description
    return Condition(identifier, description or identifier, profile)


def make_pdfx(pdf: pikepdf.Pdf, target: BinaryIO, bleed_mm: float, condition: Condition) -> None:
    """Write `pdf` (WeasyPrint's, trim box at the origin, tagged) to `target` as PDF/X-4. It
    keeps its tags but claims no PDF/UA: paper has no links, so their annotations go."""
    srgb = Array([Name.ICCBased, pdf.make_stream(_srgb_profile(), N=3)])
    registration = Array([
        Name.Separation, Name.All, Name.DeviceCMYK,
        Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1),
    ])
    for page in pdf.pages:
        _with_marks(page, bleed_mm * MM, registration)
    _device_independent(pdf, srgb)
    intent = Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFX,
        OutputConditionIdentifier=condition.identifier, Info=condition.info,
        RegistryName=INTENT_REGISTRY, DestOutputProfile=pdf.make_stream(condition.profile, N=4),
    )
    pdf.Root.OutputIntents = Array([intent])
    with pdf.open_metadata(set_pikepdf_as_editor=False) as metadata:
        metadata[PDFX_ID] = "PDF/X-4"
        metadata["pdf:Trapped"] = "False"
        del metadata[PDFUA_ID]
    pdf.docinfo[Name.Trapped] = Name("/False")
    # /ID from the content: the same kit gives the same bytes (qpdf otherwise adds a random part).
    pdf.save(
        target, deterministic_id=True, force_version="1.6",
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
    )


def _with_marks(page: pikepdf.Page, bleed: float, registration: Array) -> None:
    """BleedBox = trim + bleed, a MediaBox with room for crop marks outside it, the page's own
    content clipped to the BleedBox, and the marks drawn past the bleed, in registration colour.
    Link annotations go: PDF/X keeps annotations off the printed area, and paper has no links."""
    x0, y0, x1, y1 = (float(v) for v in page.obj.TrimBox)
    reach = bleed + MARK_GAP + MARK_LENGTH + MARK_MARGIN
    page.obj.BleedBox = Array([x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed])
    page.obj.MediaBox = Array([x0 - reach, y0 - reach, x1 + reach, y1 + reach])
    for box in ("/CropBox", "/ArtBox", "/Annots"):
        if box in page.obj:
            del page.obj[box]
    _entry(_entry(page.obj, Name.Resources), Name.ColorSpace)[REGISTRATION] = registration
    clip = (f"q {x0 - bleed:.4f} {y0 - bleed:.4f} "
            f"{x1 - x0 + 2 * bleed:.4f} {y1 - y0 + 2 * bleed:.4f} re W n\n")
    page.contents_add(clip.encode(), prepend=True)
    page.contents_add(b"Q\n" + crop_marks((x0, y0, x1, y1), bleed))


def crop_marks(trim: tuple[float, float, float, float], bleed: float) -> bytes:
    """Eight hairlines, two at each corner on the trim's lines, from MARK_GAP past the bleed."""
    x0, y0, x1, y1 = trim
    near, far = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    lines = []
    for x, y, out_x, out_y in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
        lines.append((x + out_x * near, y, x + out_x * far, y))  # along the horizontal trim line
        lines.append((x, y + out_y * near, x, y + out_y * far))  # along the vertical one
    path = "".join(f"{a:.4f} {b:.4f} m {c:.4f} {d:.4f} l S\n" for a, b, c, d in lines)
    return f"q {REGISTRATION} CS 1 SCN {HAIRLINE} w 0 J [] 0 d\n{path}Q\n".encode()


def _device_independent(pdf: pikepdf.Pdf, srgb: Array) -> None:
    """RGB as ICC-based sRGB everywhere: DefaultRGB in every resource dictionary (text and
    vectors are drawn with `rg`), and sRGB in place of DeviceRGB on pictures, shadings and
    transparency groups. DeviceGray and DeviceCMYK stay: the CMYK intent covers them."""
    for obj in pdf.objects:
        if not isinstance(obj, (Dictionary, pikepdf.Stream)):
            continue
        _icc_in_place_of_rgb(obj, srgb)
        if "/Resources" in obj:
            resources = obj.Resources
            _entry(resources, Name.ColorSpace)[Name.DefaultRGB] = srgb
            for shading in (resources.get("/Shading") or Dictionary()).values():
                _icc_in_place_of_rgb(shading, srgb)
            for pattern in (resources.get("/Pattern") or Dictionary()).values():
                if "/Shading" in pattern:
                    _icc_in_place_of_rgb(pattern.Shading, srgb)


def _icc_in_place_of_rgb(obj: pikepdf.Object, srgb: Array) -> None:
    if obj.get("/ColorSpace") == Name.DeviceRGB:
        obj.ColorSpace = srgb
    group = obj.get("/Group")
    if group is not None and group.get("/CS") == Name.DeviceRGB:
        group.CS = srgb


def _entry(parent: pikepdf.Object, key: Name) -> Dictionary:
    """The dictionary `parent` holds under `key`, added empty when it has none."""
    if key not in parent:
        parent[key] = Dictionary()
    return parent[key]
