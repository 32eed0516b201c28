"""AppTest over every registered page: no exception, one title, a source caption."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from shafaf.navigation import PAGES
from shafaf.store.publish import load_package
from tests.pkgtools import FIXTURES, ROOT, copy_fixture, make_tiny_v2


@pytest.fixture
def published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "d" / "shafaf.duckdb"
    assert load_package(FIXTURES / "tiny", db).snapshot_id
    monkeypatch.setenv("SHAFAF_DB", str(db))
    st.cache_data.clear()
    st.cache_resource.clear()
    return db


@pytest.mark.parametrize("page", [p.path for p in PAGES])
def test_every_page_renders(published: Path, page: str) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    assert not at.error  # layout.page shows a page's exception as st.error, so check both
    assert len(at.title) == 1
    assert any("data as of" in c.value for c in at.caption)


def test_overview_shows_summary_and_picks_up_a_new_publish(published: Path, tmp_path: Path) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.run()
    assert not at.exception
    assert [m.value for m in at.metric][:3] == ["3", "2", "2 of 3"]
    assert any("2026-03-15" in c.value for c in at.caption)
    assert load_package(make_tiny_v2(tmp_path / "v2"), published).snapshot_id == "000002"
    at.run()
    assert any("2026-04-30" in c.value for c in at.caption)


def test_overview_without_data_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHAFAF_DB", str(tmp_path / "none" / "shafaf.duckdb"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.run()
    assert not at.exception
    assert "No data has been published" in at.info[0].value


def test_demo_banner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = copy_fixture(tmp_path / "demo")
    (pkg / "package.yaml").write_text((pkg / "package.yaml").read_text() + "demo: true\n", encoding="utf-8")
    db = tmp_path / "d" / "shafaf.duckdb"
    assert load_package(pkg, db).snapshot_id
    monkeypatch.setenv("SHAFAF_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.run()
    assert "demo data" in at.warning[0].value
