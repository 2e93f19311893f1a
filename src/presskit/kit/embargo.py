"""When a review embargo lifts, as one instant, and how the kit says it.

Festivals set embargoes by the clock of the screening that lifts them (Berlinale: its start
plus 30 minutes; TIFF: the first screening, press or public), so an embargo is either a date
and time in the festival's time zone (`until:`) or the start of a kind of screening plus some
minutes (`after:`, `minutes:`). Times are read in IANA zones with zoneinfo and minutes are added
to the instant, not to the wall clock, so an embargo that straddles a change to or from summer
time lands where the festival means it. The kit states the result in its own zone and in UTC,
in its language's words (CLDR, through Babel).

Nothing here imports the model: these functions take its fields (or any object with the same
attributes), and the model takes its value types from here.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Literal, Protocol

from babel.dates import (
    format_date,
    format_datetime,
    format_time,
    get_datetime_format,
    get_timezone_name,
)
from pydantic import AfterValidator, BeforeValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from presskit.errors import nearest
from presskit.kit.i18n import locale
from presskit.kit.values import written_date

UTC = dt.timezone.utc
SCREENING_KINDS = ("press", "public", "premiere", "industry")
"""What a screening is; `public` when the kit does not say."""
PUBLIC_KINDS = ("public", "premiere")
"""The screenings anyone may attend: the public edition's calendar holds only these."""
LIFTED_BY = {
    "first press": ("press",),
    "first public": PUBLIC_KINDS,
    "premiere": ("premiere",),
    "first": ("press", *PUBLIC_KINDS),
}
"""Which screenings `after:` may mean; the first of them (by the instant it starts) lifts the
embargo. A premiere is a public screening; industry screenings lift no embargo."""
After = Literal["first press", "first public", "premiere", "first"]
MOST_MINUTES = 7 * 24 * 60
"""`minutes:` up to a week: "48 hours after the premiere" is 2880."""


@cache
def zone_names() -> frozenset[str]:
    """Every IANA time zone this system (or the tzdata package) knows."""
    return frozenset(zoneinfo.available_timezones())


def time_zone(value: str) -> str:
    """An IANA zone name such as Europe/Paris; a near miss gets the name it is nearest to.
    Only names from the zone list are accepted, so a value is never read as a file path."""
    if value in zone_names():
        return value
    if re.fullmatch(r"[A-Z]{2,5}", value):  # CEST, PST: one abbreviation names several places
        why = ("write the time zone as its place name, such as Europe/Paris, not as an"
               " abbreviation, got '{value}'")
        raise PydanticCustomError("timezone", why, {"value": value})
    places = {name.casefold(): name for name in zone_names() if "/" in name}
    if near := nearest(value.casefold(), places, cutoff=0.75):
        why = "not a time zone, got '{value}'; did you mean `{near}`?"
        raise PydanticCustomError("timezone", why, {"value": value, "near": places[near]})
    why = "not a time zone such as Europe/Paris or America/Toronto (IANA names), got '{value}'"
    raise PydanticCustomError("timezone", why, {"value": value})


MOMENT = re.compile(r"(?P<day>.+?)[ T](?P<clock>\d{1,2}:\d{2})(?::(?P<seconds>\d{2}))?"
                    r"\s*(?P<offset>Z|[+-]\d{2}:?\d{2})?")


def written_moment(value: object, info: ValidationInfo) -> object:
    """`2024-05-21 22:30` (in the kit's zone), `21 May 2024 22:30`, or with its UTC offset
    (`2024-10-27 02:30+02:00`) for a time that a clock change makes happen twice."""
    if not isinstance(value, str):
        return value
    text = " ".join(value.split())
    found = MOMENT.fullmatch(text)
    if not found:
        why = "write a date and a time, such as 2024-05-21 22:30, got '{value}'"
        raise PydanticCustomError("moment", why, {"value": text})
    day = written_date(found["day"], info)
    try:
        clock = dt.time.fromisoformat(f"{int(found['clock'][:-3]):02d}{found['clock'][-3:]}")
    except ValueError:
        why = "write the time as hours:minutes, such as 22:30, got '{value}'"
        raise PydanticCustomError("moment", why, {"value": found["clock"]}) from None
    offset = found["offset"]
    zone = dt.datetime.fromisoformat(f"2000-01-01T00:00{offset}").tzinfo if offset else None
    return dt.datetime.combine(day, clock, zone)


TimeZone = Annotated[str, AfterValidator(time_zone)]
"""An IANA time zone name: Europe/Paris, America/Toronto, UTC."""
Moment = Annotated[dt.datetime, BeforeValidator(written_moment, json_schema_input_type=str)]
"""A date and a time, read in the kit's time zone unless it carries its UTC offset."""


class Screening(Protocol):
    date: dt.date | None
    time: dt.time | None
    kind: str
    timezone: str | None


class Rule(Protocol):
    until: dt.datetime | None
    after: str | None
    minutes: int


Place = tuple[str | int, ...]
"""Where in the kit a problem is: ("screenings", 2, "time")."""


class Uncomputable(Exception):
    """The embargo cannot be told as an instant; `problems` says what is missing, and where."""

    def __init__(self, problems: list[tuple[Place, str]]):
        self.problems = problems
        super().__init__("; ".join(message for _, message in problems))


@dataclass(frozen=True)
class Lift:
    """The instant an embargo lifts, in the zone the kit shows it in."""

    moment: dt.datetime
    """Aware, in the kit's zone (or the lifting screening's, when the kit names none)."""
    source: Place
    """What it was computed from: ("embargo", "until") or ("screenings", 0)."""

    def line(self, lang: str) -> str:
        """`21 May 2024, 22:30 CEST (20:30 UTC)`, in `lang`'s words."""
        return said(self.moment, lang)


def lift(
    rule: Rule | str | None, screenings: Sequence[Screening], kit_zone: str | None
) -> Lift | None:
    """When the embargo lifts; None for an embargo told in words only (`embargo:` as text, or
    `{text}` alone). Raises Uncomputable when a time or a zone it needs is missing."""
    if rule is None or isinstance(rule, str):
        return None
    if rule.until is not None:
        return _until(rule.until, kit_zone)
    if rule.after is None:
        return None
    return _after(rule.after, rule.minutes, screenings, kit_zone)


def _until(until: dt.datetime, kit_zone: str | None) -> Lift:
    source: Place = ("embargo", "until")
    if until.tzinfo is not None:
        shown = zoneinfo.ZoneInfo(kit_zone) if kit_zone else until.tzinfo
        return Lift(until.astimezone(shown), source)
    if kit_zone is None:
        raise Uncomputable([(source, f"{until:%Y-%m-%d %H:%M} in which time zone? {ZONE_FIX}")])
    zone = zoneinfo.ZoneInfo(kit_zone)
    instant = local_instant(until.date(), until.time(), zone)
    if isinstance(instant, str):
        fix = f"write it with its UTC offset, such as {until:%Y-%m-%d %H:%M}{_offsets(until, zone)}"
        raise Uncomputable([(source, f"{instant}; {fix}")])
    return Lift(instant, source)


ZONE_FIX = "add the festival's `timezone:` to the kit, such as Europe/Paris"


def _after(after: str, minutes: int, screenings: Sequence[Screening], kit_zone: str | None) -> Lift:
    kinds = LIFTED_BY[after]
    chosen = [(i, s) for i, s in enumerate(screenings) if s.kind in kinds]
    if not chosen:
        names = " or ".join(f"`kind: {kind}`" for kind in kinds)
        why = f"after: {after}: no screening is marked {names}: mark the one that lifts the embargo"
        raise Uncomputable([(("embargo", "after"), why)])
    starts, problems = [], []
    for i, screening in chosen:
        start = screening_start(screening, kit_zone)
        if isinstance(start, dt.datetime):
            starts.append((start, i))
        else:
            field, fix = start
            why = f"the embargo is lifted by the {after} screening: {fix}"
            problems.append((("screenings", i, field), why))
    if problems:
        raise Uncomputable(problems)
    start, i = min(starts, key=lambda found: found[0].astimezone(UTC))
    shown = zoneinfo.ZoneInfo(kit_zone) if kit_zone else start.tzinfo
    lifted = start.astimezone(UTC) + dt.timedelta(minutes=minutes)
    return Lift(lifted.astimezone(shown), ("screenings", i))


def screening_start(screening: Screening, kit_zone: str | None) -> dt.datetime | tuple[str, str]:
    """When a screening starts, aware in its zone; or what is missing: (its field, the fix)."""
    if screening.date is None:
        return "date", "give its date, such as 2024-05-21"
    if screening.time is None:
        return "time", "give its start time, such as 19:00"
    name = screening.timezone or kit_zone
    if name is None:
        return "time", f"in which time zone? {ZONE_FIX}, or the screening its own"
    instant = local_instant(screening.date, screening.time, zoneinfo.ZoneInfo(name))
    if isinstance(instant, str):
        return "time", f"{instant}; give the screening `timezone: UTC` and its time in UTC"
    return instant


def local_instant(day: dt.date, clock: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime | str:
    """The instant a wall-clock time names in `zone`; or why it names none (the hour skipped
    when clocks go forward) or two (the hour repeated when they go back)."""
    earlier = dt.datetime.combine(day, clock, zone)
    later = earlier.replace(fold=1)
    if earlier.utcoffset() == later.utcoffset():
        return earlier
    wall = f"{day:%Y-%m-%d} {clock:%H:%M}"
    round_trip = earlier.astimezone(UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != earlier.replace(tzinfo=None):
        return f"{wall} does not exist in {zone.key}: the clocks go forward that night"
    return f"{wall} happens twice in {zone.key}: the clocks go back that night"


def _offsets(naive: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """`+02:00 (the first time) or +01:00 (the second)` for a wall time that happens twice."""
    first, second = (naive.replace(tzinfo=zone, fold=fold).isoformat()[-6:] for fold in (0, 1))
    return f"{first} (the first time) or {second} (the second)"


def said(moment: dt.datetime, lang: str) -> str:
    """`21 May 2024, 22:30 CEST (20:30 UTC)`; the UTC part names its day too when that differs
    (`21 May 2024, 01:00 CEST (20 May 2024, 23:00 UTC)`). The zone is the language's short name
    for it where it has one (CEST, MESZ), else its offset (UTC+02:00)."""
    where = locale(lang)
    combined = get_datetime_format("medium", locale=where)
    here = combined.format(_clock(moment, where), format_date(moment, "long", locale=where))
    universal = moment.astimezone(UTC)
    clock = _clock(universal, where)
    if universal.date() != moment.date():
        clock = combined.format(clock, format_date(universal, "long", locale=where))
    return f"{here} ({clock})"


def _clock(moment: dt.datetime, where: object) -> str:
    """`22:30 CEST`: the time in the language's short form, and the zone's short name."""
    name = get_timezone_name(moment, "short", locale=where)
    if re.match(r"[+-]\d", name):  # the language has no name for it: a localised offset
        name = format_datetime(moment, "OOOO", tzinfo=moment.tzinfo, locale=where)
    return f"{format_time(moment, 'short', tzinfo=moment.tzinfo, locale=where)} {name}"
