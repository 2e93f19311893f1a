"""The screenings calendar, read back with vobject (an iCalendar parser that did not write it):
every screening at the right instant, in the zone rules the file itself carries, and only
absolute addresses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from conftest import KITS, copied
from presskit.build import build
from presskit.render.calendar import screenings_calendar

UTC = dt.timezone.utc
BUILT = dt.datetime(2024, 5, 1, tzinfo=UTC)


@dataclass
class Screening:
    festival: str
    date: dt.date | None
    time: dt.time | None = None
    kind: str = "public"
    timezone: str | None = None
    section: str | None = None
    venue: str | None = None
    note: str | None = None


@dataclass
class Kit:
    screenings: list[Screening]
    title: str = "Anora"
    lang: str = "en"
    runtime: int | None = 139
    timezone: str | None = "Europe/Paris"
    name: str = "anora"
    site_url: str | None = None


SCREENINGS = [
    Screening(
        "Cannes Film Festival",
        dt.date(2024, 5, 21),
        dt.time(22, 0),
        "premiere",
        section="Competition",
        venue="Grand Théâtre Lumière",
        note="World *premiere*",
    ),
    Screening(
        "Cannes Film Festival", dt.date(2024, 5, 21), dt.time(8, 30), "press", venue="Salle Debussy"
    ),
    Screening(
        "Toronto International Film Festival",
        dt.date(2024, 9, 8),
        dt.time(18, 0),
        "public",
        "America/Toronto",
    ),
    Screening("Berlinale", dt.date(2025, 2, 16), dt.time(9, 0), "industry", "Europe/Berlin"),
    Screening("Cannes Film Festival", dt.date(2024, 5, 23), None, "public"),
    Screening("A festival without a date yet", None),
]


def events(data: bytes, rename: bool = True) -> list:
    """The calendar's events as vobject reads them. Each zone's TZID is renamed first, so that
    times can only be read through the VTIMEZONE rules in the file, not a zone known by name."""
    text = data.decode("utf-8")
    if rename:
        for zone in ("Europe/Paris", "Europe/Berlin", "America/Toronto"):
            text = text.replace(zone, f"Festival zone {zone.split('/')[1]}")
    return vobject.readOne(text).vevent_list


def test_every_screening_is_at_its_instant():
    found = events(screenings_calendar(Kit(SCREENINGS), BUILT, str))
    starts = [event.dtstart.value for event in found]
    assert [start.astimezone(UTC) for start in starts[:4]] == [
        dt.datetime(2024, 5, 21, 20, 0, tzinfo=UTC),
        dt.datetime(2024, 5, 21, 6, 30, tzinfo=UTC),
        dt.datetime(2024, 9, 8, 22, 0, tzinfo=UTC),
        dt.datetime(2025, 2, 16, 8, 0, tzinfo=UTC),
    ]
    assert starts[4] == dt.date(2024, 5, 23)  # no time: the day
    assert len(found) == 5  # no date: not in a calendar


def test_times_survive_a_change_of_zone():
    """A journalist in New York or Tokyo sees the Cannes premiere at their own hour."""
    premiere = events(screenings_calendar(Kit(SCREENINGS), BUILT, str))[0].dtstart.value
    assert premiere.astimezone(ZoneInfo("America/New_York")) == dt.datetime(
        2024, 5, 21, 16, 0, tzinfo=ZoneInfo("America/New_York")
    )
    assert (
        premiere.astimezone(ZoneInfo("Asia/Tokyo")).strftime("%Y-%m-%d %H:%M") == "2024-05-22 05:00"
    )


def test_the_files_zone_rules_hold_on_both_sides_of_a_clock_change():
    """Berlin, the night the clocks go back: 10:00 on Saturday is CEST, on Sunday CET."""
    weekend = [
        Screening("Festival", dt.date(2024, 10, 26), dt.time(10, 0), timezone="Europe/Berlin"),
        Screening("Festival", dt.date(2024, 10, 27), dt.time(10, 0), timezone="Europe/Berlin"),
    ]
    found = events(screenings_calendar(Kit(weekend), BUILT, str))
    assert [event.dtstart.value.astimezone(UTC).hour for event in found] == [8, 9]


def test_each_zone_is_described_once_and_events_name_it():
    data = screenings_calendar(Kit(SCREENINGS), BUILT, str).decode("utf-8")
    calendar = vobject.readOne(data)
    assert sorted(zone.tzid.value for zone in calendar.vtimezone_list) == [
        "America/Toronto",
        "Europe/Berlin",
        "Europe/Paris",
    ]
    assert "DTSTART;TZID=Europe/Paris:20240521T220000\r\n" in data


def test_what_each_event_says():
    kit = Kit(SCREENINGS, site_url="https://example.org/anora")
    premiere = events(screenings_calendar(kit, BUILT, str))[0]
    assert premiere.summary.value == "Anora: Premiere, Cannes Film Festival"
    assert premiere.location.value == "Grand Théâtre Lumière, Cannes Film Festival"
    assert premiere.description.value == "Competition\nWorld premiere\nhttps://example.org/anora/"
    assert premiere.url.value == "https://example.org/anora/"
    assert premiere.duration.value == dt.timedelta(minutes=139)
    assert premiere.dtstamp.value == BUILT


def test_labels_are_in_the_kits_language():
    french = {"Press screening": "Projection de presse", "Screenings": "Projections"}
    found = events(
        screenings_calendar(Kit(SCREENINGS, lang="fr"), BUILT, lambda text: french.get(text, text))
    )
    assert found[1].summary.value == "Anora: Projection de presse, Cannes Film Festival"


def test_the_calendar_is_named_and_published():
    calendar = vobject.readOne(screenings_calendar(Kit(SCREENINGS), BUILT, str).decode("utf-8"))
    assert calendar.contents["x-wr-calname"][0].value == "Anora: Screenings"
    assert calendar.method.value == "PUBLISH"
    assert calendar.prodid.value.startswith("-//presskit//presskit ")


def test_the_public_edition_holds_only_screenings_anyone_may_attend():
    found = events(screenings_calendar(Kit(SCREENINGS), BUILT, str, public=True))
    assert [event.summary.value for event in found] == [
        "Anora: Premiere, Cannes Film Festival",
        "Anora: Public screening, Toronto International Film Festival",
        "Anora: Public screening, Cannes Film Festival",
    ]


def test_the_same_kit_gives_the_same_bytes_and_distinct_uids():
    twice = [Screening("Festival", dt.date(2024, 5, 21), dt.time(10, 0))] * 2
    first, again = (screenings_calendar(Kit(twice), BUILT, str) for _ in range(2))
    assert first == again
    uids = [event.uid.value for event in events(first)]
    assert len(set(uids)) == 2


def test_without_running_time_a_timed_event_has_no_length():
    found = events(screenings_calendar(Kit(SCREENINGS[:1], runtime=None), BUILT, str))
    assert "duration" not in found[0].contents and "dtend" not in found[0].contents


def links(data: bytes) -> list[tuple[str | None, list[str]]]:
    """Each event's URL and the addresses in its description, as icalendar and vobject read them
    (both must agree)."""
    read = [
        (event.get("url"), str(event.get("description", "")))
        for event in icalendar.Calendar.from_ical(data).walk("VEVENT")
    ]
    read_again = [
        (event.url.value if "url" in event.contents else None,
         event.description.value if "description" in event.contents else "")
        for event in events(data, rename=False)
    ]
    assert [(url and str(url), text) for url, text in read] == read_again
    return [(url, [word for word in text.split() if "/" in word]) for url, text in read_again]


@pytest.mark.parametrize("site_url", [None, "https://press.example.org/frozen-sea"])
def test_the_calendar_holds_only_absolute_addresses(tmp_path, site_url):
    """A calendar has no folder to resolve a relative address against: without `site_url` the
    events of every language link no page, with one they link it, absolute."""
    project = copied(KITS / "multilingual", tmp_path)
    if site_url:
        kit = project / "kit" / "presskit.yaml"
        kit.write_text(f"{kit.read_text()}site_url: {site_url}\n", encoding="utf-8")
    calendars = build(project, out=tmp_path / "dist", formats=["ics"]).outputs
    assert len(calendars) == 3  # en, fr, de
    for calendar in calendars:
        page = site_url and f"{site_url}/"
        assert links(calendar.path.read_bytes()) == [(page, [page] if page else [])]
