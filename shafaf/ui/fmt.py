"""Formatting for people: numbers, percentages, dates, and "no data" instead of a blank or a 0.

Per language, with Babel (CLDR):
- English keeps the forms the project has always shown: "22,412,422", "53%", ISO dates
  "2026-04-30" and months "2026-10" (unambiguous, and the same as in the CSV downloads).
- Urdu uses ur_PK: Western digits with "," grouping and "." decimals (CLDR's default for Urdu
  in Pakistan) and Urdu month names: "30 اپریل، 2026", "اکتوبر 2026".
- Pashto uses ps_PK for dates (Pashto month names, CLDR's Pashto order "2026 اپریل 30"); its
  numbers use the same Western digits and separators as Urdu and English in Pakistan. CLDR's
  Pashto numbers (ps_AF, ps_PK alike) are either Extended Arabic-Indic digits (۲۲٬۴۱۲) or
  Western digits with "." grouping and "," decimals ("22.412.422,5"); the charts' axes, the
  tables and the CSV downloads can only show Western digits with "," grouping, and a reader in
  Khyber Pakhtunkhwa would take "22.412" next to them for twenty-two point four.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from shafaf.charts.theme import BIDI_CONTROLS
from shafaf.i18n import LANGUAGES, t

# Babel locales: for dates and month names, and for numbers
DATE_LOCALES = {"en": "en", "ur": "ur_PK", "ps": "ps_PK"}
NUMBER_LOCALES = {"en": "en", "ur": "ur_PK", "ps": "en_PK"}
# CLDR skeletons, so each language orders day, month and year its own way
DATE_SKELETON = "yMMMMd"
MONTH_SKELETON = "yMMMM"
RTL_LANGS = frozenset(code for code, info in LANGUAGES.items() if info["dir"] == "rtl")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:$~=^&])")


def is_missing(v: Any) -> bool:
    """True for None, NaN, NA and NaT."""
    if v is None:
        return True
    try:
        return bool(v != v) or (isinstance(v, float) and math.isnan(v))  # NaN/NaT are not equal to themselves
    except (TypeError, ValueError):
        return str(v) in ("<NA>", "NaT")


def _pattern(digits: int, suffix: str = "") -> str:
    return "#,##0" + ("." + "0" * digits if digits > 0 else "") + suffix


def _rounded(x: float, digits: int) -> Decimal:
    # rounded as Python's format() rounds, so English output stays what it was before Babel
    return Decimal(f"{x:.{max(digits, 0)}f}")


def _isolated(text: str, lang: str) -> str:
    # in right-to-left text the bidi algorithm moves a minus sign to the far side of its number
    # ("3,387,710-"); a left-to-right isolate (U+2066 ... U+2069) keeps "-3,387,710" together
    if text.startswith("-") and lang in RTL_LANGS:
        return f"\u2066{text}\u2069"
    return text


def number(v: Any, lang: str = "en", digits: int = 0) -> str:
    """A number with thousands separators in the reader's language, or 'no data'."""
    if is_missing(v):
        return t("app.no_data", lang)
    locale = NUMBER_LOCALES.get(lang, "en")
    text = babel_numbers.format_decimal(_rounded(float(v), digits), format=_pattern(digits), locale=locale)
    return _isolated(text, lang)


def percent(v: Any, lang: str = "en", digits: int = 0) -> str:
    """A 0-1 share as a percentage in the reader's language, or 'no data'."""
    if is_missing(v):
        return t("app.no_data", lang)
    share = _rounded(100 * float(v), digits) / 100
    text = babel_numbers.format_percent(share, format=_pattern(digits, "%"), locale=NUMBER_LOCALES.get(lang, "en"))
    return _isolated(text, lang)


def _as_date(v: Any) -> dt.date:
    if isinstance(v, str):
        return dt.date.fromisoformat(v[:10])
    if isinstance(v, dt.datetime):  # also pandas.Timestamp
        return v.date()
    if isinstance(v, dt.date):
        return v
    raise TypeError(f"not a date: {v!r}")


def date(v: Any, lang: str = "en") -> str:
    """A day: YYYY-MM-DD in English, day, month name and year in Urdu and Pashto; or 'no data'."""
    if is_missing(v):
        return t("app.no_data", lang)
    if lang not in DATE_LOCALES or lang == "en":
        return v[:10] if isinstance(v, str) else _as_date(v).isoformat()
    return babel_dates.format_skeleton(DATE_SKELETON, _as_date(v), locale=DATE_LOCALES[lang])


def month(v: Any, lang: str = "en") -> str:
    """A month: YYYY-MM in English, month name and year in Urdu and Pashto; or 'no data'."""
    if is_missing(v):
        return t("app.no_data", lang)
    if isinstance(v, str) and len(v) == 7:  # "2026-10"
        v = v + "-01"
    if lang not in DATE_LOCALES or lang == "en":
        return _as_date(v).isoformat()[:7]
    return babel_dates.format_skeleton(MONTH_SKELETON, _as_date(v), locale=DATE_LOCALES[lang])


def md(text: Any) -> str:
    """Text from a package made safe for Streamlit markdown: no links, HTML, directives or formatting."""
    return _MD_SPECIAL.sub(r"\\\1", BIDI_CONTROLS.sub("", str(text))).replace("\n", "  \n")
