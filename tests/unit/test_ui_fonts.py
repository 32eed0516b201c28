"""The served Urdu/Pashto font is a theme font face, so the data grid (a canvas in theme.font) draws with it."""

from __future__ import annotations

import tomllib

from shafaf.ui.rtl import FONT_FAMILY, FONT_FILES, UNICODE_RANGE
from tests.pkgtools import ROOT

THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]


def test_the_theme_declares_each_served_weight_with_the_subsets_range() -> None:
    faces = {int(f["weight"]): f for f in THEME["fontFaces"]}
    assert {w: f["url"] for w, f in faces.items()} == FONT_FILES
    for f in faces.values():
        assert f["family"] == FONT_FAMILY == "Noto Naskh Arabic"
        assert (ROOT / f["url"].removeprefix("app/")).is_file()  # served from ./static, never a CDN
        # the glyphs the subset keeps, no more: a page without them never downloads the file
        assert f["unicodeRange"].replace(" ", "") == UNICODE_RANGE.replace(" ", "")


def test_the_theme_font_keeps_source_sans_first_and_falls_through_to_the_naskh() -> None:
    # Streamlit appends its own '"Source Sans", sans-serif'; Latin letters and digits stay in Source Sans
    assert THEME["font"] == '"Source Sans", "Noto Naskh Arabic"'
