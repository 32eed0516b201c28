"""Issue 11 on the pages: a withdrawn milestone stays on its service's page and the tracker, with its reason."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st

from shafaf.store.publish import load_package
from tests.app.conftest import page
from tests.pkgtools import make_withdrawal_v1, make_withdrawal_v2

REASON = "Merged into Scale after the province's review"


@pytest.fixture(scope="module")
def record_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("record-pages")
    db = root / "deploy" / "shafaf.duckdb"
    assert load_package(make_withdrawal_v1(root / "v1"), db).snapshot_id
    assert load_package(make_withdrawal_v2(root / "v2"), db, reasons={"milestones:m3": REASON}).snapshot_id
    return db


@pytest.fixture
def record(record_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SHAFAF_DB", str(record_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    return record_db


def _table(at, first_column: str) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return next(d.value for d in at.dataframe if d.value.columns[0] == first_column)


def test_the_service_page_keeps_the_withdrawn_milestone_and_its_history(record: Path) -> None:
    at = page("pages/public/initiative.py", initiative="i2")
    assert not at.exception and not at.error
    gone = _table(at, "Milestone")  # the first such table is the timeline's; the withdrawn one follows
    withdrawn = [d.value for d in at.dataframe if "Every planned date" in d.value.columns]
    assert len(withdrawn) == 1 and "Pilot" not in set(gone["Milestone"])
    assert withdrawn[0].values.tolist() == [["Pilot", "2026-01-01", "Overdue", "119", withdrawn[0].iloc[0, 4], REASON]]
    history = _table(at, "Published on")
    assert history[["Change", "What", "Reason given"]].values.tolist() == [
        ["Withdrawn", "Donor Fund (USD)", ""],
        ["Withdrawn", "Pilot", REASON],
        ["Re-planned", "Scale", "Vendor contract re-tendered"],
    ]


def test_the_tracker_counts_and_lists_the_withdrawal_with_its_reason(record: Path) -> None:
    at = page("pages/public/milestones.py")
    assert not at.exception and not at.error
    assert any(m.value == "1 overdue, 1 withdrawn while overdue" for m in at.markdown)
    on_time = next(m for m in at.metric if m.label == "Milestones on time")
    assert on_time.value == "25%"  # 1 of 4 due: the withdrawn overdue milestone counts as missed
    withdrawn = next(d.value for d in at.dataframe if "Every planned date" in d.value.columns)
    assert withdrawn[["Milestone", "Digital service", "Reason given"]].values.tolist() == [["Pilot", "Pay", REASON]]


def test_overview_what_changed_and_an_earlier_snapshot_banner(record: Path) -> None:
    at = page("pages/public/overview.py")
    assert not at.exception and not at.error
    changes = _table(at, "Change")
    assert changes[["Change", "What"]].values.tolist()[:2] == [
        ["Withdrawn", "Donor Fund (USD)"],
        ["Withdrawn", "Pilot"],
    ]
    old = page("pages/public/overview.py", snapshot="000001")
    banner = " ".join(i.value for i in old.info)
    assert "(snapshot 000001), describing the situation on 2026-03-15" in banner
