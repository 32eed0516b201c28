"""Regions page and catalog methodology on a tiny hierarchy, answers worked out by hand.

R (root) -> A (leaves a1, a2) and B (a leaf). Departments d1 at R, d2 at A. i1 (d1) and i2 (d2) do the
same function f; i3 (d1) does g. Stages: i1 live at a1, planned at a2; i2 pilot at a1, live at a2;
i3 retired at B.
"""

from __future__ import annotations

import pandas as pd

from shafaf import metrics

REGIONS = pd.DataFrame(
    {
        "region_id": ["R", "A", "a1", "a2", "B"],
        "parent_id": [None, "R", "A", "A", "R"],
        "population": [None, 1000, 600, 400, None],
    }
)
CLOSURE = metrics.region_closure(REGIONS)
DEPTS = pd.DataFrame({"department_id": ["d1", "d2"], "region_id": ["R", "A"]})
INITS = pd.DataFrame(
    {"initiative_id": ["i1", "i2", "i3"], "department_id": ["d1", "d2", "d1"], "function": ["f", "f", "g"]}
)
LS = pd.DataFrame(
    {
        "initiative_id": ["i1", "i1", "i2", "i2", "i3"],
        "leaf_id": ["a1", "a2", "a1", "a2", "B"],
        "stage": ["live", "planned", "pilot", "live", "retired"],
        "via_region_id": ["a1", "a2", "a1", "a2", "B"],
    }
)
ARGS = (REGIONS, DEPTS, INITS, LS, CLOSURE)


def test_children_in_file_order_and_none_for_a_leaf() -> None:
    assert metrics.children(REGIONS, "R") == ["A", "B"]
    assert metrics.children(REGIONS, "a1") == []


def test_live_in_counts_leaves_under_a_region() -> None:
    assert metrics.live_in("i1", "R", REGIONS, CLOSURE, LS) == (1, 3)
    assert metrics.live_in("i2", "A", REGIONS, CLOSURE, LS) == (1, 2)
    assert metrics.live_in("i3", "R", REGIONS, CLOSURE, LS) == (0, 3)  # retired is not live


def test_coverage_by_region_any_service() -> None:
    c = metrics.coverage_by_region(["A", "B"], *ARGS).set_index("region_id")
    # A: a1 (i1 live) and a2 (i2 live) -> 2 of 2; B: only i3, retired -> 0 of 1
    assert c.loc["A", ["leaves", "live_leaves", "coverage", "services", "live_services"]].tolist() == [2, 2, 1.0, 2, 2]
    assert c.loc["B", ["leaves", "live_leaves", "coverage", "services", "live_services"]].tolist() == [1, 0, 0.0, 1, 0]


def test_coverage_by_region_restricted_to_some_services() -> None:
    c = metrics.coverage_by_region(["A"], *ARGS, initiative_ids={"i1"}).iloc[0]
    assert (c["live_leaves"], c["coverage"], c["services"], c["live_services"]) == (1, 0.5, 1, 1)


def test_coverage_by_region_of_one_initiative_follows_its_department() -> None:
    c = metrics.coverage_by_region(["A", "B"], *ARGS, initiative_id="i2").set_index("region_id")
    assert c.loc["A", "coverage"] == 0.5  # live at a2 of a1, a2
    assert pd.isna(c.loc["B", "coverage"]) and c.loc["B", "leaves"] == 0  # d2 serves only A: no data in B
    assert c.loc["B", "services"] == 0


def test_headlines_by_region_latest_previous_and_per_1000() -> None:
    values = pd.DataFrame(
        {
            "region_id": ["A", "A"],
            "metric": ["tx", "tx"],
            "month": pd.to_datetime(["2026-09-01", "2026-10-01"]),
            "value": [10.0, 12.0],
        }
    )
    h = metrics.headlines_by_region(values, "tx", "sum", {"A": 1000.0, "B": None}).set_index("region_id")
    assert h.loc["A"].tolist() == ["2026-10", 12.0, 10.0, 12.0]
    assert h.loc["B"].isna().all()


def test_left_behind_rule() -> None:
    rows = pd.DataFrame(
        {
            "region_id": ["A", "B", "C", "D"],
            "coverage": [1.0, 0.0, 0.4, None],
            "live_leaves": [2, 0, 2, 0],
            "month": ["2026-10", None, "2026-09", None],
        }
    )
    lb = metrics.left_behind(rows, 1.0, "2026-10")
    assert dict(zip(lb["region_id"], lb["reasons"], strict=True)) == {
        "B": ("no_live",),
        "C": ("low_coverage", "no_usage"),  # 0.4 <= 0.5 * 1.0; reported up to 2026-09 only
    }
    # C against a parent at 90%: 0.4 <= 0.45 is low; its month is the latest, so usage is reported
    assert metrics.left_behind(rows.iloc[[2]], 0.9, "2026-09")["reasons"].tolist() == [("low_coverage",)]
    # ... against a parent at 70%: 0.4 > 0.35, not left behind
    assert metrics.left_behind(rows.iloc[[2]], 0.7, "2026-09").empty


def test_stage_matrix_furthest_stage_and_live_count() -> None:
    m = metrics.stage_matrix(["A", "B"], REGIONS, CLOSURE, LS, ["i1", "i2", "i3"])
    got = {(r, i): (None if pd.isna(s) else s, n, k) for r, i, s, n, k in m.itertuples(index=False)}
    assert got[("A", "i1")] == ("live", 1, 2)  # live at a1, planned at a2
    assert got[("A", "i2")] == ("live", 1, 2)  # pilot at a1, live at a2
    assert got[("A", "i3")] == (None, 0, 2)
    assert got[("B", "i3")] == ("retired", 0, 1)
    assert got[("B", "i1")] == (None, 0, 1)


def test_overlaps_same_function_different_departments_common_leaves() -> None:
    ov = metrics.overlaps(INITS, LS)
    assert len(ov) == 1
    row = ov.iloc[0]
    assert (row["function"], row["initiative_a"], row["initiative_b"]) == ("f", "i1", "i2")
    assert (row["department_a"], row["department_b"]) == ("d1", "d2")
    assert row["leaf_ids"] == ("a1", "a2") and row["leaf_count"] == 2
    assert metrics.overlaps(INITS, LS, {"a1", "B"}).iloc[0]["leaf_ids"] == ("a1",)
    same_dept = INITS.assign(department_id="d1")
    assert metrics.overlaps(same_dept, LS).empty


def test_covering_regions_names_the_fewest_regions() -> None:
    assert metrics.covering_regions({"a1", "a2"}, REGIONS, CLOSURE) == ["A"]
    assert metrics.covering_regions({"a1", "a2", "B"}, REGIONS, CLOSURE) == ["R"]
    assert metrics.covering_regions({"a1", "B"}, REGIONS, CLOSURE) == ["a1", "B"]
    assert metrics.covering_regions(set(), REGIONS, CLOSURE) == []


def test_headline_sum_metrics_are_the_declared_headline_sums_in_order_missing_flag_not_headline() -> None:
    defs = pd.DataFrame(
        {
            "metric": ["users", "share", "visits", "spare", "calls"],
            "headline": [True, True, None, False, True],
            "aggregate": ["sum", "mean", "sum", "sum", "sum"],
        }
    )
    assert metrics.headline_sum_metrics(defs) == ["users", "calls"]
    assert metrics.headline_sum_metrics(defs.iloc[0:0]) == []


def test_stage_order_lists_the_furthest_stage_first_and_no_stage_last() -> None:
    assert sorted(["planned", None, "scaled", "retired", "pilot", "live"], key=metrics.STAGE_ORDER.__getitem__) == [
        "scaled",
        "live",
        "pilot",
        "planned",
        "retired",
        None,
    ]
