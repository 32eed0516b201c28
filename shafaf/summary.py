"""The headline figures of a region (contract section 5), shared by `summary` and the Overview."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb

from shafaf import metrics, queries


class UnknownRegion(LookupError):
    """The region id is not in the snapshot."""


def compute_summary(con: duckdb.DuckDBPyConnection, region_id: str | None = None) -> dict[str, Any]:
    """Headline figures for region R (default: the root), by the methodology of section 4."""
    meta = {k: json.loads(v) for k, v in queries.meta_by_key(con).itertuples(index=False)}
    as_of = dt.date.fromisoformat(meta["as_of"])
    regions = queries.regions_by_id(con)
    if region_id is None:
        region_id = str(regions.loc[regions["parent_id"].isna(), "region_id"].iloc[0])
    elif region_id not in set(regions["region_id"]):
        raise UnknownRegion(region_id)
    closure = queries.region_closure_by_region(con)
    initiatives = queries.initiatives_by_id(con)
    ls = metrics.mark_live(queries.leaf_stages_by_leaf(con), initiatives)
    sc = metrics.scope(region_id, regions, queries.departments_by_id(con), initiatives, ls, closure)
    ms = metrics.classify_milestones(metrics.milestones_in(queries.milestones_by_id(con), sc), as_of)
    counts = metrics.milestone_counts(ms)
    withdrawn = metrics.withdrawn_counts(metrics.withdrawn_milestones_in(queries.withdrawn_by_initiative(con), sc))
    defs = queries.metric_defs_by_position(con)
    values = metrics.metric_values(queries.metric_totals_by_month(con, region_id, sorted(sc.initiatives)), defs)
    population = metrics.population_of(sc, regions)
    heads = {
        d.metric: metrics.headline(values, d.metric, d.aggregate, population)
        for d in defs.itertuples(index=False)
        if d.headline
    }
    return {
        "region_id": region_id,
        "as_of": as_of.isoformat(),
        "initiatives": len(sc.initiatives),
        "initiatives_live": len(sc.live),
        "initiatives_by_reach": metrics.reach_counts(metrics.reach_in(sc, ls, initiatives)),
        "leaf_regions": len(sc.leaves),
        "regions_reached": metrics.regions_reached(sc, ls),
        "milestones": counts,
        # v1.1: milestones left out of a later package (withdrawn), and those overdue when withdrawn (missed)
        "withdrawn": withdrawn["withdrawn"],
        "withdrawn_overdue": withdrawn["withdrawn_overdue"],
        "on_time_rate": metrics.on_time_rate(counts, withdrawn["withdrawn_overdue"]),
        "metrics": heads,
    }
