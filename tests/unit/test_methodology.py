"""The methodology (contract section 4) on the tiny fixture; every expected figure worked out by hand.

tests/fixtures/tiny: country c -> provinces p1 (pop 1000; districts a 400, b 600) and p2 (no
population; district d 500). i1 (dep1 at p1) is live province-wide at p1, so at a and b; i2 (dep1)
went pilot -> live at a; i3 (dep2 at p2) is only planned at d. as_of 2026-03-15.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from shafaf import metrics
from shafaf.store.publish import load_package
from shafaf.store.reader import open_snapshot
from shafaf.summary import UnknownRegion, compute_summary
from tests.pkgtools import FIXTURES, cli


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("m") / "shafaf.duckdb"
    assert load_package(FIXTURES / "tiny", path).snapshot_id == "000001"
    return path


def _summary(db: Path, region: str | None) -> dict:
    snap = open_snapshot(db)
    try:
        return compute_summary(snap.con, region)
    finally:
        snap.close()


def test_summary_of_the_root(db: Path) -> None:
    s = _summary(db, None)
    assert s["region_id"] == "c"
    assert s["as_of"] == "2026-03-15"
    assert s["initiatives"] == 3  # every department sits under the root
    assert s["initiatives_live"] == 2  # i1 (a, b) and i2 (a); i3 only planned
    assert (s["regions_reached"], s["leaf_regions"]) == (2, 3)  # a and b of a, b, d
    # m1 on time; m2 late; m3 (blocked) and m6 overdue; m4 upcoming; m5 cancelled
    assert s["milestones"] == {"done_on_time": 1, "done_late": 1, "overdue": 2, "upcoming": 1, "cancelled": 1}
    assert s["on_time_rate"] == 1 / 4
    tx = s["metrics"]["transactions"]
    assert tx["month"] == "2026-02"
    assert tx["value"] == 150 + 250 + 50 + 1000
    assert tx["previous_value"] == 100 + 300
    # c has no population of its own: the sum over its leaves a, b, d = 1500
    assert tx["per_1000"] == pytest.approx(1450 / 1500 * 1000)
    sat = s["metrics"]["satisfaction"]
    # weighted by transactions: (80*150 + 60*250 + 90*50) / (150 + 250 + 50)
    assert sat["value"] == pytest.approx(31500 / 450)
    assert sat["previous_value"] is None  # no satisfaction rows in 2026-01
    assert sat["per_1000"] is None  # a mean has no per-1,000 figure
    assert s["metrics"]["users"] == {"month": None, "value": None, "previous_value": None, "per_1000": None}


def test_summary_of_a_province(db: Path) -> None:
    s = _summary(db, "p1")
    assert (s["initiatives"], s["initiatives_live"]) == (2, 2)
    assert (s["regions_reached"], s["leaf_regions"]) == (2, 2)
    assert s["milestones"] == {"done_on_time": 1, "done_late": 1, "overdue": 1, "upcoming": 1, "cancelled": 0}
    assert s["on_time_rate"] == 1 / 3
    assert s["metrics"]["transactions"]["value"] == 450
    assert s["metrics"]["transactions"]["per_1000"] == 450  # p1's own population, 1000


def test_summary_of_a_district_inherits_province_wide_rollout(db: Path) -> None:
    s = _summary(db, "b")
    # i1 and i2 are dep1's (region p1, not in subtree(b)); i1 is live at b via p1; i2 is not at b
    assert (s["initiatives"], s["initiatives_live"]) == (1, 1)
    assert (s["regions_reached"], s["leaf_regions"]) == (1, 1)
    # milestones of i1 with empty region (m1) or an ancestor of b: m2 concerns district a, so out
    assert s["milestones"] == {"done_on_time": 1, "done_late": 0, "overdue": 0, "upcoming": 0, "cancelled": 0}
    assert s["metrics"]["transactions"]["value"] == 250
    assert s["metrics"]["transactions"]["per_1000"] == pytest.approx(250 / 600 * 1000)
    assert s["metrics"]["satisfaction"]["value"] == 60


def test_summary_of_a_province_without_population_or_live_tools(db: Path) -> None:
    s = _summary(db, "p2")
    assert (s["initiatives"], s["initiatives_live"], s["regions_reached"]) == (1, 0, 0)
    assert s["milestones"]["cancelled"] == 1 and s["milestones"]["overdue"] == 1
    assert s["on_time_rate"] == 0.0
    # p2 has no population but its only leaf d has 500
    assert s["metrics"]["transactions"]["per_1000"] == pytest.approx(1000 / 500 * 1000)


def test_unknown_region_is_an_error(db: Path) -> None:
    with pytest.raises(UnknownRegion):
        _summary(db, "nowhere")


def test_summary_json_cli_matches_and_unknown_region_exits_2(db: Path) -> None:
    import json

    r = cli("summary", "--db", str(db), "--json", "--region", "p1")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == _summary(db, "p1")
    r = cli("summary", "--db", str(db), "--region", "x'; DROP TABLE regions; --")
    assert r.returncode == 2 and "unknown region" in r.stderr


# ---------------------------------------------------------------------------- pure functions


def _regions() -> pd.DataFrame:
    return pd.DataFrame(
        {"region_id": ["r", "p", "a", "b"], "parent_id": [None, "r", "p", "p"], "population": [None, None, 10, 30]}
    )


def test_current_stage_is_latest_row_and_ties_go_to_later_stage() -> None:
    ro = pd.DataFrame(
        {
            "initiative_id": ["i", "i", "i", "j", "j"],
            "region_id": ["a", "a", "a", "a", "a"],
            "stage": ["pilot", "live", "retired", "live", "pilot"],
            "date": pd.to_datetime(["2024-01-01", "2024-06-01", "2024-03-01", "2024-01-01", "2024-01-01"]),
        }
    )
    cur = metrics.current_stages(ro).set_index("initiative_id")["stage"].to_dict()
    assert cur == {"i": "live", "j": "live"}


def test_leaf_stage_prefers_own_rows_over_ancestor() -> None:
    ro = pd.DataFrame(
        {
            "initiative_id": ["i", "i"],
            "region_id": ["p", "b"],
            "stage": ["live", "pilot"],
            "date": pd.to_datetime(["2024-01-01", "2024-02-01"]),
        }
    )
    ls = metrics.leaf_stages(_regions(), ro)
    got = {(r.leaf_id, r.stage, r.via_region_id) for r in ls.itertuples()}
    assert got == {("a", "live", "p"), ("b", "pilot", "b")}


@pytest.mark.parametrize(
    ("planned", "actual", "status", "expected"),
    [
        ("2026-01-10", "2026-01-10", None, "done_on_time"),
        ("2026-01-10", "2026-01-11", None, "done_late"),
        ("2026-01-10", None, None, "overdue"),
        ("2026-01-10", None, "blocked", "overdue"),
        ("2026-01-15", None, None, "upcoming"),  # planned == as_of is not yet overdue
        ("2026-01-10", "2026-01-01", "cancelled", "cancelled"),
    ],
)
def test_milestone_class(planned: str, actual: str | None, status: str | None, expected: str) -> None:
    assert metrics.milestone_class(planned, actual, status, dt.date(2026, 1, 15)) == expected


def test_on_time_rate_without_due_milestones_is_no_data() -> None:
    counts = {"done_on_time": 0, "done_late": 0, "overdue": 0, "upcoming": 4, "cancelled": 1}
    assert metrics.on_time_rate(counts) is None


def test_slippage_uses_actual_else_planned_against_baseline() -> None:
    m = pd.DataFrame(
        {
            "planned_date": pd.to_datetime(["2026-03-01", "2026-03-01"]),
            "actual_date": pd.to_datetime(["2026-03-11", None]),
            "effective_baseline_date": pd.to_datetime(["2026-03-01", "2026-01-01"]),
        }
    )
    assert metrics.slippage_days(m).tolist() == [10, 59]


def test_weighted_mean_with_all_weights_zero_is_no_data() -> None:
    aggs = pd.DataFrame(
        {
            "metric": ["s", "t"],
            "month": pd.to_datetime(["2026-01-01", "2026-01-01"]),
            "sum_value": [150.0, 0.0],
            "row_count": [2, 1],
            "weighted_sum": [0.0, 0.0],
            "weight_sum": [0.0, 0.0],
        }
    )
    defs = pd.DataFrame({"metric": ["s", "t"], "aggregate": ["mean", "sum"], "weight": ["t", None]})
    values = metrics.metric_values(aggs, defs).set_index("metric")["value"]
    assert pd.isna(values["s"])
    assert values["t"] == 0.0  # a reported zero is a value, not "no data"


def test_unweighted_mean_and_population_rules() -> None:
    aggs = pd.DataFrame(
        {
            "metric": ["m"],
            "month": pd.to_datetime(["2026-01-01"]),
            "sum_value": [90.0],
            "row_count": [3],
            "weighted_sum": [0.0],
            "weight_sum": [0.0],
        }
    )
    defs = pd.DataFrame({"metric": ["m"], "aggregate": ["mean"], "weight": [None]})
    assert metrics.metric_values(aggs, defs)["value"].tolist() == [30.0]
    regions = _regions()
    ls = pd.DataFrame(columns=["initiative_id", "leaf_id", "stage", "via_region_id"])
    deps = pd.DataFrame({"department_id": ["d"], "region_id": ["r"]})
    inits = pd.DataFrame({"initiative_id": ["i"], "department_id": ["d"]})
    sc = metrics.scope("p", regions, deps, inits, ls)
    assert metrics.population_of(sc, regions) == 40.0  # leaves a + b
    regions.loc[regions["region_id"] == "b", "population"] = None
    assert metrics.population_of(sc, regions) is None  # a leaf without population: no data


def test_previous_value_needs_the_calendar_month_before() -> None:
    values = pd.DataFrame(
        {
            "metric": ["t", "t"],
            "month": pd.to_datetime(["2025-12-01", "2026-02-01"]),
            "value": pd.array([5.0, 7.0], dtype="Float64"),
        }
    )
    h = metrics.headline(values, "t", "sum", None)
    assert h == {"month": "2026-02", "value": 7.0, "previous_value": None, "per_1000": None}


def test_latest_month_is_the_newest_with_any_row_even_without_a_value() -> None:
    # 2026-03 has rows of s but all weights 0, so its value is no data: the latest month is still 2026-03,
    # with no value, and the previous value is 2026-02's 7.0 (never falling back to 2026-02 as "latest")
    values = pd.DataFrame(
        {
            "metric": ["s", "s", "s", "t"],
            "month": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"]),
            "value": pd.array([5.0, 7.0, None, 1.0], dtype="Float64"),
        }
    )
    h = metrics.headline(values, "s", "sum", 1000.0)
    assert h == {"month": "2026-03", "value": None, "previous_value": 7.0, "per_1000": None}
    # a metric with no rows at all has no latest month
    assert metrics.headline(values, "u", "sum", None)["month"] is None


def test_reporting_completeness_counts_only_live_leaves_that_reported() -> None:
    regions = _regions()  # r -> p -> a, b
    ls = pd.DataFrame(
        {
            "initiative_id": ["i", "j"],
            "leaf_id": ["a", "b"],
            "stage": ["live", "planned"],
            "via_region_id": ["a", "b"],
        }
    )
    deps = pd.DataFrame({"department_id": ["d"], "region_id": ["r"]})
    inits = pd.DataFrame({"initiative_id": ["i", "j"], "department_id": ["d", "d"]})
    sc = metrics.scope("p", regions, deps, inits, ls)
    # only a is live; b reported but nothing is live there, so it does not count: 1 of 1, not 2 of 1
    assert metrics.reporting_completeness({"a", "b"}, sc, ls) == (1, 1)
    assert metrics.reporting_completeness({"b"}, sc, ls) == (0, 1)
    nothing_live = ls.assign(stage="planned")
    assert metrics.reporting_completeness({"a", "b"}, sc, nothing_live) == (0, 0)


def test_months_behind_counts_calendar_months_to_the_as_of_month() -> None:
    as_of = dt.date(2026, 3, 15)
    assert metrics.months_behind(pd.Timestamp("2026-03-01"), as_of) == 0
    assert metrics.months_behind("2026-02-01", as_of) == 1
    assert metrics.months_behind(dt.date(2025, 12, 1), as_of) == 3
    assert metrics.months_behind(None, as_of) is None
    assert metrics.months_behind(pd.NaT, as_of) is None


def test_coverage_counts_only_leaves_under_the_department_region() -> None:
    # r -> p -> a, b and r -> q -> c; the department sits at p, the service is live at a and c, planned at b
    regions = pd.DataFrame(
        {
            "region_id": ["r", "p", "a", "b", "q", "c"],
            "parent_id": [None, "r", "p", "p", "r", "q"],
            "population": [None] * 6,
        }
    )
    ls = pd.DataFrame(
        {
            "initiative_id": ["i", "i", "i"],
            "leaf_id": ["a", "b", "c"],
            "stage": ["live", "planned", "live"],
            "via_region_id": ["a", "b", "c"],
        }
    )
    deps = pd.DataFrame({"department_id": ["d"], "region_id": ["p"]})
    inits = pd.DataFrame({"initiative_id": ["i"], "department_id": ["d"]})
    closure = metrics.region_closure(regions)
    sc = metrics.scope("r", regions, deps, inits, ls, closure)
    # of r's leaves a, b, c only a and b are under p: live at a, reached at a and b; c does not count
    assert metrics.coverage_counts("i", sc, "p", closure, ls) == (1, 2, 2)
    assert metrics.coverage("i", sc, "p", closure, ls) == 0.5
    sc_q = metrics.scope("q", regions, deps, inits, ls, closure)
    assert metrics.coverage_counts("i", sc_q, "p", closure, ls) == (0, 0, 0)
    assert metrics.coverage("i", sc_q, "p", closure, ls) is None


def test_open_blocked_only_counts_overdue_or_upcoming_milestones() -> None:
    ms = pd.DataFrame(
        {
            "blocked": [True, True, True, True, False],
            "class": ["overdue", "upcoming", "done_late", "cancelled", "overdue"],
        }
    )
    assert metrics.open_blocked(ms).tolist() == [True, True, False, False, False]
