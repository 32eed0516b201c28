"""axe-core (bundled offline) on every page x language: no serious or critical violation of ours.

Violations inside Streamlit's own markup that the app cannot fix are listed, with the reason, in
axe_allowlist.ALLOWED and docs/accessibility.md. The full results of each page are written to
tests/browser/screenshots/axe-<page>-<lang>.json.
"""

from __future__ import annotations

from typing import Any

import pytest

from shafaf.navigation import PAGES, PageSpec
from tests.browser import axe_allowlist
from tests.browser.conftest import PAGE_LANGS, page_url, visit
from tests.browser.harness import DESKTOP, LANGS

DEFAULT_PAGE = next(p for p in PAGES if p.default)


def _message(report: axe_allowlist.AxeReport) -> str:
    return f"{report.url}:\n  " + "\n  ".join(n.describe() for n in report.failing)


@pytest.mark.parametrize(("spec", "lang"), PAGE_LANGS)
def test_axe_on_a_phone(observed: Any, spec: PageSpec, lang: str) -> None:
    report = observed(spec, lang).axe
    assert report.failing == [], _message(report)


@pytest.mark.parametrize("lang", LANGS)
def test_axe_on_a_desktop_with_the_filters(server: str, browser: Any, lang: str) -> None:
    """The sidebar (the filters) is only open on a wide screen: check it there too."""
    v = visit(browser, page_url(server, DEFAULT_PAGE, lang), **DESKTOP)
    try:
        assert v.page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').count() >= 4
        report = axe_allowlist.run_axe(v.page)
        assert report.failing == [], _message(report)
    finally:
        v.page.close()


def test_allow_list_entries_are_explained() -> None:
    for entry in axe_allowlist.ALLOWED:
        assert entry.rule and entry.within and len(entry.why) > 40, entry
        # an entry must name Streamlit's or Plotly's markup, never our own keyed containers
        assert "st-key-" not in entry.within and "stMarkdownContainer" not in entry.within, entry


def test_a_violation_in_our_content_fails(server: str, browser: Any) -> None:
    """The check can fail: an image without alt text and an empty-named button added to our content."""
    v = visit(browser, page_url(server, DEFAULT_PAGE, "en"), **DESKTOP)
    try:
        v.page.evaluate(
            """() => {
              const block = document.querySelector('[data-testid="stMainBlockContainer"]');
              block.insertAdjacentHTML('beforeend', '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                + '<button></button><h5>skipped heading levels</h5>');
            }"""
        )
        report = axe_allowlist.run_axe(v.page)
        rules = {n.rule for n in report.failing}
        assert {"image-alt", "button-name", "heading-order"} <= rules
    finally:
        v.page.close()
