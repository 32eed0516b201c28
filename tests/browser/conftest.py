"""A real server on a free port, driven by Debian's Chromium through Playwright.

The suite waits for the app the way Streamlit's own tests do: connected, no script running, no
skeleton left. One server and one browser serve the whole session; every page x language is
visited once (`observe`), and the page, accessibility and phone checks read that one visit.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from shafaf.i18n import LANGUAGES
from shafaf.navigation import PAGES, PageSpec
from tests.browser import axe_allowlist
from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    LANGS,
    PHONE,
    SETTLED,
    STREAMLIT_PROBE_404,
    is_local,
    launch,
    publish_demo,
    running_server,
    wait_ready,
)
from tests.pkgtools import ROOT

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "SETTLED", "STREAMLIT_PROBE_404"]

SCREENSHOTS = ROOT / "tests" / "browser" / "screenshots"  # ignored by git
# Scopes in which each page has charts on the demo data (a page without an initiative chosen, or a
# region without reports, may legitimately have none).
DEFAULT_SCOPE = {"region": "pk-kp"}
SCOPES: dict[str, dict[str, str]] = {"initiative": {"region": "pk-kp", "initiative": "e-challan"}}
PAGE_LANGS = [pytest.param(p, lang, id=f"{p.key}-{lang}") for p in PAGES for lang in LANGS]


def page_url(base: str, spec: PageSpec, lang: str, **extra: str) -> str:
    """The page's public URL in `lang`, in a scope where it has charts."""
    path = "/" if spec.default else f"/{spec.url_path}"
    params = {**SCOPES.get(spec.key, DEFAULT_SCOPE), "lang": lang, **extra}
    return f"{base}{path}?" + "&".join(f"{k}={v}" for k, v in params.items())


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over the published demo data; its base URL."""
    db = tmp_path_factory.mktemp("browser") / "shafaf.duckdb"
    publish_demo(db)
    log = tmp_path_factory.mktemp("log") / "server.log"
    try:
        with running_server(db, log) as base:
            yield base
    except RuntimeError as e:
        pytest.fail(str(e))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        try:
            b = launch(p)
        except RuntimeError as e:
            pytest.fail(str(e))
        yield b
        b.close()


@pytest.fixture(scope="session")
def phone(browser: Any) -> Iterator[Any]:
    """A phone-sized browser context (390x844, touch) whose HTTP cache every page view shares."""
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield ctx
    ctx.close()


@dataclass
class Visit:
    """What one page view did: console errors, requests, failed responses."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def outside_requests(self) -> list[str]:
        """Requests (and websockets) to anywhere but this machine."""
        return [u for u in self.requests if not is_local(u)]

    @property
    def our_failures(self) -> list[str]:
        """Failed responses, other than Streamlit's own base-path probes."""
        return [u for u in self.failed if not u.split("?")[0].endswith(STREAMLIT_PROBE_404)]


def visit(
    target: Any, url: str, *, width: int = DESKTOP["width"], height: int = DESKTOP["height"], timeout: float = 30_000
) -> Visit:
    """Open `url` in a new page of `target` (a browser or a browser context) and wait until the app is ready."""
    page = target.new_page()
    page.set_viewport_size({"width": width, "height": height})
    v = Visit(page)
    page.on("console", lambda m: v.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: v.console_errors.append(f"uncaught: {e}"))
    page.on("request", lambda r: v.requests.append(r.url))
    page.on("websocket", lambda ws: v.requests.append(ws.url))
    page.on("response", lambda r: v.failed.append(r.url) if r.status >= 400 else None)
    page.on("requestfailed", lambda r: v.failed.append(r.url))
    page.goto(url)
    wait_ready(page, timeout=timeout)
    return v


def real_console_errors(v: Visit) -> list[str]:
    """Console errors other than the 404s of Streamlit's base-path probes."""
    n_probe = len(v.failed) - len(v.our_failures)
    errors = list(v.console_errors)
    for _ in range(n_probe):
        for i, e in enumerate(errors):
            if "404" in e:
                del errors[i]
                break
    return errors


# --- one visit per page x language, shared by the page, phone and accessibility tests -------------

FACTS = """() => {
  const root = document.documentElement;
  const main = document.querySelector('[data-testid="stMain"]');
  const block = document.querySelector('[data-testid="stMainBlockContainer"]');
  const cards = [...document.querySelectorAll('[data-testid="stMainBlockContainer"] [class*="st-key-card-"]')];
  return {
    lang: root.getAttribute('lang'),
    dir: root.getAttribute('dir'),
    title: document.title,
    h1: [...document.querySelectorAll('h1')].map(h => h.innerText.trim()),
    exceptions: document.querySelectorAll('[data-testid="stException"]').length,
    not_found: document.body.innerText.includes('Page not found'),
    charts: document.querySelectorAll('[data-testid="stMainBlockContainer"] [data-testid="stPlotlyChart"]').length,
    plotted: document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg').length,
    cards_with_chart: cards.filter(c => c.querySelector('[data-testid="stPlotlyChart"]')).length,
    cards_with_chart_and_table: cards.filter(c => c.querySelector('[data-testid="stPlotlyChart"]')
      && c.querySelector('[data-testid="stExpanderDetails"] :is([data-testid="stDataFrame"], [data-testid="stTable"], table)')).length,
    main_dir: main ? getComputedStyle(main).direction : null,
    sidebar_dir: (() => { const s = document.querySelector('[data-testid="stSidebar"]');
                          return s ? getComputedStyle(s).direction : null; })(),
    viewport: window.innerWidth,
    widths: {
      document: root.scrollWidth,
      main: main ? main.scrollWidth : null,
      block: block ? block.scrollWidth : null,
    },
    main_height: main ? main.scrollHeight : 0,
  };
}"""
OPEN_CARD_TABLES = """() => {
  let n = 0;
  for (const card of document.querySelectorAll('[data-testid="stMainBlockContainer"] [class*="st-key-card-"]')) {
    const d = card.querySelector('details[data-testid="stExpander"], [data-testid="stExpander"] details');
    if (d && !d.open) { d.querySelector('summary').click(); n++; }
  }
  return n;
}"""


@dataclass
class Observed:
    """Everything the checks need from one page view at phone width."""

    spec: PageSpec
    lang: str
    url: str
    facts: dict[str, Any]
    console_errors: list[str]
    outside_requests: list[str]
    failures: list[str]
    axe: axe_allowlist.AxeReport
    screenshot: str


def _screenshot_whole_page(page: Any, path: str, height: int) -> None:
    """The whole page at phone width: Streamlit scrolls inside stMain, so grow the viewport, not the page."""
    page.set_viewport_size({"width": PHONE["width"], "height": max(PHONE["height"], min(height, 16_000))})
    page.wait_for_timeout(150)
    page.screenshot(path=path)
    page.set_viewport_size(PHONE)


def observe_page(context: Any, base: str, spec: PageSpec, lang: str) -> Observed:
    """Visit one page in one language at phone width; open the chart tables; run axe; take a screenshot."""
    url = page_url(base, spec, lang)
    v = visit(context, url, width=PHONE["width"], height=PHONE["height"])
    page = v.page
    try:
        page.evaluate(OPEN_CARD_TABLES)
        wait_ready(page)  # the tables mount lazily once their expander opens
        facts = page.evaluate(FACTS)
        axe = axe_allowlist.run_axe(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"{spec.key}-{lang}-phone.png"
        _screenshot_whole_page(page, str(shot), int(facts["main_height"]))
        (SCREENSHOTS / f"axe-{spec.key}-{lang}.json").write_text(
            json.dumps(axe.as_json(), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        return Observed(
            spec, lang, url, facts, real_console_errors(v), v.outside_requests, v.our_failures, axe, str(shot)
        )
    finally:
        page.close()


@pytest.fixture(scope="session")
def observed(server: str, phone: Any) -> Any:
    """observed(spec, lang): the one visit of that page in that language (made on first use)."""
    seen: dict[tuple[str, str], Observed] = {}

    def get(spec: PageSpec, lang: str) -> Observed:
        assert lang in LANGUAGES
        if (spec.key, lang) not in seen:
            seen[(spec.key, lang)] = observe_page(phone, server, spec, lang)
        return seen[(spec.key, lang)]

    return get
