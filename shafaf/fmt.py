"""Formatting for people: numbers, percentages, dates, and "no data" instead of a blank or a 0.

The one formatting module: every number, percentage, date, month and plural in sentences
(shafaf/narrative.py), tables and charts goes through it. Pure (Babel only, no Streamlit), so the
narrative, the charts and the officials' desk use it as the pages do. One `Language` record per
language (code, direction, Babel locales, digits); `is_rtl` is defined here and nowhere else.

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
- Plural forms follow CLDR's rules for each language (babel's `Locale.plural_form`): an entry in
  shafaf/i18n/*.yaml written as `{one: ..., other: ...}` is chosen by `plural()`.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from shafaf.i18n import DEFAULT_LANG, LANGUAGES, catalog, t


@dataclass(frozen=True)
class Language:
    """How one language is written: direction, the Babel locales for dates and numbers, and its digits."""

    code: str
    name: str
    direction: str  # "ltr" or "rtl"
    locale: str  # dates, month names and plural rules
    number_locale: str  # digits and separators (see the module docstring for Pashto)
    digits: str = "latn"  # CLDR numbering system: Western digits in every language, as the data's CSVs have

    @property
    def is_rtl(self) -> bool:
        """True for a language written right to left."""
        return self.direction == "rtl"

    @functools.cached_property
    def babel(self) -> Locale:
        """The Babel locale for dates and plural forms."""
        return Locale.parse(self.locale)


_LOCALES = {"en": ("en", "en"), "ur": ("ur_PK", "ur_PK"), "ps": ("ps_PK", "en_PK")}
LANGUAGE: dict[str, Language] = {
    code: Language(code, info["name"], info["dir"], *_LOCALES[code]) for code, info in LANGUAGES.items()
}
# CLDR skeletons, so each language orders day, month and year its own way
DATE_SKELETON = "yMMMMd"
MONTH_SKELETON = "yMMMM"
# Bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): an unclosed one
# reorders the text after it ("Trojan Source"). Package text never needs them (the page sets the
# direction), so they are dropped wherever it is shown. LRM/RLM/ALM and ZWJ/ZWNJ stay: Urdu and
# Pashto spelling uses the joiners, and marks only nudge neutral characters.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def language(code: str) -> Language:
    """The record of a language code (English for one the app does not know)."""
    return LANGUAGE.get(code, LANGUAGE[DEFAULT_LANG])


def is_rtl(lang: str) -> bool:
    """True for a language written right to left (Urdu, Pashto)."""
    return language(lang).is_rtl


_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
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
    if text.startswith("-") and is_rtl(lang):
        return f"\u2066{text}\u2069"
    return text


def number(v: Any, lang: str = "en", digits: int = 0) -> str:
    """A number with thousands separators in the reader's language, or 'no data'."""
    if is_missing(v):
        return t("app.no_data", lang)
    locale = language(lang).number_locale
    text = babel_numbers.format_decimal(_rounded(float(v), digits), format=_pattern(digits), locale=locale)
    return _isolated(text, lang)


def percent(v: Any, lang: str = "en", digits: int = 0) -> str:
    """A 0-1 share as a percentage in the reader's language, or 'no data'."""
    if is_missing(v):
        return t("app.no_data", lang)
    share = _rounded(100 * float(v), digits) / 100
    text = babel_numbers.format_percent(share, format=_pattern(digits, "%"), locale=language(lang).number_locale)
    return _isolated(text, lang)


def percent_points(v: Any, lang: str = "en", digits: int = 1) -> str:
    """A value already in percent (a metric in unit 'percent': 71.5) as '71.5%' in the reader's language."""
    if is_missing(v):
        return t("app.no_data", lang)
    share = _rounded(float(v), digits) / 100
    text = babel_numbers.format_percent(share, format=_pattern(digits, "%"), locale=language(lang).number_locale)
    return _isolated(text, lang)


def separators(lang: str = "en") -> str:
    """Plotly's `separators` (decimal mark, then group mark) for `lang`, from the same Babel locale as `number`."""
    locale = language(lang).number_locale
    return babel_numbers.get_decimal_symbol(locale) + babel_numbers.get_group_symbol(locale)


# every language of the app writes numbers with the same marks (see the module docstring), so a chart's
# axes need no language: full numbers with these separators, never Plotly's SI suffixes "k" and "M"
CHART_SEPARATORS = separators(DEFAULT_LANG)


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
    if language(lang).code == "en":
        return v[:10] if isinstance(v, str) else _as_date(v).isoformat()
    return babel_dates.format_skeleton(DATE_SKELETON, _as_date(v), locale=language(lang).babel)


def month(v: Any, lang: str = "en") -> str:
    """A month: YYYY-MM in English, month name and year in Urdu and Pashto; or 'no data'."""
    if is_missing(v):
        return t("app.no_data", lang)
    if isinstance(v, str) and len(v) == 7:  # "2026-10"
        v = v + "-01"
    if language(lang).code == "en":
        return _as_date(v).isoformat()[:7]
    return babel_dates.format_skeleton(MONTH_SKELETON, _as_date(v), locale=language(lang).babel)


def isolate(text: str, lang: str) -> str:
    """Text from a package set apart for the bidi algorithm on a right-to-left page.

    A text with Arabic-script letters (a translation) is a right-to-left isolate (RLI ... PDI), so an Urdu
    sentence that starts with a Latin name ("FIR ...") still reads right to left; a text without any
    (English, untranslated) is a left-to-right isolate (LRI ... PDI) and keeps its full stop at its end.
    Apply after `md` (which removes the package's own bidi controls). Left-to-right pages get it as is.
    """
    if not text or not is_rtl(lang):
        return text
    return ("\u2067" if _ARABIC_SCRIPT.search(text) else "\u2066") + text + "\u2069"


def md(text: Any) -> str:
    """Text from a package made safe for Streamlit markdown: no links, HTML, directives or formatting."""
    return _MD_SPECIAL.sub(r"\\\1", BIDI_CONTROLS.sub("", str(text))).replace("\n", "  \n")


def plural_form(n: float, lang: str = "en") -> str:
    """CLDR's plural category of `n` in `lang`: 'one' or 'other' for en, ur and ps (others for other languages)."""
    return language(lang).babel.plural_form(abs(n))


def plural(key: str, n: float, lang: str = "en", **values: Any) -> str:
    """The `{one: ..., other: ...}` entry `key` chosen by CLDR's rule for `n`, with {n} formatted by `number`.

    A language without the form falls back to its 'other', then to English.
    """
    form = plural_form(n, lang)
    texts = catalog(lang)
    for candidate in (f"{key}.{form}", f"{key}.other"):
        if candidate in texts:
            return texts[candidate].format(n=number(n, lang), **values)
    return t(f"{key}.{plural_form(n, DEFAULT_LANG)}", DEFAULT_LANG, n=number(n, DEFAULT_LANG), **values)
