"""Generate a large, valid Shafaf data package (contract v1) for load benchmarks.

The small tables (regions, departments, initiatives, ...) are built in Python from a seeded
random generator; the large metrics table is written by DuckDB straight from SQL, so ten
million rows take seconds. Metrics are reported at leaf regions only, so values never
double-count up the hierarchy (contract section 2).

Example:
    python bench/generate.py /tmp/shafaf-bench/pkg-csv --metrics-format csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import yaml

FUNCTIONS: dict[str, str] = {
    "complaints": "Complaints and grievances",
    "payments": "Payments and revenue",
    "records": "Records and registration",
    "licensing": "Licences and permits",
    "health": "Health services",
    "education": "Education services",
    "land": "Land records",
    "policing": "Policing and safety",
}
STATUS_WEIGHTS: dict[str, int] = {
    "live": 70,
    "in_progress": 12,
    "paused": 8,
    "planned": 6,
    "cancelled": 4,
}
# Statuses whose initiatives have been rolled out and report metrics.
REPORTING_STATUSES = ("live", "paused", "in_progress", "cancelled")
LEVELS = ["country", "province", "division", "district"]


@dataclass
class Options:
    """Generator parameters (see --help)."""

    out_dir: Path
    provinces: int
    divisions_per_province: int
    districts_per_division: int
    initiatives: int
    months: int
    metrics: int
    coverage: float
    metrics_format: str
    as_of: dt.date
    seed: int
    force: bool


def parse_args(argv: list[str] | None = None) -> Options:
    """Parse the command line."""
    p = argparse.ArgumentParser(
        description=(
            "Generate a large valid Shafaf data package folder. Defaults give about "
            "11 million metric rows (384 districts x 200 initiatives x 84 months x 3 metrics, "
            "75%% district coverage, staggered starts)."
        )
    )
    p.add_argument("out_dir", type=Path, help="folder to create (must be absent or empty, see --force)")
    p.add_argument("--provinces", type=int, default=8, help="provinces under the country (default 8)")
    p.add_argument("--divisions-per-province", type=int, default=6, help="default 6")
    p.add_argument("--districts-per-division", type=int, default=8, help="default 8")
    p.add_argument("--initiatives", type=int, default=200, help="default 200")
    p.add_argument("--months", type=int, default=84, help="months of metrics ending at as_of (default 84)")
    p.add_argument(
        "--metrics",
        type=int,
        default=3,
        help="number of metric ids (>= 3: transactions, active_users, satisfaction, then extra count metrics)",
    )
    p.add_argument(
        "--coverage",
        type=float,
        default=0.75,
        help="share of (initiative, district) pairs that report metrics, 0-1 (default 0.75)",
    )
    p.add_argument("--metrics-format", choices=["csv", "parquet"], default="csv", help="default csv")
    p.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 10, 31), help="default 2026-10-31")
    p.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    p.add_argument("--force", action="store_true", help="replace OUT_DIR if it exists")
    a = p.parse_args(argv)
    if a.metrics < 3:
        p.error("--metrics must be at least 3")
    if not 0 < a.coverage <= 1:
        p.error("--coverage must be in (0, 1]")
    if min(a.provinces, a.divisions_per_province, a.districts_per_division, a.initiatives, a.months) < 1:
        p.error("counts must be >= 1")
    return Options(
        a.out_dir,
        a.provinces,
        a.divisions_per_province,
        a.districts_per_division,
        a.initiatives,
        a.months,
        a.metrics,
        a.coverage,
        a.metrics_format,
        a.as_of,
        a.seed,
        a.force,
    )


def month_start(as_of: dt.date, back: int) -> dt.date:
    """First day of the month `back` months before as_of's month."""
    index = as_of.year * 12 + (as_of.month - 1) - back
    return dt.date(index // 12, index % 12 + 1, 1)


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    """Write one small table as UTF-8 CSV."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(["" if v is None else v for v in row] for row in rows)


def metric_ids(n: int) -> list[str]:
    """The metric ids of the package: the three standard ones, then extra count metrics."""
    return ["transactions", "active_users", "satisfaction"] + [f"metric_{i:02d}" for i in range(4, n + 1)]


def package_yaml(o: Options) -> dict[str, object]:
    """The package.yaml content."""
    metrics: dict[str, dict[str, object]] = {
        "transactions": {"label": "Transactions", "unit": "count", "aggregate": "sum", "headline": True},
        "active_users": {"label": "Active users", "unit": "people", "aggregate": "sum", "headline": True},
        "satisfaction": {
            "label": "User satisfaction",
            "unit": "percent",
            "aggregate": "mean",
            "weight": "transactions",
        },
    }
    for m in metric_ids(o.metrics)[3:]:
        metrics[m] = {"label": f"Extra metric {m[-2:]}", "unit": "count", "aggregate": "sum"}
    return {
        "title": "Synthetic benchmark package",
        "publisher": "Shafaf benchmark generator",
        "as_of": o.as_of,
        "license": "CC0-1.0",
        "demo": False,
        "levels": LEVELS,
        "functions": {k: {"label": v} for k, v in FUNCTIONS.items()},
        "metrics": metrics,
    }


def iso(d: dt.date) -> str:
    """A date as YYYY-MM-DD."""
    return d.isoformat()


def generate(o: Options) -> dict[str, int]:
    """Write the whole package into o.out_dir; return row counts per table."""
    rng = random.Random(o.seed)
    out = o.out_dir
    counts: dict[str, int] = {}
    first_month = month_start(o.as_of, o.months - 1)
    day0 = first_month

    def date_at(days: int) -> dt.date:
        return min(o.as_of, day0 + dt.timedelta(days=days))

    # regions
    regions: list[list[object]] = [["PK", None, "country", "Country", None]]
    provinces: list[str] = []
    districts_of: dict[str, list[str]] = {}
    for p in range(1, o.provinces + 1):
        pid = f"PK.P{p:02d}"
        provinces.append(pid)
        regions.append([pid, "PK", "province", f"Province {p}", None])
        districts_of[pid] = []
        for d in range(1, o.divisions_per_province + 1):
            did = f"{pid}.D{d:02d}"
            regions.append([did, pid, "division", f"Division {p}-{d}", None])
            for x in range(1, o.districts_per_division + 1):
                xid = f"{did}.X{x:02d}"
                regions.append([xid, did, "district", f"District {p}-{d}-{x}", rng.randint(200_000, 3_000_000)])
                districts_of[pid].append(xid)
    all_districts = [x for p in provinces for x in districts_of[p]]
    write_csv(out / "regions.csv", ["region_id", "parent_id", "level", "name", "population"], regions)
    counts["regions"] = len(regions)

    # departments: a few national ones, two per province
    departments: list[list[object]] = []
    dept_region: dict[str, str] = {}
    sectors = ["IT", "Finance", "Health", "Education", "Revenue", "Home"]
    for i in range(1, 5):
        dep = f"DEP.N{i:02d}"
        departments.append([dep, f"National department {i}", "PK", rng.choice(sectors)])
        dept_region[dep] = "PK"
    for pid in provinces:
        for i in range(1, 3):
            dep = f"DEP.{pid[3:]}.{i}"
            departments.append([dep, f"Department {i} of {pid}", pid, rng.choice(sectors)])
            dept_region[dep] = pid
    write_csv(out / "departments.csv", ["department_id", "name", "region_id", "sector"], departments)
    counts["departments"] = len(departments)

    # initiatives
    dep_ids = list(dept_region)
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    initiatives: list[list[object]] = []
    init_info: list[tuple[str, str, int]] = []  # (id, status, start month index)
    for i in range(1, o.initiatives + 1):
        ini = f"INI-{i:04d}"
        status = rng.choices(statuses, weights)[0]
        start_k = rng.randrange(0, max(1, o.months // 4))
        start = month_start(o.as_of, o.months - 1 - start_k)
        target = start + dt.timedelta(days=rng.randint(180, 1500))
        initiatives.append(
            [
                ini,
                f"Initiative {i}",
                dep_ids[(i - 1) % len(dep_ids)],
                rng.choice(list(FUNCTIONS)),
                f"Synthetic initiative number {i}, for benchmarks.",
                status,
                iso(start),
                iso(target),
                rng.randint(1, 500) * 100_000,
                f"https://example.org/initiatives/{i}",
                rng.choice(["true", "false"]),
            ]
        )
        init_info.append((ini, status, start_k))
    write_csv(
        out / "initiatives.csv",
        [
            "initiative_id",
            "name",
            "department_id",
            "function",
            "summary",
            "status",
            "start_date",
            "target_date",
            "budget",
            "website",
            "open_source",
        ],
        initiatives,
    )
    counts["initiatives"] = len(initiatives)

    # (initiative, district) pairs that report; rollouts follow them
    pairs: list[tuple[int, str, str, int, int]] = []  # (pair_no, initiative, district, start_k, base)
    rollouts: list[list[object]] = []
    for ini, status, start_k in init_info:
        if status not in REPORTING_STATUSES:
            continue
        for xid in all_districts:
            if rng.random() >= o.coverage:
                continue
            k = min(o.months - 1, start_k + rng.randrange(0, max(1, o.months // 8)))
            pairs.append((len(pairs), ini, xid, k, rng.randint(50, 20_000)))
            pilot = month_start(o.as_of, o.months - 1 - k)
            rollouts.append([ini, xid, "pilot", iso(pilot)])
            live = pilot + dt.timedelta(days=rng.randint(30, 120))
            if live <= o.as_of:
                rollouts.append([ini, xid, "live", iso(live)])
                if rng.random() < 0.3 and live + dt.timedelta(days=200) <= o.as_of:
                    rollouts.append([ini, xid, "scaled", iso(live + dt.timedelta(days=200))])
    for ini, status, _ in init_info:
        if status == "planned":
            rollouts.append([ini, "PK", "planned", iso(o.as_of - dt.timedelta(days=30))])
    write_csv(out / "rollouts.csv", ["initiative_id", "region_id", "stage", "date"], rollouts)
    counts["rollouts"] = len(rollouts)

    # milestones, targets, funding, updates: small, to exercise the full load path
    milestones: list[list[object]] = []
    targets: list[list[object]] = []
    funding: list[list[object]] = []
    updates: list[list[object]] = []
    for n, (ini, _status, start_k) in enumerate(init_info, start=1):
        for m in range(1, rng.randint(2, 6) + 1):
            planned = day0 + dt.timedelta(days=start_k * 30 + m * rng.randint(60, 400))
            baseline = planned - dt.timedelta(days=rng.choice([0, 0, 30, 90]))
            actual: dt.date | None = planned + dt.timedelta(days=rng.randint(-20, 60))
            if actual is not None and actual > o.as_of:
                actual = None
            mstatus = rng.choices([None, "blocked", "cancelled"], [90, 6, 4])[0]
            region = rng.choice([None, None, rng.choice(provinces)])
            milestones.append(
                [
                    f"{ini}.M{m}",
                    ini,
                    f"Milestone {m} of {ini}",
                    region,
                    iso(planned),
                    iso(baseline) if baseline != planned else None,
                    iso(actual) if actual and mstatus != "cancelled" else None,
                    mstatus,
                    None,
                ]
            )
        for year_end in range(o.months - 1, -1, -12):
            targets.append(
                [ini, None, "transactions", month_start(o.as_of, o.months - 1 - year_end).strftime("%Y-%m"), 1000 * n]
            )
        if rng.random() < 0.5:
            committed = rng.randint(1, 100) * 100_000
            funding.append(
                [
                    ini,
                    rng.choice(["World Bank", "ADB", "Government", "UNDP"]),
                    committed,
                    int(committed * rng.uniform(0, 1.1)),
                    "USD",
                    iso(o.as_of),
                ]
            )
        if rng.random() < 0.4:
            updates.append(
                [
                    f"UPD-{n:04d}",
                    ini,
                    iso(date_at(rng.randint(0, o.months * 30))),
                    f"News about {ini}",
                    'A plain-text update, with a comma, and "quotes".',
                ]
            )
    updates.append(["UPD-ALL", None, iso(o.as_of), "Programme update", "Programme-wide news."])
    write_csv(
        out / "milestones.csv",
        [
            "milestone_id",
            "initiative_id",
            "title",
            "region_id",
            "planned_date",
            "baseline_date",
            "actual_date",
            "status",
            "note",
        ],
        milestones,
    )
    write_csv(out / "targets.csv", ["initiative_id", "region_id", "metric", "month", "value"], targets)
    write_csv(out / "funding.csv", ["initiative_id", "funder", "committed", "disbursed", "currency", "as_of"], funding)
    write_csv(out / "updates.csv", ["update_id", "initiative_id", "date", "title", "body"], updates)
    counts.update(milestones=len(milestones), targets=len(targets), funding=len(funding), updates=len(updates))

    with (out / "package.yaml").open("w", encoding="utf-8") as f:
        yaml.safe_dump(package_yaml(o), f, sort_keys=False, allow_unicode=True)

    counts["metrics"] = write_metrics(o, pairs)
    return counts


def write_metrics(o: Options, pairs: list[tuple[int, str, str, int, int]]) -> int:
    """Write metrics.csv or metrics.parquet with DuckDB; return the row count."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE pairs (pair_no INTEGER, initiative_id VARCHAR, region_id VARCHAR, start_k INTEGER, base INTEGER)"
    )
    con.register("pairs_df", pd.DataFrame(pairs, columns=["pair_no", "initiative_id", "region_id", "start_k", "base"]))
    con.execute("INSERT INTO pairs SELECT * FROM pairs_df")
    con.unregister("pairs_df")
    months = [(k, month_start(o.as_of, o.months - 1 - k).strftime("%Y-%m")) for k in range(o.months)]
    con.execute("CREATE TABLE months (k INTEGER, month VARCHAR)")
    con.executemany("INSERT INTO months VALUES (?, ?)", months)
    ids = metric_ids(o.metrics)
    con.execute("CREATE TABLE metric_ids (m INTEGER, metric VARCHAR)")
    con.executemany("INSERT INTO metric_ids VALUES (?, ?)", list(enumerate(ids)))
    (rows,) = con.execute(
        "SELECT count(*) FROM pairs p JOIN months t ON t.k >= p.start_k CROSS JOIN metric_ids"
    ).fetchone()  # type: ignore[misc]
    print(f"  metrics: {len(pairs):,} (initiative, district) pairs -> {rows:,} rows", flush=True)

    # u in [0, 1): a deterministic pseudo-random number per row, independent of thread order.
    value_type = "DECIMAL(18,2)" if o.metrics_format == "csv" else "DOUBLE"
    select = f"""
        SELECT initiative_id, region_id, metric, month,
               CAST(CASE metric
                    WHEN 'satisfaction' THEN round(55 + 40 * u, 2)
                    WHEN 'active_users' THEN round(base * 0.3 * (1 + 0.04 * (k - start_k)) * (0.7 + 0.6 * u))
                    ELSE round(base * (1 + 0.05 * (k - start_k)) * (0.8 + 0.4 * u))
               END AS {value_type}) AS value,
               CASE WHEN (h >> 20) % 10 = 0 THEN NULL ELSE 'district MIS' END AS source
        FROM (
            SELECT p.initiative_id, p.region_id, p.start_k, p.base, t.k, t.month, x.m, x.metric,
                   hash(p.pair_no, t.k, x.m, {int(o.seed)}) AS h,
                   (h % 1000000) / 1000000.0 AS u
            FROM pairs p JOIN months t ON t.k >= p.start_k CROSS JOIN metric_ids x
        )
        ORDER BY initiative_id, region_id, m, k
    """
    target = o.out_dir / f"metrics.{o.metrics_format}"
    options = "(HEADER, DELIMITER ',')" if o.metrics_format == "csv" else "(FORMAT parquet, COMPRESSION zstd)"
    con.execute(f"COPY ({select}) TO '{target.as_posix()}' {options}")
    con.close()
    return int(rows)


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    o = parse_args(argv)
    if o.out_dir.exists() and any(o.out_dir.iterdir()):
        if not o.force:
            print(f"{o.out_dir} exists and is not empty; use --force to replace it", file=sys.stderr)
            return 2
        shutil.rmtree(o.out_dir)
    o.out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    print(f"generating into {o.out_dir} (seed {o.seed}, metrics as {o.metrics_format})", flush=True)
    counts = generate(o)
    elapsed = time.perf_counter() - t0
    for name, n in counts.items():
        print(f"  {name:12s} {n:>12,} rows")
    size = sum(f.stat().st_size for f in o.out_dir.iterdir())
    print(f"done in {elapsed:.1f} s; package size {size / 1e6:,.1f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
