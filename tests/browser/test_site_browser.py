"""The static edition in a real browser with JavaScript off (issue 14): readable, right-to-left, on the machine.

The site of the tiny fixture is built once for the module and served from a plain loopback HTTP server
with the headers /site/ sends (shafaf.ui.site_routes.HEADERS: the strict Content-Security-Policy), so a
style, font or image the policy would block shows up as a console error here. Each page is opened at
390 px in a context with JavaScript disabled: its content (title, the "data as of" line, a table),
`lang` and `dir`, no console error, no request off loopback (every request is routed and its host
recorded), and nothing wider than the phone except inside a table's sideways-scrolling box. axe needs
JavaScript, so it runs in a separate context, with timeouts, on the same page. Screenshots of the
Urdu and Pashto pages go to tests/browser/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from shafaf.fmt import date
from shafaf.i18n import t
from shafaf.reads import Reads
from shafaf.site import build_site
from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from shafaf.ui.site_routes import HEADERS
from tests.browser import axe_allowlist
from tests.browser.conftest import SCREENSHOTS
from tests.browser.harness import LANGS, LOCAL_HOSTS, PHONE
from tests.conftest import TINY

AS_OF = "2026-03-15"  # the tiny fixture's "data as of"
PAGES = ("regions/c.html", "overview/p1.html", "index.html")
TIMEOUT_MS = 15_000
# Every element's box, outside the tables' scrolling boxes, within the viewport; the boxes themselves too.
WIDTHS = """() => {
  const w = window.innerWidth, wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const inBox = el.parentElement && el.parentElement.closest('.scroll');
    if (inBox) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > w + 0.5 || r.left < -0.5)) {
      wide.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  const heads = [...document.querySelectorAll('thead th')].map(th => th.getBoundingClientRect().height);
  return {viewport: w, document: document.documentElement.scrollWidth, wide, tallest_heading: Math.max(0, ...heads)};
}"""
FACTS = """() => ({
  lang: document.documentElement.getAttribute('lang'),
  dir: document.documentElement.getAttribute('dir'),
  title: document.title,
  h1: [...document.querySelectorAll('h1')].map(h => h.innerText.trim()),
  source: [...document.querySelectorAll('main > p.source')].map(p => p.innerText.trim()),
  tables: document.querySelectorAll('main table').length,
  scripts: document.scripts.length,
})"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        for k, v in HEADERS.items():
            self.send_header(k, v)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the test reads the browser, not the log
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The tiny fixture's static edition, served on loopback; its base URL."""
    root = tmp_path_factory.mktemp("site-browser")
    db = root / "deploy" / "shafaf.duckdb"
    sid = load_package(TINY, db).snapshot_id
    reads = Reads.open(Deployment(db).snapshot_file(sid), sid)
    try:
        build_site(reads, root / "site", lambda line: None)
    finally:
        reads.con.close()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(root / "site"))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def no_js(browser: Any) -> Iterator[Any]:
    """A phone with JavaScript disabled, every request routed: loopback goes through, anything else is stopped."""
    ctx = browser.new_context(viewport=PHONE, java_script_enabled=False)
    ctx.set_default_timeout(TIMEOUT_MS)
    ctx.hosts = []  # type: ignore[attr-defined]

    def route(r: Any) -> None:
        host = urlsplit(r.request.url).hostname or ""
        ctx.hosts.append(host)
        if host in LOCAL_HOSTS:
            r.continue_()
        else:
            r.abort()

    ctx.route("**/*", route)
    yield ctx
    ctx.close()


def _open(ctx: Any, url: str) -> tuple[Any, list[str]]:
    page = ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="load", timeout=TIMEOUT_MS)
    page.wait_for_timeout(200)  # a late font or icon request would show here
    return page, errors


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("rel", PAGES)
def test_page_reads_without_javascript_on_a_phone(site: str, no_js: Any, lang: str, rel: str) -> None:
    page, errors = _open(no_js, f"{site}/{lang}/{rel}")
    try:
        facts = page.evaluate(FACTS)
        widths = page.evaluate(WIDTHS)
        if lang != "en" and rel.startswith("regions/"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shot = SCREENSHOTS / f"site-{rel.split('/')[0]}-{lang}-phone.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
    finally:
        page.close()
    assert errors == []
    assert set(no_js.hosts) <= LOCAL_HOSTS, no_js.hosts
    assert facts["lang"] == lang and facts["dir"] == ("rtl" if lang in ("ur", "ps") else "ltr")
    assert facts["title"].endswith(t("app.name", lang)) and len(facts["h1"]) == 1 and facts["scripts"] == 0
    assert any(date(AS_OF, lang) in s for s in facts["source"]), facts["source"]  # "Source ... data as of ..."
    if rel != "index.html":
        assert facts["tables"] >= 1
    assert widths["document"] <= PHONE["width"] and widths["wide"] == [], widths
    assert widths["tallest_heading"] < 200, widths  # no column squeezed to a letter a line


@pytest.mark.parametrize("lang", LANGS)
def test_axe_with_javascript_on_a_phone(site: str, browser: Any, lang: str) -> None:
    """axe is injected by script: its own context with JavaScript on, the same page."""
    ctx = browser.new_context(viewport=PHONE)
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        for rel in PAGES:
            page = ctx.new_page()
            page.goto(f"{site}/{lang}/{rel}", wait_until="domcontentloaded", timeout=TIMEOUT_MS)
            report = axe_allowlist.run_axe(page)
            page.close()
            assert report.failing == [], f"{report.url}:\n  " + "\n  ".join(n.describe() for n in report.failing)
    finally:
        ctx.close()
