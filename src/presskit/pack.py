"""The press pack (stills zip) and the e-mail body: what goes with the PDF to picture desks and inboxes."""

from __future__ import annotations

import shutil
import textwrap
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from .images import Images, Picture
from .markdown import plain
from .model import Kit, slugify
from .output import zip_date

EMAIL_COLUMNS = 72


def pack_names(kit: Kit, images: Images, pictures: dict[str, Picture]) -> dict[str, str]:
    """Kit-relative path -> file name in the pack: `anora-01-<caption>.jpg`, `anora-key-art.jpg`…"""
    names = {}
    for relative, source in images.sources.items():
        part = source.loc[0]
        if part == "key_art":
            stem = "key-art"
        elif part == "stills":
            caption = kit.stills[source.loc[1]].caption
            stem = "-".join(filter(None, [f"{source.loc[1] + 1:02d}", _short_slug(plain(caption, kit.lang)) if caption else ""]))
        elif part == "director":
            stem = f"director-{slugify(kit.director.name)}".rstrip("-")
        else:  # cast: numbered, as two actors may share a name (or have none in Latin letters)
            stem = f"cast-{source.loc[1] + 1:02d}-{slugify(kit.cast[source.loc[1]].name)}".rstrip("-")
        names[relative] = f"{kit.name}-{stem}{Path(pictures[relative].href).suffix}"
    return names


def stills_zip(kit: Kit, images: Images, pdf_name: str, pdf: bytes, built: datetime, target: BinaryIO, _: Callable[[str], str]) -> int:
    """Every picture at full resolution, untouched, with CAPTIONS.txt and the e-mail PDF; stored, not deflated.

    Returns how many pictures it holds.
    """
    pictures = images.originals()
    names = pack_names(kit, images, pictures)
    captions = _captions(kit, images, names, _)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as pack:
        entries = [("CAPTIONS.txt", captions.encode("utf-8"))]
        entries += [(names[relative], picture) for relative, picture in pictures.items()]
        entries.append((pdf_name, pdf))
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=zip_date(built))
            info.external_attr = 0o644 << 16
            if isinstance(content, Picture):
                with content.path.open("rb") as source, pack.open(info, "w") as target:
                    shutil.copyfileobj(source, target, 1 << 20)  # one photograph at a time in memory
            else:
                pack.writestr(info, content)
    return len(pictures)


def _captions(kit: Kit, images: Images, names: dict[str, str], _: Callable[[str], str]) -> str:
    lines = [_("%(title)s: pictures for the press") % {"title": kit.title}, ""]
    for relative, source in images.sources.items():
        still = kit.stills[source.loc[1]] if source.loc[0] == "stills" else None
        lines.append(names[relative])
        if still and still.caption:
            lines.append(f"  {plain(still.caption, kit.lang)}")
        elif not still:
            lines.append(f"  {_describe(kit, source.loc, _)}")
        if still and still.credit:
            lines.append("  " + _("Photo: %(credit)s") % {"credit": still.credit})
        lines.append("")
    return "\n".join(lines)


def _describe(kit: Kit, loc: tuple[str | int, ...], _: Callable[[str], str]) -> str:
    if loc[0] == "key_art":
        return _("Key art for %(title)s") % {"title": kit.title}
    if loc[0] == "director" and kit.director:
        return _("%(name)s, director") % {"name": kit.director.name}
    member = kit.cast[loc[1]]
    return _("%(name)s as %(role)s") % {"name": member.name, "role": member.role} if member.role else member.name


def _short_slug(text: str, limit: int = 50) -> str:
    """A caption as a file name: at most `limit` characters, cut between words."""
    slug = slugify(text)
    return slug if len(slug) <= limit else slug[:limit].rsplit("-", 1)[0]


def wrap_email(text: str) -> str:
    """Every line at most 72 columns; list items keep their hanging indent."""
    lines = []
    for line in text.splitlines():
        indent = "  " if line.startswith("- ") else ""
        lines.append(textwrap.fill(line, EMAIL_COLUMNS, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False) if line else "")
    return "\n".join(lines).strip() + "\n"
