"""The press-kit definition as typed data: `Kit`, made of the parts in parts.py, whose values are
the kinds in fields.py. No I/O happens here.

`presskit.yaml` is validated against `Kit`. Two kinds of values point at files:
`Text` (inline Markdown, or a `.md` path whose content replaces it) and `ImagePath`.
The model does not read them itself: the loader passes a `KitFiles` object in
the validation context, so errors about files come out of the same validation
pass, with the same field paths, as every other error.
"""

from __future__ import annotations

import re
import typing
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Annotated, Literal

from pydantic import (
    AliasPath,
    BaseModel,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from presskit.kit.embargo import TimeZone
from presskit.kit.fields import Language, Line, Text, Translatable, Year, is_svg
from presskit.kit.parts import (
    Artwork,
    Award,
    CastMember,
    Company,
    Contact,
    CrewMember,
    Director,
    EmbargoRule,
    Funder,
    Identifiers,
    KeyArt,
    KeyArtFile,
    Link,
    Look,
    Part,
    Preflight,
    PrintCondition,
    Quote,
    Screener,
    Screening,
    Section,
    Selection,
    Still,
    Synopsis,
    Trailer,
)
from presskit.kit.values import Runtime, WebUrl


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
            if file and not is_svg(file)
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
