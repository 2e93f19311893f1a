"""Values as publicists write them: dates, running times, web and e-mail addresses.

Each type is a pydantic `Annotated` type that the model uses for its fields. A value is read
in any way that cannot be misread (`21 mai 2026` in a French kit, `1h37`, `www.example.org`);
one that could be misread (`05/06/2026`) or cannot be read is one problem saying how to write
it, in the model of `write the time as hours:minutes, such as 19:00, got '19h00'`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache
from typing import Annotated
from urllib.parse import urlsplit, urlunsplit

from babel.dates import format_date, get_day_names, get_month_names
from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo
from pydantic_core import PydanticCustomError

from presskit.kit.i18n import locale

EXAMPLE_DAY = dt.date(2026, 5, 21)
"""A day after the 12th, so the example itself cannot be misread."""


def folded(text: str) -> str:
    """Lower case without accents or a final dot: `Févr.` -> `fevr`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).rstrip(".")


@cache
def _month_words(lang: str) -> dict[str, int]:
    """Month names and their abbreviations in `lang` and in English, folded -> month number."""
    words = {}
    for where in ("en", lang):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names = get_month_names(width, context, locale(where))
                words.update({folded(name): month for month, name in names.items()})
    return words


@cache
def _ignored_words(lang: str) -> frozenset[str]:
    """Words a written date may hold besides its day, month and year: weekdays, `de`, `1er`."""
    days = {
        folded(name)
        for where in ("en", lang)
        for width in ("wide", "abbreviated")
        for name in get_day_names(width, locale=locale(where)).values()
    }
    fillers = {"de", "del", "of", "the", "le", "el", "il", "er", "st", "nd", "rd", "th"}
    return frozenset((days | fillers) - set(_month_words(lang)))


def _kit_lang(info: ValidationInfo) -> str:
    lang = (info.context or {}).get("lang")
    return lang if isinstance(lang, str) else "en"


def _date_problem(lang: str, value: str) -> PydanticCustomError:
    example = format_date(EXAMPLE_DAY, "long", locale=locale(lang))
    why = "write the date as year-month-day, such as 2026-05-21, or as {example}, got '{value}'"
    return PydanticCustomError("date", why, {"example": example, "value": value})


def _day(year: str, month: int | str, day: str, lang: str, value: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise _date_problem(lang, value) from None


def written_date(value: object, info: ValidationInfo) -> object:
    """`2026-05-21`, `21 May 2026`, `21. Mai 2026`, `21 de mayo de 2026` in the kit's language
    (or English), or `21/05/2026` where the day cannot be taken for the month."""
    if not isinstance(value, str):
        return value
    lang, text = _kit_lang(info), value.strip()
    if iso := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        return _day(*iso.groups(), lang, text)
    if numeric := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
        return _numeric_date(*numeric.groups(), lang, text)
    words = [
        w for w in re.findall(r"\d+|[^\W\d_]+\.?", text) if folded(w) not in _ignored_words(lang)
    ]
    numbers = [w for w in words if w.isdigit()]
    months = [_month_words(lang)[folded(w)] for w in words if folded(w) in _month_words(lang)]
    years, days = [n for n in numbers if len(n) == 4], [n for n in numbers if len(n) <= 2]
    if len(words) != 3 or len(months) != 1 or len(years) != 1 or len(days) != 1:
        raise _date_problem(lang, text)
    return _day(years[0], months[0], days[0], lang, text)


def _numeric_date(first: str, second: str, year: str, lang: str, value: str) -> dt.date:
    """Day first, as everywhere but the United States; refused where the month could be either."""
    readings = {(int(first), int(second)), (int(second), int(first))}
    readings = [(d, m) for d, m in readings if 1 <= m <= 12]
    if len(readings) == 2:
        shown = [
            dt.date(int(year), m, d) for d, m in sorted(readings, key=lambda r: r[1] != int(second))
        ]
        where = locale(lang)
        why = "'{value}' could be {one} or {other}: write it as {one_iso} or {other_iso}"
        texts = [format_date(day, "long", locale=where) for day in shown]
        iso = [day.isoformat() for day in shown]
        found = {
            "value": value,
            "one": texts[0],
            "other": texts[1],
            "one_iso": iso[0],
            "other_iso": iso[1],
        }
        raise PydanticCustomError("date", why, found)
    if not readings:
        raise _date_problem(lang, value)
    day, month = readings[0]
    return _day(year, month, str(day), lang, value)


MINUTES = r"(?:m|mn|min|mins|minutes?|minuten|minutos?|minuti|'|′)\.?"
"""Minutes as credits and festival catalogues abbreviate them, in the five languages."""
HOURS = r"(?:h|hr|hrs|hours?|std|stunden?|horas?|ora|ore)\.?"


def minutes(value: object) -> object:
    """`97`, `97 min`, `97 minutes`, `1h37`, `1 h 37 min`, `1:37` -> 97."""
    if not isinstance(value, str):
        return value
    text = value.strip().casefold()
    if plain := re.fullmatch(rf"(-?\d+)\s*(?:{MINUTES})?", text):
        return int(plain[1])
    if hours := re.fullmatch(rf"(\d+)\s*{HOURS}\s*([0-5]?\d)?\s*(?:{MINUTES})?", text):
        return int(hours[1]) * 60 + int(hours[2] or 0)
    if clock := re.fullmatch(r"(\d+):([0-5]\d)", text):
        return int(clock[1]) * 60 + int(clock[2])
    why = (
        "write the running time in minutes, such as 97, or as hours and minutes, such as 1h37, got "
        "'{value}'"
    )
    raise PydanticCustomError("runtime", why, {"value": value})


INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
"""Soft hyphens, zero-width spaces and joiners: pasted along with an address, never part of it."""
URL_UNSAFE = re.compile(r'[<>"{}|\\^`\[\]#]|%(?![0-9A-Fa-f]{2})')
"""What a URL cannot carry as it is (RFC 3986; EPUBCheck refuses it): browsers percent-encode it."""
BARE_HOST = re.compile(r"(www\.)?[^\s/:@?#.]+(\.[^\s/:@?#.]+)*\.[A-Za-z]{2,}(:\d+)?([/?#].*)?")
"""`www.example.org`, `example.org/press`: a web address written without its scheme."""


def bare_address(value: object) -> object:
    """`www.example.org` -> `https://www.example.org`, as a browser's address bar reads it."""
    if not isinstance(value, str):
        return value
    text = INVISIBLE.sub("", value.strip())
    return f"https://{text}" if BARE_HOST.fullmatch(text) else text


def web_url(value: str) -> str:
    """An http(s) address, with the characters a URL cannot carry percent-encoded, as a browser
    sends them: `?q=<c>` becomes `?q=%3Cc%3E` in every edition."""
    try:
        if not re.fullmatch(r"https?://[^\s/$.?#][^\s]*", value):
            raise ValueError
        scheme, host, path, query, fragment = urlsplit(value)
    except ValueError:  # urlsplit's too: a malformed [IPv6] host
        why = "must be a web address starting with https:// or http://, got '{value}'"
        raise PydanticCustomError("url", why, {"value": value}) from None
    parts = (_percent_encoded(host, keep="[]"), *map(_percent_encoded, (path, query, fragment)))
    return urlunsplit((scheme, *parts))


def _percent_encoded(part: str, keep: str = "") -> str:
    """`part` of a URL with what a URL cannot carry percent-encoded, but the characters in `keep`
    (an IPv6 host's brackets)."""
    return URL_UNSAFE.sub(
        lambda found: found[0] if found[0] in keep else f"%{ord(found[0]):02X}", part
    )


def mail_address(value: object) -> object:
    """`mailto:press@example.org` or `<press@example.org>`, as copied from a link or a mail
    program, is the address alone: every edition adds `mailto:` itself."""
    if not isinstance(value, str):
        return value
    text = INVISIBLE.sub("", value.strip())
    text = re.sub(r"^mailto:", "", text, flags=re.IGNORECASE).strip()
    return text[1:-1].strip() if text.startswith("<") and text.endswith(">") else text


def email(value: str) -> str:
    if not re.fullmatch(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+", value):
        raise PydanticCustomError("email", "not an e-mail address: '{value}'", {"value": value})
    return value


Date = Annotated[dt.date, BeforeValidator(written_date, json_schema_input_type=str)]
"""A day: 2026-05-21, or with the month in words in the kit's language (21 mai 2026)."""
Runtime = Annotated[
    int, BeforeValidator(minutes, json_schema_input_type=int | str), Field(gt=0, le=2000)
]
"""A running time in minutes: 97, 97 min, 1h37 or 1:37."""
WebUrl = Annotated[str, BeforeValidator(bare_address), AfterValidator(web_url)]
"""An http(s) address; one written without its scheme is taken as https://."""
Email = Annotated[str, BeforeValidator(mail_address), AfterValidator(email)]
"""An e-mail address; a `mailto:` in front of it is dropped."""
