"""Formatting golden strings per language (shafaf/fmt.py): English as it always was, Urdu and Pashto per CLDR."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from shafaf import fmt
from shafaf.i18n import t

LRI, PDI = "\u2066", "\u2069"


@pytest.mark.parametrize(
    ("lang", "value", "digits", "expected"),
    [
        ("en", 22412422, 0, "22,412,422"),
        ("en", 22412422.4, 0, "22,412,422"),
        ("en", 1234.56, 1, "1,234.6"),
        ("en", -3387710.0, 0, "-3,387,710"),
        ("en", 0, 0, "0"),
        ("ur", 22412422, 0, "22,412,422"),
        ("ur", 1234.56, 1, "1,234.6"),
        ("ur", -3387710.0, 0, f"{LRI}-3,387,710{PDI}"),
        # Pashto numbers use Pakistan's Western digits and separators, not CLDR's "22.412.422"
        ("ps", 22412422, 0, "22,412,422"),
        ("ps", 1234.56, 1, "1,234.6"),
        ("ps", -5, 0, f"{LRI}-5{PDI}"),
    ],
)
def test_number(lang: str, value: float, digits: int, expected: str) -> None:
    assert fmt.number(value, lang, digits) == expected


@pytest.mark.parametrize(
    ("lang", "value", "digits", "expected"),
    [
        ("en", 0.533, 0, "53%"),
        ("en", 1, 0, "100%"),
        ("en", 0.05, 1, "5.0%"),
        ("en", 0.545, 0, f"{100 * 0.545:.0f}%"),  # rounds exactly as the English f-string did
        ("ur", 0.533, 0, "53%"),
        ("ps", 0.533, 0, "53%"),
        ("ur", -0.2, 0, f"{LRI}-20%{PDI}"),
    ],
)
def test_percent(lang: str, value: float, digits: int, expected: str) -> None:
    assert fmt.percent(value, lang, digits) == expected


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("en", "2026-04-30", "2026-04-30"),
        ("en", dt.date(2026, 4, 30), "2026-04-30"),
        ("en", pd.Timestamp("2026-10-31 13:00"), "2026-10-31"),
        ("ur", "2026-04-30", "30 اپریل، 2026"),
        ("ur", pd.Timestamp("2026-10-31"), "31 اکتوبر، 2026"),
        ("ps", "2026-04-30", "2026 اپریل 30"),
        ("ps", dt.datetime(2026, 1, 5, 9, 30), "2026 جنوري 5"),
    ],
)
def test_date(lang: str, value: object, expected: str) -> None:
    assert fmt.date(value, lang) == expected


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("en", "2026-10", "2026-10"),
        ("en", pd.Timestamp("2026-10-01"), "2026-10"),
        ("ur", "2026-10", "اکتوبر 2026"),
        ("ur", dt.date(2026, 1, 1), "جنوری 2026"),
        ("ps", "2026-10", "2026 اکتوبر"),
        ("ps", pd.Timestamp("2026-01-01"), "2026 جنوري"),
    ],
)
def test_month(lang: str, value: object, expected: str) -> None:
    assert fmt.month(value, lang) == expected


@pytest.mark.parametrize("lang", ["en", "ur", "ps"])
@pytest.mark.parametrize("missing", [None, math.nan, float("nan"), pd.NA, pd.NaT])
def test_missing_values_say_no_data(lang: str, missing: object) -> None:
    no_data = t("app.no_data", lang)
    assert fmt.number(missing, lang) == no_data
    assert fmt.percent(missing, lang) == no_data
    assert fmt.date(missing, lang) == no_data
    assert fmt.month(missing, lang) == no_data


def test_unknown_language_formats_like_english() -> None:
    assert (fmt.number(1234567, "xx"), fmt.date("2026-04-30", "xx"), fmt.month("2026-04", "xx")) == (
        "1,234,567",
        "2026-04-30",
        "2026-04",
    )


@pytest.mark.parametrize(
    ("lang", "n", "form", "expected"),
    [
        # CLDR: "one" is exactly 1 in all three (en, ur: "i = 1 and v = 0"; ps: "n = 1"); 0 is "other"
        ("en", 1, "one", "1 month behind"),
        ("en", 0, "other", "0 months behind"),
        ("en", 2, "other", "2 months behind"),
        ("en", 1200, "other", "1,200 months behind"),
        ("ur", 1, "one", "1 مہینہ پیچھے"),
        ("ur", 3, "other", "3 مہینے پیچھے"),
        ("ps", 1, "one", "1 میاشت شاته"),
        ("ps", 3, "other", "3 میاشتې شاته"),
    ],
)
def test_plural_by_cldr_rule(lang: str, n: int, form: str, expected: str) -> None:
    assert fmt.plural_form(n, lang) == form
    assert fmt.plural("about.months_behind", n, lang) == expected


def test_plural_falls_back_to_english_for_a_language_without_the_entry() -> None:
    assert fmt.plural("about.months_behind", 1, "xx") == "1 month behind"


def test_language_record() -> None:
    ur = fmt.language("ur")
    assert (ur.code, ur.direction, ur.is_rtl, ur.locale, ur.number_locale, ur.digits) == (
        "ur",
        "rtl",
        True,
        "ur_PK",
        "ur_PK",
        "latn",
    )
    assert fmt.language("ps").number_locale == "en_PK"  # Western digits and "," grouping (module docstring)
    assert [c for c in ("en", "ur", "ps") if fmt.is_rtl(c)] == ["ur", "ps"]
    assert fmt.language("xx").code == "en"


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [("en", 71.5, "71.5%"), ("en", 1234.56, "1,234.6%"), ("ur", 71.5, "71.5%"), ("ps", -2.25, f"{LRI}-2.2%{PDI}")],
)
def test_percent_points(lang: str, value: float, expected: str) -> None:
    assert fmt.percent_points(value, lang) == expected
