"""Destructive publishes on the desk: removals by name, the confirmation rule, reasons asked, "nothing changed"."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from shafaf.officials import desk
from shafaf.store.audit import Actor, read_refusals
from shafaf.store.changes import ChangeSet, TableChanges
from shafaf.store.deployment import Deployment
from shafaf.store.preview import Preview, preview_package
from shafaf.store.publish import load_package
from tests.pkgtools import ROOT, cli, copy_fixture, replace_in

AS_OF = dt.date(2026, 4, 30)


def _ms(change: str, mid: str, title: str, planned: str, actual: str | None, status: str | None, **extra: str) -> dict:
    return {
        "change": change,
        "key": mid,
        "row.milestone_id": mid,
        "row.initiative_id": "svc",
        "row.title": title,
        "row.planned_date": planned,
        "row.actual_date": actual,
        "row.status": status,
        **{f"row.{k}": v for k, v in extra.items()},
    }


def _changes(tables: dict[str, TableChanges], replans: pd.DataFrame | None = None) -> ChangeSet:
    return ChangeSet(
        "000001",
        tables,
        [],
        replans if replans is not None else pd.DataFrame(),
        pd.DataFrame(),
        frozenset(),
        0,
        {},
    )


def _milestones() -> TableChanges:
    rows = [
        _ms("changed", "m4", "Scale", "2027-03-31", None, None),
        _ms("changed", "m8", "Noted", "2027-01-31", None, None, change_note="Vendor contract re-tendered"),
        _ms("removed", "m3", "Pilot", "2026-01-01", None, "blocked"),  # overdue: 119 days on 2026-04-30
        _ms("removed", "m5", "Plan", "2026-02-01", None, "cancelled"),  # cancelled: not overdue
        _ms("removed", "m6", "Done", "2026-02-01", "2026-03-01", None),  # done late: not overdue
        _ms("removed", "m7", "Later", "2026-09-01", None, None),  # upcoming
        _ms("removed", "m9", "Older", "2025-04-30", None, None),  # overdue: 365 days
    ]
    return TableChanges("milestones", 0, 2, 5, pd.DataFrame(rows))


def _regions(removed: int) -> TableChanges:
    rows = [
        {"change": "removed", "key": f"r{i}", "row.region_id": f"r{i}", "row.name": f"Region {i}"}
        for i in range(removed)
    ]
    return TableChanges("regions", 0, 0, removed, pd.DataFrame(rows))


REPLANS = pd.DataFrame(
    {
        "milestone_id": ["m4", "m8"],
        "initiative_id": ["svc", "svc"],
        "old_planned_date": [pd.Timestamp("2026-06-30"), pd.Timestamp("2026-06-30")],
        "new_planned_date": [pd.Timestamp("2027-03-31"), pd.Timestamp("2027-01-31")],
    }
)


def test_removals_are_named_with_overdue_milestones_first() -> None:
    c = _changes({"regions": _regions(2), "milestones": _milestones()})
    got = [(r.table, r.key, r.name, r.days_late) for r in desk.removals(c, AS_OF)]
    assert got == [
        ("milestones", "m9", "Older (svc)", 365),
        ("milestones", "m3", "Pilot (svc)", 119),
        ("milestones", "m5", "Plan (svc)", None),
        ("milestones", "m6", "Done (svc)", None),
        ("milestones", "m7", "Later (svc)", None),
        ("regions", "r0", "Region 0", None),
        ("regions", "r1", "Region 1", None),
    ]
    frame = desk.removals_frame(desk.removals(c, AS_OF), "en")
    assert list(frame.columns) == ["File", "Name", "Key", "Days late"]
    assert frame.iloc[0].tolist() == ["milestones.csv", "Older (svc)", "m9", 365]


def test_destructive_when_an_overdue_milestone_is_withdrawn_or_more_than_a_tenth_removed() -> None:
    # 5 of 60 milestones (8.3%): destructive only because two of them were overdue
    d = desk.destruction(_changes({"milestones": _milestones()}), {"milestones": 60}, AS_OF)
    assert [r.key for r in d.overdue_withdrawn] == ["m9", "m3"] and d.big_removals == [] and d.destructive
    # the same removals judged on 2025-04-01: nothing was overdue yet, and 5 of 60 is under 10%
    assert not desk.destruction(
        _changes({"milestones": _milestones()}), {"milestones": 60}, dt.date(2025, 4, 1)
    ).destructive
    # 4 of 44 regions (9.1%) is not destructive; 5 of 44 (11.4%) is
    assert not desk.destruction(_changes({"regions": _regions(4)}), {"regions": 44}, AS_OF).destructive
    d = desk.destruction(_changes({"regions": _regions(5)}), {"regions": 44}, AS_OF)
    assert d.big_removals == [("regions", 5, 44)] and d.overdue_withdrawn == []
    # removed milestones beyond the listed rows might be overdue: destructive
    more = _milestones()
    more.removed = 7
    assert desk.destruction(_changes({"milestones": more}), {"milestones": 1000}, AS_OF).unlisted_milestones == 2


def test_reasons_are_asked_for_each_withdrawal_and_each_replan_without_a_change_note() -> None:
    c = _changes({"milestones": _milestones(), "regions": _regions(1)}, REPLANS)
    asks = [(a.key, a.kind, a.name, a.detail) for a in desk.reason_requests(c, AS_OF)]
    assert asks == [
        ("milestones:m9", "withdrawn", "Older (svc)", "365"),
        ("milestones:m3", "withdrawn", "Pilot (svc)", "119"),
        ("milestones:m5", "withdrawn", "Plan (svc)", ""),
        ("milestones:m6", "withdrawn", "Done (svc)", ""),
        ("milestones:m7", "withdrawn", "Later (svc)", ""),
        ("milestones:m4", "replanned", "Scale (svc)", "2026-06-30 → 2027-03-31"),  # m8 has its change_note
    ]  # a removed region is no withdrawal from the record


def test_clean_reason_trims_collapses_and_limits() -> None:
    assert desk.clean_reason("  Replaced by\n the  national portal ") == "Replaced by the national portal"
    assert desk.clean_reason(" \n\t ") is None and desk.clean_reason(None) is None
    assert len(desk.clean_reason("x" * 900) or "") == desk.REASON_MAX_CHARS


def _preview(changes: ChangeSet, counts: dict[str, int]) -> Preview:
    return Preview("p.zip", "sha", "000001", [], 0, changes, as_of=AS_OF, previous_counts=counts)


def test_publish_stays_blocked_until_confirmed_with_a_reason() -> None:
    p = _preview(_changes({"milestones": _milestones()}), {"milestones": 60})
    assert desk.publish_blocker(p, confirmed=False, confirmation=None) == "confirm_needed"
    assert desk.publish_blocker(p, confirmed=True, confirmation="   ") == "confirm_needed"
    assert desk.publish_blocker(p, confirmed=False, confirmation="Moved to the national portal") == "confirm_needed"
    assert desk.publish_blocker(p, confirmed=True, confirmation="Moved to the national portal") is None
    calm = _preview(_changes({"regions": _regions(1)}), {"regions": 44})
    assert desk.publish_blocker(calm, confirmed=False, confirmation=None) is None
    same = _preview(_changes({"regions": TableChanges("regions")}), {"regions": 44})
    assert desk.publish_blocker(same, confirmed=True, confirmation="again") == "nothing_changed"


def test_the_template_against_the_demo_is_destructive(tmp_path: Path) -> None:
    db = tmp_path / "d" / "shafaf.duckdb"
    assert load_package(ROOT / "data" / "demo" / "2026-10", db).snapshot_id == "000001"
    p = preview_package(ROOT / "docs" / "template.xlsx", db)
    assert p.valid and p.changes is not None
    d = desk.destruction(p.changes, p.previous_counts, p.as_of)
    big = {n: (r, total) for n, r, total in d.big_removals}
    assert big["regions"] == (41, 45) and big["departments"] == (16, 16) and big["metrics"] == (57_248, 57_248)
    assert d.destructive
    assert desk.publish_blocker(p, confirmed=False, confirmation=None) == "confirm_needed"


def test_a_package_identical_to_the_current_snapshot_is_refused_and_the_confirmation_recorded(tmp_path: Path) -> None:
    db = tmp_path / "d" / "shafaf.duckdb"
    v1 = copy_fixture(tmp_path / "v1")
    assert load_package(v1, db).snapshot_id == "000001"
    r = load_package(v1, db, by=Actor.official("root", "Admin One", None))
    assert r.snapshot_id is None and r.refused == "unchanged"
    assert "nothing changed" in r.problems[0].message and Deployment(db).current_id() == "000001"
    assert [x["reason"] for x in read_refusals(Deployment(db).folder)] == ["unchanged"]
    assert desk.refusals_frame(db, "en")["Reason"].tolist() == ["nothing changed"]  # as /admin lists it
    c = cli("load", str(v1), "--db", str(db))
    assert c.returncode == 1 and "nothing changed" in c.stdout and "000001" in c.stdout
    # a changed as_of alone is a change; the confirmation goes to the audit record
    replace_in(v1 / "package.yaml", "as_of: 2026-03-15", "as_of: 2026-03-31")
    r = load_package(v1, db, confirmation="Checked with the department", reasons={"milestones:m3": "Merged"})
    assert r.snapshot_id == "000002"
    snap = Deployment(db).snapshot_file("000002")
    import duckdb

    with duckdb.connect(str(snap), read_only=True) as con:
        rows = con.execute("SELECT snapshot_id, confirmation FROM publishes ORDER BY 1").fetchall()
        admin = desk.admin_history_frame(con.execute("SELECT * FROM publishes ORDER BY 1 DESC").df(), "en")
    assert admin["Confirmation reason"].tolist() == ["Checked with the department", ""]  # shown at /admin
    assert rows == [("000001", None), ("000002", "Checked with the department")]
    manifest = json.loads((snap.parent / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["audit"]["confirmation"] == "Checked with the department"
    assert manifest["audit"]["reasons"] == {"milestones:m3": "Merged"}


def test_a_funding_line_whose_as_of_moved_is_no_removal() -> None:
    def line(change: str, key: str, funder: str, as_of: str) -> dict:
        return {"change": change, "key": key, "row.initiative_id": "svc", "row.funder": funder, "row.as_of": as_of}

    rows = [
        line("new", "new 1", "World Bank", "2026-09-30"),
        line("removed", "removed 1", "World Bank", "2026-03-31"),  # replaced by the new line
        line("removed", "removed 2", "ADB", "2026-03-31"),  # gone
    ]
    c = _changes({"funding": TableChanges("funding", 1, 0, 2, pd.DataFrame(rows))})
    assert [(r.key, r.name) for r in desk.removals(c, AS_OF)] == [("removed 2", "svc · ADB")]
    assert desk.destruction(c, {"funding": 10}, AS_OF).big_removals == []  # 1 of 10: not more than 10%
    assert desk.destruction(c, {"funding": 9}, AS_OF).big_removals == [("funding", 1, 9)]
