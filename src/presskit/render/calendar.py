"""The screenings as an iCalendar file (`<slug>-screenings.ics`), for journalists' calendars.

Written with the icalendar library. Each screening with a time is an event at that time in its
zone (TZID, with the VTIMEZONE the zone's rules need, generated from zoneinfo), so a calendar
in another zone shows it at the right instant; one without a time is a day-long event. The
event lasts the film's running time (a DURATION, which is exact: no clock change stretches it).
Every value comes from the kit and the build's date, so the same kit gives the same bytes.
Each event links the web edition only at its absolute address (`site_url`): a calendar has no
folder to resolve a relative one against.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo
from collections.abc import Callable, Sequence
from typing import Protocol

from presskit import __version__
from presskit.kit.embargo import PUBLIC_KINDS
from presskit.kit.markdown import plain
from presskit.render.structured import page_url

Gettext = Callable[[str], str]


class Screening(Protocol):
    festival: str
    section: str | None
    date: dt.date | None
    time: dt.time | None
    venue: str | None
    note: str | None
    kind: str
    timezone: str | None


class Kit(Protocol):
    title: str
    lang: str
    runtime: int | None
    timezone: str | None
    site_url: str | None
    screenings: Sequence[Screening]

    @property
    def name(self) -> str: ...


def kind_labels(_: Gettext) -> dict[str, str]:
    """What each kind of screening is called in the kit's language."""
    return {
        "press": _("Press screening"), "public": _("Public screening"),
        "premiere": _("Premiere"), "industry": _("Industry screening"),
    }


def listed(kit: Kit, public: bool) -> list[Screening]:
    """The screenings a calendar can place (those with a date); the public edition's, only
    those anyone may attend."""
    return [s for s in kit.screenings if s.date and (not public or s.kind in PUBLIC_KINDS)]


def screenings_calendar(kit: Kit, stamp: dt.datetime, _: Gettext, public: bool = False) -> bytes:
    """The kit's screenings as iCalendar (RFC 5545) text; `stamp` is the build's date (DTSTAMP).
    Each event links the web page at `site_url`, if the kit has one. (icalendar is imported here,
    in the process that makes the calendar: the others never need it.)"""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", f"-//presskit//presskit {__version__}//{kit.lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = f"{kit.title}: {_('Screenings')}"
    calendar.add("name", name)  # RFC 7986
    calendar.add("x-wr-calname", name)  # what Apple and Google Calendar show
    labels, seen = kind_labels(_), set()
    page = kit.site_url and page_url(kit.site_url)
    screenings = listed(kit, public)
    for screening in screenings:
        event = Event()
        uid = _uid(kit.name, screening, seen)
        event.add("uid", uid)
        event.add("dtstamp", stamp.astimezone(dt.timezone.utc))
        event.add("summary", f"{kit.title}: {labels[screening.kind]}, {screening.festival}")
        event.add("dtstart", _start(screening, kit.timezone))
        if screening.time and kit.runtime:
            event.add("duration", dt.timedelta(minutes=kit.runtime))
        if where := ", ".join(filter(None, (screening.venue, screening.festival))):
            event.add("location", where)
        about = [screening.section, screening.note and plain(screening.note, kit.lang), page]
        if about := "\n".join(filter(None, about)):
            event.add("description", about)
        if page:
            event.add("url", page)
        calendar.add_component(event)
    days = [s.date for s in screenings]
    if days:
        year, days_after = dt.timedelta(days=366), dt.timedelta(days=2)
        calendar.add_missing_timezones(min(days) - year, max(days) + days_after)
    return calendar.to_ical()


def _start(screening: Screening, kit_zone: str | None) -> dt.date | dt.datetime:
    """A day, for a screening without a time; else its time in its zone, which zoneinfo reads
    as RFC 5545 does a time a clock change skips or repeats; floating without a zone (the
    preflight warns about it)."""
    if screening.time is None:
        return screening.date
    zone_name = screening.timezone or kit_zone
    zone = zoneinfo.ZoneInfo(zone_name) if zone_name else None
    return dt.datetime.combine(screening.date, screening.time, zone)


def _uid(slug: str, screening: Screening, seen: set[str]) -> str:
    """The same for the same screening in every build, so a calendar that imports the file
    again updates its events instead of doubling them; unique within the file."""
    s = screening
    what = [slug, s.festival, s.section, s.venue, s.date, s.kind]
    base = hashlib.sha256(repr(what).encode()).hexdigest()[:20]
    uid, count = f"{base}@{slug}.presskit", 1
    while uid in seen:
        count += 1
        uid = f"{base}-{count}@{slug}.presskit"
    seen.add(uid)
    return uid
