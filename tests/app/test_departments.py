"""The Departments page on the demo as a smoke test: the scorecard, one department's page and its links, the
notices, and the measure widget. Its figures are tested on the view (tests/unit/views/test_departments_view.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from shafaf.store.reader import connect_read_only
from tests.app.conftest import page
from tests.pkgtools import FIXTURES, ROOT

PAGE = "pages/public/departments.py"


def query(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    """An independent query on the latest snapshot."""
    dep = Deployment(db)
    with connect_read_only(dep.snapshot_file(dep.current_id())) as con:
        return con.execute(sql).fetchall()


def table(at, first_column: str) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return next(d.value for d in at.dataframe if d.value.columns[0] == first_column)


def spec(at, key: str) -> dict:  # type: ignore[no-untyped-def]
    return next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id.endswith(f"chart-{key}"))


def test_unknown_department_shows_the_scorecard_of_every_department(demo: Path) -> None:
    at = page(PAGE, department="no-such-department")
    assert not at.exception and not at.error
    card = table(at, "Department")
    assert len(card) == query(demo, "SELECT count(*) FROM departments")[0][0]  # all seated in the province
    assert card.columns[-1] == "Transactions, last 12 months"  # each department's series, drawn in its cell
    assert spec(at, "departments-on-time")["data"][0]["type"] == "bar"
    assert "Download the scorecard (CSV)" in [b.proto.label for b in at.get("download_button")]
    assert any("median" in c.value.lower() for c in at.caption)


def test_department_page_and_its_links(demo: Path) -> None:
    at = page(PAGE, department="kp-traffic", region="pk-kp-pesh")
    assert not at.exception and not at.error
    assert at.header[0].value == "Traffic Police"
    assert list(table(at, "Digital service")["Digital service"]) == ["Online Driving Licence", "Traffic e-Challan"]
    links = [(link.proto.page, link.proto.query_string) for link in at.get("page_link")]
    assert ("initiative", "region=pk-kp-pesh&initiative=driving-licence") in links
    assert ("initiative", "region=pk-kp-pesh&initiative=e-challan") in links
    assert ("milestones", "region=pk-kp-pesh&department=kp-traffic") in links
    assert len(table(at, "Month")) == 12 and spec(at, "departments-adoption")["data"]


@pytest.fixture
def tiny_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "d" / "shafaf.duckdb"
    assert load_package(FIXTURES / "tiny", db).snapshot_id
    monkeypatch.setenv("SHAFAF_DB", str(db))
    st.cache_data.clear()
    st.cache_resource.clear()
    return db


def test_the_measure_widget_then_a_department_without_services(tiny_db: Path) -> None:
    # tiny has two headline measures that add up (transactions, users): the page offers the choice
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.run()
    at.switch_page(PAGE).run()
    choice = at.selectbox(key="departments.metric")
    assert choice.value == "transactions" and "Transactions in 2026-03" in table(at, "Department").columns
    choice.set_value("users").run()
    assert not at.exception and not at.error
    assert "Users in 2026-03" in table(at, "Department").columns
    assert at.selectbox(key="departments.metric").value == "users"
    at.query_params["region"], at.query_params["department"] = "p1", "dep2"  # dep2's only service is in p2
    at.run()
    assert not at.exception and at.header[0].value == "Dept Two"
    assert [i.value.replace("\\", "") for i in at.info] == ["Dept Two has no digital service in Province One."]
