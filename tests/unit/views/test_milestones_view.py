"""The Milestones tracker's view model, against figures worked out by hand from the packages' CSV files.

tests/fixtures/tiny, as_of 2026-03-15 (Country c: Province One p1 with districts a and b, Province Two p2 with
district d; Dept One dep1 in p1 runs Portal i1 and Pay i2; Dept Two dep2 in p2 runs Other i3, planned in d):

  m1 Launch (i1, whole service)    planned 2025-06-01, first plan 2025-05-01, done 2025-06-01: done on time,
                                   slipped 2025-06-01 - 2025-05-01 = 31 days
  m2 District A (i1, area a)       planned 2025-12-01 (its first plan), done 2026-01-05: done late, slipped 35
                                   days; done within 90 days of as_of (since 2025-12-15): "recently done"
  m3 Pilot (i2, whole, blocked)    planned 2026-01-01, open: overdue by 2026-03-15 - 2026-01-01 = 31+28+14 = 73
  m4 Scale (i2, whole)             planned 2026-06-30: upcoming, 107 days ahead (16+30+31+30): due in no horizon
  m5 Plan (i3, whole, cancelled)   cancelled
  m6 Other province (i3, area d)   planned 2026-01-01, open: overdue by 73 days

Country: 6 milestones, 2 overdue (m3, m6: equally late, so by id), 1 open blocked (m3), on time 1 of the 4 due
(m1 / m1, m2, m3, m6) = 25%. Province One: m1-m4 (m5, m6 belong to i3, not in p1), on time 1 of 3.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from shafaf.reads import Reads
from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from shafaf.views import milestones, render_json
from shafaf.views.base import BadParam, Filters, UnknownId
from tests.pkgtools import copy_fixture, make_withdrawal_v1, make_withdrawal_v2, replace_in
from tests.unit.views.conftest import filters, publish, twin

REASON = "Merged into Scale after the province's review"


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reads]:
    """tests/pkgtools.make_withdrawal_v1 then _v2 (as_of 2026-04-30): m3 withdrawn while overdue, m4 re-planned."""
    root = tmp_path_factory.mktemp("ms-record")
    db = root / "shafaf.duckdb"
    assert load_package(make_withdrawal_v1(root / "v1"), db).snapshot_id
    sid = load_package(make_withdrawal_v2(root / "v2"), db, reasons={"milestones:m3": REASON}).snapshot_id
    assert sid is not None
    reads = Reads.open(Deployment(db).snapshot_file(sid), sid)
    yield reads
    reads.con.close()


@pytest.fixture(scope="module")
def due(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reads]:
    """tiny with m4 (Scale) planned 2026-05-20: 16 + 30 + 20 = 66 days after as_of, so due within 90 days only."""
    root = tmp_path_factory.mktemp("ms-due")
    pkg = copy_fixture(root / "pkg")
    replace_in(pkg / "milestones.csv", "m4,i2,Scale,,2026-06-30", "m4,i2,Scale,,2026-05-20")
    reads = publish(pkg, root / "shafaf.duckdb")
    yield reads
    reads.con.close()


def ids(section: milestones.Section) -> list[str]:
    return list(section.table.rows["id"])


def test_country_figures_and_every_list(tiny) -> None:
    v = milestones.build(tiny, filters(tiny, region="c"), "en")
    figs = {f.id: f for f in v.figures}
    assert [f.id for f in v.figures] == ["total", "overdue", "blocked", "on_time_rate"]
    assert [f.value for f in v.figures] == [6, 2, 1, 0.25]
    assert [f.text for f in v.figures] == ["6", "2", "1", "25%"]
    assert [f.label for f in v.figures] == ["Milestones", "Overdue", "Blocked", "Milestones on time"]
    assert (figs["total"].unit, figs["on_time_rate"].unit) == ("count", "percent")
    assert v.intro.text.startswith(
        "Every milestone in Country, judged against the date the figures describe (2026-03-15)."
    )
    assert v.overdue_withdrawn is None and v.withdrawn is None and v.filtered is None
    assert ids(v.tracker) == ["m1", "m2", "m3", "m6", "m5", "m4"]  # by current plan, then id
    assert ids(v.blocked) == ["m3"] and list(v.blocked.table.rows["days_late"]) == [73]
    assert ids(v.recent) == ["m2"] and list(v.recent.table.frame()["Done on time or late"]) == ["Late"]
    assert ids(v.slipped) == ["m2", "m1"] and list(v.slipped.table.rows["slippage"]) == [35, 31]
    assert v.replanned.table.empty
    assert v.replanned.empty == "No milestone has been re-planned since publication began."
    assert v.due_soon.table.empty and v.due.text == "Milestones due in the next 30 days: 0."


def test_figures_equal_summary_json(tiny) -> None:
    for region in ("c", "p1", "d"):
        doc = twin(tiny, "milestones", region=region)
        s = tiny.summary(region)
        figs = {f["id"]: f["value"] for f in doc["figures"]}
        assert figs["total"] == sum(s["milestones"].values())
        assert figs["overdue"] == s["milestones"]["overdue"]
        assert figs["on_time_rate"] == s["on_time_rate"]


def test_overdue_card_most_late_first(tiny, monkeypatch: pytest.MonkeyPatch) -> None:
    v = milestones.build(tiny, filters(tiny, region="c"), "en")
    card = v.overdue
    assert card.id == "milestones-overdue" and card.filename == "overdue-milestones-c"
    assert card.title == "Overdue milestones in Country: days late"
    assert card.summary == "Overdue milestones: 2. The most late, Pilot (Pay), is 73 days past its planned date."
    assert list(card.table.rows["id"]) == ["m3", "m6"] and list(card.table.rows["days_late"]) == [73, 73]
    assert list(card.table.frame().columns) == [
        "Milestone",
        "Digital service",
        "Department",
        "Area",
        "Current plan",
        "Days late",
        "Status",
        "Note",
    ]
    assert list(card.table.frame()["Status"]) == ["Overdue (blocked)", "Overdue"]
    assert card.chart is not None and card.chart.kind == "bar"
    bars = card.chart.build().data[0]
    assert list(bars.x) == [73.0, 73.0] and list(bars.text) == ["73 days late<br>(blocked)", "73 days late"]
    monkeypatch.setattr(milestones, "CHART_MAX", 1)  # more overdue than drawn: the title says how many are
    top = milestones.build(tiny, filters(tiny, region="c"), "en").overdue
    assert top.title == "The 1 most late overdue milestones in Country: days late"
    assert len(top.chart.build().data[0].x) == 1 and len(top.table.rows) == 2  # the table lists them all


def test_by_department_counts_and_tie(tiny) -> None:
    card = milestones.build(tiny, filters(tiny, region="c"), "en").by_department
    assert card.table.rows.values.tolist() == [
        ["Dept One", "done_on_time", 1],
        ["Dept One", "done_late", 1],
        ["Dept One", "overdue", 1],
        ["Dept One", "upcoming", 1],
        ["Dept Two", "overdue", 1],
        ["Dept Two", "cancelled", 1],
    ]
    assert list(card.table.frame()["Status"])[:2] == ["Done on time", "Done late"]
    assert card.summary == "2 departments share the most overdue milestones (1 each): Dept One, Dept Two."
    one = milestones.build(tiny, filters(tiny, region="p1"), "en").by_department
    assert one.summary == "Dept One has the most overdue milestones (1)."
    assert one.chart is not None and len(one.chart.build().data) == 4  # a segment per class present


def test_tracker_cells_as_the_page_shows_them(tiny) -> None:
    v = milestones.build(tiny, filters(tiny, region="p1"), "en")
    shown = v.tracker.table.frame()
    assert v.tracker.table.answer == "class"
    assert shown.iloc[2].tolist() == [
        "Pilot",
        "Pay",
        "Dept One",
        "Whole service",
        "Overdue (blocked)",
        "Yes",
        "2026-01-01",
        "2026-01-01",
        "",
        "73",
        "0",
        0,
        "",
        "",
        "m3",
    ]
    assert list(shown["Area"]) == ["Whole service", "District A", "Whole service", "Whole service"]


def test_shared_filters_department_district_and_service(tiny) -> None:
    dep = milestones.build(tiny, filters(tiny, region="c", department="dep2"), "en")
    assert ids(dep.tracker) == ["m6", "m5"] and set(dep.tracker.table.rows["department"]) == {"Dept Two"}
    # District B with Portal: the whole-service milestone m1 only; m2 concerns district A
    assert ids(milestones.build(tiny, filters(tiny, region="b", initiative="i1"), "en").tracker) == ["m1"]
    assert ids(milestones.build(tiny, filters(tiny, region="a", initiative="i1"), "en").tracker) == ["m1", "m2"]
    # a service not in the region: nothing, and no on-time rate
    none = milestones.build(tiny, filters(tiny, region="d", initiative="i1"), "en")
    assert [f.value for f in none.figures] == [0, 0, 0, None]
    assert none.figures[3].text == "no data"
    assert none.tracker.table.empty and none.tracker.empty == "There are no milestones here."
    assert none.overdue.chart is None and none.overdue.summary == "No milestone is overdue."


def test_class_and_search_filter_every_list_not_the_figures(tiny) -> None:
    # "district" is in m2's title and area (District A) and in m6's area (District D)
    v = milestones.build(tiny, filters(tiny, region="c", search="DISTRICT"), "en")
    assert ids(v.tracker) == ["m2", "m6"]
    assert v.filtered is not None and v.filtered.text == "Showing 2 of 6 milestones (filtered)."
    assert [f.value for f in v.figures] == [6, 2, 1, 0.25]  # the headline covers the whole scope
    both = milestones.build(tiny, filters(tiny, region="c", search="district", **{"class": "overdue"}), "en")
    assert ids(both.tracker) == ["m6"] and ids(both.blocked) == [] and list(both.overdue.table.rows["id"]) == ["m6"]
    assert both.classes == ("overdue",) and both.search == "district"
    cleared = milestones.build(tiny, Filters("c", params={"class": ""}), "en")  # the reader cleared the filter
    assert cleared.classes == () and cleared.tracker.table.empty
    assert cleared.filtered is not None and cleared.filtered.text == "Showing 0 of 6 milestones (filtered)."
    notes = milestones.build(tiny, filters(tiny, region="c", search="m5"), "en")  # the id is searched too
    assert ids(notes.tracker) == ["m5"]


def test_horizon_of_the_due_list(due) -> None:
    for h, n in (("30", 0), ("60", 0), ("90", 1)):
        v = milestones.build(due, filters(due, region="p1", horizon=h), "en")
        assert v.horizon == int(h)
        assert v.due.text == f"Milestones due in the next {h} days: {n}."
        assert ids(v.due_soon) == (["m4"] if n else [])
    v = milestones.build(due, filters(due, region="p1", horizon="90"), "en")
    assert v.due_soon.table.frame().iloc[0].tolist() == [
        "Scale",
        "Pay",
        "Dept One",
        "Whole service",
        "2026-05-20",
        "Upcoming",
    ]
    assert v.due_soon.table.answer == "planned"
    assert milestones.build(due, filters(due, region="p1"), "en").horizon == 30  # the default


def test_replans_slippage_and_withdrawn_on_the_record(record, monkeypatch: pytest.MonkeyPatch) -> None:
    # v2 (as_of 2026-04-30): m4 moved 2026-06-30 -> 2027-03-31 (274 days: 31+31+30+31+30+31+31+28+31); m3 left
    # out while overdue (2026-04-30 - 2026-01-01 = 119 days late); m6 still overdue (119 days). Country: m1, m2,
    # m4, m5, m6; on time 1 of m1, m2, m6 and the withdrawn m3 = 25%.
    v = milestones.build(record, filters(record, region="c"), "en")
    assert [f.value for f in v.figures] == [5, 1, 0, 0.25]
    assert v.overdue_withdrawn is not None and v.overdue_withdrawn.text == "1 overdue, 1 withdrawn while overdue"
    assert ids(v.replanned) == ["m4"] and list(v.replanned.table.rows["replans"]) == [1]
    assert [str(d.date()) for d in v.replanned.table.rows["plans"][0]] == ["2026-06-30", "2027-03-31"]
    assert v.replanned.table.frame()["Plans over time"].tolist() == ["2026-06-30 → 2027-03-31"]
    assert ids(v.slipped) == ["m4", "m2", "m1"] and list(v.slipped.table.rows["slippage"]) == [274, 35, 31]
    gone = v.withdrawn
    assert gone is not None and gone.id == "milestones-withdrawn" and gone.chart is None
    assert gone.title == "Milestones withdrawn in Country"
    assert gone.summary == ("Milestones left out of a later package: 1; overdue when withdrawn (counted as missed): 1.")
    row = gone.table.rows.iloc[0]
    assert (row["milestone"], row["service"], row["plans"], row["class"]) == ("Pilot", "Pay", ["2026-01-01"], "overdue")
    assert (row["days_late"], row["reason"]) == (119, REASON) and isinstance(row["withdrawn_on"], dt.date)
    assert gone.table.frame()[["Milestone", "Digital service", "Reason given"]].values.tolist() == [
        ["Pilot", "Pay", REASON]
    ]
    assert milestones.build(record, filters(record, region="c", department="dep2"), "en").withdrawn is None
    monkeypatch.setattr(milestones, "TOP", 1)  # the "most slipped" list is the TOP largest
    assert ids(milestones.build(record, filters(record, region="c"), "en").slipped) == ["m4"]


def test_urdu_words_same_numbers(tiny) -> None:
    en = milestones.build(tiny, filters(tiny, region="c"), "en")
    ur = milestones.build(tiny, filters(tiny, region="c"), "ur")
    assert [f.value for f in ur.figures] == [f.value for f in en.figures]
    assert [f.label for f in ur.figures] == ["سنگ میل", "مقررہ تاریخ گزر گئی", "رکاوٹ کا شکار", "بروقت مکمل سنگ میل"]
    assert ur.region == "ملک" and ur.intro.text.startswith("ملک کا ہر سنگ میل")
    assert [c.id for c in ur.tracker.table.columns] == [c.id for c in en.tracker.table.columns]
    assert ur.tracker.table.labels()["milestone"] == "سنگ میل"
    assert list(ur.tracker.table.rows["class"]) == list(en.tracker.table.rows["class"])  # codes, not words
    assert ur.tracker.table.frame()["موجودہ منصوبہ"].iloc[0] == "1 جون، 2025"
    assert ur.filtered is None and ur.overdue.chart is not None


def test_json_twin(tiny, record) -> None:
    doc = twin(tiny, "milestones", region="p1", lang="ur", **{"class": "overdue,upcoming"})
    assert list(doc) == [
        "api_version",
        "meta",
        "region",
        "intro",
        "figures",
        "overdue_withdrawn",
        "classes",
        "search",
        "horizon",
        "filtered",
        "overdue",
        "due",
        "due_soon",
        "blocked",
        "recent",
        "replanned",
        "slipped",
        "by_department",
        "tracker",
        "withdrawn",
    ]
    json.dumps(doc)
    assert doc["meta"]["params"] == {"class": "overdue,upcoming"} and doc["classes"] == ["overdue", "upcoming"]
    assert doc["horizon"] == 30 and doc["search"] == "" and doc["withdrawn"] is None
    assert {f["id"]: f["value"] for f in doc["figures"]} == {
        "total": 4,
        "overdue": 1,
        "blocked": 1,
        "on_time_rate": 1 / 3,
    }
    rows = {r["id"]: r for r in doc["tracker"]["table"]["rows"]}
    assert list(rows) == ["m3", "m4"]
    assert rows["m3"] == {
        "milestone": "Pilot",
        "initiative": "Pay",
        "department": "Dept One",
        "area": "پوری سروس",
        "class": "overdue",
        "blocked": True,
        "baseline": "2026-01-01",
        "planned": "2026-01-01",
        "actual": None,
        "days_late": 73,
        "slippage": 0,
        "replans": 0,
        "plans": [],
        "note": "",
        "id": "m3",
    }
    units = {c["id"]: c["unit"] for c in doc["tracker"]["table"]["columns"]}
    assert (units["days_late"], units["slippage"], units["replans"], units["planned"]) == (
        "days",
        "days",
        "count",
        None,
    )
    assert doc["overdue"]["chart"] == {"kind": "bar"} and doc["by_department"]["table"]["rows"][0]["count"] == 1
    assert [r["id"] for r in doc["blocked"]["table"]["rows"]] == ["m3"]  # every list's rows carry the id
    rec = render_json(record, "milestones", {"region": "c"})
    assert rec["withdrawn"]["table"]["rows"][0]["plans"] == ["2026-01-01"]
    assert rec["withdrawn"]["table"]["rows"][0]["days_late"] == 119
    assert rec["replanned"]["table"]["rows"][0]["plans"] == ["2026-06-30", "2027-03-31"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"class": "late"}, "unknown class: 'late'"),
        ({"class": "overdue,nope"}, "unknown class: 'nope'"),
        ({"horizon": "45"}, "unknown horizon: '45' (one of 30, 60, 90 days)"),
        ({"horizon": "soon"}, "unknown horizon: 'soon'"),
        ({"search": "x" * 101}, "search: at most 100 characters, not 101"),
    ],
)
def test_bad_params(tiny, params: dict[str, str], message: str) -> None:
    with pytest.raises(BadParam, match=message.replace("(", r"\(").replace(")", r"\)")):
        twin(tiny, "milestones", region="c", **params)


def test_unknown_ids(tiny) -> None:
    with pytest.raises(UnknownId, match="unknown region: 'nowhere'"):
        twin(tiny, "milestones", region="nowhere")
    with pytest.raises(UnknownId, match="unknown initiative: 'i9'"):
        twin(tiny, "milestones", initiative="i9")


def test_cli_view_passes_the_page_params(tiny) -> None:
    # one run (a subprocess costs seconds): --param reaches the view, whose BadParam exits 1 with its message
    db = str(Path(tiny.path).parents[2] / "shafaf.duckdb")
    run = [sys.executable, "-m", "shafaf", "view", "milestones", "--db", db, "--param", "horizon=7"]
    bad = subprocess.run(run, capture_output=True, text=True)
    assert bad.returncode == 1 and "unknown horizon: '7' (one of 30, 60, 90 days)" in bad.stderr


def test_nothing_returned_by_reads_is_modified(tiny) -> None:
    before = tiny.tables().milestones.copy()
    withdrawn = tiny.withdrawn().copy()
    milestones.build(tiny, filters(tiny, region="c", search="district"), "ur")
    pd.testing.assert_frame_equal(tiny.tables().milestones, before)
    pd.testing.assert_frame_equal(tiny.withdrawn(), withdrawn)
