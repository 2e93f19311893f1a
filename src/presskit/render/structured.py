"""What search engines and social networks read from the web edition: schema.org `Movie` data
(JSON-LD) and Open Graph fields, and the links between a page's languages.

Everything here is plain data made from the kit's fields (any object with them will do), for
the page's template to write; `script_json` makes JSON-LD safe inside a `<script>` element.
Addresses are joined onto `site_url` as a folder, whether or not it ends with a slash.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Protocol
from urllib.parse import urljoin, urlsplit

from babel import Locale, UnknownLocaleError

from presskit.kit.embargo import PUBLIC_KINDS
from presskit.kit.markdown import plain

Gettext = Callable[[str], str]
PRODUCING = ("production", "co-production")
"""The companies schema.org's productionCompany means; presenters, sales agents and
distributors are not."""
VIDEO_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm",
               ".mov": "video/quicktime", ".ogv": "video/ogg"}
"""A trailer address ending so is the video itself, which a social network can play in place
(og:video, contentUrl); any other is a page that plays it (YouTube, Vimeo)."""


class Named(Protocol):
    name: str


class Kit(Protocol):
    """The fields of the kit (model.Kit) this module reads."""

    title: str
    original_title: str | None
    logline: str
    lang: str
    runtime: int | None
    countries: Sequence[str]
    languages: Sequence[str]
    genres: Sequence[str]
    director: Named | None
    cast: Sequence[Named]
    companies: Sequence[object]
    identifiers: object | None
    awards: Sequence[object]
    trailer: object | None
    screenings: Sequence[object]
    site_url: str | None


def page_url(site_url: str) -> str:
    """The page's own address: `site_url` as a folder (`https://example.org/anora/`)."""
    return site_url if site_url.endswith("/") else f"{site_url}/"


def address(site_url: str | None, href: str) -> str:
    """A file of the web edition by its address under `site_url`, or as it is (relative to the
    page) without one: `images/key-art.jpg` -> `https://example.org/anora/images/key-art.jpg`."""
    return urljoin(page_url(site_url), href) if site_url else href


def video_type(url: str) -> str | None:
    """The media type of a direct link to a video file, or None for a page."""
    path = urlsplit(url).path.lower()
    return next((kind for suffix, kind in VIDEO_TYPES.items() if path.endswith(suffix)), None)


def iso_duration(minutes: int = 0, seconds: int = 0) -> str:
    """ISO 8601: 139 minutes -> `PT2H19M`, 2:14 -> `PT2M14S`."""
    hours, minutes = divmod(minutes, 60)
    parts = [(hours, "H"), (minutes, "M"), (seconds, "S")]
    return "PT" + ("".join(f"{n}{unit}" for n, unit in parts if n) or "0S")


def clip_length(written: str | None) -> str | None:
    """A trailer's `duration` (`2:14`, `1:02:10`) as ISO 8601; None if it is not so written."""
    if not written or not re.fullmatch(r"\d{1,2}(:[0-5]\d){1,2}", written.strip()):
        return None
    numbers = [int(n) for n in written.strip().split(":")]
    hours, minutes, seconds = [0] * (3 - len(numbers)) + numbers
    return iso_duration(hours * 60 + minutes, seconds)


def movie(kit: Kit, key_art: str | None, public: bool, _: Gettext) -> dict:
    """The film as a schema.org `Movie`, with only the properties the kit gives. `key_art` is
    the web edition's picture of it (its href); the page's own address only in the public
    edition, as for Open Graph."""
    page = page_url(kit.site_url) if public and kit.site_url else None
    image = address(kit.site_url, key_art) if key_art else None
    identifiers = kit.identifiers
    imdb = identifiers and identifiers.imdb
    data = {
        "@context": "https://schema.org",
        "@type": "Movie",
        "name": kit.title,
        "alternateName": kit.original_title,
        "description": plain(kit.logline, kit.lang),
        "url": page,
        "image": image,
        "director": kit.director and _person(kit.director.name),
        "actor": [_person(member.name) for member in kit.cast],
        "productionCompany": [_organization(c) for c in kit.companies if c.role in PRODUCING],
        "countryOfOrigin": [{"@type": "Country", "name": country} for country in kit.countries],
        "inLanguage": [{"@type": "Language", "name": language} for language in kit.languages],
        "genre": list(kit.genres),
        "duration": kit.runtime and iso_duration(kit.runtime),
        "datePublished": released(kit.screenings),
        "sameAs": imdb and f"https://www.imdb.com/title/{imdb}/",
        "titleEIDR": identifiers and identifiers.eidr,
        "award": [_award(award) for award in kit.awards],
        "trailer": kit.trailer and _trailer(kit, image, _),
    }
    return {key: value for key, value in data.items() if value}


def released(screenings: Sequence[object]) -> str | None:
    """The day the film was first shown to the public (its premiere), ISO 8601."""
    days = [s.date for s in screenings if s.date and s.kind in PUBLIC_KINDS]
    return min(days).isoformat() if days else None


def _person(name: str) -> dict:
    return {"@type": "Person", "name": name}


def _organization(company: object) -> dict:
    found = {"@type": "Organization", "name": company.name, "url": company.website}
    return {key: value for key, value in found.items() if value}


def _award(award: object) -> str:
    """`Palme d’Or, Cannes Film Festival 2024`: schema.org's `award` is text."""
    where = " ".join(str(part) for part in (award.festival, award.year) if part)
    return f"{award.award}, {where}" if where else award.award


def _trailer(kit: Kit, thumbnail: str | None, _: Gettext) -> dict:
    trailer = kit.trailer
    direct = video_type(trailer.url)
    found = {
        "@type": "VideoObject",
        "name": f"{kit.title}: {_('Trailer')}",
        "url": trailer.url,
        "contentUrl": trailer.url if direct else None,
        "encodingFormat": direct,
        "duration": clip_length(trailer.duration),
        "thumbnailUrl": thumbnail,
    }
    return {key: value for key, value in found.items() if value}


def script_json(data: dict) -> str:
    """JSON for a `<script type="application/ld+json">` element: `<`, `>` and `&` as JSON
    escapes, so no text from the kit (`</script>`, `<!--`) can end the element or open markup
    (as Django's json_script does)."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def open_graph(kit: Kit, key_art: dict | None, public: bool, _: Gettext) -> list[tuple[str, str]]:
    """Open Graph fields (property, content) for a shared link. The page's address (og:url)
    only in the public edition: the press edition is not to be shared. `key_art` is the
    page's picture of the poster: {href, width, height}."""
    fields = [
        ("og:type", "video.movie"),
        ("og:title", kit.title),
        ("og:description", plain(kit.logline, kit.lang)),
    ]
    if public and kit.site_url:
        fields.append(("og:url", page_url(kit.site_url)))
    if key_art:
        fields += [
            ("og:image", address(kit.site_url, key_art["href"])),
            ("og:image:width", str(key_art["width"])),
            ("og:image:height", str(key_art["height"])),
            ("og:image:alt", _("Key art for %(title)s") % {"title": kit.title}),
        ]
    if kit.trailer and (kind := video_type(kit.trailer.url)):
        fields += [("og:video", kit.trailer.url), ("og:video:type", kind)]
    return fields


def language_name(lang: str) -> str:
    """A language as its own speakers write it, for a language switcher: `Français`."""
    try:
        name = Locale.parse(lang.replace("-", "_")).get_display_name() or lang
    except (ValueError, UnknownLocaleError):
        return lang
    return name[:1].upper() + name[1:]


def language_links(current: str, pages: dict[str, str]) -> list[dict]:
    """Every language's page, for `hreflang` links and a visible switcher: {lang, name, href,
    current}. `pages` holds each language's address, in the kit's order."""
    return [
        {"lang": lang, "name": language_name(lang), "href": href, "current": lang == current}
        for lang, href in pages.items()
    ]

