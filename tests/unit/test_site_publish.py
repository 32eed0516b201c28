"""The static edition published with its snapshot (`static_site: true`) and served at /site/ (issue 14 point 1).

The site is built in the snapshot's build folder before the build is made current, so the app (the current
snapshot) and /site/ (the current snapshot's site/) change together; a failed site build publishes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from shafaf.__main__ import main
from shafaf.settings import SettingsError, load_settings
from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from shafaf.ui import data, site_routes
from tests.asgitools import asgi_get
from tests.conftest import TINY
from tests.pkgtools import make_tiny_v2


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A deployment with static_site: true and the tiny package published (000001) through `load`."""
    tmp = tmp_path_factory.mktemp("sitepub")
    db = tmp / "deploy" / "shafaf.duckdb"
    cfg = tmp / "config.yaml"
    cfg.write_text(f"database: {db}\nstatic_site: true\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SHAFAF_CONFIG", str(cfg))
        mp.delenv("SHAFAF_DB", raising=False)
        assert _get("/site/")[0] == 404  # nothing published yet: a short page, no traceback
        assert main(["load", str(TINY), "--quiet"]) == 0
        yield db


def _get(path: str) -> tuple[int, dict[str, str], bytes]:
    """GET `path` through the routes as ASGI (no network)."""
    return asgi_get(site_routes.routes(), path)


def test_a_failed_site_build_publishes_nothing(config: Path, tmp_path: Path) -> None:
    def broken(build: Path, sid: str) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        load_package(make_tiny_v2(tmp_path / "v2"), config, extras=broken)
    assert Deployment(config).current_id() == "000001"
    assert not (config.parent / "snapshots" / "000002").exists()
    assert _get("/site/en/overview/c.html")[1]["x-shafaf-snapshot"] == "000001"


def test_only_the_sites_own_files_are_served(config: Path) -> None:
    status, _, body = _get("/site/")
    assert status == 200 and b'<a href="en/index.html"' in body
    assert _get("/site")[0] == 308
    assert _get("/site/en/feed.xml")[1]["content-type"] == "application/atom+xml"
    assert "max-age=86400" in _get("/site/fonts/NotoNaskhArabic-Regular.woff2")[1]["cache-control"]
    for bad in ("/site/../manifest.json", "/site/.shafaf-site", "/site/en/../../snapshot.duckdb", "/site/x.py"):
        status, _, body = _get(bad)
        assert status == 404 and b"Traceback" not in body, bad
    assert site_routes.locate("../snapshot.duckdb") is None
    assert site_routes.locate("en/%2e%2e/index.html") is None


def test_the_apps_plain_page_link_is_there_only_for_the_current_snapshots_own_pages(config: Path) -> None:
    sid = data.current().snapshot_id
    assert site_routes.served(sid, "ur/overview/c.html") == "/site/ur/overview/c.html"
    assert site_routes.served(sid, "en/overview/nowhere.html") is None  # no such page in the edition
    assert site_routes.served(sid, None) is None  # a view the edition does not have
    assert site_routes.served("000000", "en/overview/c.html") is None  # an older snapshot: not its edition


def test_chart_pages_may_be_framed_by_the_configured_origins_and_nothing_else(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chart, page = "/site/en/overview/c/overview-trend-transactions.html", "/site/en/overview/c.html"
    for path in (chart, page):  # by default: only the site itself, whatever the page
        status, headers, _ = _get(path)
        assert status == 200 and headers["content-security-policy"].endswith("; frame-ancestors 'self'"), path
        assert headers["x-frame-options"] == "SAMEORIGIN"
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        f"database: {config}\nframe_ancestors: [https://news.example.org, 'https://*.example.com:8443']\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SHAFAF_CONFIG", str(cfg))
    status, headers, _ = _get(chart)
    assert status == 200 and "x-frame-options" not in headers
    csp = headers["content-security-policy"]
    assert csp.endswith("; frame-ancestors 'self' https://news.example.org https://*.example.com:8443")
    assert csp.startswith("default-src 'none'; style-src 'self';")  # the rest of the policy is unchanged
    for other in (page, "/site/en/overview/c/transactions-c.csv", "/site/en/index.html"):  # still only 'self'
        headers = _get(other)[1]
        assert headers["content-security-policy"].endswith("frame-ancestors 'self'") and headers["x-frame-options"]


@pytest.mark.parametrize(
    "bad", ["https://x.org/path", "x.org", "https://a.org; script-src *", "'unsafe-inline'", "*", "https://a b.org", 3]
)
def test_frame_ancestors_must_be_origins(tmp_path: Path, bad: object) -> None:
    cfg = tmp_path / "config.yaml"
    cfg.write_text(yaml.safe_dump({"frame_ancestors": [bad]}), encoding="utf-8")
    with pytest.raises(SettingsError, match="frame_ancestors must list origins"):
        load_settings(cfg)
    cfg.write_text("frame_ancestors: https://x.org\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="frame_ancestors must be a list"):
        load_settings(cfg)


def test_load_publishes_the_site_with_its_snapshot_and_both_switch_together(config: Path, tmp_path: Path) -> None:
    status, headers, body = _get("/site/en/overview/c.html")
    assert status == 200 and headers["x-shafaf-snapshot"] == "000001"
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in headers["content-security-policy"]
    assert b"data as of 2026-03-15" in body
    seen_during_build: list[tuple[str | None, str | None]] = []

    def watch(build: Path, sid: str) -> None:  # while the new site is being written, both still show the old
        found = site_routes.locate("en/overview/c.html")
        cur = data.current()
        seen_during_build.append((cur.snapshot_id if cur else None, found[1] if found else None))

    from shafaf.site_build import snapshot_site

    build_site_too = snapshot_site(lambda _m: None)

    def both(build: Path, sid: str) -> None:
        build_site_too(build, sid)
        watch(build, sid)

    assert load_package(make_tiny_v2(tmp_path / "v2"), config, extras=both).snapshot_id == "000002"
    assert seen_during_build == [("000001", "000001")]
    status, headers, body = _get("/site/en/overview/c.html")
    assert (status, headers["x-shafaf-snapshot"], data.current().snapshot_id) == (200, "000002", "000002")
    assert b"data as of 2026-04-30" in body
    assert (Deployment(config).snapshot_file("000002").parent / "site" / "sitemap.xml").is_file()


def test_the_hook_turns_a_failed_build_into_a_store_error(tmp_path: Path) -> None:
    from shafaf.site_build import snapshot_site
    from shafaf.store.deployment import StoreError

    with pytest.raises(StoreError, match="static edition of snapshot 000009 could not be built"):
        snapshot_site(lambda _m: None)(tmp_path, "000009")  # no snapshot file in this build folder


def test_the_desk_passes_the_hook_to_the_publish(config: Path, tmp_path: Path) -> None:
    from shafaf.officials import desk
    from shafaf.store.audit import Actor

    if Deployment(config).current_id() == "000001":  # run alone: publish a second version to roll back from
        assert load_package(make_tiny_v2(tmp_path / "v2"), config).snapshot_id
    seen: list[str] = []
    actor = Actor("admin", "Admin", "account", None)
    result = desk.roll_back(config, "000001", actor=actor, extras=lambda build, sid: seen.append(sid))
    assert result.snapshot_id is not None and seen == [result.snapshot_id]  # the admin's roll-back builds it too


def test_site_current_builds_the_edition_of_a_snapshot_published_without_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`make run`'s step: a deployment loaded with static_site off gets its edition at /site/ (docs/site.md)."""
    db = tmp_path / "deploy" / "shafaf.duckdb"
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"database: {db}\n", encoding="utf-8")  # static_site: false, the default
    monkeypatch.setenv("SHAFAF_CONFIG", str(cfg))
    monkeypatch.delenv("SHAFAF_DB", raising=False)
    assert main(["site", "--current", "--quiet"]) == 1  # nothing published yet
    assert "nothing is published" in capsys.readouterr().err
    assert main(["load", str(TINY), "--quiet"]) == 0
    folder = Deployment(db).snapshot_file("000001").parent / "site"
    assert not folder.exists() and _get("/site/")[0] == 404  # published without its edition
    assert main(["site", "--current", "--if-missing"]) == 0
    said = capsys.readouterr()
    assert "building the static edition of snapshot 000001" in said.err and "site: overview: 6 view(s)" in said.err
    out = said.out
    assert "built the static edition of snapshot 000001" in out and "served at /site/" in out
    status, headers, body = _get("/site/en/overview/c.html")
    assert (status, headers["x-shafaf-snapshot"]) == (200, "000001") and b"data as of 2026-03-15" in body
    assert not list(folder.parent.glob(".site.*"))  # built beside it, renamed into place
    marker = (folder / ".shafaf-site").stat().st_mtime_ns
    assert main(["site", "--current", "--if-missing", "--quiet"]) == 0  # there already: left as it is
    assert "already built" in capsys.readouterr().out
    assert (folder / ".shafaf-site").stat().st_mtime_ns == marker
    assert main(["site", "--current", "--quiet"]) == 0  # without --if-missing: built again, swapped in whole
    assert (folder / ".shafaf-site").stat().st_mtime_ns != marker
    assert main(["site", str(tmp_path / "x"), "--current", "--quiet"]) == 2  # a folder or --current, not both
    assert main(["site", str(tmp_path / "x"), "--if-missing", "--quiet"]) == 2
