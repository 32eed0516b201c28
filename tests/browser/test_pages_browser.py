"""Every page in a real browser: it settles, has one title and its charts, logs no error, stays offline."""

from __future__ import annotations

import pytest

from shafaf.navigation import PAGES
from tests.browser.conftest import SCREENSHOTS, real_console_errors, visit

PATHS = [("/" if p.default else f"/{p.url_path}") for p in PAGES]


@pytest.mark.parametrize("path", PATHS)
def test_page_in_browser(server: str, browser: object, path: str) -> None:
    v = visit(browser, f"{server}{path}?region=pk-kp")
    page = v.page
    try:
        assert page.locator("h1").count() == 1  # type: ignore[attr-defined]
        assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
        assert page.get_by_text("Page not found").count() == 0  # type: ignore[attr-defined]
        assert v.outside_requests == []
        assert v.our_failures == []
        assert real_console_errors(v) == []
    finally:
        page.close()  # type: ignore[attr-defined]


def test_overview_on_a_phone(server: str, browser: object) -> None:
    v = visit(browser, f"{server}/?region=pk-kp-khyber", width=390, height=844)
    page = v.page
    try:
        assert page.locator('[data-testid="stPlotlyChart"]').count() >= 1  # type: ignore[attr-defined]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "overview-phone-en.png"), full_page=True)  # type: ignore[attr-defined]
        # nothing wider than the screen: no sideways scrolling on a phone
        width = page.evaluate("() => document.documentElement.scrollWidth")  # type: ignore[attr-defined]
        assert width <= 390
    finally:
        page.close()  # type: ignore[attr-defined]
