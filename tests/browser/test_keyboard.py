"""The filters with a keyboard alone: Tab reaches each of them, and arrows and Enter change one."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from shafaf.i18n import t
from shafaf.navigation import PAGES
from tests.browser.conftest import page_url, visit
from tests.browser.harness import DESKTOP, wait_ready

DEFAULT_PAGE = next(p for p in PAGES if p.default)
FOCUSED = """() => {
  const a = document.activeElement;
  return a ? {role: a.getAttribute('role'), label: a.getAttribute('aria-label'),
              in_sidebar: !!a.closest('[data-testid="stSidebar"]')} : null;
}"""
ACTIVE_OPTION = """() => {
  const id = document.activeElement.getAttribute('aria-activedescendant');
  const o = id && document.getElementById(id);
  return o ? o.innerText.trim() : null;
}"""


def _tab_to(page: Any, label: str, limit: int = 40) -> list[str]:
    """Press Tab until the combobox named `label` has focus; the comboboxes passed on the way."""
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUSED)
        if f and f["role"] == "combobox":
            seen.append(f["label"])
            if f["label"] == label:
                return seen
    raise AssertionError(f"{limit} presses of Tab never reached the {label!r} filter; reached {seen}")


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_filters_reachable_and_changed_by_keyboard(server: str, browser: Any, lang: str) -> None:
    v = visit(browser, page_url(server, DEFAULT_PAGE, lang), **DESKTOP)
    page = v.page
    labels = [t(f"filters.{k}", lang) for k in ("language", "region", "department", "initiative")]
    try:
        seen = _tab_to(page, labels[1])
        assert seen == labels[:2], "the language filter comes first, then the region"
        assert page.evaluate(FOCUSED)["in_sidebar"]

        page.keyboard.press("ArrowDown")  # opens the list on the current region
        page.keyboard.press("ArrowDown")  # the next region
        chosen = page.evaluate(ACTIVE_OPTION)
        assert chosen, "the open list shows no active option"
        page.keyboard.press("Enter")
        wait_ready(page)

        region = parse_qs(urlsplit(page.url).query).get("region", [None])[0]
        assert region not in (None, "pk-kp"), f"the URL did not follow the keyboard choice: {page.url}"
        shown = page.locator(f'[data-testid="stSidebar"] input[aria-label="{labels[1]}"]').input_value()
        assert chosen in shown, f"the filter shows {shown!r}, not the chosen {chosen!r}"
        # focus stays on the filter after the page reran, so a keyboard user is not thrown back to the top
        assert page.evaluate(FOCUSED)["label"] == labels[1]

        assert _tab_to(page, labels[3]) == labels[2:]
    finally:
        page.close()
