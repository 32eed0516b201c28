"""Time of the metric queries alone (the part of a page view that reads metric rows), per scope.

Runs each metric query wrapper of shafaf/queries.py the way the pages call it, on the current snapshot
of a deployment, for the root, a province and a district: the first call on a fresh read-only
connection (cold) and the median / p95 of `--repeat` more (warm; DuckDB's own buffers, no app cache).

    python bench/bench_queries.py --db /tmp/shafaf-bench/db10m/shafaf.duckdb [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _scopes(con: Any) -> dict[str, str]:
    """Root, the first province and the first leaf under it (any hierarchy)."""
    from shafaf import queries

    regions = queries.regions_by_id(con)
    root = str(regions.loc[regions["parent_id"].isna(), "region_id"].iloc[0])
    kids = regions.loc[regions["parent_id"] == root, "region_id"].sort_values()
    province = str(kids.iloc[0]) if len(kids) else root
    closure = queries.region_closure_by_region(con)
    under = set(closure.loc[closure["ancestor_id"] == province, "region_id"])
    leaves = regions.loc[regions["is_leaf"] & regions["region_id"].isin(under), "region_id"].sort_values()
    return {"root": root, "province": province, "district": str(leaves.iloc[0])}


def _calls(con: Any, region_id: str) -> dict[str, Callable[[], Any]]:
    """The metric queries a page view runs for one region, with the pages' arguments."""
    from shafaf import metrics, queries

    regions = queries.regions_by_id(con)
    closure = queries.region_closure_by_region(con)
    sc = metrics.scope(
        region_id,
        regions,
        queries.departments_by_id(con),
        queries.initiatives_by_id(con),
        queries.leaf_stages_by_leaf(con),
        closure,
    )
    inits = sorted(sc.initiatives)
    meta = {k: json.loads(v) for k, v in queries.meta_by_key(con).itertuples(index=False)}
    since = metrics.window_start(dt.date.fromisoformat(meta["as_of"]), 12)
    kids = sorted(regions.loc[regions["parent_id"] == region_id, "region_id"])
    pairs = [(region_id, i) for i in inits]
    for k in kids:
        ksc = metrics.scope(
            k,
            regions,
            queries.departments_by_id(con),
            queries.initiatives_by_id(con),
            queries.leaf_stages_by_leaf(con),
            closure,
        )
        pairs += [(k, i) for i in sorted(ksc.initiatives)]
    defs = queries.metric_defs_by_position(con)
    first = str(defs["metric"].iloc[0])
    return {
        "metric_totals_by_month": lambda: queries.metric_totals_by_month(con, region_id, inits),
        "metric_totals_by_region_month": lambda: queries.metric_totals_by_region_month(con, pairs, first),
        "metric_totals_by_department_month": lambda: queries.metric_totals_by_department_month(
            con, region_id, inits, list(defs["metric"]), since
        ),
        "reported_leaves_by_metric_month": lambda: queries.reported_leaves_by_metric_month(con, region_id, inits),
        "latest_month_by_initiative": lambda: queries.latest_month_by_initiative(con, region_id),
        "latest_month_by_department": lambda: queries.latest_month_by_department(con),
        "target_actuals_by_month": lambda: queries.target_actuals_by_month(con, inits),
    }


def main() -> int:
    """Print and save the table of query times."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, default=None, help="deployment database (default: SHAFAF_DB / config.yaml)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = ap.parse_args()
    from shafaf.settings import load_settings
    from shafaf.store.deployment import Deployment
    from shafaf.store.reader import connect_read_only

    dep = Deployment(args.db or load_settings().database)
    sid = dep.current_id()
    if sid is None:
        print("no snapshot published in that deployment", file=sys.stderr)
        return 1
    path = dep.snapshot_file(sid)
    setup = connect_read_only(path)
    scopes = _scopes(setup)
    setup.close()
    rows = []
    print(f"snapshot {path}, load average {os.getloadavg()[0]:.2f}")
    for scope, rid in scopes.items():
        con = connect_read_only(path)  # a fresh connection: DuckDB's buffers start empty (OS cache stays)
        for name, call in _calls(con, rid).items():
            t0 = time.perf_counter()
            call()
            cold = time.perf_counter() - t0
            warm = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                call()
                warm.append(time.perf_counter() - t0)
            warm.sort()
            p95 = warm[min(len(warm) - 1, round(0.95 * (len(warm) - 1)))]
            rows.append(
                {
                    "scope": scope,
                    "region_id": rid,
                    "query": name,
                    "cold_ms": round(cold * 1000, 1),
                    "warm_p50_ms": round(statistics.median(warm) * 1000, 1),
                    "warm_p95_ms": round(p95 * 1000, 1),
                }
            )
            r = rows[-1]
            print(
                f"{scope:<9} {name:<35} cold {r['cold_ms']:8.1f} ms  warm p50 {r['warm_p50_ms']:8.1f} ms"
                f"  p95 {r['warm_p95_ms']:8.1f} ms",
                flush=True,
            )
        con.close()
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"queries-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(
        json.dumps({"snapshot": str(path), "load_average": os.getloadavg(), "rows": rows}, indent=2), encoding="utf-8"
    )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
