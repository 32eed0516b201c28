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

from shafaf.contract.schema import DEFAULT_PROVENANCE, LIVE_STAGES, PROVENANCES, STAGES

STAGE_RANK = {s: i for i, s in enumerate(STAGES)}
# a service its owner has paused or cancelled is live nowhere, whatever stage its rollout rows reached
NOT_LIVE_STATUSES = ("paused", "cancelled")
# where a service stands in an area, one word each, so that the counts add up to every service in the area
REACH = ("live", "pilot", "planned", "stopped", "not_reached")
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


def is_live(stage: Any, status: Any) -> bool:
    """The one meaning of "live": stage live or scaled there, and the service neither paused nor cancelled."""
    return _none_if_nan(stage) in LIVE_STAGES and _none_if_nan(status) not in NOT_LIVE_STATUSES


def mark_live(leaf_stage: pd.DataFrame, initiatives: pd.DataFrame) -> pd.DataFrame:
    """`leaf_stage` with a boolean `live` column by is_live(), from the services' declared statuses."""
    status = dict(zip(initiatives["initiative_id"], initiatives["status"], strict=True))
    out = leaf_stage.copy()
    # is_live() row by row, vectorised (a large deployment has initiatives x leaves rows)
    stopped = out["initiative_id"].map(status).isin(NOT_LIVE_STATUSES)
    out["live"] = (out["stage"].isin(LIVE_STAGES) & ~stopped).astype(bool)
    return out


def _live(leaf_stage: pd.DataFrame) -> pd.Series:
    """The rows of `leaf_stage` that are live: its `live` column (mark_live); without one no status is known."""
    if "live" in leaf_stage.columns:
        return leaf_stage["live"].astype(bool)
    return leaf_stage["stage"].isin(LIVE_STAGES)


def reach_word(stage: Any, status: Any, live: bool) -> str:
    """One of REACH: live; else stopped (retired, or a paused/cancelled service with a stage); pilot; planned."""
    stage = _none_if_nan(stage)
    if live:
        return "live"
    if stage is None:
        return "not_reached"
    if stage == "retired" or _none_if_nan(status) in NOT_LIVE_STATUSES:
        return "stopped"
    return "pilot" if stage == "pilot" else "planned"


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
    live = set(at_leaves.loc[_live(at_leaves), "initiative_id"]) & inits
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
    at = leaf_stage[leaf_stage["leaf_id"].isin(sc.leaves) & _live(leaf_stage)]
    return int(at["leaf_id"].nunique())


def reach_in(sc: Scope, leaf_stage: pd.DataFrame, initiatives: pd.DataFrame) -> pd.DataFrame:
    """Where each service in R stands: initiative_id, status (declared), stage, live_leaves, reach (REACH).

    stage is the furthest stage at any leaf of R (STAGE_REACH), None when it reached none; reach is "live" when
    it is live (is_live) at one leaf of R at least, else by reach_word() from that stage and the status.
    """
    cols = ["initiative_id", "status", "stage", "live_leaves", "reach"]
    rank = {s: i for i, s in enumerate(STAGE_REACH)}
    at = leaf_stage[leaf_stage["leaf_id"].isin(sc.leaves) & leaf_stage["initiative_id"].isin(sc.initiatives)]
    at = at.assign(_live=_live(at).to_numpy())
    best: dict[str, str] = {}
    live: dict[str, int] = {}
    for iid, stage, lv in at[["initiative_id", "stage", "_live"]].itertuples(index=False):
        if iid not in best or rank[stage] > rank[best[iid]]:
            best[iid] = stage
        live[iid] = live.get(iid, 0) + int(bool(lv))
    status = dict(zip(initiatives["initiative_id"], initiatives["status"], strict=True))
    rows = [
        {
            "initiative_id": iid,
            "status": status.get(iid),
            "stage": best.get(iid),
            "live_leaves": live.get(iid, 0),
            "reach": reach_word(best.get(iid), status.get(iid), live.get(iid, 0) > 0),
        }
        for iid in sorted(sc.initiatives)
    ]
    return pd.DataFrame(rows, columns=cols)


def reach_counts(reach: pd.DataFrame) -> dict[str, int]:
    """How many services of each REACH word (reach_in()): they add up to every service in R."""
    counts = reach["reach"].value_counts()
    return {r: int(counts.get(r, 0)) for r in REACH}


def coverage_counts(
    initiative_id: str,
    sc: Scope,
    dept_region_id: str,
    closure: pd.DataFrame,
    leaf_stage: pd.DataFrame,
) -> tuple[int, int, int]:
    """(live, reached at any stage, eligible) over the leaves in both leaves(R) and under the department's region."""
    eligible = sc.leaves & subtree(closure, dept_region_id)
    at = leaf_stage[(leaf_stage["initiative_id"] == initiative_id) & leaf_stage["leaf_id"].isin(eligible)]
    live = int(at.loc[_live(at), "leaf_id"].nunique())
    return live, int(at["leaf_id"].nunique()), len(eligible)


def coverage(
    initiative_id: str,
    sc: Scope,
    dept_region_id: str,
    closure: pd.DataFrame,
    leaf_stage: pd.DataFrame,
) -> float | None:
    """Share of the leaves in both leaves(R) and under the department's region where it is live."""
    live, _, eligible = coverage_counts(initiative_id, sc, dept_region_id, closure, leaf_stage)
    return live / eligible if eligible else None


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


def open_blocked(classified: pd.DataFrame) -> pd.Series:
    """Blocked milestones that are still open (overdue or upcoming): the flag means nothing once done or cancelled."""
    return classified["blocked"] & classified["class"].isin(("overdue", "upcoming"))


def on_time_rate(counts: dict[str, int], withdrawn_overdue: int = 0) -> float | None:
    """done on time / (done on time + done late + overdue + withdrawn while overdue); None when nothing is due.

    A milestone withdrawn while overdue (left out of a later package after its planned date) counts as missed:
    leaving a late milestone out must not raise the rate.
    """
    due = counts["done_on_time"] + counts["done_late"] + counts["overdue"] + withdrawn_overdue
    return None if due == 0 else counts["done_on_time"] / due


def withdrawn_milestones_in(withdrawn: pd.DataFrame, sc: Scope) -> pd.DataFrame:
    """The withdrawn milestones (rows of the `withdrawn` table) in R, by the area rule of milestones_in."""
    return milestones_in(withdrawn[withdrawn["table_name"] == "milestones"], sc)


def withdrawn_counts(withdrawn_ms: pd.DataFrame) -> dict[str, int]:
    """{"withdrawn": withdrawn milestones, "withdrawn_overdue": those that were overdue when withdrawn}."""
    return {
        "withdrawn": len(withdrawn_ms),
        "withdrawn_overdue": int(withdrawn_ms["milestone_class"].eq("overdue").sum()),
    }


# ---------------------------------------------------------------------------------- metrics


STATUS_COUNTS = ("estimated_count", "provisional_count")


@dataclass(frozen=True)
class FigureProvenance:
    """How a figure's metrics are produced, and which of its months include estimated or provisional rows."""

    provenances: tuple[str, ...]  # of the figure's metrics, in PROVENANCES order
    estimated_months: tuple[dt.date, ...] = ()
    provisional_months: tuple[dt.date, ...] = ()


def figure_provenance(values: pd.DataFrame, defs: pd.DataFrame, metric_ids: list[str]) -> FigureProvenance:
    """The provenance of a figure showing `values` (metric, month, estimated_count, provisional_count) of some metrics."""
    declared = dict(zip(defs["metric"], defs["provenance"], strict=True)) if "provenance" in defs else {}
    kinds = {declared.get(m) or DEFAULT_PROVENANCE for m in metric_ids}
    v = values[values["metric"].isin(metric_ids)] if not values.empty else values

    def months(col: str) -> tuple[dt.date, ...]:
        if v.empty or col not in v:
            return ()
        return tuple(sorted({pd.Timestamp(m).date() for m, n in zip(v["month"], v[col], strict=True) if n and n > 0}))

    return FigureProvenance(
        tuple(p for p in PROVENANCES if p in kinds), months("estimated_count"), months("provisional_count")
    )


def metric_values(aggs: pd.DataFrame, defs: pd.DataFrame) -> pd.DataFrame:
    """Value per (metric, month) from row aggregates: sum, mean, or weighted mean.

    `aggs` has metric, month, sum_value, row_count, weighted_sum, weight_sum over the rows in scope;
    `defs` has metric, aggregate, weight. A weighted mean whose weights are all 0 is no data.
    estimated_count and provisional_count (rows with obs_status E / P; 0 when `aggs` lacks them) come along.
    """
    if aggs.empty:
        return pd.DataFrame(columns=["metric", "month", "value", *STATUS_COUNTS])
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
    for c in STATUS_COUNTS:
        out[c] = a[c].fillna(0).astype(int) if c in a else 0
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
    """{month, value, previous_value, per_1000} of a metric: its latest month and the month before.

    The latest month is the newest month with any row of the metric, even when its value is no data (a weighted
    mean whose weights are all 0): then the value is None, never an older month's value.
    """
    v = values[values["metric"] == metric]
    if v.empty:
        return {"month": None, "value": None, "previous_value": None, "per_1000": None}
    latest = pd.Timestamp(v["month"].max())
    months = pd.to_datetime(v["month"])
    now = v.loc[(months == latest) & v["value"].notna(), "value"]
    value = float(now.iloc[0]) if len(now) else None
    prev = v.loc[(months == pd.Timestamp(previous_month(latest.date()))) & v["value"].notna(), "value"]
    per_1000 = value / population * 1000 if value is not None and aggregate == "sum" and population else None
    return {
        "month": latest.strftime("%Y-%m"),
        "value": value,
        "previous_value": float(prev.iloc[0]) if len(prev) else None,
        "per_1000": per_1000,
    }


def reporting_completeness(reported_leaves: set[str], sc: Scope, leaf_stage: pd.DataFrame) -> tuple[int, int]:
    """(live leaves of R with at least one row, leaves of R where some initiative is live).

    The numerator counts only live leaves, so the share is at most 1: a row from a leaf where nothing is live
    does not make up for a live leaf that did not report (docs/methodology-notes.md, "Reporting completeness").
    """
    live_leaves = set(leaf_stage.loc[leaf_stage["leaf_id"].isin(sc.leaves) & _live(leaf_stage), "leaf_id"])
    return len(reported_leaves & live_leaves), len(live_leaves)


def months_behind(latest_month: Any, as_of: dt.date) -> int | None:
    """Whole calendar months from a latest reported month to the as-of month (0: up to date); None when never."""
    latest = _none_if_nan(latest_month)
    if latest is None:
        return None
    ts = pd.Timestamp(latest)
    return (as_of.year - ts.year) * 12 + as_of.month - ts.month


# ---------------------------------------------------------------------------------- targets (on track)

ON_TRACK_TOLERANCE = 0.05  # within 5% of the target trajectory counts as on track
ON_TRACK_RECENT_MONTHS = 3  # the latest actual must fall in the as-of month or the two before it
TARGET_STATUSES = ("on_track", "off_track", "no_data")
_NON_CURRENCY_UNITS = ("count", "people", "percent")


def lower_is_better(unit: str) -> bool:
    """True for currency units (a cost per transaction should fall); counts, people and percent should rise."""
    return str(unit) not in _NON_CURRENCY_UNITS


def _month_start(d: Any) -> pd.Timestamp:
    ts = pd.Timestamp(d)
    return pd.Timestamp(ts.year, ts.month, 1)


def _month_index(ts: pd.Timestamp) -> int:
    return ts.year * 12 + ts.month


def interpolated_target(points: pd.DataFrame, month: Any) -> float | None:
    """The target at `month`: linear in months between the target points around it, the last point after them.

    `points` has month, value. None before the first point (no target yet) or with no points.
    """
    p = points.dropna(subset=["value"]).assign(_m=pd.to_datetime(points["month"])).sort_values("_m")
    m = _month_start(month)
    if p.empty or m < p["_m"].iloc[0]:
        return None
    before = p[p["_m"] <= m].iloc[-1]
    after = p[p["_m"] >= m]
    if after.empty:
        return float(before["value"])
    nxt = after.iloc[0]
    if nxt["_m"] == before["_m"]:
        return float(nxt["value"])
    frac = (_month_index(m) - _month_index(before["_m"])) / (_month_index(nxt["_m"]) - _month_index(before["_m"]))
    return float(before["value"]) + frac * (float(nxt["value"]) - float(before["value"]))


def target_status(actuals: pd.DataFrame, points: pd.DataFrame, unit: str, as_of: dt.date) -> dict[str, Any]:
    """On track, off track or no data for one target series, by the published rule (docs/methodology-notes.md).

    `actuals` has month, value (the metric's value over the target's area); `points` has month, value.
    Returns {status, month, actual, target, lower_is_better}: the latest actual month is compared with the
    target interpolated at that month; no data when that month is older than the as-of month and the two
    before it, or when no target point falls at or before it.
    """
    out: dict[str, Any] = {
        "status": "no_data",
        "month": None,
        "actual": None,
        "target": None,
        "lower_is_better": lower_is_better(unit),
    }
    a = actuals.dropna(subset=["value"])
    if a.empty:
        return out
    latest = pd.to_datetime(a["month"]).max()
    out["month"] = latest.strftime("%Y-%m")
    out["actual"] = float(a.loc[pd.to_datetime(a["month"]) == latest, "value"].iloc[0])
    target = interpolated_target(points, latest)
    out["target"] = target
    earliest_recent = _month_start(as_of) - pd.DateOffset(months=ON_TRACK_RECENT_MONTHS - 1)
    if target is None or latest < earliest_recent:
        return out
    if out["lower_is_better"]:
        ok = out["actual"] <= target * (1 + ON_TRACK_TOLERANCE)
    else:
        ok = out["actual"] >= target * (1 - ON_TRACK_TOLERANCE)
    out["status"] = "on_track" if ok else "off_track"
    return out


SERIES_KEYS = ["initiative_id", "target_region_id", "metric"]


def target_actual_values(aggs: pd.DataFrame, defs: pd.DataFrame) -> pd.DataFrame:
    """Value per target series and month (see metric_values) from per-series row aggregates."""
    cols = [*SERIES_KEYS, "month", "value", *STATUS_COUNTS]
    if aggs.empty:
        return pd.DataFrame(columns=cols)
    parts = []
    for key, g in aggs.groupby(["initiative_id", "target_region_id"], dropna=False, sort=True):
        v = metric_values(g, defs)
        parts.append(v.assign(initiative_id=key[0], target_region_id=_none_if_nan(key[1])))
    return pd.concat(parts, ignore_index=True)[cols]


def target_values_shown(actual_values: pd.DataFrame, statuses: pd.DataFrame) -> pd.DataFrame:
    """The rows of target_actual_values behind `statuses` (target_statuses rows): each series' judged month."""
    shown = {
        (iid, _none_if_nan(rid), m, pd.Timestamp(month))
        for iid, rid, m, month in zip(
            statuses["initiative_id"], statuses["target_region_id"], statuses["metric"], statuses["month"], strict=True
        )
        if _none_if_nan(month) is not None
    }
    if actual_values.empty or not shown:
        return actual_values.iloc[0:0]
    keys = zip(
        actual_values["initiative_id"],
        [_none_if_nan(r) for r in actual_values["target_region_id"]],
        actual_values["metric"],
        pd.to_datetime(actual_values["month"]),
        strict=True,
    )
    return actual_values[[k in shown for k in keys]]


def target_statuses(
    points: pd.DataFrame, actual_values: pd.DataFrame, defs: pd.DataFrame, as_of: dt.date
) -> pd.DataFrame:
    """One row per target series with its status by target_status (status, month, actual, target, unit)."""
    cols = [*SERIES_KEYS, "unit", "status", "month", "actual", "target", "lower_is_better"]
    if points.empty:
        return pd.DataFrame(columns=cols)
    units = dict(zip(defs["metric"], defs["unit"], strict=True))
    # the actual values split by series once (not one boolean filter over all of them per series)
    by_series = {
        (iid, _none_if_nan(rid), metric): g
        for (iid, rid, metric), g in actual_values.groupby(SERIES_KEYS, dropna=False, sort=False)
    }
    none = actual_values.iloc[0:0]
    rows = []
    for (iid, rid, metric), p in points.groupby(SERIES_KEYS, dropna=False, sort=True):
        rid = _none_if_nan(rid)
        a = by_series.get((iid, rid, metric), none)
        unit = str(units.get(metric, "count"))
        rows.append(
            {"initiative_id": iid, "target_region_id": rid, "metric": metric, "unit": unit}
            | target_status(a, p, unit, as_of)
        )
    return pd.DataFrame(rows, columns=cols)


def targets_in(statuses: pd.DataFrame, sc: Scope) -> pd.DataFrame:
    """Target series of initiatives in R whose area is the whole scope, in subtree(R), or an ancestor of R."""
    area = statuses["target_region_id"]
    ok = area.isna() | area.isin(sc.subtree) | area.isin(sc.ancestors)
    return statuses[statuses["initiative_id"].isin(sc.initiatives) & ok]


def funding_flags(funding: pd.DataFrame) -> pd.DataFrame:
    """Funding rows with `over_committed` (disbursed above committed) and `disbursed_share` (missing when nothing is committed)."""
    f = funding.copy()
    f["over_committed"] = (f["disbursed"] > f["committed"]).astype(bool)
    f["disbursed_share"] = [
        None if _none_if_nan(c) is None or c == 0 else float(d) / float(c)
        for c, d in zip(f["committed"], f["disbursed"], strict=True)
    ]
    return f


def funding_totals(funding: pd.DataFrame, by: str) -> pd.DataFrame:
    """Committed and disbursed summed per `by` (funder or initiative_id) within each currency, never across.

    Returns currency, `by`, committed, disbursed, over_committed (disbursed above committed in the total),
    rows_over (funding rows of the group that are above committed themselves).
    """
    cols = ["currency", by, "committed", "disbursed", "over_committed", "rows_over"]
    if funding.empty:
        return pd.DataFrame(columns=cols)
    f = funding.assign(_over=(funding["disbursed"] > funding["committed"]).astype(int))
    g = (
        f.groupby(["currency", by], sort=True)
        .agg(committed=("committed", "sum"), disbursed=("disbursed", "sum"), rows_over=("_over", "sum"))
        .reset_index()
    )
    g["over_committed"] = (g["disbursed"] > g["committed"]).astype(bool)
    g["rows_over"] = g["rows_over"].astype(int)
    return g[cols]


# ---------------------------------------------------------------------------------- milestone tracker


def days_late(classified: pd.DataFrame, as_of: dt.date) -> pd.Series:
    """as_of - planned_date in days for overdue milestones; missing for every other class."""
    late = (pd.Timestamp(as_of) - pd.to_datetime(classified["planned_date"])).dt.days.astype("Int64")
    return late.where(classified["class"].eq("overdue"), pd.NA)


def due_within(classified: pd.DataFrame, as_of: dt.date, days: int) -> pd.DataFrame:
    """Upcoming milestones planned from as_of to as_of + `days` (both included), soonest first."""
    planned = pd.to_datetime(classified["planned_date"])
    end = pd.Timestamp(as_of) + pd.Timedelta(days=days)
    out = classified[classified["class"].eq("upcoming") & (planned <= end)]
    return out.sort_values(["planned_date", "milestone_id"])


def done_within(classified: pd.DataFrame, as_of: dt.date, days: int) -> pd.DataFrame:
    """Milestones done (on time or late) with actual_date from as_of - `days` to as_of, newest first."""
    actual = pd.to_datetime(classified["actual_date"])
    start = pd.Timestamp(as_of) - pd.Timedelta(days=days)
    done = classified["class"].isin(("done_on_time", "done_late"))
    out = classified[done & (actual >= start) & (actual <= pd.Timestamp(as_of))]
    return out.sort_values(["actual_date", "milestone_id"], ascending=[False, True])


# ---------------------------------------------------------------------------------- department scorecard


def department_scorecard(
    sc: Scope,
    departments: pd.DataFrame,
    initiatives: pd.DataFrame,
    classified: pd.DataFrame,
    closure: pd.DataFrame,
    leaf_stage: pd.DataFrame,
    withdrawn: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per department with a service in R or seated in subtree(R).

    `withdrawn` (withdrawn milestones in R) makes each on-time rate count those withdrawn while overdue as missed.

    Columns: department_id, initiatives (in R), live (those live in R by the methodology: live or scaled at a
    leaf of R), one `status_<status>` count per declared initiative status (initiatives.csv), the milestone
    classes of its services' milestones in `classified` (milestones in R, classified), on_time_rate, and
    coverage_median (the median of its services' coverage in R; None when none has one) with coverage_known.
    """
    from shafaf.contract.schema import STATUSES

    cols = [
        "department_id",
        "initiatives",
        "live",
        *(f"status_{s}" for s in STATUSES),
        *MILESTONE_CLASSES,
        "on_time_rate",
        "coverage_median",
        "coverage_known",
    ]
    dept_region = dict(zip(departments["department_id"], departments["region_id"], strict=True))
    inits = initiatives[initiatives["initiative_id"].isin(sc.initiatives)]
    rows = []
    for did in departments["department_id"]:
        own = inits[inits["department_id"] == did]
        if own.empty and dept_region.get(did) not in sc.subtree:
            continue
        status = own["status"].value_counts()
        ms = classified[classified["initiative_id"].isin(set(own["initiative_id"]))]
        counts = milestone_counts(ms)
        late = 0
        if withdrawn is not None:
            late = withdrawn_counts(withdrawn[withdrawn["initiative_id"].isin(set(own["initiative_id"]))])[
                "withdrawn_overdue"
            ]
        cov = [coverage(i, sc, dept_region[did], closure, leaf_stage) for i in own["initiative_id"]]
        known = [c for c in cov if c is not None]
        rows.append(
            {"department_id": did, "initiatives": len(own), "live": len(set(own["initiative_id"]) & sc.live)}
            | {f"status_{s}": int(status.get(s, 0)) for s in STATUSES}
            | counts
            | {
                "on_time_rate": on_time_rate(counts, late),
                "coverage_median": float(pd.Series(known).median()) if known else None,
                "coverage_known": len(known),
            }
        )
    return pd.DataFrame(rows, columns=cols)


def grouped_metric_values(aggs: pd.DataFrame, defs: pd.DataFrame, by: str) -> pd.DataFrame:
    """Value per (`by`, metric, month), by metric_values within each group of the row aggregates."""
    cols = [by, "metric", "month", "value", *STATUS_COUNTS]
    if aggs.empty:
        return pd.DataFrame(columns=cols)
    parts = [metric_values(g, defs).assign(**{by: key}) for key, g in aggs.groupby(by, sort=True)]
    return pd.concat(parts, ignore_index=True)[cols]


def window_start(as_of: dt.date, months: int) -> dt.date:
    """The first day of the month `months - 1` before as_of's month: the start of a window of `months` months."""
    return (pd.Timestamp(as_of.year, as_of.month, 1) - pd.DateOffset(months=months - 1)).date()


# ---------------------------------------------------------------------------------- regions page and catalog

# A region holding several leaves shows, for an initiative, the furthest stage reached at any of its leaves;
# retired only when every leaf with a stage is retired (docs/methodology-notes.md, "Adoption matrix").
STAGE_REACH = ("retired", "planned", "pilot", "live", "scaled")
# A region's services listed furthest stage first (scaled ... retired, then no stage at all).
STAGE_ORDER: dict[str | None, int] = {s: i for i, s in enumerate(reversed(STAGE_REACH))} | {None: len(STAGE_REACH)}


def headline_sum_metrics(defs: pd.DataFrame) -> list[str]:
    """The headline metrics that add up over regions (`aggregate` sum), in their declared order: the adoption
    measures the Regions and Departments pages offer, the first one their default."""
    chosen = defs["headline"].fillna(False).astype(bool) & (defs["aggregate"] == "sum")
    return [str(m) for m in defs.loc[chosen, "metric"]]


LEFT_BEHIND_SHARE = 0.5  # a child whose coverage is at most half its parent's is left behind
LEFT_BEHIND_REASONS = ("no_live", "low_coverage", "no_usage")


def children(regions: pd.DataFrame, region_id: str) -> list[str]:
    """The direct children of a region, in file order (empty for a leaf)."""
    return [str(r) for r in regions.loc[regions["parent_id"] == region_id, "region_id"]]


def opening_region(regions: pd.DataFrame) -> str:
    """Where a reader without a chosen region starts: the root, or below it while a region has exactly one child
    (a deployment for one province opens on that province, not on a country with a single tile)."""
    parent = regions["parent_id"]
    cur = str(regions.loc[parent.isna() | (parent == ""), "region_id"].iloc[0])
    seen = {cur}
    while len(kids := children(regions, cur)) == 1 and kids[0] not in seen:
        cur = kids[0]
        seen.add(cur)
    return cur


def live_in(
    initiative_id: str, region_id: str, regions: pd.DataFrame, closure: pd.DataFrame, leaf_stage: pd.DataFrame
) -> tuple[int, int]:
    """(leaves under `region_id` where the initiative is live, all leaves under `region_id`): "live in N of M"."""
    lv = leaf_ids(regions) & subtree(closure, region_id)
    at = leaf_stage[(leaf_stage["initiative_id"] == initiative_id) & leaf_stage["leaf_id"].isin(lv) & _live(leaf_stage)]
    return int(at["leaf_id"].nunique()), len(lv)


def live_in_many(
    pairs: list[tuple[str, str]], regions: pd.DataFrame, closure: pd.DataFrame, leaf_stage: pd.DataFrame
) -> list[tuple[int, int]]:
    """live_in() for many (initiative, region) pairs at once, in their order (one pass over the stages)."""
    lv = leaf_ids(regions)
    under: dict[str, set[str]] = {}
    for rid, anc in zip(closure["region_id"], closure["ancestor_id"], strict=True):
        if rid in lv:
            under.setdefault(str(anc), set()).add(str(rid))
    live = leaf_stage[_live(leaf_stage)]
    live_at: dict[str, set[str]] = {}
    for iid, leaf in zip(live["initiative_id"], live["leaf_id"], strict=True):
        live_at.setdefault(str(iid), set()).add(str(leaf))
    out = []
    for iid, rid in pairs:
        leaves = under.get(str(rid), set())
        out.append((len(live_at.get(str(iid), set()) & leaves), len(leaves)))
    return out


def coverage_by_region(
    region_ids: list[str],
    regions: pd.DataFrame,
    departments: pd.DataFrame,
    initiatives: pd.DataFrame,
    leaf_stage: pd.DataFrame,
    closure: pd.DataFrame,
    *,
    initiative_ids: set[str] | None = None,
    initiative_id: str | None = None,
) -> pd.DataFrame:
    """Coverage of each region: region_id, leaves, live_leaves, coverage (0-1 or None), services, live_services.

    With `initiative_id`: that initiative's coverage by the methodology (leaves also under its department's
    region; None where there are none). Otherwise: the share of the region's leaves where at least one of
    `initiative_ids` (default: every initiative) is live. services / live_services count the initiatives in
    the region (and in `initiative_ids`) and those live there.
    """
    dept_region = dict(zip(departments["department_id"], departments["region_id"], strict=True))
    init_dept = dict(zip(initiatives["initiative_id"], initiatives["department_id"], strict=True))
    live_ls = leaf_stage[_live(leaf_stage)]
    rows = []
    for rid in region_ids:
        sc = scope(rid, regions, departments, initiatives, leaf_stage, closure)
        cand = set(sc.initiatives) if initiative_ids is None else set(sc.initiatives) & set(initiative_ids)
        if initiative_id is not None:
            cand &= {initiative_id}
            eligible = set(sc.leaves) & subtree(closure, str(dept_region.get(init_dept.get(initiative_id))))
            at = live_ls[(live_ls["initiative_id"] == initiative_id) & live_ls["leaf_id"].isin(eligible)]
            n_leaves = len(eligible)
        else:
            at = live_ls[live_ls["initiative_id"].isin(cand) & live_ls["leaf_id"].isin(sc.leaves)]
            n_leaves = len(sc.leaves)
        live_leaves = int(at["leaf_id"].nunique())
        rows.append(
            {
                "region_id": rid,
                "leaves": n_leaves,
                "live_leaves": live_leaves,
                "coverage": live_leaves / n_leaves if n_leaves else None,
                "services": len(cand),
                "live_services": len(cand & set(sc.live)),
            }
        )
    cols = ["region_id", "leaves", "live_leaves", "coverage", "services", "live_services"]
    return pd.DataFrame(rows, columns=cols)


def district_service_grid(
    region_id: str,
    regions: pd.DataFrame,
    departments: pd.DataFrame,
    initiatives: pd.DataFrame,
    leaf_stage: pd.DataFrame,
    closure: pd.DataFrame,
    initiative_ids: set[str],
) -> pd.DataFrame:
    """Every local area of R by every service in `initiative_ids`: leaf_id, initiative_id, stage, reach, meant.

    stage is the service's stage at the leaf (None: not reached); reach its REACH word there; meant is True when
    the leaf is under the service's department's region or the service has a stage there (it is meant to reach it).
    """
    cols = ["leaf_id", "initiative_id", "stage", "reach", "meant"]
    leaves = sorted(leaf_ids(regions) & subtree(closure, region_id))
    dept_region = dict(zip(departments["department_id"], departments["region_id"], strict=True))
    inits = initiatives[initiatives["initiative_id"].isin(initiative_ids)].sort_values("initiative_id")
    ls = leaf_stage[leaf_stage["leaf_id"].isin(leaves) & leaf_stage["initiative_id"].isin(initiative_ids)]
    ls = ls.assign(_live=_live(ls).to_numpy())
    at = {
        (i, leaf): (st, lv)
        for i, leaf, st, lv in ls[["initiative_id", "leaf_id", "stage", "_live"]].itertuples(index=False)
    }
    rows = []
    for iid, did, status in inits[["initiative_id", "department_id", "status"]].itertuples(index=False):
        served = subtree(closure, str(dept_region.get(did)))
        for leaf in leaves:
            stage, live = at.get((iid, leaf), (None, False))
            rows.append(
                {
                    "leaf_id": leaf,
                    "initiative_id": iid,
                    "stage": stage,
                    "reach": reach_word(stage, status, bool(live)),
                    "meant": leaf in served or stage is not None,
                }
            )
    return pd.DataFrame(rows, columns=cols)


def district_ranking(grid: pd.DataFrame) -> pd.DataFrame:
    """Per local area of a district_service_grid(): leaf_id, meant (services meant to reach it), live, live_share.

    live_share = live / meant (None when no service is meant for it); sorted by it, highest first, then by id.
    """
    g = grid.assign(_live=grid["reach"].eq("live") & grid["meant"])
    out = g.groupby("leaf_id", sort=True).agg(meant=("meant", "sum"), live=("_live", "sum")).reset_index()
    out["meant"] = out["meant"].astype(int)
    out["live"] = out["live"].astype(int)
    out["live_share"] = [lv / m if m else None for lv, m in zip(out["live"], out["meant"], strict=True)]
    out = out.assign(_s=pd.to_numeric(out["live_share"], errors="coerce"))
    out = out.sort_values(["_s", "leaf_id"], ascending=[False, True], na_position="last")
    return out.drop(columns="_s").reset_index(drop=True)


def grid_gaps(grid: pd.DataFrame) -> dict[str, int]:
    """What is missing in a district_service_grid(): pairs meant but not live, of all pairs meant; services and
    local areas with at least one such gap, of all local areas."""
    meant = grid[grid["meant"]]
    gap = meant[meant["reach"] != "live"]
    return {
        "gaps": len(gap),
        "meant": len(meant),
        "services": int(gap["initiative_id"].nunique()),
        "leaves": int(gap["leaf_id"].nunique()),
        "all_leaves": int(grid["leaf_id"].nunique()),
    }


def headlines_by_region(
    values: pd.DataFrame, metric: str, aggregate: str, populations: dict[str, float | None]
) -> pd.DataFrame:
    """headline() per region from grouped values (region_id, metric, month, value): one row per populations key."""
    rows = []
    for rid, pop in populations.items():
        v = values[values["region_id"] == rid]
        rows.append({"region_id": rid} | headline(v, metric, aggregate, pop))
    return pd.DataFrame(rows, columns=["region_id", "month", "value", "previous_value", "per_1000"])


def headline_rows(values: pd.DataFrame, heads: pd.DataFrame) -> pd.DataFrame:
    """The rows of grouped `values` (region_id, metric, month, ...) that `heads` (headlines_by_region) shows:
    each region's headline month and the month before it (its change). What a ranking's provenance is over."""
    shown = set()
    for rid, m in zip(heads["region_id"], heads["month"], strict=True):
        if isinstance(m, str):
            latest = pd.Timestamp(m + "-01")
            shown |= {(rid, latest), (rid, pd.Timestamp(previous_month(latest.date())))}
    if values.empty or not shown:
        return values.iloc[0:0]
    keys = zip(values["region_id"], pd.to_datetime(values["month"]), strict=True)
    return values[[k in shown for k in keys]]


def left_behind(rows: pd.DataFrame, parent_coverage: float | None, latest_month: str | None) -> pd.DataFrame:
    """Regions left behind, with why, by the rule in docs/methodology-notes.md ("Regions left behind").

    `rows` has region_id, coverage (0-1 or None), live_leaves and month (its usage metric's latest month,
    "YYYY-MM" or None). A region is left behind when (no_live) it has coverage but nothing is live there;
    (low_coverage) its coverage is at most LEFT_BEHIND_SHARE of the parent's; or (no_usage) something is live
    there but it has no usage figure for `latest_month`, the parent's latest month. Returns region_id, reasons.
    """
    out = []
    for r in rows.itertuples(index=False):
        cov, month = _none_if_nan(r.coverage), _none_if_nan(r.month)
        reasons = []
        if cov is not None and r.live_leaves == 0:
            reasons.append("no_live")
        elif cov is not None and parent_coverage and cov <= LEFT_BEHIND_SHARE * parent_coverage:
            reasons.append("low_coverage")
        if r.live_leaves > 0 and latest_month is not None and (month is None or month < latest_month):
            reasons.append("no_usage")
        if reasons:
            out.append({"region_id": r.region_id, "reasons": tuple(reasons)})
    return pd.DataFrame(out, columns=["region_id", "reasons"])


def stage_matrix(
    region_ids: list[str],
    regions: pd.DataFrame,
    closure: pd.DataFrame,
    leaf_stage: pd.DataFrame,
    initiative_ids: list[str],
) -> pd.DataFrame:
    """Stage of each initiative in each region: region_id, initiative_id, stage (None: not reached), live_leaves, leaves.

    A leaf shows its own stage; a larger region the furthest stage (STAGE_REACH) at any of its leaves.
    """
    all_leaves = leaf_ids(regions)
    rank = {s: i for i, s in enumerate(STAGE_REACH)}
    ls = leaf_stage[leaf_stage["initiative_id"].isin(initiative_ids)]
    ls = ls.assign(_live=_live(ls).to_numpy())
    rows = []
    for rid in region_ids:
        lv = all_leaves & subtree(closure, rid)
        at = ls[ls["leaf_id"].isin(lv)]
        best: dict[str, str] = {}
        live: dict[str, set[str]] = {}
        for iid, leaf, stage, is_live_here in at[["initiative_id", "leaf_id", "stage", "_live"]].itertuples(
            index=False
        ):
            if iid not in best or rank[stage] > rank[best[iid]]:
                best[iid] = stage
            if is_live_here:
                live.setdefault(iid, set()).add(leaf)
        for iid in initiative_ids:
            rows.append(
                {
                    "region_id": rid,
                    "initiative_id": iid,
                    "stage": best.get(iid),
                    "live_leaves": len(live.get(iid, ())),
                    "leaves": len(lv),
                }
            )
    return pd.DataFrame(rows, columns=["region_id", "initiative_id", "stage", "live_leaves", "leaves"])


def overlaps(initiatives: pd.DataFrame, leaf_stage: pd.DataFrame, leaves: set[str] | None = None) -> pd.DataFrame:
    """Pairs of initiatives with the same function, of different departments, both with a stage at a common leaf.

    Only leaves in `leaves` count (default: all). Returns function, initiative_a, department_a, initiative_b,
    department_b (a before b by id), leaf_ids (sorted tuple of the common leaves) and leaf_count.
    """
    cols = ["function", "initiative_a", "department_a", "initiative_b", "department_b", "leaf_ids", "leaf_count"]
    ls = leaf_stage if leaves is None else leaf_stage[leaf_stage["leaf_id"].isin(leaves)]
    s = ls[["initiative_id", "leaf_id"]].merge(
        initiatives[["initiative_id", "department_id", "function"]], on="initiative_id"
    )
    if s.empty:
        return pd.DataFrame(columns=cols)
    p = s.merge(s, on=["leaf_id", "function"], suffixes=("_a", "_b"))
    p = p[(p["initiative_id_a"] < p["initiative_id_b"]) & (p["department_id_a"] != p["department_id_b"])]
    if p.empty:
        return pd.DataFrame(columns=cols)
    # (a, b, leaf) is unique (one stage per initiative and leaf): sorting by leaf first makes each group's
    # tuple already sorted, without a Python function per group
    g = (
        p.sort_values("leaf_id", kind="stable")
        .groupby(["function", "initiative_id_a", "department_id_a", "initiative_id_b", "department_id_b"])["leaf_id"]
        .agg(tuple)
        .reset_index()
    )
    g.columns = cols[:-1]
    g["leaf_count"] = g["leaf_ids"].map(len)
    return g.sort_values(
        ["function", "leaf_count", "initiative_a", "initiative_b"], ascending=[True, False, True, True]
    )[cols].reset_index(drop=True)


def covering_regions(leaf_set: set[str], regions: pd.DataFrame, closure: pd.DataFrame) -> list[str]:
    """The fewest regions whose leaves are exactly `leaf_set`: a region is named when all its leaves are in it."""
    all_leaves = leaf_ids(regions)
    c = closure[closure["region_id"].isin(all_leaves)]
    g = c.assign(_in=c["region_id"].isin(leaf_set)).groupby("ancestor_id")["_in"].agg(["all", "any"])
    full = set(g.index[g["all"] & g["any"]])
    parent = dict(zip(regions["region_id"], regions["parent_id"], strict=True))
    return [str(r) for r in regions["region_id"] if r in full and parent.get(r) not in full]


def covering_regions_many(
    leaf_sets: list[set[str]] | list[tuple[str, ...]], regions: pd.DataFrame, closure: pd.DataFrame
) -> list[list[str]]:
    """covering_regions() for many leaf sets at once, in their order (the leaf counts are computed once)."""
    all_leaves = leaf_ids(regions)
    ups: dict[str, list[str]] = {}
    total: dict[str, int] = {}
    for rid, anc in zip(closure["region_id"], closure["ancestor_id"], strict=True):
        if rid in all_leaves:
            ups.setdefault(str(rid), []).append(str(anc))
            total[str(anc)] = total.get(str(anc), 0) + 1
    order = [str(r) for r in regions["region_id"]]
    parent = dict(zip(regions["region_id"], regions["parent_id"], strict=True))
    out = []
    for leaf_set in leaf_sets:
        seen: dict[str, int] = {}
        for leaf in set(leaf_set):
            for anc in ups.get(str(leaf), ()):
                seen[anc] = seen.get(anc, 0) + 1
        full = {a for a, n in seen.items() if n == total[a]}
        out.append([r for r in order if r in full and parent.get(r) not in full])
    return out
