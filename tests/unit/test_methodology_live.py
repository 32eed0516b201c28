"""One meaning of "live" (is_live: stage live or scaled there, the service neither paused nor cancelled) and
where-it-stands counts that add up, on a hand-made package; every figure worked out by hand.

The tiny fixture (c -> p1 {a, b}, p2 {d}; i1 live province-wide at p1, i2 live at a, i3 planned at d) plus:
i4 (dep1, declared *paused*) reached live at district a; i5 (dep2, *cancelled*) reached pilot at d;
i6 (dep1, declared live) live province-wide at p1 but retired at b; i7 (dep2) pilot at b;
i8 (dep1, planned) with no rollout at all.
"""

from __future__ import annotations

import pandas as pd
import pytest

from shafaf import metrics
from shafaf.store.publish import load_package
from shafaf.store.reader import open_snapshot
from shafaf.summary import compute_summary
from tests.pkgtools import copy_fixture

EXTRA_INITIATIVES = (
    "i4,Farm,dep1,payments,paused,,\n"
    "i5,Meter,dep2,payments,cancelled,,\n"
    "i6,Old,dep1,complaints,live,,\n"
    "i7,Trial,dep2,complaints,in_progress,,\n"
    "i8,Future,dep1,complaints,planned,,\n"
)
EXTRA_ROLLOUTS = "i4,a,live,2025-07-01\ni5,d,pilot,2025-08-01\ni6,p1,live,2025-01-01\ni6,b,retired,2026-01-01\ni7,b,pilot,2026-02-01\n"


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("live")
    pkg = copy_fixture(base / "pkg")
    with (pkg / "initiatives.csv").open("a", encoding="utf-8") as f:
        f.write(EXTRA_INITIATIVES)
    with (pkg / "rollouts.csv").open("a", encoding="utf-8") as f:
        f.write(EXTRA_ROLLOUTS)
    load_package(pkg, base / "shafaf.duckdb")
    snap = open_snapshot(base / "shafaf.duckdb")
    yield snap.con
    snap.close()


def _counts(live: int, pilot: int, planned: int, stopped: int, none: int) -> dict[str, int]:
    return {"live": live, "pilot": pilot, "planned": planned, "stopped": stopped, "not_reached": none}


# region: (services in it, live, where they stand)
EXPECTED = {
    # i1 i2 i6 live; i7 pilot; i3 planned; i4 (paused, live stage) and i5 (cancelled) stopped; i8 nowhere
    "c": (8, 3, _counts(3, 1, 1, 2, 1)),
    # dep1's i1 i2 i4 i6 i8, and i7 staged at b
    "p1": (6, 3, _counts(3, 1, 0, 1, 1)),
    # dep2's i3 (planned at d), i5 (cancelled), i7 (its pilot is at b, not under p2: not reached)
    "p2": (3, 0, _counts(0, 0, 1, 1, 1)),
    # staged at a: i1 (via p1), i2, i6 (via p1) live; i4 reached live but is paused
    "a": (4, 3, _counts(3, 0, 0, 1, 0)),
    # staged at b: i1 live (via p1); i6 retired here; i7 pilot
    "b": (3, 1, _counts(1, 1, 0, 1, 0)),
    "d": (2, 0, _counts(0, 0, 1, 1, 0)),
}


@pytest.mark.parametrize("region", list(EXPECTED))
def test_counts_add_up_in_every_scope(con, region: str) -> None:
    s = compute_summary(con, region)
    total, live, counts = EXPECTED[region]
    assert (s["initiatives"], s["initiatives_live"]) == (total, live)
    assert s["initiatives_by_reach"] == counts
    assert sum(s["initiatives_by_reach"].values()) == s["initiatives"]


def test_a_paused_service_that_reached_live_is_live_nowhere(con) -> None:
    from shafaf import queries

    inits = queries.initiatives_by_id(con)
    regions = queries.regions_by_id(con)
    closure = queries.region_closure_by_region(con)
    ls = metrics.mark_live(queries.leaf_stages_by_leaf(con), inits)
    at_a = ls[(ls["leaf_id"] == "a")].set_index("initiative_id")
    assert at_a.loc["i4", "stage"] == "live" and not at_a.loc["i4", "live"]
    assert at_a.loc["i2", "live"]
    # mark_live is is_live row by row
    status = dict(zip(inits["initiative_id"], inits["status"], strict=True))
    assert list(ls["live"]) == [
        metrics.is_live(s, status[i]) for i, s in zip(ls["initiative_id"], ls["stage"], strict=True)
    ]
    # "live in N of M" of its home p1, coverage and the stage matrix agree
    assert metrics.live_in("i4", "p1", regions, closure, ls) == (0, 2)
    assert metrics.live_in_many([("i4", "p1"), ("i6", "p1")], regions, closure, ls) == [(0, 2), (1, 2)]
    m = metrics.stage_matrix(["a", "p1"], regions, closure, ls, ["i4", "i6"]).set_index(["region_id", "initiative_id"])
    assert m.loc[("a", "i4"), "stage"] == "live" and m.loc[("a", "i4"), "live_leaves"] == 0
    assert m.loc[("p1", "i6"), "live_leaves"] == 1
    reach = metrics.reach_in(
        metrics.scope("a", regions, queries.departments_by_id(con), inits, ls, closure), ls, inits
    ).set_index("initiative_id")
    assert reach.loc["i4", ["status", "stage", "reach"]].tolist() == ["paused", "live", "stopped"]


def test_every_page_counts_the_same_live_services(con) -> None:
    from shafaf import queries

    inits, depts = queries.initiatives_by_id(con), queries.departments_by_id(con)
    regions, closure = queries.regions_by_id(con), queries.region_closure_by_region(con)
    ls = metrics.mark_live(queries.leaf_stages_by_leaf(con), inits)
    for region, (_, live, _) in EXPECTED.items():
        sc = metrics.scope(region, regions, depts, inits, ls, closure)
        card = metrics.department_scorecard(
            sc, depts, inits, pd.DataFrame(columns=["initiative_id", "class"]), closure, ls
        )
        cov = metrics.coverage_by_region([region], regions, depts, inits, ls, closure).iloc[0]
        reach = metrics.reach_in(sc, ls, inits)
        assert len(sc.live) == int(card["live"].sum()) == int(cov["live_services"]) == live, region
        assert int((reach["reach"] == "live").sum()) == live, region


def test_reach_word() -> None:
    assert metrics.reach_word("scaled", "live", True) == "live"
    assert metrics.reach_word("live", "paused", False) == "stopped"
    assert metrics.reach_word("pilot", "cancelled", False) == "stopped"
    assert metrics.reach_word("retired", "live", False) == "stopped"
    assert metrics.reach_word("pilot", "in_progress", False) == "pilot"
    assert metrics.reach_word("planned", "planned", False) == "planned"
    assert metrics.reach_word(None, "live", False) == "not_reached"
    assert metrics.is_live("scaled", "live") and metrics.is_live("live", "in_progress")
    assert not metrics.is_live("live", "paused") and not metrics.is_live("scaled", "cancelled")
    assert not metrics.is_live("pilot", "live") and not metrics.is_live(None, "live")


def _regions(rows: list[tuple[str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["region_id", "parent_id"])


def test_opening_region_goes_down_while_there_is_one_child() -> None:
    # the tiny fixture's country has two provinces: it opens at the root
    assert metrics.opening_region(_regions([("c", None), ("p1", "c"), ("p2", "c"), ("a", "p1")])) == "c"
    # the demo's shape: one province, then several divisions
    chain = [("pk", None), ("kp", "pk"), ("pesh", "kp"), ("mala", "kp"), ("swat", "mala")]
    assert metrics.opening_region(_regions(chain)) == "kp"
    # one child all the way down: the single local area
    assert metrics.opening_region(_regions([("x", None), ("y", "x"), ("z", "y")])) == "z"
    assert metrics.opening_region(_regions([("only", None)])) == "only"


def test_district_service_grid_ranking_and_gaps(con) -> None:
    from shafaf import queries

    inits, depts = queries.initiatives_by_id(con), queries.departments_by_id(con)
    regions, closure = queries.regions_by_id(con), queries.region_closure_by_region(con)
    ls = metrics.mark_live(queries.leaf_stages_by_leaf(con), inits)
    ids = set(metrics.scope("p1", regions, depts, inits, ls, closure).initiatives)  # i1 i2 i4 i6 i7 i8
    grid = metrics.district_service_grid("p1", regions, depts, inits, ls, closure, ids)
    assert len(grid) == 2 * 6
    cell = grid.set_index(["leaf_id", "initiative_id"])
    assert cell.loc[("a", "i4"), ["stage", "reach"]].tolist() == ["live", "stopped"]  # paused
    assert not cell.loc[("a", "i7"), "meant"]  # dep2's pilot at b: not meant for a
    assert cell.loc[("b", "i7"), "meant"] and cell.loc[("a", "i8"), "meant"]  # staged at b; dep1 serves p1
    # a: meant i1 i2 i4 i6 i8, live i1 i2 i6 -> 3/5; b: meant i1 i2 i4 i6 i7 i8, live i1 -> 1/6
    ranking = metrics.district_ranking(grid)
    assert ranking[["leaf_id", "meant", "live"]].values.tolist() == [["a", 5, 3], ["b", 6, 1]]
    assert ranking["live_share"].tolist() == pytest.approx([3 / 5, 1 / 6])
    # gaps: a (i4, i8), b (i2, i4, i6, i7, i8): 7 of 11 meant pairs; services i2 i4 i6 i7 i8
    assert metrics.grid_gaps(grid) == {"gaps": 7, "meant": 11, "services": 5, "leaves": 2, "all_leaves": 2}
