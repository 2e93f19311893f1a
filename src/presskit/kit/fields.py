"""The kinds of value a kit's fields hold, with their validation: one line, Markdown text or
a `.md` file, a picture, a logo, an SVG, a colour profile, a year, a language. Values that
name a file are checked through the `KitFiles` the loader hands in the validation context
(kit/folder.py): this module reads nothing itself."""

from __future__ import annotations

import re
from typing import Annotated, Protocol

import langcodes
from pydantic import (
    AfterValidator,
    Field,
    ValidationInfo,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from presskit.kit import svg


class KitFiles(Protocol):
    """What validation may ask of the kit folder (implemented by the loader)."""

    def read_markdown(self, relative: str) -> str:
        """The text of a UTF-8 file inside the kit folder (Markdown, or an SVG picture)."""
        ...

    def check_image(self, relative: str) -> str: ...

    def check_profile(self, relative: str) -> str: ...


def _files(info: ValidationInfo) -> KitFiles | None:
    return (info.context or {}).get("files")


def _markdown_or_file(value: str, info: ValidationInfo) -> str:
    """A value that is a lone relative path ending in .md is replaced by that file's text."""
    files = _files(info)
    if files is not None and re.fullmatch(r"[^\s]+\.md", value.strip()):
        return files.read_markdown(value.strip())
    return value


def _image(value: str, info: ValidationInfo) -> str:
    files = _files(info)
    return files.check_image(value) if files is not None else value


def _logo_file(value: str, info: ValidationInfo) -> str:
    """An SVG is read and made safe by the `*_svg` field beside it; any other picture is
    checked as the image pipeline reads it."""
    return value if is_svg(value) else _image(value, info)


def _safe_svg(value: str, info: ValidationInfo) -> str | None:
    """The SVG file `value` names, sanitised (svg.sanitised): what every edition prints."""
    files = _files(info)
    if files is None or not is_svg(value):
        return None
    try:
        return svg.sanitised(files.read_markdown(value))
    except svg.Refused as refused:
        why = "{path}: {reason}; export it again without it (as plain SVG), or use a PNG"
        raise PydanticCustomError("svg", why, {"path": value, "reason": str(refused)}) from None


def is_svg(value: str | None) -> bool:
    """Whether a picture field names an SVG file (a field left empty names none)."""
    return bool(value) and value.strip().lower().endswith(".svg")


def _language(value: str) -> str:
    if not langcodes.tag_is_valid(value):
        raise PydanticCustomError(
            "language",
            "not a language tag such as en, fr or pt-BR, got '{value}'",
            {"value": value},
        )
    return value


class Translatable:
    """Marks text that a translation (presskit.<lang>.yaml, or X.<lang>.md) replaces."""


Line = Annotated[str, Field(min_length=1, max_length=500)]
"""Plain one-line text such as a name: printed as it is, never as Markdown."""


Text = Annotated[str, Field(min_length=1), AfterValidator(_markdown_or_file), Translatable()]
"""Markdown, inline in the YAML or in a `.md` file beside it."""


Label = Annotated[Line, Translatable()]
"""A one-line text in the kit's language, such as a section title."""


ImagePath = Annotated[str, Field(min_length=1), AfterValidator(_image)]
"""A JPEG, PNG, WebP or TIFF file, relative to the kit folder."""


def _icc_profile(value: str, info: ValidationInfo) -> str:
    files = _files(info)
    return files.check_profile(value) if files is not None else value


IccProfile = Annotated[str, Field(min_length=1), AfterValidator(_icc_profile)]
"""An ICC colour profile file, relative to the kit folder."""


LogoFile = Annotated[str, Field(min_length=1), AfterValidator(_logo_file)]
"""An SVG, or a PNG with transparency (or a JPEG, WebP or TIFF), relative to the kit folder."""


SafeSvg = SkipJsonSchema[Annotated[str | None, AfterValidator(_safe_svg)]]
"""The sanitised markup of an SVG picture, read from the field it stands beside."""


Year = Annotated[int, Field(ge=1870, le=2100)]


Language = Annotated[
    str,
    AfterValidator(_language),
    Field(json_schema_extra={"pattern": r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"}),
]
"""A BCP 47 tag of registered subtags; the schema gives editors its shape."""
