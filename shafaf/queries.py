"""Typed wrappers, one per file in shafaf/sql/; the only code that sends SQL to a snapshot."""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from shafaf.store.reader import READ_ONLY

SQL_DIR = Path(__file__).parent / "sql"
# Snapshots published before the roll-ups existed have no metric_rollup / region_reports: the queries
# that read them have a twin in sql/raw/ that reads the metric rows directly (same columns, same answers).
RAW_DIR = SQL_DIR / "raw"
ROLLUP_QUERIES = frozenset(p.stem for p in RAW_DIR.glob("*.sql"))


ROLLUP_TABLES = ("metric_rollup", "region_reports", "rollup_initiatives")
# Snapshots published before contract v1.1 have no withdrawn rows, reasons or funding changes recorded: the
# queries that read them have a twin in sql/pre_record/ in the same columns.
PRE_RECORD_DIR = SQL_DIR / "pre_record"
RECORD_QUERIES = frozenset(p.stem for p in PRE_RECORD_DIR.glob("*.sql"))
RECORD_TABLES = ("withdrawn", "history_withdrawals", "history_funding_changes")


# Snapshots published before contract 1.1 (provenance) have no obs_status, E/P counts or provenance: a query
# on one reads these tables through same-named CTEs that add the contract's defaults (A, none, self_reported).
PROVENANCE_SHADOWS = {
    "metrics": "SELECT *, 'A' AS obs_status FROM main.metrics",
    "metric_rollup": "SELECT *, 0::BIGINT AS estimated_count, 0::BIGINT AS provisional_count FROM main.metric_rollup",
    "metric_defs": "SELECT *, 'self_reported' AS provenance FROM main.metric_defs",
}
# the query files that read those columns
PROVENANCE_QUERIES = frozenset(
    {
        "metric_defs_by_position",
        "metric_totals_by_month",
        "metric_totals_by_region_month",
        "metric_totals_by_department_month",
        "target_actuals_by_month",
    }
)


@functools.cache
def sql_text(name: str) -> str:
    """The text of shafaf/sql/<name>.sql; `raw/<name>` is a roll-up query's raw-table twin (names are fixed here)."""
    folder, stem = SQL_DIR, name
    if name.startswith("raw/") and name[4:] in ROLLUP_QUERIES:
        folder, stem = RAW_DIR, name[4:]
    elif name.startswith("pre_record/") and name[11:] in RECORD_QUERIES:
        folder, stem = PRE_RECORD_DIR, name[11:]
    path = folder / f"{stem}.sql"
    if path.parent != folder or not path.exists():
        raise KeyError(name)
    return path.read_text(encoding="utf-8")


def tables_by_name(con: duckdb.DuckDBPyConnection, names: list[str]) -> pd.DataFrame:
    """Which of the named tables the snapshot has."""
    return run(con, "tables_by_name", names=list(names) or [""])


# what a snapshot was built with, asked once per read-only connection (a published snapshot never changes);
# a writable connection (the build's own) is asked every time, since its tables are still being made
_FEATURES: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, dict[str, bool]] = weakref.WeakKeyDictionary()


def _feature(con: duckdb.DuckDBPyConnection, name: str, probe: Callable[[], bool]) -> bool:
    if con not in READ_ONLY:
        return probe()
    known = _FEATURES.setdefault(con, {})
    if name not in known:
        known[name] = probe()
    return known[name]


def has_rollups(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the snapshot has the roll-ups built at load (snapshots from before them do not)."""
    return _feature(
        con, "rollups", lambda: set(tables_by_name(con, list(ROLLUP_TABLES))["table_name"]) == set(ROLLUP_TABLES)
    )


def has_record(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the snapshot records withdrawals, reasons and funding changes (contract v1.1 on)."""
    return _feature(
        con, "record", lambda: set(tables_by_name(con, list(RECORD_TABLES))["table_name"]) == set(RECORD_TABLES)
    )


def columns_by_table(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The column names of one table of the snapshot, in order."""
    return [str(c) for c in run(con, "columns_by_table", table=table)["column_name"]]


def has_provenance(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the snapshot was built with contract 1.1's obs_status and provenance (older ones were not)."""
    return _feature(con, "provenance", lambda: "provenance" in columns_by_table(con, "metric_defs"))


def with_provenance_defaults(sql: str, tables: list[str]) -> str:
    """`sql` reading `tables` (keys of PROVENANCE_SHADOWS) through CTEs that add contract 1.1's default columns."""
    shadows = ", ".join(f"{t} AS ({PROVENANCE_SHADOWS[t]})" for t in tables)
    body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--")).lstrip()
    if body[:5].upper() == "WITH ":
        return f"WITH {shadows}, {body[5:]}"
    return f"WITH {shadows}\n{body}"


def run(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run one query file on its own cursor, parameters bound, result fetched fully."""
    if name in ROLLUP_QUERIES and not has_rollups(con):
        name = f"raw/{name}"
    elif name in RECORD_QUERIES and not has_record(con):
        name = f"pre_record/{name}"
    with con.cursor() as cur:
        if name.removeprefix("raw/") in PROVENANCE_QUERIES and not has_provenance(con):
            shadowed = ["metrics", "metric_defs", *([] if name.startswith("raw/") else ["metric_rollup"])]
            return cur.execute(with_provenance_defaults(sql_text(name), shadowed), params or None).df()
        return cur.execute(sql_text(name), params or None).df()


def boundaries_by_source(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The package's own boundaries (source, geojson): empty when it sent none or the snapshot predates them."""
    if not _feature(con, "boundaries", lambda: not tables_by_name(con, ["boundaries"]).empty):
        return pd.DataFrame({"source": [], "geojson": []})
    return run(con, "boundaries_by_source")


def meta_by_key(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The snapshot's metadata rows."""
    return run(con, "meta_by_key")


def regions_by_id(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """All regions."""
    return run(con, "regions_by_id")


def departments_by_id(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """All departments."""
    return run(con, "departments_by_id")


def initiatives_by_id(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """All initiatives."""
    return run(con, "initiatives_by_id")


def milestones_by_id(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """All milestones with their effective baselines."""
    return run(con, "milestones_by_id")


def rollouts_by_region(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """All rollout rows."""
    return run(con, "rollouts_by_region")


def leaf_stages_by_leaf(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Stage of each initiative at each leaf."""
    return run(con, "leaf_stages_by_leaf")


def region_closure_by_region(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """All (region, ancestor, distance) pairs."""
    return run(con, "region_closure_by_region")


def metric_defs_by_position(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The declared metrics."""
    return run(con, "metric_defs_by_position")


def metric_totals_by_month(con: duckdb.DuckDBPyConnection, region_id: str, initiative_ids: list[str]) -> pd.DataFrame:
    """Row aggregates per (metric, month) over initiatives in scope and regions in subtree(region)."""
    return run(con, "metric_totals_by_month", region_id=region_id, initiative_ids=list(initiative_ids) or [""])


def translations_by_entity(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every translated name, title and label."""
    return run(con, "translations_by_entity")


def functions_by_id(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The declared functions."""
    return run(con, "functions_by_id")


def changes_by_snapshot(con: duckdb.DuckDBPyConnection, snapshot_id: str) -> pd.DataFrame:
    """What one publish changed (withdrawals and re-plans first), with names and reasons."""
    return run(con, "changes_by_snapshot", snapshot_id=snapshot_id)


def updates_by_date(con: duckdb.DuckDBPyConnection, initiative_ids: list[str], limit: int = 10) -> pd.DataFrame:
    """The newest status updates of some initiatives, plus programme-wide ones."""
    return run(con, "updates_by_date", initiative_ids=list(initiative_ids) or [""], limit=limit)


def latest_month_by_department(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The newest month each department reported any metric for."""
    return run(con, "latest_month_by_department")


def reported_leaves_by_metric_month(
    con: duckdb.DuckDBPyConnection, region_id: str, initiative_ids: list[str], months: int = 12
) -> pd.DataFrame:
    """(metric, month, leaf_id) for leaves of the region with at least one row, in the newest months."""
    return run(
        con,
        "reported_leaves_by_metric_month",
        region_id=region_id,
        initiative_ids=list(initiative_ids) or [""],
        months=months,
    )


def publishes_by_snapshot(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every publish recorded so far, newest first."""
    return run(con, "publishes_by_snapshot")


def target_points_by_month(con: duckdb.DuckDBPyConnection, initiative_ids: list[str]) -> pd.DataFrame:
    """Target points (initiative, target region or none, metric, month, value) of some initiatives."""
    return run(con, "target_points_by_month", initiative_ids=list(initiative_ids) or [""])


def target_actuals_by_month(con: duckdb.DuckDBPyConnection, initiative_ids: list[str]) -> pd.DataFrame:
    """Row aggregates per target series and month over subtree(target area), for some initiatives."""
    return run(con, "target_actuals_by_month", initiative_ids=list(initiative_ids) or [""])


def funding_by_funder(con: duckdb.DuckDBPyConnection, initiative_ids: list[str]) -> pd.DataFrame:
    """Funding rows (funder, committed, disbursed, currency) of some initiatives."""
    return run(con, "funding_by_funder", initiative_ids=list(initiative_ids) or [""])


def replans_by_milestone(con: duckdb.DuckDBPyConnection, initiative_id: str) -> pd.DataFrame:
    """Every recorded re-plan of one initiative's milestones."""
    return run(con, "replans_by_milestone", initiative_id=initiative_id)


def initiative_updates_by_date(con: duckdb.DuckDBPyConnection, initiative_id: str, limit: int = 20) -> pd.DataFrame:
    """The newest status updates of one initiative."""
    return run(con, "initiative_updates_by_date", initiative_id=initiative_id, limit=limit)


def replan_counts_by_milestone(con: duckdb.DuckDBPyConnection, initiative_ids: list[str]) -> pd.DataFrame:
    """Per re-planned milestone of some initiatives: replan_count and its old and new planned dates, in order."""
    return run(con, "replan_counts_by_milestone", initiative_ids=list(initiative_ids) or [""])


def metric_totals_by_department_month(
    con: duckdb.DuckDBPyConnection,
    region_id: str,
    initiative_ids: list[str],
    metric_ids: list[str],
    since: dt.date,
) -> pd.DataFrame:
    """Row aggregates per (department, metric, month) over initiatives in scope, subtree(region), months from since."""
    return run(
        con,
        "metric_totals_by_department_month",
        region_id=region_id,
        initiative_ids=list(initiative_ids) or [""],
        metrics=list(metric_ids) or [""],
        since=since,
    )


def metric_totals_by_region_month(
    con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]], metric: str
) -> pd.DataFrame:
    """Row aggregates per (region, metric, month) of one metric, each region over its (region, initiative) pairs."""
    return run(
        con,
        "metric_totals_by_region_month",
        region_ids=[r for r, _ in pairs] or [""],
        initiative_ids=[i for _, i in pairs] or [""],
        metric=metric,
    )


def latest_month_by_initiative(con: duckdb.DuckDBPyConnection, region_id: str) -> pd.DataFrame:
    """Per initiative with metric rows in subtree(region): its newest month and number of metrics reported."""
    return run(con, "latest_month_by_initiative", region_id=region_id)


def withdrawn_by_initiative(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every row on the record as withdrawn, with a milestone's every planned date and the reason."""
    return run(con, "withdrawn_by_initiative")


def history_by_initiative(con: duckdb.DuckDBPyConnection, initiative_id: str) -> pd.DataFrame:
    """One service's re-plans, withdrawals, status, stage and funding changes, newest first, with reasons."""
    return run(con, "history_by_initiative", initiative_id=initiative_id)
