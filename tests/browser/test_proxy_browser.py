"""Two public replicas and the desk behind Debian's nginx on loopback (deploy/nginx.conf.template, issue 14 point 3).

A reader's session stays on one replica; an official signs in and publishes through the proxy's desk; after
the publish both replicas show the new snapshot; the proxy hides /_stcore/metrics, has no sign-in or upload
on the public side, and answers 429 to a burst of /sign-in page loads on the desk.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shafaf.deploy import DeployError, Stack, running_stack
from shafaf.i18n import t
from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from tests.authtools import write_test_accounts
from tests.browser.conftest import real_console_errors, visit
from tests.browser.harness import DESKTOP, wait_ready
from tests.browser.test_desk_browser import SLOW, _go, _main, _sign_in, _upload
from tests.pkgtools import ROOT, zip_bytes

DEMO = ROOT / "data" / "demo"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, Path]]:
    """nginx in front of two public replicas and the desk, over a deployment with the April demo package."""
    folder = tmp_path_factory.mktemp("proxy")
    db = folder / "deploy" / "shafaf.duckdb"
    assert load_package(DEMO / "2026-04", db).snapshot_id == "000001"
    accounts = write_test_accounts(folder / "officials.yaml")
    config = folder / "config.yaml"
    config.write_text(f"database: {db}\naccounts_file: {accounts}\n", encoding="utf-8")
    mp = pytest.MonkeyPatch()
    for var in ("SHAFAF_DB", "SHAFAF_ACCOUNTS", "SHAFAF_CONFIG"):
        mp.delenv(var, raising=False)
    try:
        with running_stack(folder / "nginx", config=config, replicas=2) as s:
            warm([*s.replica_urls, s.desk_replica_url])
            yield s, db
    except DeployError as e:
        pytest.fail(str(e))
    finally:
        mp.undo()


def warm(urls: list[str]) -> None:
    """Every process runs its first page side by side (imports, caches), before the browser waits on each in turn."""
    sys.path.insert(0, str(ROOT / "bench"))
    import wsclient

    async def go() -> None:
        views = await asyncio.gather(*(wsclient.view(u, "") for u in urls))
        assert [v.error for v in views] == [None] * len(urls)

    # in a thread: Playwright's sync API keeps an event loop running in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, go()).result()


def connects(replica_url: str) -> int:
    """How many websocket sessions a replica has seen (its own /_stcore/metrics, asked directly)."""
    with urllib.request.urlopen(f"{replica_url}/_stcore/metrics", timeout=5) as r:
        text = r.read().decode()
    m = re.search(r'session_events_total\{type="connect"\} (\d+)', text)
    assert m, text
    return int(m.group(1))


def status(url: str, headers: dict[str, str] | None = None) -> int:
    """The HTTP status of a GET."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
            return int(r.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def test_a_publish_through_the_desk_reaches_both_replicas_and_a_session_stays_on_one(
    stack: tuple[Stack, Path], browser: Any
) -> None:
    s, db = stack
    before = [connects(u) for u in s.replica_urls]
    reader_ctx = browser.new_context(viewport=DESKTOP)
    desk_ctx = browser.new_context(viewport=DESKTOP)
    try:
        # a reader through the proxy: one replica holds the session, and a reload comes back to it
        reader = visit(reader_ctx, f"{s.public_url}/", timeout=SLOW)
        assert "data as of 2026-04-30" in _main(reader.page)
        assert t("pages.sign_in") not in reader.page.locator('[data-testid="stSidebarNav"]').inner_text()
        reader.page.reload()
        wait_ready(reader.page, timeout=SLOW)
        grown = [connects(u) - b for u, b in zip(s.replica_urls, before, strict=True)]
        assert sorted(grown) == [0, 2], grown  # both page loads' websockets reached the same replica
        assert reader.outside_requests == [] and real_console_errors(reader) == []

        # an official signs in on the desk through the proxy, uploads the October package, publishes
        official = visit(desk_ctx, f"{s.desk_url}/sign-in", timeout=SLOW)
        page = official.page
        _sign_in(page, "root")
        _go(page, t("pages.publish"))
        _upload(page, "october.zip", zip_bytes(DEMO / "2026-10"))
        assert t("desk.preview_against", snapshot="000001") in _main(page)
        page.get_by_role("button", name=t("desk.publish"), exact=True).click()
        page.get_by_text(t("desk.published", snapshot="000002")).wait_for(timeout=SLOW)
        assert Deployment(db).current_id() == "000002"
        assert official.outside_requests == [] and real_console_errors(official) == []

        # the reader's next page load shows it, and so does each replica asked directly
        reader.page.reload()
        wait_ready(reader.page, timeout=SLOW)
        assert "data as of 2026-10-31" in _main(reader.page)
        for url in s.replica_urls:
            direct = visit(reader_ctx, f"{url}/", timeout=SLOW)
            try:
                assert "data as of 2026-10-31" in _main(direct.page), url
            finally:
                direct.page.close()
    finally:
        reader_ctx.close()
        desk_ctx.close()


def test_the_proxy_hides_metrics_and_the_officials_area_from_the_public(stack: tuple[Stack, Path]) -> None:
    s, _db = stack
    assert status(f"{s.replica_urls[0]}/_stcore/metrics") == 200  # there, for the operator's monitoring
    assert status(f"{s.public_url}/_stcore/metrics") == 404
    assert status(f"{s.desk_url}/_stcore/metrics") == 404
    for path in ("/sign-in", "/publish", "/admin", "/_stcore/upload_file"):
        assert status(f"{s.public_url}{path}") == 404, path
    assert status(f"{s.public_url}/_stcore/health") == 200


def test_the_route_cookie_is_stable_where_streamlits_xsrf_cookie_is_not(stack: tuple[Stack, Path]) -> None:
    s, _db = stack
    with urllib.request.urlopen(f"{s.public_url}/_stcore/health", timeout=10) as r:
        cookies = r.headers.get_all("Set-Cookie")
    route = next(c.split(";")[0] for c in cookies if c.startswith("shafaf_route="))
    xsrf = next(c.split(";")[0] for c in cookies if c.startswith("_streamlit_xsrf="))
    with urllib.request.urlopen(
        urllib.request.Request(f"{s.public_url}/_stcore/health", headers={"Cookie": f"{route}; {xsrf}"}), timeout=10
    ) as r:
        again = r.headers.get_all("Set-Cookie")
    assert not any(c.startswith("shafaf_route=") for c in again)  # given once, then kept
    new_xsrf = next(c.split(";")[0] for c in again if c.startswith("_streamlit_xsrf="))
    assert new_xsrf != xsrf  # Streamlit re-masks it on every health check: no key to hash on


def test_a_burst_of_sign_in_page_loads_is_refused_with_429(stack: tuple[Stack, Path]) -> None:
    s, _db = stack
    codes = [status(f"{s.desk_url}/sign-in") for _ in range(12)]  # 10 a minute, a burst of 5
    assert codes[0] == 200
    assert 429 in codes and set(codes) <= {200, 429}, codes
