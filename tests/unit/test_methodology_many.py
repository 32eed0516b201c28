"""The batch forms used by the Catalog (many overlaps, many services at once) answer exactly as the single forms."""

from __future__ import annotations

import itertools
import random

import pandas as pd

from shafaf import metrics
from tests.unit.test_methodology_regions import CLOSURE, INITS, LS, REGIONS

# a bigger hierarchy: root -> 3 provinces -> 3 districts each (9 leaves), several services at random leaves
BIG_REGIONS = pd.DataFrame(
    {
        "region_id": ["r"] + [f"p{i}" for i in range(3)] + [f"p{i}d{j}" for i in range(3) for j in range(3)],
        "parent_id": [None] + ["r"] * 3 + [f"p{i}" for i in range(3) for _ in range(3)],
    }
)
BIG_CLOSURE = metrics.region_closure(BIG_REGIONS)
BIG_LEAVES = sorted(metrics.leaf_ids(BIG_REGIONS))


def _big_stages(seed: int) -> pd.DataFrame:
    rnd = random.Random(seed)
    rows = [
        (f"i{k}", leaf, rnd.choice(["planned", "pilot", "live", "scaled", "retired"]))
        for k in range(8)
        for leaf in BIG_LEAVES
        if rnd.random() < 0.6
    ]
    return pd.DataFrame(rows, columns=["initiative_id", "leaf_id", "stage"])


def test_covering_regions_many_matches_covering_regions() -> None:
    sets = [set(c) for n in range(len(BIG_LEAVES) + 1) for c in itertools.combinations(BIG_LEAVES, n)][::7]
    assert len(sets) > 50
    many = metrics.covering_regions_many(sets, BIG_REGIONS, BIG_CLOSURE)
    assert many == [metrics.covering_regions(s, BIG_REGIONS, BIG_CLOSURE) for s in sets]
    # and on the hand-worked hierarchy
    small = [{"a1", "a2"}, {"a1", "a2", "B"}, {"a1"}, set(), ("B",)]
    assert metrics.covering_regions_many(small, REGIONS, CLOSURE) == [["A"], ["R"], ["a1"], [], ["B"]]


def test_live_in_many_matches_live_in() -> None:
    for seed in range(3):
        ls = _big_stages(seed)
        pairs = [(f"i{k}", r) for k in range(9) for r in BIG_REGIONS["region_id"]]
        many = metrics.live_in_many(pairs, BIG_REGIONS, BIG_CLOSURE, ls)
        assert many == [metrics.live_in(i, r, BIG_REGIONS, BIG_CLOSURE, ls) for i, r in pairs]
    assert metrics.live_in_many([("i1", "R"), ("i3", "R"), ("i2", "A")], REGIONS, CLOSURE, LS) == [
        (1, 3),
        (0, 3),
        (1, 2),
    ]


def test_overlaps_on_many_services_list_sorted_unique_common_leaves() -> None:
    ls = _big_stages(7)
    inits = pd.DataFrame(
        {
            "initiative_id": [f"i{k}" for k in range(8)],
            "department_id": [f"d{k % 3}" for k in range(8)],
            "function": ["f" if k % 2 else "g" for k in range(8)],
        }
    )
    ov = metrics.overlaps(inits, ls)
    assert not ov.empty
    at = {(i, leaf) for i, leaf in zip(ls["initiative_id"], ls["leaf_id"], strict=True)}
    for r in ov.itertuples(index=False):
        want = tuple(
            sorted(leaf for leaf in BIG_LEAVES if (r.initiative_a, leaf) in at and (r.initiative_b, leaf) in at)
        )
        assert r.leaf_ids == want and r.leaf_count == len(want)
    assert metrics.overlaps(INITS, LS).iloc[0]["leaf_ids"] == ("a1", "a2")


def test_target_statuses_pick_each_series_own_actuals() -> None:
    """Each series (initiative, target region or none, metric) is judged on its own actual values only."""
    import datetime as dt

    months = pd.to_datetime(["2026-06-01", "2026-08-01", "2026-10-01"])
    points = pd.DataFrame(
        {
            "initiative_id": ["i1", "i1", "i1", "i1", "i2", "i2"],
            "target_region_id": [None, None, "p1", "p1", None, None],
            "metric": ["tx", "tx", "tx", "tx", "users", "users"],
            "month": [months[0], months[2]] * 3,
            "value": [100.0, 200.0, 10.0, 20.0, 5.0, 5.0],
        }
    )
    actuals = pd.DataFrame(
        {
            "initiative_id": ["i1", "i1", "i1", "i2", "i3"],
            "target_region_id": [None, "p1", "p1", None, None],
            "metric": ["tx", "tx", "tx", "users", "tx"],
            "month": [months[2], months[1], months[2], months[2], months[2]],
            "value": pd.array([150.0, 30.0, 1.0, 9.0, 500.0], dtype="Float64"),
        }
    )
    defs = pd.DataFrame({"metric": ["tx", "users"], "unit": ["count", "people"]})
    as_of = dt.date(2026, 10, 31)
    got = metrics.target_statuses(points, actuals, defs, as_of)
    want = []
    for (iid, rid, metric), p in points.groupby(metrics.SERIES_KEYS, dropna=False, sort=True):
        rid = None if pd.isna(rid) else rid
        same = (actuals["target_region_id"].isna()) if rid is None else (actuals["target_region_id"] == rid)
        a = actuals[(actuals["initiative_id"] == iid) & (actuals["metric"] == metric) & same]
        unit = dict(zip(defs["metric"], defs["unit"], strict=True))[metric]
        want.append({"initiative_id": iid, "target_region_id": rid, "metric": metric, "unit": unit})
        want[-1] |= metrics.target_status(a, p, unit, as_of)
    assert got.to_dict("records") == pd.DataFrame(want, columns=got.columns).to_dict("records")
    # i1 in p1: 1 against 20 (off track); i1 over its whole scope: 150 against 200 (off track); i2: 9 against 5
    assert list(got["status"]) == ["off_track", "off_track", "on_track"]
    assert list(got["actual"]) == [1.0, 150.0, 9.0]
