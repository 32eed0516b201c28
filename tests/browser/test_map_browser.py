"""The Regions map in a real browser: district shapes drawn from the bundled GeoJSON, nothing asked of the internet.

plotly.js fetches a base map (world_110m.json) for every geo subplot; the app answers it from /topojson/
(shafaf.ui.topojson_routes) so the request stays on this machine, and the district paths are drawn.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import real_console_errors, visit
from tests.browser.harness import PHONE

PATHS = "() => document.querySelectorAll('[class*=\"st-key-card-regions-map\"] .choroplethlayer path').length"


@pytest.mark.parametrize(("lang", "width"), [("en", 1280), ("ur", PHONE["width"])], ids=["en-desktop", "ur-phone"])
def test_the_province_map_draws_its_districts_offline(server: str, browser: Any, lang: str, width: int) -> None:
    v = visit(browser, f"{server}/regions?region=pk-kp&lang={lang}", width=width)
    try:
        v.page.wait_for_function(f"() => ({PATHS})() >= 31", timeout=20_000)
        assert v.page.evaluate(PATHS) == 31  # 28 districts and 3 former districts drawn for context
        assert v.outside_requests == [], "the map asked for something outside this machine"
        base_maps = [u for u in v.requests if "/topojson/" in u]
        assert base_maps and all(u.startswith(server) for u in base_maps), base_maps  # the stub, not cdn.plot.ly
        assert v.our_failures == [] and real_console_errors(v) == []
        note = v.page.locator('[data-testid="stCaptionContainer"]', has_text="2019")
        assert note.count() >= 1  # who is not on the map, and whose boundaries these are, under the map
        box = v.page.locator('[class*="st-key-card-regions-map"] .main-svg').first.bounding_box()
        assert box is not None and box["width"] <= width  # the map fits the screen
    finally:
        v.page.close()
