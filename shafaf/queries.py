"""Typed wrappers, one per file in shafaf/sql/; the only code that sends SQL to a snapshot."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

SQL_DIR = Path(__file__).parent / "sql"


@functools.cache
def sql_text(name: str) -> str:
    """The text of shafaf/sql/<name>.sql (names are fixed in this module, never from users)."""
    path = SQL_DIR / f"{name}.sql"
    if path.parent != SQL_DIR or not path.exists():
        raise KeyError(name)
    return path.read_text(encoding="utf-8")


def run(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run one query file on its own cursor, parameters bound, result fetched fully."""
    with con.cursor() as cur:
        return cur.execute(sql_text(name), params or None).df()


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
    """Re-plans, status changes and removed rows recorded by one publish."""
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
