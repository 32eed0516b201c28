"""The methodology of contract section 4, as pure functions over DataFrames (no streamlit, no duckdb).

`summary`, the Overview page and every other page compute their figures through these functions,
so a figure means the same thing wherever it is shown.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from shafaf.contract.schema import LIVE_STAGES, STAGES

STAGE_RANK = {s: i for i, s in enumerate(STAGES)}
MILESTONE_CLASSES = ("done_on_time", "done_late", "overdue", "upcoming", "cancelled")


def _none_if_nan(x: Any) -> Any:
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or x is pd.NaT:
        return None
    return x


# ---------------------------------------------------------------------------------- regions


def region_closure(regions: pd.DataFrame) -> pd.DataFrame:
    """Every (region_id, ancestor_id, distance) pair, each region being its own ancestor at 0."""
    parent = dict(zip(regions["region_id"], regions["parent_id"], strict=True))
    rows: list[tuple[str, str, int]] = []
    for rid in parent:
        cur: Any = rid
        d = 0
        seen: set[str] = set()
        while isinstance(cur, str) and cur not in seen:
            rows.append((rid, cur, d))
            seen.add(cur)
            cur = _none_if_nan(parent.get(cur))
            d += 1
    return pd.DataFrame(rows, columns=["region_id", "ancestor_id", "distance"])


def leaf_ids(regions: pd.DataFrame) -> set[str]:
    """Regions with no children."""
    parents = set(regions["parent_id"].dropna())
    return set(regions["region_id"]) - parents


def subtree(closure: pd.DataFrame, region_id: str) -> set[str]:
    """R and all its descendants."""
    return set(closure.loc[closure["ancestor_id"] == region_id, "region_id"])


def ancestors(closure: pd.DataFrame, region_id: str) -> set[str]:
    """R and all regions above it."""
    return set(closure.loc[closure["region_id"] == region_id, "ancestor_id"])


# ---------------------------------------------------------------------------------- stages


def current_stages(rollouts: pd.DataFrame) -> pd.DataFrame:
    """The current stage per (initiative, region): its latest row; ties go to the later stage."""
    if rollouts.empty:
        return pd.DataFrame(columns=["initiative_id", "region_id", "stage", "date"])
    r = rollouts.assign(_rank=rollouts["stage"].map(STAGE_RANK))
    r = r.sort_values(["initiative_id", "region_id", "date", "_rank"])
    last = r.groupby(["initiative_id", "region_id"], sort=False).tail(1)
    return last[["initiative_id", "region_id", "stage", "date"]].reset_index(drop=True)


def leaf_stages(regions: pd.DataFrame, rollouts: pd.DataFrame, closure: pd.DataFrame | None = None) -> pd.DataFrame:
    """Stage of each initiative at each leaf: the leaf's own current stage, else its nearest ancestor's."""
    cols = ["initiative_id", "leaf_id", "stage", "via_region_id"]
    cur = current_stages(rollouts)
    if cur.empty:
        return pd.DataFrame(columns=cols)
    closure = region_closure(regions) if closure is None else closure
    leaves = leaf_ids(regions)
    c = closure[closure["region_id"].isin(leaves)]
    m = c.merge(cur, left_on="ancestor_id", right_on="region_id", suffixes=("", "_r"))
    m = m.sort_values(["initiative_id", "region_id", "distance"])
    nearest = m.groupby(["initiative_id", "region_id"], sort=False).head(1)
    out = nearest.rename(columns={"region_id": "leaf_id", "ancestor_id": "via_region_id"})
    return out[cols].reset_index(drop=True)


@dataclass(frozen=True)
class Scope:
    """What region R covers: its subtree, its leaves, and its initiatives."""

    region_id: str
    subtree: frozenset[str]
    leaves: frozenset[str]
    ancestors: frozenset[str]
    initiatives: frozenset[str]
    live: frozenset[str]


def scope(
    region_id: str,
    regions: pd.DataFrame,
    departments: pd.DataFrame,
    initiatives: pd.DataFrame,
    leaf_stage: pd.DataFrame,
    closure: pd.DataFrame | None = None,
) -> Scope:
    """Initiatives in R (department's region in subtree(R), or a stage at a leaf of R) and those live."""
    closure = region_closure(regions) if closure is None else closure
    sub = subtree(closure, region_id)
    lv = leaf_ids(regions) & sub
    dept_region = dict(zip(departments["department_id"], departments["region_id"], strict=True))
    by_dept = {
        i
        for i, d in zip(initiatives["initiative_id"], initiatives["department_id"], strict=True)
        if dept_region.get(d) in sub
    }
    at_leaves = leaf_stage[leaf_stage["leaf_id"].isin(lv)]
    staged = set(at_leaves["initiative_id"])
    inits = by_dept | staged
    live = set(at_leaves.loc[at_leaves["stage"].isin(LIVE_STAGES), "initiative_id"]) & inits
    return Scope(
        region_id,
        frozenset(sub),
        frozenset(lv),
        frozenset(ancestors(closure, region_id)),
        frozenset(inits),
        frozenset(live),
    )


def regions_reached(sc: Scope, leaf_stage: pd.DataFrame) -> int:
    """Leaves of R where at least one initiative is live."""
    at = leaf_stage[leaf_stage["leaf_id"].isin(sc.leaves) & leaf_stage["stage"].isin(LIVE_STAGES)]
    return int(at["leaf_id"].nunique())


def coverage(
    initiative_id: str,
    sc: Scope,
    dept_region_id: str,
    closure: pd.DataFrame,
    leaf_stage: pd.DataFrame,
) -> float | None:
    """Share of the leaves in both leaves(R) and under the department's region where it is live."""
    eligible = sc.leaves & subtree(closure, dept_region_id)
    if not eligible:
        return None
    at = leaf_stage[
        (leaf_stage["initiative_id"] == initiative_id)
        & leaf_stage["leaf_id"].isin(eligible)
        & leaf_stage["stage"].isin(LIVE_STAGES)
    ]
    return at["leaf_id"].nunique() / len(eligible)


# ---------------------------------------------------------------------------------- milestones


def milestone_class(planned: Any, actual: Any, status: Any, as_of: dt.date) -> str:
    """done_on_time, done_late, overdue, upcoming or cancelled."""
    if _none_if_nan(status) == "cancelled":
        return "cancelled"
    actual = _none_if_nan(actual)
    planned = pd.Timestamp(planned).date()
    if actual is not None:
        return "done_on_time" if pd.Timestamp(actual).date() <= planned else "done_late"
    return "overdue" if planned < as_of else "upcoming"


def classify_milestones(milestones: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Milestones with `class`, `blocked` and `slippage_days` columns added."""
    m = milestones.copy()
    m["class"] = [
        milestone_class(p, a, s, as_of)
        for p, a, s in zip(m["planned_date"], m["actual_date"], m["status"], strict=True)
    ]
    m["blocked"] = m["status"].eq("blocked").fillna(False).astype(bool)
    m["slippage_days"] = slippage_days(m)
    return m


def slippage_days(milestones: pd.DataFrame) -> pd.Series:
    """(actual or planned) - baseline in days; baseline = effective_baseline_date or baseline_date."""
    base_col = "effective_baseline_date" if "effective_baseline_date" in milestones else "baseline_date"
    end = pd.to_datetime(milestones["actual_date"]).fillna(pd.to_datetime(milestones["planned_date"]))
    base = pd.to_datetime(milestones[base_col])
    return (end - base).dt.days.astype("Int64")


def milestones_in(milestones: pd.DataFrame, sc: Scope) -> pd.DataFrame:
    """Milestones of initiatives in R whose region is empty, in subtree(R), or an ancestor of R."""
    region = milestones["region_id"]
    ok = region.isna() | region.isin(sc.subtree) | region.isin(sc.ancestors)
    return milestones[milestones["initiative_id"].isin(sc.initiatives) & ok]


def milestone_counts(classified: pd.DataFrame) -> dict[str, int]:
    """How many milestones of each class."""
    counts = classified["class"].value_counts()
    return {c: int(counts.get(c, 0)) for c in MILESTONE_CLASSES}


def on_time_rate(counts: dict[str, int]) -> float | None:
    """done on time / (done on time + done late + overdue); None when nothing is due."""
    due = counts["done_on_time"] + counts["done_late"] + counts["overdue"]
    return None if due == 0 else counts["done_on_time"] / due


# ---------------------------------------------------------------------------------- metrics


def metric_values(aggs: pd.DataFrame, defs: pd.DataFrame) -> pd.DataFrame:
    """Value per (metric, month) from row aggregates: sum, mean, or weighted mean.

    `aggs` has metric, month, sum_value, row_count, weighted_sum, weight_sum over the rows in scope;
    `defs` has metric, aggregate, weight. A weighted mean whose weights are all 0 is no data.
    """
    if aggs.empty:
        return pd.DataFrame(columns=["metric", "month", "value"])
    a = aggs.merge(defs[["metric", "aggregate", "weight"]], on="metric", how="left")
    values = []
    for agg, weight, s, n, ws, w in zip(
        a["aggregate"], a["weight"], a["sum_value"], a["row_count"], a["weighted_sum"], a["weight_sum"], strict=True
    ):
        if agg == "sum":
            values.append(float(s) if n else None)
        elif _none_if_nan(weight) is None:
            values.append(float(s) / n if n else None)
        else:
            values.append(float(ws) / float(w) if _none_if_nan(w) and float(w) > 0 else None)
    out = a[["metric", "month"]].copy()
    out["value"] = pd.array(values, dtype="Float64")
    return out.sort_values(["metric", "month"]).reset_index(drop=True)


def previous_month(month: dt.date) -> dt.date:
    """The first day of the calendar month before `month`."""
    return (pd.Timestamp(month) - pd.offsets.MonthBegin(1)).date()


def population_of(sc: Scope, regions: pd.DataFrame) -> float | None:
    """R's own population, else the sum over its leaves when every leaf has one, else None."""
    pop = dict(zip(regions["region_id"], regions["population"], strict=True))
    own = _none_if_nan(pop.get(sc.region_id))
    if own is not None:
        return float(own)
    leaf_pops = [_none_if_nan(pop.get(leaf)) for leaf in sc.leaves]
    if not leaf_pops or any(p is None for p in leaf_pops):
        return None
    return float(sum(leaf_pops))


def headline(values: pd.DataFrame, metric: str, aggregate: str, population: float | None) -> dict[str, Any]:
    """{month, value, previous_value, per_1000} of a metric: its latest month and the month before."""
    v = values[(values["metric"] == metric) & values["value"].notna()]
    if v.empty:
        return {"month": None, "value": None, "previous_value": None, "per_1000": None}
    latest = v["month"].max()
    value = float(v.loc[v["month"] == latest, "value"].iloc[0])
    prev_month = previous_month(pd.Timestamp(latest).date())
    prev = v.loc[pd.to_datetime(v["month"]) == pd.Timestamp(prev_month), "value"]
    per_1000 = value / population * 1000 if aggregate == "sum" and population else None
    return {
        "month": pd.Timestamp(latest).strftime("%Y-%m"),
        "value": value,
        "previous_value": float(prev.iloc[0]) if len(prev) else None,
        "per_1000": per_1000,
    }


def reporting_completeness(reported_leaves: set[str], sc: Scope, leaf_stage: pd.DataFrame) -> tuple[int, int]:
    """(leaves of R with at least one row, leaves of R where some initiative is live)."""
    live_leaves = set(
        leaf_stage.loc[leaf_stage["leaf_id"].isin(sc.leaves) & leaf_stage["stage"].isin(LIVE_STAGES), "leaf_id"]
    )
    return len(reported_leaves & sc.leaves), len(live_leaves)
