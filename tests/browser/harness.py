"""The browser harness shared by tests/browser and bench/browser_overview.py (no pytest in here).

A real `python -m shafaf.serve` on a free port, over the demo data, driven by Debian's Chromium
through Playwright. The app is "ready" the way Streamlit's own e2e suite waits for it: connected,
no script running, and no skeleton left (lazily loaded elements such as Plotly charts have mounted).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
DEMO_PACKAGES = ("2026-04", "2026-10")
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
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LANGS = ("en", "ur", "ps")
SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning';
}"""
# settled, every lazily loaded element (Plotly, the data grid) has replaced its skeleton, and no
# element is still faded as stale from the previous run (axe would measure its faded contrast)
READY = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && !!document.querySelector('[data-testid="stMainBlockContainer"] h1')
    && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0
    && document.querySelectorAll('[data-stale="true"]').length === 0;
}"""
# Streamlit's frontend probes "<page path>/_stcore/host-config" and ".../health" to find its base
# path before falling back to "/_stcore/..."; those 404s are Streamlit's, not ours.
STREAMLIT_PROBE_404 = ("/_stcore/host-config", "/_stcore/health")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def is_local(url: str) -> bool:
    """True for a URL that stays on this machine (loopback, data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "") in LOCAL_HOSTS


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def publish_demo(db: Path) -> None:
    """Publish the demo packages into a fresh deployment at `db`, through the real load path."""
    from shafaf.store.publish import load_package

    for pkg in DEMO_PACKAGES:
        if not load_package(ROOT / "data" / "demo" / pkg, db).snapshot_id:
            raise RuntimeError(f"demo package {pkg} did not publish")


@contextmanager
def running_server(db: Path, log_path: Path, *, port: int | None = None, timeout: float = 60) -> Iterator[str]:
    """`python -m shafaf.serve` over `db` on a free port; yields its base URL, stops it on exit."""
    port = port or free_port()
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "shafaf.serve", "--server.port", str(port), "--server.address", "127.0.0.1"],
            cwd=ROOT,
            env={**os.environ, "SHAFAF_DB": str(db)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the dashboard did not start; see {log_path}")
                time.sleep(0.3)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def launch(playwright: Any) -> Any:
    """Debian's Chromium, headless, with no background traffic (Playwright's own download fails offline)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: `make browser-deps` installs Debian's chromium")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_ready(page: Any, timeout: float = 30_000) -> None:
    """Wait until the app has run its script and mounted every element (Streamlit's own e2e wait)."""
    page.wait_for_timeout(200)  # a rerun may not have flipped the state to "running" yet
    page.wait_for_function(READY, timeout=timeout)
    page.wait_for_timeout(250)  # React commits the last elements; a late rerun would show here
    page.wait_for_function(READY, timeout=timeout)
