"""The press pack (a zip for picture desks) and the e-mail body: what goes with the PDF.

Picture desks ingest the file, not the e-mail: their software reads the caption, credit and
copyright from the picture's own IPTC and XMP fields. Every picture in the pack carries them,
written by exiv2 (through pyexiv2), which rewrites only the metadata segments of a file:
a JPEG's compressed image data, its ICC profile and EXIF, a PNG's image chunks stay as they were,
and no picture is decoded.

Festival portals and distributors also ask for the logos and laurels: `logos/` holds each logo
as the kit gives it (an SVG as sanitised when the kit was read, never the file as it came), and
each laurel presskit draws, as SVG and as a PNG rasterised by resvg.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import textwrap
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import BinaryIO

import pyexiv2
import resvg_py

from presskit.errors import Problem
from presskit.kit.laurels import laurels
from presskit.kit.markdown import plain
from presskit.kit.model import Credited, Kit, slugify
from presskit.output.cache import Cache
from presskit.output.files import zip_date
from presskit.render.credits import credit_line, photographer
from presskit.render.graphics import FONTS, laurel_svg
from presskit.render.images import Images, Source

EMAIL_COLUMNS = 72
FOLDERS = {
    "stills": "stills",
    "key_art": "artwork", "artwork": "artwork",
    "director": "portraits", "cast": "portraits", "crew": "portraits",
}
"""The pack's folder for each part of the kit that names photographs and artwork; logos and
laurels go to logos/."""
LAUREL_PIXELS = 2000
"""The long side of a drawn laurel's PNG: large enough for a poster or a festival's page."""
CSV_COLUMNS = ("file", "caption", "credit", "copyright", "alt")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""The first characters that make a spreadsheet read a cell as a formula (OWASP's list against
CSV injection), with the full-width = + - @ that East Asian spreadsheets may take as the same."""
PROSE_DASH = re.compile(r"-(?=\s)")
"""A hyphen opening a cell before a space: a dash in prose (`- a night scene`), not a minus."""
UTF8_IPTC = "\x1b%G"
"""IPTC-IIM's CodedCharacterSet for UTF-8 (ISO 2022 escape): without it readers guess Latin-1."""
Gettext = Callable[[str], str]

TAGGED_VERSION = f"pyexiv2 {version('pyexiv2')} 1"
"""What a tagged picture in the cache is also keyed by: another exiv2, or another way of tagging
(the number), tags every picture again."""
COPY_BUFFER = 1 << 20

pyexiv2.set_log_level(3)  # errors only: exiv2's warnings (about makers' notes…) are not the kit's


@dataclass(frozen=True)
class Captioned:
    """One picture of the pack and what a picture desk reads from it."""

    file: str | None
    """Its path in the kit; none for a laurel presskit draws."""
    name: str
    """Its path inside the pack: stills/anora-01-<caption>.jpg."""
    caption: str
    credit: str | None
    """As printed: with the "Photo:" label (see credit_line)."""
    creator: str | None
    """The photographer alone, without a label; none for a credit that is a copyright notice."""
    copyright: str | None
    alt: str | None
    headline: str
    """The film's title and year: what desks file the picture under."""


Entry = tuple[Captioned, Source | Callable[[], bytes]]
"""One file of the pack and where its bytes come from: a picture of the kit (tagged on its way
into the pack), or what presskit writes (an SVG, a drawn laurel's PNG)."""


def pack_pictures(kit: Kit, images: Images, _: Gettext) -> list[tuple[Captioned, Source]]:
    """Every picture of the kit once, in reading order, with what the pack says of it."""
    credited = {picture.loc: picture for picture in kit.pictures()}
    headline = _headline(kit)
    found = []
    for relative, picture in images.originals().items():
        source = images.sources[relative]
        about = credited[source.loc]
        if about.kind != "photo":
            continue
        name = f"{FOLDERS[source.loc[0]]}/{kit.name}-{_stem(kit, about)}{Path(picture.href).suffix}"
        caption, alt = _caption(kit, about, _)
        credit = about.credit and credit_line(about.credit, _)
        creator = about.credit and photographer(about.credit, _)
        said = Captioned(relative, name, caption, credit, creator, about.copyright, alt, headline)
        found.append((said, source))
    return found


def pack_logos(kit: Kit, images: Images, _: Gettext) -> list[Entry]:
    """logos/: every company's and funder's logo, then every laurel in the editions' order (the
    kit's own artwork, or the one presskit draws, as SVG and as PNG); a file named twice once."""
    logoed, laurelled = (*kit.companies, *kit.funders), (*kit.selections, *kit.awards)
    kit_svgs = {item.logo: item.logo_svg for item in logoed}
    kit_svgs |= {item.laurel: item.laurel_svg for item in laurelled}
    named = []  # (the kit's file, or none for a drawn laurel; stem; caption; a laurel's lines)
    for n, item in enumerate(logoed, 1):
        caption = _("Logo of %(name)s") % {"name": item.name}
        named += [(item.logo, f"logo-{slugify(item.name) or n}", caption, [])] if item.logo else []
    for n, laurel in enumerate(laurels(kit, _), 1):
        stem = f"laurel-{_short_slug(laurel['text'], 60) or n}"
        named.append((laurel["artwork"], stem, laurel["text"], laurel["lines"]))
    found: list[Entry] = []
    stems: set[str] = set()
    for file, stem, caption, lines in named:
        if file and any(about.file == file for about, _source in found):
            continue
        name = _logo_name(kit, stem, stems)
        about = Captioned(file, name, caption, None, None, None, caption, _headline(kit))
        if not file:
            markup = laurel_svg(lines, caption)
            svg, png = replace(about, name=f"{name}.svg"), replace(about, name=f"{name}.png")
            found += [
                (svg, partial(str.encode, markup)),
                (png, partial(_laurel_png, markup, png, images.cache)),
            ]
        elif kit_svgs.get(file):
            found.append((replace(about, name=f"{name}.svg"), partial(str.encode, kit_svgs[file])))
        else:
            suffix = Path(images.originals()[file].href).suffix
            found.append((replace(about, name=f"{name}{suffix}"), images.sources[file]))
    return found


def _logo_name(kit: Kit, stem: str, taken: set[str]) -> str:
    """logos/<kit>-<stem>, numbered if two logos or laurels would share the name."""
    unique, number = stem, 1
    while unique in taken:
        number += 1
        unique = f"{stem}-{number}"
    taken.add(unique)
    return f"logos/{kit.name}-{unique}"


def tag_pictures(kit: Kit, images: Images, _: Gettext) -> None:
    """Each picture of the pack captioned into the picture cache, where the press pack and the web
    page find it: a build has this done by a process with time to spare, before they are made."""
    for _about, _data, _warning in tagged_pictures(kit, images, _):
        pass


def draw_laurels(kit: Kit, images: Images, _: Gettext) -> None:
    """Each laurel presskit draws, rasterised into the picture cache, where the press pack finds
    it: a build has this done by a process with time to spare, before the pack is made."""
    for laurel in laurels(kit, _):
        if not laurel["artwork"]:
            _raster(laurel_svg(laurel["lines"], laurel["text"]), images.cache)


def _laurel_png(markup: str, about: Captioned, cache: Cache) -> bytes:
    """A drawn laurel as a PNG with a transparent background, LAUREL_PIXELS wide (the wreath is
    wider than high), its words in its XMP."""
    return tagged(_raster(markup, cache), about)


def _raster(markup: str, cache: Cache) -> bytes:
    """resvg's PNG of a laurel's SVG. resvg sets the words in presskit's own faces, or a system
    font for a script they lack (CJK). Rasterising takes about 0.15 s a laurel, and the press pack
    is made again after any change to the kit's text (it holds the PDF): the PNG is kept in the
    picture cache, by what it is drawn from."""
    drawn = f"{markup}\0{LAUREL_PIXELS}\0{version('resvg-py')}"  # a new renderer draws it again
    key = f"laurel-{hashlib.sha256(drawn.encode()).hexdigest()[:32]}.png"
    png = cache.get(key)
    if png is None:
        png = resvg_py.svg_to_bytes(svg_string=markup, width=LAUREL_PIXELS, font_dirs=[str(FONTS)])
        cache.put(key, png)
    return png


def _tagged_file(source: Source, about: Captioned) -> bytes:
    return tagged(source.path.read_bytes(), about)


def tagged(data: bytes, about: Captioned) -> bytes:
    """The file's bytes with the caption, credit, creator, copyright and headline in its own
    metadata: IPTC-IIM (JPEG only, in UTF-8) and XMP. Only metadata is rewritten."""
    with pyexiv2.ImageData(data) as image:
        if image.get_mime_type() == "image/jpeg":
            iptc = {
                "Iptc.Envelope.CharacterSet": UTF8_IPTC,
                "Iptc.Application2.Caption": about.caption,
                "Iptc.Application2.Credit": about.credit,
                "Iptc.Application2.Byline": about.creator and [about.creator],
                "Iptc.Application2.Copyright": about.copyright,
                "Iptc.Application2.Headline": about.headline,
            }
            image.modify_iptc({key: value for key, value in iptc.items() if value})
        xmp = {
            "Xmp.dc.description": {'lang="x-default"': about.caption},
            "Xmp.dc.rights": about.copyright and {'lang="x-default"': about.copyright},
            "Xmp.dc.creator": about.creator and [about.creator],
            "Xmp.photoshop.Credit": about.credit,
            "Xmp.photoshop.Headline": about.headline,
        }
        image.modify_xmp({key: value for key, value in xmp.items() if value})
        return image.get_bytes()


def tagged_pictures(
    kit: Kit, images: Images, _: Gettext
) -> Iterator[tuple[Captioned, bytes | Path, Problem | None]]:
    """Each picture of the pack, tagged, one at a time (a pack of photographs can be gigabytes).
    A file exiv2 cannot rewrite (a damaged colour profile, say) goes as it is, with a warning at
    the field that names it: the picture desk still gets it, and its caption in CAPTIONS.txt."""
    yield from _packed(pack_pictures(kit, images, _), images, kit.lang)


def _packed(
    entries: list[Entry], images: Images, lang: str
) -> Iterator[tuple[Captioned, bytes | Path, Problem | None]]:
    """Each entry's bytes, one at a time: what presskit writes, or a kit's picture tagged. A
    tagged picture is kept in the picture cache, as a file (by the picture, the kit's language,
    the pack's folder it goes into and what it is tagged with), which the web edition links to
    and the next build's pack reads again: a change to the kit's text tags no picture again, a
    new caption replaces the file of the old one. Without a cache, its bytes."""
    for about, source in entries:
        if not isinstance(source, Source):
            yield about, source(), None
            continue
        try:
            made = partial(_tagged_file, source, about)
            folder = about.name.split("/")[0]  # one picture may be a still and a laurel too
            picture = f"tagged-{lang}-{images.digest(source.relative)[:16]}-{folder}-"
            key = json.dumps([asdict(about), TAGGED_VERSION])
            name = f"{picture}{hashlib.sha256(key.encode()).hexdigest()[:16]}{source.path.suffix}"
            yield about, images.cache.file(name, made, replaces=picture) or made(), None
        except RuntimeError as error:
            why = (
                f"{source.relative}: the caption cannot be written into this file ({error}), so it"
                " is packed as it is, captioned in CAPTIONS.txt only: export it again to fix it"
            )
            yield about, source.path.read_bytes(), images.where.problem(source.loc, why, "warning")


def stills_zip(
    kit: Kit, images: Images, pdf_name: str, pdf: bytes, built: datetime, target: BinaryIO,
    _: Gettext,
) -> tuple[int, list[Problem]]:
    """The press pack: every picture at full resolution, captioned in its own metadata, in
    stills/, portraits/ and artwork/, the logos and laurels in logos/, with CAPTIONS.txt,
    CAPTIONS.csv and the e-mail PDF; stored, not deflated (JPEGs don't shrink). Returns how many
    photographs and artwork it holds, and the warnings for those it could not caption."""
    pictures = pack_pictures(kit, images, _)
    entries = [*pictures, *pack_logos(kit, images, _)]
    captioned = [about for about, _source in entries]

    def entry(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=zip_date(built))
        info.external_attr = 0o644 << 16
        return info

    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as pack:
        pack.writestr(entry("CAPTIONS.txt"), _captions_text(kit, captioned, _).encode("utf-8"))
        pack.writestr(entry("CAPTIONS.csv"), _captions_csv(captioned).encode("utf-8-sig"))
        warnings = []
        for about, data, warning in _packed(entries, images, kit.lang):
            if isinstance(data, Path):
                with data.open("rb") as file, pack.open(entry(about.name), "w") as packed:
                    shutil.copyfileobj(file, packed, COPY_BUFFER)
            else:
                pack.writestr(entry(about.name), data)
            warnings += [warning] if warning else []
        pack.writestr(entry(pdf_name), pdf)
    return len(pictures), warnings


def _headline(kit: Kit) -> str:
    return f"{kit.title} ({kit.year})" if kit.year else kit.title


def _caption(kit: Kit, about: Credited, _: Gettext) -> tuple[str, str | None]:
    """The picture's caption as plain text, and its alt text (for a still, what the kit says)."""
    part, title = about.loc[0], {"title": kit.title}
    if part == "stills":
        still = kit.stills[about.loc[1]]
        caption = _("Still from %(title)s") % title
        if still.caption:
            caption = plain(still.caption, kit.lang)
        return caption, still.alt or caption
    if part == "key_art":
        caption = _("Key art for %(title)s") % title
    elif part == "artwork":
        caption = _artwork_caption(kit.artwork[about.loc[1]].kind, _) % title
    elif part == "director":
        caption = _("%(name)s, director") % {"name": kit.director.name}
    else:
        person = getattr(kit, part)[about.loc[1]]
        label = _("%(name)s as %(role)s") if part == "cast" else _("%(name)s, %(role)s")
        caption = label % {"name": person.name, "role": person.role} if person.role else person.name
    return caption, caption


def _artwork_caption(kind: str, _: Gettext) -> str:
    return {
        "poster": _("Poster for %(title)s"),
        "landscape": _("Key art for %(title)s, landscape"),
        "square": _("Key art for %(title)s, square"),
        "textless": _("Key art for %(title)s, without text"),
        "title": _("Title treatment of %(title)s"),
    }[kind]


def _stem(kit: Kit, about: Credited) -> str:
    """A picture's file name in the pack, after the kit's name: `01-<caption>`, `key-art`…"""
    part, index = about.loc[0], about.loc[1] if len(about.loc) > 2 else None
    if part == "key_art":
        return "key-art"
    if part == "stills":
        caption = kit.stills[index].caption
        words = caption and _short_slug(plain(caption, kit.lang))
        return "-".join(filter(None, [f"{index + 1:02d}", words]))
    if part == "artwork":
        return f"artwork-{index + 1:02d}-{kit.artwork[index].kind}"
    if part == "director":
        return f"director-{slugify(kit.director.name)}".rstrip("-")
    # cast and crew: numbered, as two people may share a name (or have none in Latin letters)
    return f"{part}-{index + 1:02d}-{slugify(getattr(kit, part)[index].name)}".rstrip("-")


def _captions_text(kit: Kit, captioned: list[Captioned], _: Gettext) -> str:
    lines = [_("%(title)s: pictures for the press") % {"title": kit.title}, ""]
    for about in captioned:
        said = (about.caption, about.credit, about.copyright)
        lines += [about.name, *(f"  {line}" for line in said if line), ""]
    return "\n".join(lines)


def _captions_csv(captioned: list[Captioned]) -> str:
    """The captions as a spreadsheet a picture desk imports (UTF-8 with a byte-order mark, which
    Excel needs to read it as UTF-8)."""
    rows = [(a.name, a.caption, a.credit, a.copyright, a.alt) for a in captioned]
    return spreadsheet_csv([CSV_COLUMNS, *rows])


def spreadsheet_csv(rows: Iterable[Sequence[str | None]]) -> str:
    """Rows as CSV that a spreadsheet opens as text: every cell made inert (see `inert`). Every
    CSV presskit writes is written here."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([map(inert, row) for row in rows])
    return out.getvalue()


def inert(cell: str | None) -> str:
    """A cell's text as a spreadsheet shows it, never run as a formula: a dash opening prose
    becomes the en dash typography sets there (`– a night scene`: readable, and no formula); any
    other formula character first is preceded by an apostrophe, as OWASP advises (`'=1+1`), which
    spreadsheets take as text and show."""
    text = cell or ""
    if PROSE_DASH.match(text):
        return f"\u2013{text[1:]}"
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _short_slug(text: str, limit: int = 50) -> str:
    """A caption as a file name: at most `limit` characters, cut between words."""
    slug = slugify(text)
    return slug if len(slug) <= limit else slug[:limit].rsplit("-", 1)[0]


def wrap_email(text: str) -> str:
    """Every line at most 72 columns; list items keep their hanging indent."""
    lines = []
    for line in text.splitlines():
        indent = "  " if line.startswith("- ") else ""
        lines.append(
            textwrap.fill(
                line,
                EMAIL_COLUMNS,
                subsequent_indent=indent,
                break_on_hyphens=False,
                break_long_words=False,
            )
            if line
            else ""
        )
    return "\n".join(lines).strip() + "\n"
