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
