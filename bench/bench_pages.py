"""Server-side render time of every page on the demo data (issue 3: each page under 1 s).

Runs each page through Streamlit's AppTest (the script run the server would do, without a browser),
for several scopes: cold = first run after the caches were cleared, warm = the same page again.

    python bench/bench_pages.py [--repeat 5] [--out bench/results]
    python bench/bench_pages.py --db /tmp/shafaf-bench/db10m/shafaf.duckdb --repeat 3   # a published deployment

With --db the pages run on that deployment's current snapshot (nothing is published) for the root,
its first province and the first leaf under it; --pages limits the run to some url paths.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCOPES = {
    "root": {},
    "province": {"region": "pk-kp"},
    "district": {"region": "pk-kp-peshawar"},
    "department": {"department": "kp-traffic"},
    "initiative": {"initiative": "e-challan", "region": "pk-kp"},
}


def _deployment_scopes(db: Path) -> dict[str, dict[str, str]]:
    """Root, the first province and the first leaf under it, in a deployment's current snapshot."""
    from shafaf import queries
    from shafaf.store.deployment import Deployment
    from shafaf.store.reader import connect_read_only

    dep = Deployment(db)
    con = connect_read_only(dep.snapshot_file(dep.current_id() or ""))
    try:
        regions = queries.regions_by_id(con)
        closure = queries.region_closure_by_region(con)
    finally:
        con.close()
    root = str(regions.loc[regions["parent_id"].isna(), "region_id"].iloc[0])
    province = str(regions.loc[regions["parent_id"] == root, "region_id"].sort_values().iloc[0])
    under = set(closure.loc[closure["ancestor_id"] == province, "region_id"])
    leaf = str(regions.loc[regions["is_leaf"] & regions["region_id"].isin(under), "region_id"].sort_values().iloc[0])
    return {"root": {}, "province": {"region": province}, "district": {"region": leaf}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="warm runs per page and scope")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    ap.add_argument("--db", type=Path, default=None, help="use this published deployment instead of the demo")
    ap.add_argument("--pages", default="", help="comma-separated url paths to run (default: all; root is '/')")
    args = ap.parse_args()

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from shafaf.navigation import PAGES
    from shafaf.store.publish import load_package

    scopes = SCOPES
    if args.db is not None:
        db = args.db.absolute()
        scopes = _deployment_scopes(db)
    else:
        tmp = Path(tempfile.mkdtemp(prefix="shafaf-bench-pages-"))
        db = tmp / "shafaf.duckdb"
        for pkg in ("2026-04", "2026-10"):
            load_package(ROOT / "data" / "demo" / pkg, db)
    os.environ["SHAFAF_DB"] = str(db)
    wanted = {p.strip().strip("/") for p in args.pages.split(",") if p.strip()}

    rows = []
    for spec in PAGES:
        if wanted and spec.url_path not in wanted:
            continue
        for scope, query in scopes.items():
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
            for k, v in query.items():
                at.query_params[k] = v
            at.run()
            if not spec.default:
                at.switch_page(spec.path)
            st.cache_data.clear()
            st.cache_resource.clear()
            t0 = time.perf_counter()
            at.run()
            cold = time.perf_counter() - t0
            warm = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                at.run()
                warm.append(time.perf_counter() - t0)
            failed = bool(at.exception) or bool(at.error)
            warm.sort()
            p95 = warm[min(len(warm) - 1, round(0.95 * (len(warm) - 1)))]
            rows.append(
                {
                    "page": "/" + spec.url_path,
                    "scope": scope,
                    "cold_s": round(cold, 3),
                    "warm_p50_s": round(statistics.median(warm), 3),
                    "warm_p95_s": round(p95, 3),
                    "failed": failed,
                }
            )
            r = rows[-1]
            print(
                f"{r['page']:<13} {scope:<11} cold {cold:6.3f} s   warm p50 {r['warm_p50_s']:6.3f} s"
                f"   p95 {r['warm_p95_s']:6.3f} s{'   FAILED' if failed else ''}",
                flush=True,
            )
    worst_warm = max(r["warm_p50_s"] for r in rows)
    worst_cold = max(r["cold_s"] for r in rows)
    print(
        f"\nslowest warm p50 {worst_warm:.3f} s, slowest cold {worst_cold:.3f} s (target: under 1 s): "
        + ("PASS" if worst_warm < 1 and worst_cold < 1 else "MISS")
    )
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"pages-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(
        json.dumps({"db": str(db), "load_average": os.getloadavg(), "cores": os.cpu_count(), "rows": rows}, indent=2)
    )
    print(f"wrote {out}")
    return 0 if all(not r["failed"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
