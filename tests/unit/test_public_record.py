"""Issue 11, the public record: withdrawn rows stay, reasons are published, a history per service, what changed.

Scenario (tests/pkgtools.py): v1 is the tiny package with two funding lines (as_of 2026-03-15); v2 (as_of
2026-04-30) leaves out the overdue, blocked milestone m3 "Pilot" (planned 2026-01-01: 119 days late at
2026-04-30), moves m4 "Scale" nine months (2026-06-30 -> 2027-03-31, change_note "Vendor contract re-tendered"),
leaves out the rollout i3/d/planned and i2's Donor Fund line, and moves the as_of of i1's World Bank line.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from shafaf import metrics, narrative, public_record, queries
from shafaf.__main__ import main
from shafaf.store.changes import withdrawals
from shafaf.store.deployment import Deployment
from shafaf.store.preview import Preview, preview_package
from shafaf.store.publish import load_package
from shafaf.summary import compute_summary
from tests.pkgtools import make_withdrawal_v1, make_withdrawal_v2

REASON = "Merged into Scale after the province's review"


PREVIEWS: dict[str, Preview] = {}


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("record")
    db = root / "deploy" / "shafaf.duckdb"
    assert load_package(make_withdrawal_v1(root / "v1"), db).snapshot_id == "000001"
    PREVIEWS["v2"] = preview_package(make_withdrawal_v2(root / "v2"), db)  # what the desk sees before publishing
    r = load_package(
        root / "v2",
        db,
        reasons={"milestones:m3": REASON, "funding:i2|Donor Fund|USD": "  "},  # a blank reason is no reason
        confirmation="Checked with the department on 2026-05-02",
    )
    assert r.snapshot_id == "000002", [str(p) for p in r.problems]
    return db


def _con(db: Path, sid: str = "000002") -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(Deployment(db).snapshot_file(sid)), read_only=True)


def _name(entity: str, entity_id: str, field: str) -> str:
    return {("region", "d"): "District D", ("initiative", "i2"): "Pay", ("milestone", "m4"): "Scale"}.get(
        (entity, entity_id), entity_id
    )


def test_left_out_rows_are_withdrawn_with_their_last_version_lateness_and_reason(deployment: Path) -> None:
    con = _con(deployment)
    try:
        w = queries.withdrawn_by_initiative(con)
        pub = con.execute("SELECT snapshot_id, confirmation FROM publishes ORDER BY 1").fetchall()
        events = con.execute("SELECT event, table_name, row_key FROM history_withdrawals ORDER BY 2").fetchall()
    finally:
        con.close()
    assert list(zip(w["table_name"], w["row_key"], strict=True)) == [
        ("funding", "i2|Donor Fund|USD"),
        ("milestones", "m3"),
        ("rollouts", "i3|d|planned"),
    ]  # i1's World Bank line moved its as_of: a change, not a withdrawal
    m3 = w[w["row_key"] == "m3"].iloc[0]
    assert (m3["title"], m3["milestone_class"], bool(m3["blocked"]), int(m3["days_late"])) == (
        "Pilot",
        "overdue",
        True,
        119,
    )
    assert m3["reason"] == REASON and str(m3["as_of"])[:10] == "2026-04-30"
    assert [str(d)[:10] for d in m3["planned_dates"]] == ["2026-01-01"]
    assert w.loc[w["table_name"] == "funding", "reason"].isna().all()
    assert json.loads(m3["row_json"])["status"] == "blocked"
    assert events == [
        ("withdrawn", "funding", "i2|Donor Fund|USD"),
        ("withdrawn", "milestones", "m3"),
        ("withdrawn", "rollouts", "i3|d|planned"),
    ]
    assert pub == [("000001", None), ("000002", "Checked with the department on 2026-05-02")]


def test_counts_summary_and_on_time_rate_count_the_withdrawn_overdue_milestone_as_missed(
    deployment: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    con = _con(deployment)
    try:
        s = compute_summary(con)
    finally:
        con.close()
    # left: m1 on time, m2 late, m6 overdue, m4 upcoming, m5 cancelled; m3 withdrawn while overdue
    assert s["milestones"] == {"done_on_time": 1, "done_late": 1, "overdue": 1, "upcoming": 1, "cancelled": 1}
    assert (s["withdrawn"], s["withdrawn_overdue"]) == (1, 1)
    assert s["on_time_rate"] == pytest.approx(1 / 4)  # 1 / (1 + 1 + 1 + 1), not 1 / 3
    assert metrics.on_time_rate(s["milestones"]) == pytest.approx(1 / 3)
    assert main(["summary", "--db", str(deployment), "--json"]) == 0
    js = json.loads(capsys.readouterr().out)
    assert (js["withdrawn"], js["withdrawn_overdue"], js["on_time_rate"]) == (1, 1, 0.25)
    text = narrative.milestones_sentence(s["milestones"], s["on_time_rate"], "en", s["withdrawn_overdue"])
    assert text == (
        "Of 4 milestones due so far, 1 were done on time, 1 late and 1 are overdue (25% on time). "
        "Withdrawn while overdue, counted as missed: 1."
    )


def test_history_of_a_service_lists_withdrawals_and_replans_newest_first_with_reasons(deployment: Path) -> None:
    con = _con(deployment)
    try:
        h = queries.history_by_initiative(con, "i2")
    finally:
        con.close()
    table = public_record.history_table(h, _name, "en")
    pub = str(h["published_at"].iloc[0])[:10]  # the day v2 was published (today)
    assert table.values.tolist() == [
        [pub, "2026-04-30", "Withdrawn", "Donor Fund (USD)", "—", "Withdrawn", ""],
        [pub, "2026-04-30", "Withdrawn", "Pilot", "2026-01-01", "Withdrawn 119 days late", REASON],
        [pub, "2026-04-30", "Re-planned", "Scale", "2026-06-30", "2027-03-31", "Vendor contract re-tendered"],
    ]
    assert list(table.columns) == ["Published on", "Data as of", "Change", "What", "Before", "After", "Reason given"]
    older = pd.concat(
        [h, h.iloc[[2]].assign(published_at=pd.Timestamp("2020-01-01"), snapshot_id="000000", reason=None)]
    )
    assert public_record.history_table(older.iloc[::-1], _name, "en").iloc[-1, 0] == "2020-01-01"  # newest first
    # in Urdu and Pashto the record's dates and counts are in the reader's words, as every other table's
    ur = public_record.history_table(h, _name, "ur")
    assert ur.iloc[1, 1] == "30 اپریل، 2026" and ur.iloc[1, 4] == "1 جنوری، 2026"
    assert "119" in ur.iloc[1, 5] and ur.iloc[2, 5] == "31 مارچ، 2027"
    assert public_record.history_table(h, _name, "ps").iloc[1, 1] == "2026 اپریل 30"


def test_what_changed_names_rows_puts_withdrawals_and_replans_first_and_funding_moves_are_changes(
    deployment: Path,
) -> None:
    con = _con(deployment)
    try:
        changes = queries.changes_by_snapshot(con, "000002")
    finally:
        con.close()
    table = public_record.changes_table(changes, _name, "en")
    assert table.values.tolist() == [
        ["Withdrawn", "Donor Fund (USD)", "—", "Withdrawn", ""],
        ["Withdrawn", "Pilot", "2026-01-01", "Withdrawn 119 days late", REASON],
        ["Withdrawn", "District D · Planned", "—", "Withdrawn", ""],
        ["Re-planned", "Scale", "2026-06-30", "2027-03-31", "Vendor contract re-tendered"],
        ["Funding line updated", "World Bank (USD)", "as of 2026-01-31", "as of 2026-04-30", ""],
    ]
    assert "m3" not in table.to_string() and "Removed" not in set(table["Change"])


def test_a_row_that_comes_back_is_no_longer_withdrawn_and_history_keeps_both_facts(
    deployment: Path, tmp_path: Path
) -> None:
    db = tmp_path / "d" / "shafaf.duckdb"
    shutil.copytree(deployment.parent, db.parent, symlinks=True)
    assert load_package(make_withdrawal_v1(tmp_path / "v3"), db).snapshot_id == "000003"
    con = _con(db, "000003")
    try:
        assert queries.withdrawn_by_initiative(con).empty
        ev = con.execute("SELECT event, row_key, snapshot_id FROM history_withdrawals ORDER BY 3, 2").fetchall()
        replans = con.execute("SELECT reason FROM history_replans ORDER BY snapshot_id").fetchall()
    finally:
        con.close()
    assert ev == [
        ("withdrawn", "i2|Donor Fund|USD", "000002"),
        ("withdrawn", "i3|d|planned", "000002"),
        ("withdrawn", "m3", "000002"),
        ("returned", "i2|Donor Fund|USD", "000003"),
        ("returned", "i3|d|planned", "000003"),
        ("returned", "m3", "000003"),
    ]
    assert replans == [("Vendor contract re-tendered",), (None,)]  # the reason stays with its re-plan


def test_the_desk_is_told_which_rows_a_package_withdraws_and_which_were_overdue(deployment: Path) -> None:
    pv = PREVIEWS["v2"]
    assert pv.changes is not None and pv.changes.as_of == dt.date(2026, 4, 30)
    w = withdrawals(pv.changes)
    assert w[["reason_key", "name", "overdue"]].values.tolist() == [
        ["milestones:m3", "Pilot", True],
        ["rollouts:i3|d|planned", "", False],
        ["funding:i2|Donor Fund|USD", "Donor Fund", False],
    ]
    assert w["days_late"].tolist()[0] == 119 and pd.isna(w["days_late"].tolist()[1])


def test_snapshots_published_before_the_record_still_open(deployment: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    shutil.copy(Deployment(deployment).snapshot_file("000002"), old)
    con = duckdb.connect(str(old))
    for table in queries.RECORD_TABLES:
        con.execute(f"DROP TABLE {table}")
    con.execute("ALTER TABLE history_replans DROP COLUMN reason")
    con.execute("ALTER TABLE history_status_changes DROP COLUMN reason")
    con.close()
    con = duckdb.connect(str(old), read_only=True)
    try:
        assert queries.withdrawn_by_initiative(con).empty
        assert compute_summary(con)["withdrawn"] == 0
        h = queries.history_by_initiative(con, "i2")
        c = queries.changes_by_snapshot(con, "000002")
    finally:
        con.close()
    assert h[["kind", "entity_id", "new_value"]].values.tolist() == [["replan", "m4", "2027-03-31"]]
    assert set(c["kind"]) == {"replan", "removed"}  # the removals as they were recorded then


def test_the_desk_asks_a_reason_under_the_key_the_record_stores_it_by(deployment: Path) -> None:
    """The desk's reason fields are keyed as load_package's `reasons` (a funding line by service, funder, currency)."""
    from shafaf.officials.desk import reason_requests

    p = PREVIEWS["v2"]
    assert p.changes is not None
    asked = [(a.key, a.kind) for a in reason_requests(p.changes, p.as_of)]
    assert asked == [
        ("milestones:m3", "withdrawn"),  # overdue first
        ("rollouts:i3|d|planned", "withdrawn"),
        ("funding:i2|Donor Fund|USD", "withdrawn"),
    ]  # m4's re-plan carries its own change_note, so no reason is asked for it
