"""Language: the switch on every page, <html lang dir>, the right-to-left CSS and the served font (shafaf/ui/rtl.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from shafaf.i18n import LANGUAGES, t
from shafaf.navigation import PAGES
from shafaf.ui import rtl, site_routes
from shafaf.ui.layout import SWITCH_KEY
from tests.app.conftest import page
from tests.pkgtools import ROOT

SHARE_DEMO_CACHES = True  # read-only demo tests: caches cleared once per module (tests/app/conftest.py)

OVERVIEW = "pages/public/overview.py"


def _html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def _switch(at: AppTest):
    return at.segmented_control(key=SWITCH_KEY)


@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("ur", "rtl"), ("ps", "rtl")])
def test_html_lang_and_dir_are_set_for_the_language(demo: Path, lang: str, direction: str) -> None:
    at = page(OVERVIEW, lang=lang)
    html = _html(at)
    assert f'lang: "{lang}", dir: "{direction}"' in html
    assert f'data-shafaf-lang="{lang}" data-shafaf-dir="{direction}"' in html
    for other in set(LANGUAGES) - {lang}:
        assert f'data-shafaf-lang="{other}"' not in html


@pytest.mark.parametrize("lang", ["ur", "ps"])
def test_rtl_languages_get_direction_and_the_served_font(demo: Path, lang: str) -> None:
    html = _html(page(OVERVIEW, lang=lang))
    assert "direction: rtl" in html and "text-align: right" in html
    assert (
        '@font-face{font-family:"Noto Naskh Arabic";src:url("app/static/fonts/NotoNaskhArabic-Regular.woff2")' in html
    )
    assert "NotoNaskhArabic-Bold.woff2" in html
    assert "http" not in html.replace("https://", "http")  # nothing from another host


def test_english_gets_no_rtl_css_and_no_font_download(demo: Path) -> None:
    html = _html(page(OVERVIEW))
    assert "direction: rtl" not in html
    assert "@font-face" not in html


def test_the_css_is_the_apps_own_constant() -> None:
    # no package text reaches st.html: the CSS and script depend on the language code only
    assert rtl.css("ur") == rtl.css("ps") != rtl.css("en")
    assert rtl.lang_script("<script>alert(1)</script>") == rtl.lang_script("en")


@pytest.mark.parametrize("path", [p.path for p in PAGES])
def test_every_page_has_the_switch_with_languages_in_their_own_script(demo: Path, path: str) -> None:
    at = page(path, lang="ps")
    switch = _switch(at)
    assert switch.value == "ps"
    assert list(switch.options) == [info["name"] for info in LANGUAGES.values()] == ["English", "اردو", "پښتو"]


def test_switch_changes_lang_and_keeps_the_other_parameters(demo: Path) -> None:
    at = page(OVERVIEW, region="pk-kp-pesh", department="kp-traffic")
    assert at.title[0].value == t("pages.overview", "en")
    _switch(at).set_value("ur").run()
    assert not at.exception
    assert at.query_params["lang"] == "ur"
    assert at.query_params["region"] == "pk-kp-pesh" and at.query_params["department"] == "kp-traffic"
    assert at.selectbox(key="filters.lang").value == "ur"
    assert at.title[0].value == t("pages.overview", "ur")
    assert 'lang: "ur", dir: "rtl"' in _html(at)
    _switch(at).set_value("en").run()
    assert "lang" not in at.query_params
    assert at.query_params["region"] == "pk-kp-pesh"
    assert at.title[0].value == t("pages.overview", "en")


def test_sidebar_language_change_keeps_the_region(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a language change relabels every select; the region must not fall back to the default (in the
    # browser the select briefly holds its old label; AppTest checks the URL round trip and the switch)
    monkeypatch.setattr(site_routes, "served", lambda sid, rel: rel and f"/site/{rel}")  # as if it had its site
    at = page(OVERVIEW, lang="ur", region="pk-kp-pesh")
    at.selectbox(key="filters.lang").set_value("en").run()
    at.selectbox(key="filters.lang").set_value("ps").run()
    assert at.query_params["region"] == "pk-kp-pesh" and at.query_params["lang"] == "ps"
    assert _switch(at).value == "ps"
    assert f"[{t('site.plain_page', 'ps')}](/site/ps/overview/pk-kp-pesh.html)" in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["ur", "ps"])
@pytest.mark.parametrize("path", [p.path for p in PAGES])
def test_every_page_renders_in_rtl_languages(demo: Path, path: str, lang: str) -> None:
    at = page(path, lang=lang)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    key = next(p.key for p in PAGES if p.path == path)
    assert [x.value for x in at.title] == [t(f"pages.{key}", lang)]


def test_fonts_are_served_by_the_app_with_their_licence() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    for url in rtl.FONT_FILES.values():
        font = ROOT / "static" / url.removeprefix("app/static/")
        assert font.read_bytes()[:4] == b"wOF2", font
        assert 10_000 < font.stat().st_size < 100_000, "subset font unexpectedly large or empty"
    licence = (ROOT / "static" / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License, Version 1.1" in licence and "Noto Naskh Arabic" in licence
