"""The Overview's view model on the tiny package, against figures worked out by hand from its CSV files."""

from __future__ import annotations

import json
import subprocess
import sys

from shafaf.views import overview
from tests.unit.views.conftest import filters, twin

# Province One (p1): its department dep1 runs i1 (live at p1, so in districts a and b) and i2 (live in a
# since 2026-01-10). Milestones of i1 and i2 due by as_of 2026-03-15: m1 on time, m2 late (done
# 2026-01-05, planned 2025-12-01), m3 overdue (blocked); m4 is due 2026-06-30. On-time rate 1 of 3.
# Transactions in 2026-02: 150 + 250 (i1) + 50 (i2) = 450; in 2026-01: 100 + 300 = 400.
# Satisfaction in 2026-02, weighted by transactions: (80*150 + 60*250 + 90*50) / 450 = 70.


def test_province_headline_figures(tiny) -> None:
    v = overview.build(tiny, filters(tiny, region="p1"), "en")
    figs = {f.id: f for f in v.figures}
    assert [f.id for f in v.figures] == ["initiatives", "initiatives_live", "regions_reached", "on_time_rate"]
    assert (figs["initiatives"].value, figs["initiatives_live"].value, figs["regions_reached"].value) == (2, 2, 2)
    assert figs["regions_reached"].text == "2 of 2"
    assert round(figs["on_time_rate"].value, 4) == round(1 / 3, 4)
    assert figs["on_time_rate"].unit == "percent"
    usage = {f.id: f for f in v.usage}
    assert usage["transactions"].value == 450
    assert usage["transactions"].delta == 50
    assert usage["transactions"].delta_text == "+50"
    assert round(usage["satisfaction"].value, 6) == 70.0
    assert v.region == "Province One"


def test_milestone_card_counts_and_words(tiny) -> None:
    v = overview.build(tiny, filters(tiny, region="p1"), "en")
    rows = v.milestones.table.rows.set_index("class")["count"].to_dict()
    assert (rows["done_on_time"], rows["done_late"], rows["overdue"], rows["upcoming"]) == (1, 1, 1, 1)
    assert v.milestones.chart is not None and v.milestones.chart.kind == "bar"
    assert "3" in v.milestones.summary  # "Of 3 milestones due so far, ..."


def test_district_shows_what_has_not_reached_it(tiny) -> None:
    # District D: dep2's i3 is only planned there; nothing is live
    v = overview.build(tiny, filters(tiny, region="d"), "en")
    figs = {f.id: f.value for f in v.figures}
    assert "regions_reached" not in figs
    assert figs["initiatives_live"] == 0


def test_trend_table_has_months_and_values(tiny) -> None:
    v = overview.build(tiny, filters(tiny, region="p1"), "en")
    trend = next(c for c in v.trends if c.id == "overview-trend-transactions")
    assert [str(m) for m in trend.table.rows["month"]] == ["2026-01-01", "2026-02-01"]
    assert list(trend.table.rows["value"]) == [400, 450]
    assert trend.provenance is not None


def test_urdu_figures_use_urdu_words(tiny) -> None:
    en = overview.build(tiny, filters(tiny, region="p1"), "en")
    ur = overview.build(tiny, filters(tiny, region="p1"), "ur")
    assert [f.value for f in ur.figures] == [f.value for f in en.figures]
    assert ur.figures[0].label != en.figures[0].label


def test_json_twin_equals_summary_json(tiny) -> None:
    doc = twin(tiny, "overview", region="p1")
    s = tiny.summary("p1")
    figs = {f["id"]: f["value"] for f in doc["figures"]}
    assert figs["initiatives"] == s["initiatives"]
    assert figs["initiatives_live"] == s["initiatives_live"]
    assert figs["regions_reached"] == s["regions_reached"]
    assert figs["on_time_rate"] == s["on_time_rate"]
    usage = {f["id"]: f["value"] for f in doc["usage"]}
    assert usage == {m: h["value"] for m, h in s["metrics"].items()}
    assert doc["meta"]["snapshot_id"] == tiny.snapshot_id
    assert doc["meta"]["as_of"] == "2026-03-15"
    json.dumps(doc)  # every value is JSON


def test_cli_view_matches_summary_json(tiny) -> None:
    db = str(__import__("pathlib").Path(tiny.path).parents[2] / "shafaf.duckdb")
    run = [sys.executable, "-m", "shafaf"]
    view = subprocess.run([*run, "view", "overview", "--region", "p1", "--db", db], capture_output=True, text=True)
    assert view.returncode == 0, view.stderr
    summ = subprocess.run([*run, "summary", "--region", "p1", "--json", "--db", db], capture_output=True, text=True)
    doc, s = json.loads(view.stdout), json.loads(summ.stdout)
    assert {f["id"]: f["value"] for f in doc["figures"]}["on_time_rate"] == s["on_time_rate"]
    bad = subprocess.run([*run, "view", "overview", "--region", "nowhere", "--db", db], capture_output=True, text=True)
    assert bad.returncode == 1 and "unknown region: 'nowhere'" in bad.stderr
    bad = subprocess.run([*run, "view", "maps", "--db", db], capture_output=True, text=True)
    assert bad.returncode == 1 and "unknown page: 'maps'" in bad.stderr


def test_a_milestone_withdrawn_while_overdue_keeps_its_bar(tmp_path) -> None:
    from shafaf.store.publish import load_package
    from tests.pkgtools import make_withdrawal_v1, make_withdrawal_v2
    from tests.unit.views.conftest import publish

    db = tmp_path / "d" / "shafaf.duckdb"
    assert load_package(make_withdrawal_v1(tmp_path / "v1"), db).snapshot_id
    reads = publish(make_withdrawal_v2(tmp_path / "v2"), db)
    try:
        # v2 leaves out m3 (blocked, due 2026-01-01: overdue): p1 keeps m1 on time, m2 late, and m3 as
        # withdrawn while overdue, so the on-time rate stays 1 of 3 and the chart has a bar for m3
        v = overview.build(reads, filters(reads, region="p1"), "en")
        rows = v.milestones.table.rows.set_index("class")["count"].to_dict()
        assert rows["overdue"] == 0 and rows["withdrawn_overdue"] == 1
        assert v.milestones.table.shown.iloc[-1].tolist() == ["Withdrawn while overdue", 1]
        assert round({f.id: f.value for f in v.figures}["on_time_rate"], 4) == round(1 / 3, 4)
        ps = overview.build(reads, filters(reads, region="p1"), "ps")
        assert ps.milestones.table.shown.iloc[-1, 0] == "د ځنډ پر مهال بېرته واخیستل شو"
    finally:
        reads.con.close()
    # without a withdrawal there is no such bar (test_milestone_card_counts_and_words: five classes)


def test_five_classes_without_withdrawals(tiny) -> None:
    v = overview.build(tiny, filters(tiny, region="p1"), "en")
    assert list(v.milestones.table.rows["class"]) == [
        "done_on_time",
        "done_late",
        "overdue",
        "upcoming",
        "cancelled",
    ]
