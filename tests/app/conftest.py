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


@pytest.fixture
def demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SHAFAF_DB", str(demo_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    return demo_db


def app(**query: str) -> AppTest:
    """The dashboard with URL query parameters set, run once on its default page."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    return at


def page(path: str, **query: str) -> AppTest:
    """The dashboard opened on one page with URL query parameters."""
    at = app(**query)
    if path != "pages/public/overview.py":
        at.switch_page(path).run()
    return at
