"""The parts of a kit, as typed data: people, texts, pictures, screenings, the embargo, laurels,
companies and funders, contacts, the look. `Kit` (model.py) is made of them; no I/O here."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AliasPath,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)
from pydantic_core import PydanticCustomError

from presskit.errors import unknown_key_fix
from presskit.kit.embargo import MOST_MINUTES, SCREENING_KINDS, After, Moment, TimeZone
from presskit.kit.fields import IccProfile, ImagePath, Label, Line, LogoFile, SafeSvg, Text, Year
from presskit.kit.values import Date, Email, WebUrl


class Part(BaseModel):
    """Shared settings: unknown keys are errors, numbers are accepted where text is expected
    (a film may be called 1917), and surrounding whitespace is dropped."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
        use_attribute_docstrings=True,
    )


class Synopsis(Part):
    short: Text | None = None
    long: Text | None = None

    @model_validator(mode="after")
    def _one_at_least(self) -> Synopsis:
        if not (self.short or self.long):
            raise PydanticCustomError("synopsis", "give a short synopsis, a long one, or both")
        return self


class Film(Part):
    year: Year
    title: Line


class Person(Part):
    """Someone the kit presents: a name, a portrait and the films they made before."""

    name: Line
    photo: ImagePath | None = None
    photo_credit: Line | None = None
    """Who took the portrait."""
    filmography: list[Film] = []
    """Other films, each {year, title}."""


class Director(Person):
    bio: Text | None = None
    statement: Text | None = None


class CastMember(Person):
    role: Line | None = None
    notes: Text | None = None


class CrewMember(Person):
    role: Line
    """As the credits say it (Director of photography, Image, Kamera…): roles presskit knows are
    printed in the kit's language and ordered as a billing block orders them."""
    bio: Text | None = None
    """A short biography (Markdown, or a .md file)."""


class Answer(Part):
    q: Text
    """The question."""
    a: Text
    """The answer (Markdown, or a .md file)."""


class Section(Part):
    title: Label
    body: Text | None = None
    interviewer: Line | None = None
    """Who asked the questions of an interview."""
    interview: list[Answer] = []
    """Questions and answers, each {q, a}, printed after the body."""

    @model_validator(mode="after")
    def _something(self) -> Section:
        if not (self.body or self.interview):
            raise PydanticCustomError(
                "section", "give a `body:`, an `interview:` of questions and answers, or both"
            )
        return self


class Still(Part):
    file: ImagePath
    caption: Text | None = None
    credit: Line | None = None
    """The photographer; presskit adds "Photo:" unless it begins with such a label or with ©."""
    copyright: Line | None = None
    """The copyright notice, if not the kit's `copyright`."""
    alt: Label | None = None


class KeyArt(Part):
    file: ImagePath
    credit: Line | None = None
    """Who made it (photographer, designer or agency)."""
    copyright: Line | None = None
    """The copyright notice, if not the kit's `copyright`."""


def _file_of(value: object) -> object:
    """`key_art: {file, credit, copyright}` names its picture with `file` (its credit and copyright
    are read into fields of their own: every edition finds the picture by its path)."""
    if not isinstance(value, dict):
        return value
    if unknown := [key for key in value if key not in KeyArt.model_fields]:
        where = {"key": unknown[0], "fix": unknown_key_fix(unknown[0], list(KeyArt.model_fields))}
        raise PydanticCustomError("key", "unknown key `{key}`; {fix}", where)
    if "file" not in value:
        raise PydanticCustomError("key_art", "give the picture's `file:` as well")
    return value["file"]


class Artwork(KeyArt):
    kind: Literal["poster", "landscape", "square", "textless", "title"]
    """poster (2:3), landscape (16:9), square (social media), textless, or title (the title
    treatment, a transparent logo)."""


KeyArtFile = Annotated[ImagePath, BeforeValidator(_file_of, json_schema_input_type=str | KeyArt)]
"""A picture's path, or {file, credit, copyright}."""


class PrintCondition(Part):
    """The print shop's printing condition, named in the print edition's PDF/X-4 output intent."""

    profile: IccProfile
    """The print shop's CMYK press profile (an ICC file of class prtr) in the kit folder, such as
    icc/PSOcoated_v3.icc."""
    condition: Line
    """The printing condition it characterises, as registered at the ICC: FOGRA51, FOGRA39,
    GRACoL2013…"""


class Screening(Part):
    festival: Line
    section: Line | None = None
    date: Date | None = None
    time: dt.time | None = None
    timezone: TimeZone | None = None
    """The screening's own time zone (IANA name), if not the kit's `timezone`."""
    venue: Line | None = None
    note: Text | None = None
    kind: Literal[SCREENING_KINDS] = "public"
    """press, public, premiere or industry: which screenings an `embargo.after` means, and which
    the public edition's calendar lists (public and premiere)."""


class Embargo(Part):
    """The review embargo: its words, and when it lifts (`until`, or `after` a screening)."""

    text: Text | None = None
    """The embargo in words, shown with the screenings (Markdown)."""
    until: Moment | None = None
    """When it lifts: a date and time in the kit's `timezone` (2024-05-21 22:30)."""
    after: After | None = None
    """Or the screening it lifts at: first press, first public, premiere, or first (whichever
    press, public or premiere screening comes first)."""
    minutes: Annotated[int, Field(ge=0, le=MOST_MINUTES)] = 0
    """Added to the start of the `after` screening (Berlinale: 30)."""

    @model_validator(mode="after")
    def _one_rule(self) -> Embargo:
        if self.until and self.after:
            raise PydanticCustomError("embargo", "give `until:` or `after:`, not both")
        if self.minutes and not self.after:
            why = "`minutes:` are added to the start of the `after:` screening: give `after:` too"
            raise PydanticCustomError("embargo", why)
        if not (self.text or self.until or self.after):
            raise PydanticCustomError(
                "embargo", "give its `text:`, or when it lifts: `until:` or `after:`"
            )
        return self


def _in_words(value: object) -> object:
    """`embargo: Reviews embargoed until…`, as kits wrote it before it could be computed, is its
    `text`."""
    return {"text": value} if isinstance(value, str) else value


EmbargoRule = Annotated[Embargo, BeforeValidator(_in_words, json_schema_input_type=str | Embargo)]
"""An embargo in words (Markdown), or {text, until, after, minutes}."""


class Screener(Part):
    url: WebUrl
    """Where accredited press watch the film (https://…): in the press editions only."""
    note: Text | None = None
    """How to get in, such as: Password on request."""


class Laurelled(Part):
    """Something a laurel is printed for: the festival's own artwork, or one drawn by presskit."""

    laurel: LogoFile | None = None
    """The festival's own laurel artwork (SVG or PNG), printed as it is."""
    laurel_svg: SafeSvg = Field(None, validation_alias=AliasPath("laurel"))


class Award(Laurelled):
    award: Line
    festival: Line | None = None
    year: Year | None = None


PREMIERES = ("world", "international", "european", "north-american", "national")


class Selection(Laurelled):
    festival: Line
    section: Line | None = None
    year: Year | None = None
    premiere: Literal[PREMIERES] | None = None
    """world, international, european, north-american or national: printed first, on the laurel."""


class Logoed(Part):
    logo: LogoFile | None = None
    """SVG, or PNG with transparency, relative to the kit folder."""
    logo_svg: SafeSvg = Field(None, validation_alias=AliasPath("logo"))
    logo_min_width_mm: Annotated[float, Field(gt=0, le=300)] | None = None
    """The smallest width the logo may be printed at (`presskit check` says if it is smaller)."""


COMPANY_ROLES = (
    "presents",
    "production",
    "co-production",
    "in association with",
    "sales",
    "distribution",
)


class Company(Logoed):
    name: Line
    """As the credits print it; a logo's alt text names it."""
    role: Literal[COMPANY_ROLES] = "production"
    """presents, production, co-production, in association with, sales or distribution."""
    country: Line | None = None
    """Where it is based, as the kit's readers would say it (FR, France)."""
    website: WebUrl | None = None


class Funder(Logoed):
    name: Line
    """The fund or programme; a logo's alt text names it."""
    credit: Text | None = None
    """The exact wording the funding contract requires (Markdown)."""


def _identifier(pattern: str, example: str) -> AfterValidator:
    def check(value: str) -> str:
        if not re.fullmatch(pattern, value):
            raise PydanticCustomError(
                "identifier", "not {example}, got '{value}'", {"example": example, "value": value}
            )
        return value

    return AfterValidator(check)


class Identifiers(Part):
    imdb: (
        Annotated[str, _identifier(r"tt\d{7,10}", "an IMDb title id such as tt0000000")] | None
    ) = None
    """The IMDb title id (tt and digits)."""
    eidr: (
        Annotated[
            str,
            _identifier(
                r"10\.5240/([0-9A-Fa-f]{4}-){5}[0-9A-Za-z]",
                "an EIDR id such as 10.5240/0000-0000-0000-0000-0000-X",
            ),
        ]
        | None
    ) = None
    """The Entertainment Identifier Registry's DOI (10.5240/…)."""
    isan: (
        Annotated[
            str,
            _identifier(
                r"([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{4}(-[0-9A-Za-z](-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Za-z])?)?",
                "an ISAN such as 0000-0000-0000-0000-X-0000-0000-Y",
            ),
        ]
        | None
    ) = None
    """The ISAN, with or without its version part."""


class Trailer(Part):
    url: WebUrl
    """Where it plays (https://…)."""
    duration: Line | None = None
    """As minutes:seconds, such as 2:14."""


class Quote(Part):
    text: Text
    source: Line | None = None


class Link(Part):
    label: Line
    url: WebUrl
    qr: bool = False
    """Print a QR code for it in the PDFs."""


class Contact(Part):
    role: Line | None = None
    territory: Line | None = None
    name: Line | None = None
    company: Line | None = None
    email: Email | None = None
    phone: Line | None = None
    website: WebUrl | None = None
    press_only: bool = False
    """In the press editions only (a publicist's mobile number)."""

    @model_validator(mode="after")
    def _someone(self) -> Contact:
        if not (self.name or self.company):
            raise PydanticCustomError("contact", "give a name or a company")
        return self


class Preflight(Part):
    """Limits `presskit check` warns about; festival guides ask for short texts."""

    logline_words: Annotated[int, Field(gt=0)] = 35
    short_synopsis_words: Annotated[int, Field(gt=0)] = 150


def _accent(value: str) -> str:
    if value != "auto" and not re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", value):
        why = "a colour such as #c8553d, or auto (from the key art), got '{value}'"
        raise PydanticCustomError("colour", why, {"value": value})
    return value


class Look(Part):
    """How the editions look; every key is optional, and without any the kit has the classic
    look."""

    theme: Literal["classic", "modern", "minimal"] = "classic"
    """classic (serif text, sans headings, a dark cover), modern (sans text, condensed capitals)
    or minimal (serif throughout, white space, a pale cover)."""
    accent: Annotated[str, AfterValidator(_accent)] | None = None
    """The colour of links, rules and highlights, as #rrggbb; or auto: from the key art, made
    dark or light enough to read."""
    cover: Literal["dark", "light", "key-art"] | None = None
    """dark or light (the theme's own by default), or key-art: the poster across the whole
    cover, the title set over it."""
    fonts: Literal["serif", "sans"] | None = None
    """The face the text is set in: serif or sans (each theme has its own by default)."""
    title: ImagePath | None = None
    """The film's title as artwork (a PNG with transparency), set on the cover in place of the
    typeset title."""
