"""The milestone tracker's and the department scorecard's rules, on tiny hand-made frames; answers worked out by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from shafaf import metrics

AS_OF = dt.date(2026, 10, 31)


def _ms(rows: list[tuple]) -> pd.DataFrame:  # type: ignore[type-arg]
    """Milestones (id, initiative, planned, actual, status, baseline), classified at AS_OF."""
    df = pd.DataFrame(
        rows, columns=["milestone_id", "initiative_id", "planned_date", "actual_date", "status", "baseline_date"]
    )
    for c in ("planned_date", "actual_date", "baseline_date"):
        df[c] = pd.to_datetime(df[c])
    df["region_id"] = None
    return metrics.classify_milestones(df, AS_OF)


MS = _ms(
    [
        ("a", "i1", "2026-10-01", None, None, "2026-09-01"),  # overdue by 30 days (Oct 1 -> Oct 31)
        ("b", "i1", "2025-10-31", None, "blocked", "2025-10-31"),  # overdue by 365 days, blocked
        ("c", "i1", "2026-10-31", None, None, None),  # upcoming, due on as_of itself
        ("d", "i2", "2026-11-30", None, None, None),  # upcoming in 30 days
        ("e", "i2", "2026-12-01", None, None, None),  # upcoming in 31 days
        ("f", "i2", "2026-09-01", "2026-08-02", None, None),  # done on time, 90 days before as_of
        ("g", "i2", "2026-07-01", "2026-08-01", None, None),  # done late, 91 days before as_of
        ("h", "i1", "2026-01-01", "2026-10-31", None, None),  # done late on as_of
        ("k", "i1", "2026-01-01", None, "cancelled", None),  # cancelled: never overdue
    ]
)


def test_days_late_only_for_overdue() -> None:
    late = dict(zip(MS["milestone_id"], metrics.days_late(MS, AS_OF), strict=True))
    assert late["a"] == 30
    assert late["b"] == 365
    assert all(pd.isna(late[m]) for m in "cdefghk")


def test_due_within_counts_from_as_of_inclusive() -> None:
    assert list(metrics.due_within(MS, AS_OF, 30)["milestone_id"]) == ["c", "d"]  # Nov 30 is day 30; Dec 1 is 31
    assert list(metrics.due_within(MS, AS_OF, 60)["milestone_id"]) == ["c", "d", "e"]
    assert metrics.due_within(MS.iloc[0:0], AS_OF, 90).empty


def test_done_within_the_last_90_days_newest_first() -> None:
    # Oct 31 - 90 days = Aug 2: f (Aug 2) is in, g (Aug 1) is out; the cancelled k never counts as done
    assert list(metrics.done_within(MS, AS_OF, 90)["milestone_id"]) == ["h", "f"]
    assert list(metrics.done_within(MS, AS_OF, 91)["milestone_id"]) == ["h", "f", "g"]


def test_window_start() -> None:
    assert metrics.window_start(dt.date(2026, 10, 31), 12) == dt.date(2025, 11, 1)
    assert metrics.window_start(dt.date(2026, 1, 15), 1) == dt.date(2026, 1, 1)
    assert metrics.window_start(dt.date(2026, 2, 28), 3) == dt.date(2025, 12, 1)


# Regions: root r -> p (province) -> leaves x, y; and q (another province) -> leaf z.
REGIONS = pd.DataFrame(
    {
        "region_id": ["r", "p", "q", "x", "y", "z"],
        "parent_id": [None, "r", "r", "p", "p", "q"],
        "population": [None] * 6,
    }
)
DEPARTMENTS = pd.DataFrame(
    {"department_id": ["d1", "d2", "d3"], "region_id": ["p", "p", "q"]}  # d3 sits in q: outside p's subtree
)
INITIATIVES = pd.DataFrame(
    {
        "initiative_id": ["i1", "i2", "i3", "i4"],
        "department_id": ["d1", "d1", "d1", "d3"],
        "status": ["live", "live", "planned", "live"],
    }
)
ROLLOUTS = pd.DataFrame(
    {
        "initiative_id": ["i1", "i2", "i4"],
        "region_id": ["p", "x", "z"],
        "stage": ["live", "pilot", "live"],
        "date": pd.to_datetime(["2026-01-01", "2026-01-01", "2026-01-01"]),
    }
)


def test_department_scorecard_of_a_province() -> None:
    closure = metrics.region_closure(REGIONS)
    stages = metrics.leaf_stages(REGIONS, ROLLOUTS, closure)
    sc = metrics.scope("p", REGIONS, DEPARTMENTS, INITIATIVES, stages, closure)
    ms = metrics.milestones_in(MS, sc)
    card = metrics.department_scorecard(sc, DEPARTMENTS, INITIATIVES, ms, closure, stages).set_index("department_id")
    # d3 (seated in q, its service only at z) is not in p; d2 has no service but sits in p: shown with zeros
    assert list(card.index) == ["d1", "d2"]
    d1 = card.loc["d1"]
    assert d1["initiatives"] == 3
    # declared statuses: i1, i2 live, i3 planned; but live by the methodology only i1 (live at x and y via p),
    # since i2 is only in pilot at x and i3 has no stage
    assert (d1["status_live"], d1["status_planned"], d1["status_paused"]) == (2, 1, 0)
    assert d1["live"] == 1
    # i1's and i2's milestones: a, b overdue; f on time; g, h late; c, d, e upcoming; k cancelled
    assert (d1["done_on_time"], d1["done_late"], d1["overdue"], d1["upcoming"], d1["cancelled"]) == (1, 2, 2, 3, 1)
    assert d1["on_time_rate"] == pytest.approx(1 / 5)
    # coverage in p over leaves x, y: i1 live at both (1.0), i2 only pilot (0.0), i3 nowhere (0.0) -> median 0
    assert d1["coverage_median"] == 0.0
    assert d1["coverage_known"] == 3
    d2 = card.loc["d2"]
    assert d2["initiatives"] == 0 and d2["status_live"] == 0 and d2["live"] == 0
    assert pd.isna(d2["on_time_rate"]) and pd.isna(d2["coverage_median"])


def test_department_scorecard_median_of_an_even_number() -> None:
    closure = metrics.region_closure(REGIONS)
    stages = metrics.leaf_stages(REGIONS, ROLLOUTS, closure)
    two = INITIATIVES[INITIATIVES["initiative_id"].isin(["i1", "i2"])]
    sc = metrics.scope("p", REGIONS, DEPARTMENTS, two, stages, closure)
    card = metrics.department_scorecard(sc, DEPARTMENTS, two, MS.iloc[0:0], closure, stages)
    d1 = card.set_index("department_id").loc["d1"]
    assert d1["coverage_median"] == pytest.approx(0.5)  # (1.0 + 0.0) / 2
    assert pd.isna(d1["on_time_rate"])  # no milestones: no data, not 0


def test_grouped_metric_values_sums_and_weighted_means_per_group() -> None:
    defs = pd.DataFrame(
        {"metric": ["tx", "sat"], "aggregate": ["sum", "mean"], "weight": [None, "tx"], "unit": ["count", "percent"]}
    )
    m = pd.Timestamp("2026-10-01")
    aggs = pd.DataFrame(
        {
            "department_id": ["d1", "d1", "d2"],
            "metric": ["tx", "sat", "tx"],
            "month": [m, m, m],
            "sum_value": [300.0, 150.0, 7.0],
            "row_count": [2, 2, 1],
            "weighted_sum": [0.0, 80 * 100 + 70 * 200, 0.0],
            "weight_sum": [0.0, 300.0, 0.0],
        }
    )
    v = metrics.grouped_metric_values(aggs, defs, "department_id")
    got = {(d, k): x for d, k, x in zip(v["department_id"], v["metric"], v["value"], strict=True)}
    assert got[("d1", "tx")] == 300
    assert got[("d1", "sat")] == pytest.approx(22000 / 300)
    assert got[("d2", "tx")] == 7
    assert metrics.grouped_metric_values(aggs.iloc[0:0], defs, "department_id").empty


def test_department_scorecard_counts_a_milestone_withdrawn_while_overdue_as_missed() -> None:
    closure = metrics.region_closure(REGIONS)
    stages = metrics.leaf_stages(REGIONS, ROLLOUTS, closure)
    sc = metrics.scope("p", REGIONS, DEPARTMENTS, INITIATIVES, stages, closure)
    ms = metrics.milestones_in(MS, sc)
    withdrawn = pd.DataFrame(
        {
            "table_name": ["milestones", "milestones"],
            "initiative_id": ["i1", "i1"],
            "region_id": [None, None],
            "milestone_class": ["overdue", "upcoming"],
        }
    )
    gone = metrics.withdrawn_milestones_in(withdrawn, sc)
    assert metrics.withdrawn_counts(gone) == {"withdrawn": 2, "withdrawn_overdue": 1}
    card = metrics.department_scorecard(sc, DEPARTMENTS, INITIATIVES, ms, closure, stages, withdrawn=gone)
    # d1: 1 on time of 5 due, plus the one withdrawn while overdue (the upcoming one was not due): 1 / 6
    assert card.set_index("department_id").loc["d1", "on_time_rate"] == pytest.approx(1 / 6)
