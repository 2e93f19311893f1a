"""The words presskit itself prints (headings, labels), and dates, in the kit's language.

Labels come from gettext catalogues: presskit's own in `locale/<lang>.po` beside
this module (en, fr, de, es, it), under a project's `locale/<lang>.po`, which adds
or overrides labels. Catalogues are compiled in memory with Babel when a kit is
built, so no compiled file is kept anywhere. Dates and times follow the language's
CLDR formats (Babel): 21 May 2024, 21 mai 2024, 21. Mai 2024.
"""

from __future__ import annotations

import datetime as dt
import io
from gettext import NullTranslations
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "presskit"


def catalogue_names(lang: str) -> list[str]:
    """'pt-BR' -> ['pt_BR', 'pt']: the most precise catalogue first."""
    parts = lang.replace("-", "_").split("_")
    return ["_".join(parts[:n]) for n in range(len(parts), 0, -1)]


def translations(lang: str, project: Path) -> NullTranslations:
    """presskit's catalogue for `lang`, with the project's own tried first."""
    chain: NullTranslations = NullTranslations()
    for folder in (LOCALE_DIR, project / "locale"):
        for name in reversed(catalogue_names(lang)):
            po = folder / f"{name}.po"
            if po.is_file():
                compiled = io.BytesIO()
                with po.open("rb") as source:
                    write_mo(compiled, read_po(source, locale=name, domain=DOMAIN))
                catalogue = Translations(io.BytesIO(compiled.getvalue()), domain=DOMAIN)
                catalogue.add_fallback(chain)
                chain = catalogue
    return chain


def locale(lang: str) -> Locale:
    """The CLDR locale for dates; English dates are written day first, as in `21 May 2024`."""
    for name in catalogue_names("en-GB" if lang.lower() == "en" else lang):
        try:
            return Locale.parse(name)
        except (ValueError, UnknownLocaleError):
            continue
    return Locale.parse("en_GB")


def long_date(value: dt.date, lang: str) -> str:
    return format_date(value, "long", locale=locale(lang))


def clock(value: dt.time, lang: str) -> str:
    return format_time(value, "short", locale=locale(lang))


RTL_LANGUAGES = {"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"}


def direction(lang: str) -> str:
    """'rtl' for languages written right to left, else 'ltr'."""
    return "rtl" if catalogue_names(lang)[-1].lower() in RTL_LANGUAGES else "ltr"
