"""The public record at load: withdrawn rows, reasons, funding lines that changed (contract v1.1).

A milestone, rollout, target or funding line that a new package leaves out is *withdrawn* by that
publication: its last published version goes to the `withdrawn` table (with the reason, and for a
milestone its class and how late it was at the new snapshot's as_of), and an event to
`history_withdrawals`. Both are carried forward; a row that comes back in a later package leaves
`withdrawn` and gets a `returned` event. Everything is computed here, once, never per page view.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import duckdb
import pandas as pd

from shafaf import metrics
from shafaf.contract.validate import q

# the tables whose left-out rows are withdrawn, with the columns that name a row (a funding line has no key in
# the contract: it is its initiative, funder and currency, so a line whose figures or as_of moved is a change)
WITHDRAWABLE: dict[str, tuple[str, ...]] = {
    "milestones": ("milestone_id",),
    "rollouts": ("initiative_id", "region_id", "stage"),
    "targets": ("initiative_id", "region_id", "metric", "month"),
    "funding": ("initiative_id", "funder", "currency"),
}
WITHDRAWN_COLUMNS = (
    "table_name VARCHAR, row_key VARCHAR, initiative_id VARCHAR, region_id VARCHAR, title VARCHAR, "
    "planned_date DATE, milestone_class VARCHAR, blocked BOOLEAN, days_late INTEGER, reason VARCHAR, "
    "row_json VARCHAR, snapshot_id VARCHAR, published_at TIMESTAMP, as_of DATE"
)
RECORD_TABLES: dict[str, str] = {
    "withdrawn": WITHDRAWN_COLUMNS,
    "history_withdrawals": "event VARCHAR, " + WITHDRAWN_COLUMNS,
    "history_funding_changes": "initiative_id VARCHAR, funder VARCHAR, currency VARCHAR, "
    "old_committed DOUBLE, new_committed DOUBLE, old_disbursed DOUBLE, new_disbursed DOUBLE, "
    "old_as_of DATE, new_as_of DATE, snapshot_id VARCHAR, published_at TIMESTAMP, as_of DATE",
}
_FIELDS = [c.split()[0] for c in WITHDRAWN_COLUMNS.split(", ")]


def key_sql(table: str, alias: str) -> str:
    """SQL for a row's key as the store writes it: its key columns as text, joined by '|'."""
    return " || '|' || ".join(f"coalesce(CAST({alias}.{q(k)} AS VARCHAR), '')" for k in WITHDRAWABLE[table])


def reason_key(table: str, row_key: str) -> str:
    """The key of `reasons` for one row: '<table>:<row key>' (e.g. 'milestones:ms-pa-3')."""
    return f"{table}:{row_key}"


def stage_reasons(con: duckdb.DuckDBPyConnection, reasons: Mapping[str, str] | None) -> None:
    """The desk's reasons as the temp table `_reasons(key, reason)`, joined by the history inserts."""
    con.execute("CREATE OR REPLACE TEMP TABLE _reasons (key VARCHAR, reason VARCHAR)")
    rows = [(str(k), str(v).strip()) for k, v in (reasons or {}).items() if str(v).strip()]
    if rows:
        con.executemany("INSERT INTO _reasons VALUES (?, ?)", rows)


def _has_table(con: duckdb.DuckDBPyConnection, db: str, name: str) -> bool:
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = ?", [db, name]
    ).fetchone()
    return bool(found and found[0])


def create_record_tables(con: duckdb.DuckDBPyConnection, has_prev: bool) -> None:
    """Create the record tables in `snap`, carrying the previous snapshot's forward (older ones have none)."""
    for name, ddl in RECORD_TABLES.items():
        con.execute(f"CREATE TABLE snap.{name} ({ddl})")
        if has_prev and _has_table(con, "prev", name):
            con.execute(f"INSERT INTO snap.{name} BY NAME SELECT * FROM prev.{name}")


def _title(table: str, row: dict[str, Any]) -> str | None:
    if table == "milestones":
        return row.get("title")
    if table == "funding":
        return row.get("funder")
    return None


def _withdrawn_rows(con: duckdb.DuckDBPyConnection, table: str, as_of: dt.date) -> pd.DataFrame:
    """The previous snapshot's rows of `table` with no row of the same key in the new one, as withdrawn rows."""
    on = " AND ".join(f"p.{q(k)} IS NOT DISTINCT FROM n.{q(k)}" for k in WITHDRAWABLE[table])
    keys = key_sql(table, "p")
    gone = con.execute(
        f"SELECT {keys} AS row_key, to_json(p)::VARCHAR AS row_json FROM prev.{table} p "
        f"WHERE NOT EXISTS (SELECT 1 FROM snap.{table} n WHERE {on}) ORDER BY 1"
    ).fetchall()
    rows = []
    for row_key, row_json in gone:
        row = json.loads(row_json)
        rows.append(
            {
                "table_name": table,
                "row_key": row_key,
                "initiative_id": row.get("initiative_id"),
                "region_id": row.get("region_id"),
                "title": _title(table, row),
                "planned_date": row.get("planned_date"),
                "actual_date": row.get("actual_date"),
                "status": row.get("status"),
                "row_json": row_json,
            }
        )
    if not rows:
        return pd.DataFrame(columns=_FIELDS)
    out = pd.DataFrame(rows)
    if table == "milestones":
        out["planned_date"] = pd.to_datetime(out["planned_date"])
        out["actual_date"] = pd.to_datetime(out["actual_date"])
        classified = metrics.classify_milestones(out.assign(baseline_date=out["planned_date"]), as_of)
        out["milestone_class"] = classified["class"]
        out["blocked"] = classified["blocked"]
        out["days_late"] = metrics.days_late(classified, as_of)
    return out.reindex(columns=_FIELDS)


def record_withdrawals(con: duckdb.DuckDBPyConnection, stamp: dict[str, Any]) -> None:
    """Rows back in the package leave `withdrawn`; rows left out join it (call after the tables are written)."""
    as_of = stamp["as_of"]
    for table in WITHDRAWABLE:
        back = key_sql(table, "n")
        con.execute(
            f"""
            INSERT INTO snap.history_withdrawals BY NAME
            SELECT 'returned' AS event, * REPLACE ($sid AS snapshot_id, $at AS published_at, $as_of AS as_of,
                   NULL AS reason)
            FROM snap.withdrawn w
            WHERE w.table_name = $t AND w.row_key IN (SELECT {back} FROM snap.{table} n)
            """,
            stamp | {"t": table},
        )
        con.execute(
            f"DELETE FROM snap.withdrawn WHERE table_name = $t AND row_key IN (SELECT {back} FROM snap.{table} n)",
            {"t": table},
        )
        gone = _withdrawn_rows(con, table, as_of)
        if gone.empty:
            continue
        gone = gone.assign(snapshot_id=stamp["sid"], published_at=stamp["at"], as_of=as_of)
        gone["days_late"] = gone["days_late"].astype("Int64")
        gone["blocked"] = gone["blocked"].astype("boolean")
        con.register("_gone", gone)
        try:
            sel = (
                "SELECT g.* REPLACE (r.reason AS reason, CAST(g.planned_date AS DATE) AS planned_date) FROM _gone g "
                "LEFT JOIN _reasons r ON r.key = g.table_name || ':' || g.row_key"
            )
            con.execute(f"INSERT INTO snap.withdrawn BY NAME {sel}")
            con.execute(f"INSERT INTO snap.history_withdrawals BY NAME SELECT 'withdrawn' AS event, * FROM ({sel})")
        finally:
            con.unregister("_gone")


def record_funding_changes(con: duckdb.DuckDBPyConnection, stamp: dict[str, Any]) -> None:
    """Funding lines (one per initiative, funder and currency on both sides) whose figures or as_of moved."""
    con.execute(
        """
        INSERT INTO snap.history_funding_changes
        WITH o AS (SELECT initiative_id, funder, currency, any_value(committed) AS committed,
                          any_value(disbursed) AS disbursed, any_value(as_of) AS as_of
                   FROM prev.funding GROUP BY ALL HAVING count(*) = 1),
             n AS (SELECT initiative_id, funder, currency, any_value(committed) AS committed,
                          any_value(disbursed) AS disbursed, any_value(as_of) AS as_of
                   FROM snap.funding GROUP BY ALL HAVING count(*) = 1)
        SELECT n.initiative_id, n.funder, n.currency, o.committed, n.committed, o.disbursed, n.disbursed,
               o.as_of, n.as_of, $sid, $at, $as_of
        FROM n JOIN o USING (initiative_id, funder, currency)
        WHERE (o.committed, o.disbursed, o.as_of) IS DISTINCT FROM (n.committed, n.disbursed, n.as_of)
        ORDER BY 1, 2, 3
        """,
        stamp,
    )
