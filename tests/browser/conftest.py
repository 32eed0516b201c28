"""A real server on a free port, driven by Debian's Chromium through Playwright.

The suite waits for the app the way Streamlit's own tests do: connected, and no script running.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from shafaf.store.publish import load_package
from tests.pkgtools import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
]
SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning';
}"""
# Streamlit's frontend probes "<page path>/_stcore/host-config" and ".../health" to find its base
# path before falling back to "/_stcore/..."; those 404s are Streamlit's, not ours.
STREAMLIT_PROBE_404 = ("/_stcore/host-config", "/_stcore/health")
SCREENSHOTS = ROOT / "tests" / "browser" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (make browser-deps)")
    db = tmp_path_factory.mktemp("browser") / "shafaf.duckdb"
    for pkg in ("2026-04", "2026-10"):
        assert load_package(ROOT / "data" / "demo" / pkg, db).snapshot_id
    port = _free_port()
    log = (tmp_path_factory.mktemp("log") / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "shafaf.serve", "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT,
        env={**os.environ, "SHAFAF_DB": str(db)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the dashboard did not start; see {log.name}")
        time.sleep(0.3)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Visit:
    """What one page view did: console errors, requests, failed responses."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bytes_received: int = 0

    @property
    def outside_requests(self) -> list[str]:
        """Requests to anywhere but this machine."""
        ok = ("http://127.0.0.1", "ws://127.0.0.1", "http://localhost", "ws://localhost", "data:", "blob:")
        return [u for u in self.requests if not u.startswith(ok)]

    @property
    def our_failures(self) -> list[str]:
        """Failed responses, other than Streamlit's own base-path probes."""
        return [u for u in self.failed if not u.endswith(STREAMLIT_PROBE_404)]


def visit(browser: object, url: str, *, width: int = 1280, height: int = 900) -> Visit:
    """Open `url` in a new page and wait until the app has settled."""
    page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    v = Visit(page)
    page.on("console", lambda m: v.console_errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: v.requests.append(r.url))
    page.on("response", lambda r: v.failed.append(r.url) if r.status >= 400 else None)
    page.goto(url)
    page.wait_for_function(SETTLED, timeout=30_000)
    page.wait_for_timeout(300)  # let charts mount
    page.wait_for_function(SETTLED, timeout=30_000)
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
