"""Formatting for people: numbers, percentages, dates, and "no data" instead of a blank or a 0."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from shafaf.i18n import t

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:$~=^&])")


def is_missing(v: Any) -> bool:
    """True for None, NaN, NA and NaT."""
    if v is None:
        return True
    try:
        return bool(v != v) or (isinstance(v, float) and math.isnan(v))  # NaN/NaT are not equal to themselves
    except (TypeError, ValueError):
        return str(v) in ("<NA>", "NaT")


def number(v: Any, lang: str = "en", digits: int = 0) -> str:
    """A number with thousands separators, or 'no data'."""
    if is_missing(v):
        return t("app.no_data", lang)
    return f"{float(v):,.{digits}f}"


def percent(v: Any, lang: str = "en", digits: int = 0) -> str:
    """A 0-1 share as a percentage, or 'no data'."""
    if is_missing(v):
        return t("app.no_data", lang)
    return f"{100 * float(v):.{digits}f}%"


def date(v: Any, lang: str = "en") -> str:
    """A date as YYYY-MM-DD, or 'no data'."""
    if is_missing(v):
        return t("app.no_data", lang)
    if isinstance(v, str):
        return v[:10]
    return (v.date() if isinstance(v, dt.datetime) else v).isoformat()


def md(text: Any) -> str:
    """Text from a package made safe for Streamlit markdown: no links, HTML, directives or formatting."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")
