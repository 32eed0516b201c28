"""A deployment with both demo packages published, shared by the app tests of a module."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from shafaf.store.publish import load_package
from tests.pkgtools import ROOT

DEMO = [ROOT / "data" / "demo" / "2026-04", ROOT / "data" / "demo" / "2026-10"]


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "shafaf.duckdb"
    for pkg in DEMO:
        assert load_package(pkg, db).snapshot_id
    return db


_warm_module = [""]  # the module whose demo tests share the caches they have filled so far


@pytest.fixture
def demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Path:
    """SHAFAF_DB set to the demo deployment, with empty caches.

    A module whose tests only read the demo (no monkeypatching, nothing written) sets
    SHARE_DEMO_CACHES = True: its caches are then cleared before its first demo test only. The caches
    are keyed by the snapshot's path, so a later test draws exactly what it would have built; every
    page script still runs.
    """
    monkeypatch.setenv("SHAFAF_DB", str(demo_db))
    shared = getattr(request.module, "SHARE_DEMO_CACHES", False)
    if not (shared and _warm_module[0] == request.module.__name__):
        st.cache_data.clear()
        st.cache_resource.clear()
    _warm_module[0] = request.module.__name__ if shared else ""
    return demo_db


def app(**query: str) -> AppTest:
    """The dashboard with URL query parameters set, run once on its default page."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    return at


def page(path: str, **query: str) -> AppTest:
    """The dashboard opened straight on one page with URL query parameters, as a link to it opens it.

    (Switching pages after a first run is exercised by tests/app/test_pages.py.)
    """
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(path).run()
    # Before a first run AppTest names the page by its file name, which works because every page's
    # url_path is its file's stem; check that the page asked for is the page that ran.
    ran = at._finished_page_script_hash
    assert at.exception or ran == at._resolve_page_hash(str(ROOT / path)), f"{path} did not run"
    return at
