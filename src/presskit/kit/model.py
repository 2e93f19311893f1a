"""The press-kit definition as typed data. No I/O happens here.

`presskit.yaml` is validated against `Kit`. Two kinds of values point at files:
`Text` (inline Markdown, or a `.md` path whose content replaces it) and `ImagePath`.
The model does not read them itself: the loader passes a `KitFiles` object in
the validation context, so errors about files come out of the same validation
pass, with the same field paths, as every other error.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Annotated, Literal, Protocol

import langcodes
from pydantic import (
    AfterValidator,
    AliasPath,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from presskit.errors import unknown_key_fix
from presskit.kit import svg
from presskit.kit.embargo import MOST_MINUTES, SCREENING_KINDS, After, Moment, TimeZone
from presskit.kit.values import Date, Email, Runtime, WebUrl


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
    return value if _is_svg(value) else _image(value, info)


def _safe_svg(value: str, info: ValidationInfo) -> str | None:
    """The SVG file `value` names, sanitised (svg.sanitised): what every edition prints."""
    files = _files(info)
    if files is None or not _is_svg(value):
        return None
    try:
        return svg.sanitised(files.read_markdown(value))
    except svg.Refused as refused:
        why = "{path}: {reason}; export it again without it (as plain SVG), or use a PNG"
        raise PydanticCustomError("svg", why, {"path": value, "reason": str(refused)}) from None


def _is_svg(value: str | None) -> bool:
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


class Kit(Part):
    """Everything a press kit says. Only title, logline and synopsis are required."""

    title: Line
    """The film's title, as it should be printed. Required."""
    original_title: Line | None = None
    """The title in the film's own language, shown under the title."""
    tagline: Text | None = None
    """One line for the cover (Markdown)."""
    logline: Text
    """One or two sentences: what the film is about (Markdown or a .md file). Required."""
    year: Year | None = None
    """Year of completion."""
    runtime: Runtime | None = None
    """Running time in minutes."""
    countries: list[Line] = []
    """Countries of production."""
    languages: list[Line] = []
    """Languages spoken in the film."""
    genres: list[Line] = []
    """Genres, such as Drama or Comedy."""
    lang: Language = "en"
    """Language of the kit's text (BCP 47: en, fr, pt-BR); sets hyphenation and document
    language."""
    translations: list[Language] = []
    """Other languages to build the kit in, each from presskit.<lang>.yaml and X.<lang>.md files."""
    key_art: KeyArtFile | None = None
    """The poster (JPEG, PNG, WebP or TIFF, relative to the kit folder), or {file, credit,
    copyright}; without it the cover is set in type."""
    key_art_credit: SkipJsonSchema[Line | None] = Field(
        None, validation_alias=AliasPath("key_art", "credit")
    )
    """`key_art.credit`, beside the key art's path."""
    key_art_copyright: SkipJsonSchema[Line | None] = Field(
        None, validation_alias=AliasPath("key_art", "copyright")
    )
    """`key_art.copyright`, beside the key art's path."""
    artwork: list[Artwork] = []
    """Other versions of the key art for festival portals and distributors, each {file, kind,
    credit, copyright}; kind is poster, landscape, square, textless or title."""
    copyright: Line | None = None
    """The copyright notice of every picture that gives none of its own (© 2024 Example Films)."""
    page_size: Literal["A4", "letter"] = "A4"
    """Page size of the PDFs."""
    slug: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)] | None = None
    """Names the output files (lower-case words joined by hyphens); default: the title made into
    one."""
    specs: dict[Line, Line] = {}
    """Technical specifications, label: value. aspect_ratio, format, shot_on, camera, colour,
    sound, frame_rate, resolution, subtitles and rating are printed in the kit's language and
    in that order; any other label is printed as written, after them."""
    identifiers: Identifiers | None = None
    """{imdb, eidr, isan}: what databases and European sales schemes file the film under."""
    trailer: Trailer | None = None
    """{url, duration}: first on the web page, and a QR code in the PDFs."""
    synopsis: Synopsis
    """A short synopsis, a long one, or both. Required."""
    director: Director | None = None
    """The director: name, photo, biography, statement, filmography."""
    cast: list[CastMember] = []
    """The cast, in billing order."""
    crew: list[CrewMember] = []
    """The crew, each {role, name, bio, photo, filmography}."""
    companies: list[Company] = []
    """Production companies, sales agent and distributors in billing order, each {name, role,
    country, logo, website}."""
    funders: list[Funder] = []
    """Funds and programmes in the order their contracts require, each {name, credit, logo,
    logo_min_width_mm}."""
    coproduction: Text | None = None
    """The co-production line a treaty may dictate (An official co-production between …)."""
    sections: list[Section] = []
    """Extra chapters (production notes, interviews), in order."""
    stills: list[Still] = []
    """Production stills with caption, photo credit and a description (alt)."""
    screenings: list[Screening] = []
    """Festival screenings; the first is shown on the cover."""
    timezone: TimeZone | None = None
    """The festival's time zone (IANA name, such as Europe/Paris): screening times and
    `embargo.until` are read in it."""
    embargo: EmbargoRule | None = None
    """The review embargo: Markdown, or {text, until, after, minutes}; shown with the screenings,
    and in the press editions only."""
    screener: Screener | None = None
    """{url, note}: where accredited press watch the film; in the press editions only."""
    public: bool = False
    """Build the public editions (after the embargo lifts), as `presskit build --public` does."""
    awards: list[Award] = []
    """Awards won, each {award, festival, year, laurel}."""
    selections: list[Selection] = []
    """Festival selections, each {festival, section, year, premiere, laurel}."""
    quotes: list[Quote] = []
    """Press quotes."""
    links: list[Link] = []
    """Screener, downloads (https:// or http:// addresses), each {label, url, qr}."""
    contacts: list[Contact] = []
    """Press, sales and distribution contacts; also summarised on the cover."""
    site_url: WebUrl | None = None
    """Where the web edition will be published (https://…): makes the links shared on social media
    whole."""
    email_max_mb: Annotated[float, Field(gt=0, le=100)] = 5
    """Size budget of the e-mail PDF, in MB."""
    bleed_mm: Annotated[float, Field(ge=0, le=3.5)] = 3
    """Bleed of the print PDF, in millimetres."""
    print: PrintCondition | None = None
    """The print shop's profile and printing condition; without it, FOGRA39 (coated offset)."""
    preflight: Preflight = Preflight()
    """Limits that `presskit check` warns above."""
    look: Look = Look()
    """The look of the editions: {theme, accent, cover, fonts, title}."""

    @model_validator(mode="after")
    def _nameable(self) -> Kit:
        if not self.slug and not slugify(self.title):
            raise PydanticCustomError(
                "slug",
                "the title has no Latin letters or digits to name the files with: add a `slug:` "
                "such as `my-film`",
            )
        return self

    @field_validator("look")
    @classmethod
    def _key_art_for_look(cls, look: Look, info: ValidationInfo) -> Look:
        """What the look takes from the key art needs one (`key_art` is read before `look`)."""
        if info.data.get("key_art"):
            return look
        if look.cover == "key-art":
            raise PydanticCustomError(
                "look", "cover: key-art needs a `key_art:` picture; add one, or use dark or light"
            )
        if look.accent == "auto":
            why = (
                "accent: auto takes the colour from the key art; add a `key_art:` picture, or give "
                "a colour such as #c8553d"
            )
            raise PydanticCustomError("look", why)
        return look

    def public_edition(self) -> Kit:
        """The kit as the public may read it, after the premiere: no embargo, no screener, no
        contact marked `press_only`."""
        contacts = [contact for contact in self.contacts if not contact.press_only]
        return self.model_copy(update={"embargo": None, "screener": None, "contacts": contacts})

    @property
    def name(self) -> str:
        """What every output file is named after: `slug`, or the title made into one."""
        return self.slug or slugify(self.title)

    def pictures(self) -> list[Credited]:
        """Every picture the kit names, in reading order (key art, portraits, stills), each with
        its credit and copyright notice (its own, or the kit's `copyright`)."""
        key_art = (self.key_art, self.key_art_credit, self.key_art_copyright)
        found = [Credited(("key_art",), ("key_art", "credit"), *key_art)] if self.key_art else []
        found += [
            Credited(("artwork", i, "file"), ("artwork", i, "credit"), *_credits(art))
            for i, art in enumerate(self.artwork)
        ]
        people = [(("director",), self.director)] if self.director else []
        people += [(("cast", i), member) for i, member in enumerate(self.cast)]
        people += [(("crew", i), member) for i, member in enumerate(self.crew)]
        found += [
            Credited((*at, "photo"), (*at, "photo_credit"), person.photo, person.photo_credit, None)
            for at, person in people
            if person.photo
        ]
        found += [
            Credited(("stills", i, "file"), ("stills", i, "credit"), *_credits(still))
            for i, still in enumerate(self.stills)
        ]
        found = [p if p.copyright else replace(p, copyright=self.copyright) for p in found]
        return found + self.graphics()

    def graphics(self) -> list[Credited]:
        """The logos and laurel artwork that are not SVG (the image pipeline prepares those),
        which carry no photo credit."""
        named = [(("companies", i), "logo", c.logo) for i, c in enumerate(self.companies)]
        named += [(("funders", i), "logo", f.logo) for i, f in enumerate(self.funders)]
        named += [
            ((part, i), "laurel", item.laurel)
            for part in ("selections", "awards")
            for i, item in enumerate(getattr(self, part))
        ]
        named += [(("look",), "title", self.look.title)]
        return [
            Credited((*at, key), (*at, key), file, None, None, key)
            for at, key, file in named
            if file and not _is_svg(file)
        ]


def _credits(picture: KeyArt | Still) -> tuple[str, str | None, str | None]:
    return picture.file, picture.credit, picture.copyright


@dataclass(frozen=True)
class Credited:
    """A picture of the kit and what a picture desk reads from it besides its caption."""

    loc: tuple[str | int, ...]
    """Where the kit names the file: ("stills", 0, "file")."""
    credit_loc: tuple[str | int, ...]
    """Where its credit is, or would be, written: ("director", "photo_credit")."""
    file: str
    credit: str | None
    copyright: str | None
    kind: Literal["photo", "logo", "laurel", "title"] = "photo"
    """Logos, laurels and the title treatment are artwork, not photographs: no photo credit is
    asked of them."""


def texts(model: BaseModel, loc: tuple = ()) -> Iterator[tuple[tuple, FieldInfo, str]]:
    """Every text of `model` and of the parts inside it, depth first: its place (such as
    ("sections", 0, "title"), ("genres", 1) or ("specs", "colour")), its field's definition (for a
    text in a list or a mapping, the list's or mapping's field) and its value."""
    for name, field in type(model).model_fields.items():
        yield from _texts_in(getattr(model, name), (*loc, name), field)


def _texts_in(
    value: object, loc: tuple, field: FieldInfo
) -> Iterator[tuple[tuple, FieldInfo, str]]:
    if isinstance(value, str):
        yield loc, field, value
    elif isinstance(value, BaseModel):
        yield from texts(value, loc)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts_in(item, (*loc, i), field)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts_in(item, (*loc, key), field)


def translatable(model: BaseModel, prefix: tuple = ()) -> Iterator[tuple]:
    """The place of every text of `model` that a translation replaces, such as ("sections", 0,
    "title")."""
    for loc, field, _value in texts(model, prefix):
        if _marked(field.annotation) or any(isinstance(m, Translatable) for m in field.metadata):
            yield loc


def _marked(annotation: object) -> bool:
    if typing.get_origin(annotation) is Annotated:
        return any(isinstance(m, Translatable) for m in typing.get_args(annotation)[1:])
    return any(_marked(arg) for arg in typing.get_args(annotation))


def json_schema() -> dict:
    """The JSON Schema of presskit.yaml, made from the model the loader validates with."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Kit.model_json_schema(),
        "title": "presskit.yaml",
    }


UNFOLDED = str.maketrans({
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ð": "d", "Ð": "D",
    "đ": "d", "Đ": "D", "þ": "th", "Þ": "TH", "ł": "l", "Ł": "L", "ı": "i",
})
"""Latin letters that Unicode does not decompose into a letter and an accent: Søren -> Soren."""


def slugify(title: str) -> str:
    """'The Frozen Sea' -> 'the-frozen-sea': ASCII, accents folded, apostrophes dropped."""
    folded = unicodedata.normalize("NFKD", title.translate(UNFOLDED))
    folded = folded.encode("ascii", "ignore").decode("ascii")
    folded = re.sub(r"['\u2019]", "", folded.lower())
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
