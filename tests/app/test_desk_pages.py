"""The officials' desk pages: /publish (sign-in, uploader, preview and problem views), /admin (record, roll back),
and the public publication history on /data."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from shafaf.auth import SESSION_KEY
from shafaf.csv_safe import neutralise
from shafaf.officials import desk
from shafaf.store.audit import Actor
from shafaf.store.deployment import Deployment
from shafaf.store.preview import preview_package
from shafaf.store.publish import load_package
from tests.authtools import official_record
from tests.pkgtools import ROOT, copy_fixture, make_tiny_v2, replace_in

PUBLISH = "pages/officials/publish.py"
ADMIN = "pages/officials/admin.py"
DATA = "pages/public/data.py"
PROBE = Path(__file__).parent / "desk_probe_app.py"


@pytest.fixture
def deployment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tiny package published twice (v1 from the command line, v2 by a publisher of dep1 and dep2)."""
    db = tmp_path / "deploy" / "shafaf.duckdb"
    assert load_package(copy_fixture(tmp_path / "v1"), db).snapshot_id == "000001"
    by = Actor.official("amina", "Amina Q.", frozenset({"dep1", "dep2"}))
    assert load_package(make_tiny_v2(tmp_path / "v2"), db, by=by).snapshot_id == "000002"
    monkeypatch.setenv("SHAFAF_DB", str(db))
    st.cache_data.clear()
    st.cache_resource.clear()
    return db


def _open(path: str, record: dict | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    if record is not None:
        at.session_state[SESSION_KEY] = record
    at.run()
    return at.switch_page(path).run()


def _frame(at: AppTest, column: str) -> pd.DataFrame:
    """The first table with `column` (AppTest does not expose a dataframe's key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _texts(at: AppTest) -> list[str]:
    return [e.value for kind in ("markdown", "warning", "error", "success", "info", "caption") for e in at.get(kind)]


def test_publish_page_asks_for_a_sign_in(deployment: Path) -> None:
    at = _open(PUBLISH, None)
    assert not at.exception
    assert "This page is for officials. Please sign in first." in _texts(at)
    assert not at.get("file_uploader")


def test_publish_page_offers_the_uploader_to_a_publisher(deployment: Path) -> None:
    at = _open(PUBLISH, official_record("amina", departments=["dep1"]))
    assert not at.exception
    assert any(s.startswith("Upload a data package as one .zip or .xlsx file (at most 50 MB)") for s in _texts(at))
    assert len(at.get("file_uploader")) == 1


def test_admin_page_is_for_admins_only(deployment: Path) -> None:
    at = _open(ADMIN, official_record("amina", departments=["dep1"]))
    assert "Your account is not allowed to use this page. Ask an administrator if you need it." in _texts(at)
    assert not at.dataframe


def test_admin_sees_who_published_and_refusals_and_rolls_back_after_confirming(
    deployment: Path, tmp_path: Path
) -> None:
    other = copy_fixture(tmp_path / "other")
    replace_in(other / "initiatives.csv", "i3,Other,dep2,payments,planned,,", "i3,Other,dep2,payments,live,,")
    refused = load_package(other, deployment, by=Actor.official("bilal", "Bilal", frozenset({"dep1"})))
    assert refused.refused == "departments"

    at = _open(ADMIN, official_record("root", role="admin", display_name="Root Admin"))
    assert not at.exception
    history = _frame(at, "Rows")
    assert list(history["Data version"]) == ["000002", "000001"]
    assert history["Who"][0] == "Amina Q. (amina, account)"
    assert history["Who"][1].endswith(", command line)")
    assert history["Action"].tolist() == ["Publication", "Publication"]
    assert len(history["Package SHA-256"][0]) == 64
    refusals = _frame(at, "Reason")
    assert refusals["Who"].tolist() == ["Bilal (bilal)"]
    assert refusals["Reason"].tolist() == ["rows of another department"]
    assert "department dep2" in refusals["Problem"][0]

    at.selectbox(key="admin.rollback_choice").set_value("000001").run()
    at.button(key="admin.rollback").click().run()
    assert Deployment(deployment).current_id() == "000002"  # not before the confirmation
    assert any(s.startswith("Publish version 000001 again as a new version") for s in _texts(at))
    at.button(key="admin.rollback_yes").click().run()
    assert not at.exception
    assert Deployment(deployment).current_id() == "000003"
    assert "Rolled back: version 000001 is published again as version 000003." in _texts(at)
    history = _frame(at, "Rows")
    assert history["Action"][0] == "Roll back to version 000001"
    assert history["Who"][0] == "Root Admin (root, account)"


def test_cancelled_roll_back_publishes_nothing(deployment: Path) -> None:
    at = _open(ADMIN, official_record("root", role="admin"))
    at.button(key="admin.rollback").click().run()
    at.button(key="admin.rollback_cancel").click().run()
    assert Deployment(deployment).current_id() == "000002"
    assert at.button(key="admin.rollback")  # back to the first step


def test_public_history_names_departments_not_people_and_shows_roll_backs(deployment: Path) -> None:
    desk.roll_back(deployment, "000001", actor=Actor.official("root", "Root Admin", None))
    at = _open(DATA, None)
    assert not at.exception
    h = _frame(at, "Action")
    assert list(h["Data version"]) == ["000003", "000002", "000001"]
    assert h["Action"].tolist() == ["Roll back to version 000001", "Publication", "Publication"]
    # a restricted publisher's publish is by their departments; others by the package's publisher
    assert h["Published by"].tolist() == ["Test Board", "Dept One, Dept Two", "Test Board"]
    assert len(h["Package SHA-256"][0]) == 64 and h["Rows"][0] > 0
    flat = h.astype(str).to_string()
    assert "amina" not in flat and "Amina" not in flat and "root" not in flat.lower().replace("root_", "")


def _probe(pkg: Path, db: Path, departments: list[str] | None) -> AppTest:
    at = AppTest.from_file(str(PROBE), default_timeout=90)
    at.session_state["probe.package"] = str(pkg)
    at.session_state["probe.db"] = str(db)
    at.session_state["probe.departments"] = departments
    return at.run()


def test_preview_view_shows_counts_replans_status_and_flags_other_departments(deployment: Path, tmp_path: Path) -> None:
    pkg = make_tiny_v2(tmp_path / "v3")
    replace_in(pkg / "milestones.csv", "m4,i2,Scale,,2026-08-31,", "m4,i2,Scale,,2026-09-30,")
    replace_in(pkg / "initiatives.csv", "i3,Other,dep2,payments,planned,,", "i3,Other,dep2,payments,live,,")
    at = _probe(pkg, deployment, ["dep1"])
    assert not at.exception
    counts = _frame(at, "Removed")
    assert counts.set_index("File").loc["initiatives.csv"].tolist() == [0, 1, 0]
    replans = _frame(at, "Planned now")
    assert replans.iloc[0].tolist() == ["m4", "i2", "2026-08-31", "2026-09-30"]
    status = _frame(at, "Status now")
    assert ("i3", "planned", "live") in set(
        zip(status["Key"], status["Status before"], status["Status now"], strict=True)
    )
    deps = _frame(at, "You may publish")
    assert deps.set_index("Department code")["You may publish"].to_dict() == {"dep1": "yes", "dep2": "no"}
    refused = _frame(at, "Problem")
    assert refused["Problem"].tolist() == [
        "this package changes row i3 of department dep2 (Dept Two); you may publish rows of dep1 only"
    ]
    assert "may publish: False; problems: 1" in _texts(at)


def test_problem_view_lists_every_problem_and_the_report_is_formula_safe(deployment: Path, tmp_path: Path) -> None:
    bad = copy_fixture(tmp_path / "bad")
    replace_in(bad / "metrics.csv", "i1,a,transactions,2026-01,100,", "i1,a,transactions,=HYPERLINK(1),100,")
    replace_in(bad / "metrics.csv", "i1,b,transactions,2026-01,300,", "i1,b,transactions,2026-13,300,")
    at = _probe(bad, deployment, None)
    assert not at.exception
    table = _frame(at, "Problem")
    assert table[["File", "Row", "Column"]].values.tolist() == [
        ["metrics.csv", 2, "month"],
        ["metrics.csv", 3, "month"],
    ]
    report = desk.problems_csv(preview_package(bad, deployment).problems)
    df = pd.read_csv(io.BytesIO(report), encoding="utf-8-sig")
    assert df.columns.tolist() == ["file", "row", "column", "message"]
    assert all(not str(m).startswith(("=", "+", "-", "@")) for m in df["message"])
    assert neutralise("=x") == "'=x"
