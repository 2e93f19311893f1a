"""The chapters of a press kit, in the order a festival press office expects.

One list serves every edition: the PDF's pages, table of contents and
bookmarks, and the EPUB's documents, navigation and NCX all come from it, so
they cannot disagree. A part the kit leaves empty is not in the list, so no
empty heading appears anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from presskit.kit.model import Kit, slugify
from presskit.kit.parts import Section


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    template: str
    section: Section | None = None

    @property
    def kind(self) -> str:
        """`section` for chapters/section.html: the CSS class every chapter of a kind shares."""
        return self.template.rsplit("/", 1)[-1].split(".")[0]


def chapters(kit: Kit, _: Callable[[str], str]) -> list[Chapter]:
    """Every chapter with something in it, in reading order (the cover excepted);
    `_` translates presskit's own titles into the kit's language."""
    extra = [
        Chapter(
            f"section-{i + 1}-{slugify(s.title) or 'notes'}",
            s.title,
            "chapters/section.html",
            section=s,
        )
        for i, s in enumerate(kit.sections)
    ]
    candidates = [
        (True, Chapter("synopsis", _("Synopsis"), "chapters/synopsis.html")),
        (kit.director, Chapter("director", _("Director"), "chapters/director.html")),
        (kit.cast, Chapter("cast", _("Cast"), "chapters/cast.html")),
        (kit.crew, Chapter("crew", _("Crew"), "chapters/crew.html")),
        *((True, chapter) for chapter in extra),
        (kit.stills, Chapter("stills", _("Stills"), "chapters/stills.html")),
        (
            has_specs(kit),
            Chapter("specs", _("Technical specifications"), "chapters/specs.html"),
        ),
        (has_credits(kit), Chapter("credits", _("Credits"), "chapters/credits.html")),
        (
            kit.screenings or kit.embargo or kit.screener,
            Chapter("screenings", _("Screenings"), "chapters/screenings.html"),
        ),
        (
            kit.awards or kit.selections,
            Chapter(
                "awards",
                _("Festivals and awards") if kit.selections else _("Awards"),
                "chapters/awards.html",
            ),
        ),
        (kit.quotes, Chapter("quotes", _("Press quotes"), "chapters/quotes.html")),
        (kit.links or kit.trailer, Chapter("links", _("Links"), "chapters/links.html")),
        (kit.contacts, Chapter("contacts", _("Contacts"), "chapters/contacts.html")),
    ]
    return [chapter for present, chapter in candidates if present]


def has_specs(kit: Kit) -> bool:
    return bool(
        kit.year
        or kit.runtime
        or kit.countries
        or kit.languages
        or kit.genres
        or kit.specs
        or kit.identifiers
    )


def has_credits(kit: Kit) -> bool:
    """The credits chapter: the whole cast and crew, the companies, every funder's credit."""
    return bool(kit.cast or kit.crew or kit.companies or kit.funders or kit.coproduction)
