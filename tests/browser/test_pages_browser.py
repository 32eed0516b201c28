"""Every page x language in a real browser at phone width (390x844).

It settles, stays offline, logs no error, has the right <html lang dir>, one title in the reader's
language, and its charts each with a table alternative; nothing is wider than the phone. One visit
per page x language (conftest.observed) feeds these tests and test_accessibility.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from shafaf.i18n import LANGUAGES, t
from shafaf.navigation import PAGES, PageSpec
from tests.browser.conftest import FACTS, PAGE_LANGS, page_url, visit
from tests.browser.harness import PHONE

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")


@pytest.mark.parametrize(("spec", "lang"), PAGE_LANGS)
def test_page_settles_offline_without_errors(observed: Any, spec: PageSpec, lang: str) -> None:
    o = observed(spec, lang)
    assert o.facts["exceptions"] == 0, o.url
    assert not o.facts["not_found"], o.url
    assert o.outside_requests == [], f"{o.url} asked for something outside this machine"
    assert o.failures == [], f"{o.url}: failed responses"
    assert o.console_errors == [], f"{o.url}: console errors"


@pytest.mark.parametrize(("spec", "lang"), PAGE_LANGS)
def test_page_language_and_direction(observed: Any, spec: PageSpec, lang: str) -> None:
    o = observed(spec, lang)
    direction = LANGUAGES[lang]["dir"]
    assert (o.facts["lang"], o.facts["dir"]) == (lang, direction), o.url
    # the main content and the sidebar read in the language's direction (CSS, not only the attribute)
    assert o.facts["main_dir"] == direction, o.url
    assert o.facts["sidebar_dir"] == direction, o.url


@pytest.mark.parametrize(("spec", "lang"), PAGE_LANGS)
def test_page_title_in_the_readers_language(observed: Any, spec: PageSpec, lang: str) -> None:
    o = observed(spec, lang)
    title = t(f"pages.{spec.key}", lang)
    assert o.facts["h1"] == [title], f"{o.url}: exactly one h1, the page's title"
    if LANGUAGES[lang]["dir"] == "rtl":
        assert ARABIC_SCRIPT.search(title), f"pages.{spec.key} is not translated into {lang}"
    # what the browser tab and a screen reader announce first (WCAG 2.4.2): this page, in this language
    assert title in o.facts["title"], f"{o.url}: document.title is {o.facts['title']!r}"


@pytest.mark.parametrize(("spec", "lang"), PAGE_LANGS)
def test_every_chart_has_its_table(observed: Any, spec: PageSpec, lang: str) -> None:
    o = observed(spec, lang)
    assert o.facts["charts"] >= 1, f"{o.url}: no chart in this scope"
    assert o.facts["plotted"] >= o.facts["charts"], f"{o.url}: a chart did not draw"
    assert o.facts["cards_with_chart"] >= 1, f"{o.url}: charts outside a chart card"
    # each card's "show the data as a table" expander, opened, holds a table
    assert o.facts["cards_with_chart_and_table"] == o.facts["cards_with_chart"], o.url


@pytest.mark.parametrize(("spec", "lang"), PAGE_LANGS)
def test_page_fits_a_phone(observed: Any, spec: PageSpec, lang: str) -> None:
    o = observed(spec, lang)
    assert Path(o.screenshot).stat().st_size > 0
    assert o.facts["viewport"] == PHONE["width"]
    wider = {k: w for k, w in o.facts["widths"].items() if w is None or w > PHONE["width"]}
    assert wider == {}, f"{o.url}: wider than a {PHONE['width']} px phone, so it scrolls sideways"


def test_a_page_wider_than_the_phone_is_caught(server: str, phone: Any) -> None:
    """The width check can fail: a 1000 px wide block in our content makes the page scroll sideways."""
    spec = next(p for p in PAGES if p.default)
    v = visit(phone, page_url(server, spec, "ur"), width=PHONE["width"], height=PHONE["height"])
    try:
        v.page.evaluate(
            """() => document.querySelector('[data-testid="stMainBlockContainer"]')
                 .insertAdjacentHTML('beforeend', '<div style="width:1000px;height:10px"></div>')"""
        )
        widths = v.page.evaluate(FACTS)["widths"]
        assert max(w or 0 for w in widths.values()) > PHONE["width"], widths
    finally:
        v.page.close()
