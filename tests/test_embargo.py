"""The embargo as an instant: `until:` and every `after:` kind, in the kit's zone and in UTC,
across the nights the clocks change, and the problems when it cannot be computed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from pydantic import TypeAdapter, ValidationError

from presskit.kit.embargo import Moment, TimeZone, Uncomputable, lift, local_instant, said

UTC = dt.timezone.utc


@dataclass
class Screening:
    """The fields of a screening the embargo reads (model.Screening has them too)."""

    date: dt.date | None
    time: dt.time | None
    kind: str = "public"
    timezone: str | None = None


@dataclass
class Rule:
    until: dt.datetime | None = None
    after: str | None = None
    minutes: int = 0


CANNES = [
    Screening(dt.date(2024, 5, 21), dt.time(8, 30), "press"),
    Screening(dt.date(2024, 5, 21), dt.time(11, 0), "industry"),
    Screening(dt.date(2024, 5, 21), dt.time(22, 0), "premiere"),
    Screening(dt.date(2024, 5, 22), dt.time(14, 0), "public"),
]


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(("after", "instant", "line"), [
    ("first press", utc(2024, 5, 21, 7, 0), "21 May 2024, 09:00 CEST (07:00 UTC)"),
    ("first public", utc(2024, 5, 21, 20, 30), "21 May 2024, 22:30 CEST (20:30 UTC)"),
    ("premiere", utc(2024, 5, 21, 20, 30), "21 May 2024, 22:30 CEST (20:30 UTC)"),
    ("first", utc(2024, 5, 21, 7, 0), "21 May 2024, 09:00 CEST (07:00 UTC)"),
])
def test_each_after_kind_is_its_screening_plus_minutes(after, instant, line):
    found = lift(Rule(after=after, minutes=30), CANNES, "Europe/Paris")
    assert found.moment == instant
    assert found.moment.tzinfo.key == "Europe/Paris"
    assert found.line("en") == line


def test_first_public_counts_a_public_screening_before_the_premiere():
    screenings = [*CANNES, Screening(dt.date(2024, 5, 20), dt.time(19, 0), "public")]
    found = lift(Rule(after="first public"), screenings, "Europe/Paris")
    assert (found.moment.astimezone(UTC), found.source) == (
        utc(2024, 5, 20, 17, 0),
        ("screenings", 4),
    )


def test_the_first_screening_is_the_first_instant_whatever_its_zone():
    """09:00 in Toronto (13:00 UTC) comes before 18:00 in Paris (16:00 UTC), though 09:00 in
    Paris would not: TIFF's rule, the first screening, public or press."""
    screenings = [
        Screening(dt.date(2024, 9, 8), dt.time(18, 0), "public"),
        Screening(dt.date(2024, 9, 8), dt.time(9, 0), "press", "America/Toronto"),
    ]
    found = lift(Rule(after="first"), screenings, "Europe/Paris")
    assert found.source == ("screenings", 1)
    assert found.line("en") == "8 September 2024, 15:00 CEST (13:00 UTC)"


def test_until_is_read_in_the_kits_zone():
    found = lift(Rule(until=dt.datetime(2024, 5, 21, 22, 30)), CANNES, "Europe/Paris")
    assert found.moment.astimezone(UTC) == utc(2024, 5, 21, 20, 30)
    assert found.source == ("embargo", "until")
    assert found.line("en") == "21 May 2024, 22:30 CEST (20:30 UTC)"


def test_until_with_its_offset_is_that_instant_shown_in_the_kits_zone():
    until = dt.datetime(2024, 10, 27, 2, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    found = lift(Rule(until=until), [], "Europe/Berlin")
    assert found.moment.astimezone(UTC) == utc(2024, 10, 27, 1, 30)
    assert found.line("en") == "27 October 2024, 02:30 CET (01:30 UTC)"


def test_minutes_are_added_to_the_instant_when_clocks_go_forward():
    """Berlin, last Sunday of March: 01:30 CET plus an hour is 03:30 CEST (01:30 UTC); on the
    wall clock it would be 02:30, an hour that does not exist that night."""
    night = [Screening(dt.date(2024, 3, 31), dt.time(1, 30), "premiere")]
    found = lift(Rule(after="premiere", minutes=60), night, "Europe/Berlin")
    assert found.moment.astimezone(UTC) == utc(2024, 3, 31, 1, 30)
    assert found.line("en") == "31 March 2024, 03:30 CEST (01:30 UTC)"


def test_minutes_are_added_to_the_instant_when_clocks_go_back():
    """Berlin, last Sunday of October: 01:45 CEST plus 90 minutes is 02:15 CET, the second
    02:15 of the night (01:15 UTC); on the wall clock it would be 03:15."""
    night = [Screening(dt.date(2024, 10, 27), dt.time(1, 45), "press")]
    found = lift(Rule(after="first press", minutes=90), night, "Europe/Berlin")
    assert found.moment.astimezone(UTC) == utc(2024, 10, 27, 1, 15)
    assert found.line("en") == "27 October 2024, 02:15 CET (01:15 UTC)"
    assert found.line("de") == "27. Oktober 2024, 02:15 MEZ (01:15 UTC)"


def test_winter_and_summer_screenings_keep_their_own_offsets():
    """Berlinale's February press screening is in CET; a screening in Berlin in June in CEST."""
    berlinale = [Screening(dt.date(2024, 2, 16), dt.time(9, 0), "press")]
    summer = [Screening(dt.date(2024, 6, 16), dt.time(9, 0), "press")]
    winter_lift = lift(Rule(after="first press", minutes=30), berlinale, "Europe/Berlin")
    summer_lift = lift(Rule(after="first press", minutes=30), summer, "Europe/Berlin")
    assert winter_lift.moment.astimezone(UTC) == utc(2024, 2, 16, 8, 30)
    assert summer_lift.moment.astimezone(UTC) == utc(2024, 6, 16, 7, 30)


def test_the_line_names_the_utc_day_when_it_differs():
    found = lift(Rule(until=dt.datetime(2024, 5, 21, 1, 0)), [], "Europe/Paris")
    assert found.line("en") == "21 May 2024, 01:00 CEST (20 May 2024, 23:00 UTC)"


@pytest.mark.parametrize(("lang", "line"), [
    ("fr", "21 mai 2024, 22:30 UTC+02:00 (20:30 TU)"),
    ("de", "21. Mai 2024, 22:30 MESZ (20:30 UTC)"),
    ("es", "21 de mayo de 2024, 22:30 CEST (20:30 UTC)"),
    ("it", "21 maggio 2024, 22:30 CEST (20:30 UTC)"),
])
def test_the_line_is_in_the_kits_language(lang, line):
    """CLDR's words: a language without a short name for the zone gives its offset."""
    moment = dt.datetime(2024, 5, 21, 20, 30, tzinfo=UTC).astimezone(dt.timezone.utc)
    from zoneinfo import ZoneInfo

    assert said(moment.astimezone(ZoneInfo("Europe/Paris")), lang) == line


def test_no_screening_of_the_kind_is_one_problem_at_after():
    with pytest.raises(Uncomputable) as raised:
        lift(
            Rule(after="first press"),
            [Screening(dt.date(2024, 5, 21), dt.time(22, 0))],
            "Europe/Paris",
        )
    assert raised.value.problems == [
        (
            ("embargo", "after"),
            (
                "after: first press: no screening is marked `kind: press`: mark the one "
                "that lifts the embargo"
            ),
        )
    ]


def test_every_screening_without_a_time_or_date_is_named():
    screenings = [
        Screening(dt.date(2024, 5, 21), None, "press"),
        Screening(dt.date(2024, 5, 20), dt.time(9, 0), "public"),
        Screening(None, None, "press"),
    ]
    with pytest.raises(Uncomputable) as raised:
        lift(Rule(after="first press"), screenings, "Europe/Paris")
    assert raised.value.problems == [
        (
            ("screenings", 0, "time"),
            (
                "the embargo is lifted by the first press screening: give its start "
                "time, such as 19:00"
            ),
        ),
        (
            ("screenings", 2, "date"),
            "the embargo is lifted by the first press screening: give its date, such as 2024-05-21",
        ),
    ]


def test_a_time_without_a_zone_cannot_be_computed():
    with pytest.raises(Uncomputable) as raised:
        lift(Rule(after="premiere"), CANNES, None)
    assert raised.value.problems == [(
        ("screenings", 2, "time"),
        "the embargo is lifted by the premiere screening: in which time zone? add the festival's"
        " `timezone:` to the kit, such as Europe/Paris, or the screening its own",
    )]
    with pytest.raises(Uncomputable) as raised:
        lift(Rule(until=dt.datetime(2024, 5, 21, 22, 30)), CANNES, None)
    assert raised.value.problems == [
        (
            ("embargo", "until"),
            (
                "2024-05-21 22:30 in which time zone? add the festival's `timezone:` to "
                "the kit, such as Europe/Paris"
            ),
        )
    ]


def test_a_screenings_own_zone_is_enough_without_the_kits():
    screenings = [Screening(dt.date(2024, 9, 8), dt.time(9, 0), "premiere", "America/Toronto")]
    found = lift(Rule(after="premiere", minutes=30), screenings, None)
    assert found.line("en") == "8 September 2024, 09:30 Eastern Daylight Time (13:30 UTC)"
    assert found.line("fr") == "8 septembre 2024, 09:30 UTC-04:00 (13:30 TU)"


def test_an_until_the_clock_change_repeats_asks_for_its_offset():
    with pytest.raises(Uncomputable) as raised:
        lift(Rule(until=dt.datetime(2024, 10, 27, 2, 30)), [], "Europe/Berlin")
    assert raised.value.problems == [
        (
            ("embargo", "until"),
            "2024-10-27 02:30 happens twice in Europe/Berlin: the clocks go back "
            "that night; write it"
            " with its UTC offset, such as 2024-10-27 02:30+02:00 (the first time) "
            "or +01:00 (the second)",
        )
    ]


def test_a_screening_in_the_skipped_hour_is_named():
    screenings = [Screening(dt.date(2024, 3, 31), dt.time(2, 30), "premiere")]
    with pytest.raises(Uncomputable) as raised:
        lift(Rule(after="premiere"), screenings, "Europe/Berlin")
    assert raised.value.problems == [
        (
            ("screenings", 0, "time"),
            "the embargo is lifted by the premiere screening: 2024-03-31 02:30 does not exist in"
            " Europe/Berlin: the clocks go forward that night; give the screening "
            "`timezone: UTC` and its time in UTC",
        )
    ]


def test_an_embargo_in_words_only_has_no_instant():
    assert lift("Reviews embargoed until the premiere.", CANNES, "Europe/Paris") is None
    assert lift(Rule(), CANNES, "Europe/Paris") is None
    assert lift(None, CANNES, "Europe/Paris") is None


def test_local_instant_of_an_ordinary_time():
    from zoneinfo import ZoneInfo

    found = local_instant(dt.date(2024, 5, 21), dt.time(22, 0), ZoneInfo("Europe/Paris"))
    assert found.astimezone(UTC) == utc(2024, 5, 21, 20, 0)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("Europe/Pari", "not a time zone, got 'Europe/Pari'; did you mean `Europe/Paris`?"),
        ("europe/berlin", "not a time zone, got 'europe/berlin'; did you mean `Europe/Berlin`?"),
        (
            "America/Toronot",
            "not a time zone, got 'America/Toronot'; did you mean `America/Toronto`?",
        ),
        (
            "CEST",
            (
                "write the time zone as its place name, such as Europe/Paris, not as an "
                "abbreviation, got 'CEST'"
            ),
        ),
        (
            "../../etc/passwd",
            (
                "not a time zone such as Europe/Paris or America/Toronto (IANA names), "
                "got '../../etc/passwd'"
            ),
        ),
    ],
)
def test_a_zone_name_that_is_not_one_says_what_to_write(written, message):
    with pytest.raises(ValidationError) as raised:
        TypeAdapter(TimeZone).validate_python(written)
    assert [error["msg"] for error in raised.value.errors()] == [message]


def test_zone_names_are_iana_names():
    """CET is one: Berlinale's rights holders embargo online screenings in it."""
    for name in ("America/Toronto", "UTC", "CET"):
        assert TypeAdapter(TimeZone).validate_python(name) == name


@pytest.mark.parametrize(
    ("written", "moment"),
    [
        ("2024-05-21 22:30", dt.datetime(2024, 5, 21, 22, 30)),
        ("2024-05-21T22:30", dt.datetime(2024, 5, 21, 22, 30)),
        ("21 May 2024 9:05", dt.datetime(2024, 5, 21, 9, 5)),
        ("21 mai 2024 22:30", dt.datetime(2024, 5, 21, 22, 30)),
        (
            "2024-10-27 02:30+01:00",
            dt.datetime(2024, 10, 27, 2, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        ),
        ("2024-05-21 20:30Z", dt.datetime(2024, 5, 21, 20, 30, tzinfo=UTC)),
    ],
)
def test_until_is_written_as_a_date_and_a_time(written, moment):
    assert TypeAdapter(Moment).validate_python(written, context={"lang": "fr"}) == moment


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2024-05-21", "write a date and a time, such as 2024-05-21 22:30, got '2024-05-21'"),
        ("2024-05-21 25:30", "write the time as hours:minutes, such as 22:30, got '25:30'"),
        (
            "2024-13-21 22:30",
            (
                "write the date as year-month-day, such as 2026-05-21, or as 21 May "
                "2026, got '2024-13-21'"
            ),
        ),
    ],
)
def test_a_moment_that_cannot_be_read_says_how_to_write_it(written, message):
    with pytest.raises(ValidationError) as raised:
        TypeAdapter(Moment).validate_python(written)
    assert [error["msg"] for error in raised.value.errors()] == [message]
