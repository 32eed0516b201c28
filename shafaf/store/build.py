"""Building a snapshot database from a validated package, carrying history forward."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import duckdb

from shafaf import metrics
from shafaf.contract.schema import CONTRACT_VERSION, TABLES, Column, Table
from shafaf.contract.validate import Validation, number_sql, q
from shafaf.store import record

Progress = Callable[[str], None]

# Tables that carry history from snapshot to snapshot: name -> column DDL
HISTORY_TABLES: dict[str, str] = {
    "history_replans": "milestone_id VARCHAR, initiative_id VARCHAR, old_planned_date DATE, "
    "new_planned_date DATE, snapshot_id VARCHAR, published_at TIMESTAMP, as_of DATE, reason VARCHAR",
    "history_status_changes": "entity VARCHAR, entity_id VARCHAR, initiative_id VARCHAR, "
    "old_status VARCHAR, new_status VARCHAR, snapshot_id VARCHAR, published_at TIMESTAMP, as_of DATE, "
    "reason VARCHAR",
    "history_removed": "table_name VARCHAR, row_key VARCHAR, row_json VARCHAR, snapshot_id VARCHAR, "
    "published_at TIMESTAMP, as_of DATE",
    "history_plans": "milestone_id VARCHAR, planned_date DATE, first_snapshot_id VARCHAR",
    "publishes": "snapshot_id VARCHAR, published_at TIMESTAMP, as_of DATE, title VARCHAR, "
    "publisher VARCHAR, package_name VARCHAR, package_kind VARCHAR, package_sha256 VARCHAR, "
    "row_counts VARCHAR, previous_snapshot_id VARCHAR, "
    # who and why (filled by publish.record_audit); snapshots from before these columns carry NULLs forward
    "action VARCHAR, rollback_of VARCHAR, by_username VARCHAR, by_name VARCHAR, by_via VARCHAR, "
    "by_departments VARCHAR, departments_changed VARCHAR, changes VARCHAR, "
    # the official's reason for confirming a destructive publish (NULL: none was needed or asked)
    "confirmation VARCHAR",
}

SQL_TYPES = {"date": "DATE", "month": "DATE", "number": "DOUBLE", "integer": "BIGINT", "bool": "BOOLEAN"}


def _insert_many(con: duckdb.DuckDBPyConnection, sql: str, rows: list[Any]) -> None:
    """executemany that accepts no rows (DuckDB refuses an empty parameter list)."""
    if rows:
        con.executemany(sql, rows)


def _columns(table: Table, languages: list[str]) -> list[Column]:
    cols: list[Column] = []
    for c in table.columns:
        cols.append(c)
        if c.translatable:
            cols += [Column(f"{c.name}:{lang}", "text", False) for lang in languages]
    return cols


def _cast(c: Column) -> str:
    col = q(c.name)
    if c.type == "month":
        return f"CAST({col} || '-01' AS DATE) AS {col}"
    if c.type == "bool":
        return f"({col} = 'true') AS {col}"
    if c.type in SQL_TYPES:
        return f"CAST({col} AS {SQL_TYPES[c.type]}) AS {col}"
    return col


def _native_cast(c: Column, parquet_type: str) -> str:
    """A Parquet column held in its own type (a month as a date, a number), as the snapshot stores it."""
    col = q(c.name)
    if c.type == "month":
        return f"CAST({col} AS DATE) AS {col}"
    return f"{number_sql(parquet_type, col)} AS {col}"


def _typed_tables(con: duckdb.DuckDBPyConnection, v: Validation, say: Progress) -> None:
    languages = v.meta.languages
    for table in TABLES:
        cols = _columns(table, languages)
        if table.name == "metrics":
            continue  # built below, with its weights
        if table.name in v.staged:
            sel = ", ".join(_cast(c) for c in cols)
            con.execute(
                f"CREATE TABLE snap.{table.name} AS SELECT {sel} FROM {v.staged[table.name].relation} ORDER BY _line"
            )
        else:
            ddl = ", ".join(f"{q(c.name)} {SQL_TYPES.get(c.type, 'VARCHAR')}" for c in cols)
            con.execute(f"CREATE TABLE snap.{table.name} ({ddl})")
    say("writing metrics")
    cols = _columns(TABLES[[t.name for t in TABLES].index("metrics")], languages)
    if "metrics" in v.staged:
        # One pass that casts and writes; only rows of weighted means are paired with their weight
        # row (same initiative, region and month), so the join touches as few rows as it can.
        # an empty observation status is A (normal), stored as such so that roll-ups count only E and P
        st = v.staged["metrics"]
        sel = ", ".join(
            "coalesce(nullif(obs_status, ''), 'A') AS obs_status"
            if c.name == "obs_status"
            else (_native_cast(c, st.native[c.name]) if c.name in st.native else _cast(c))
            for c in cols
        )
        # a Parquet file is written from its own typed columns, with no text in between
        stage = st.typed or st.relation
        weighted = {m: d.weight for m, d in (v.meta.metrics or {}).items() if d.weight}
        if weighted:
            pairs = " OR ".join("(m.metric = ? AND w.metric = ?)" for _ in weighted)
            con.execute(
                f"""
                CREATE TABLE snap.metrics AS
                WITH typed AS (SELECT {sel} FROM {stage})
                SELECT *, NULL::DOUBLE AS weight_value FROM typed WHERE NOT list_contains(?, metric)
                UNION ALL
                SELECT m.*, w.value AS weight_value
                FROM (SELECT * FROM typed WHERE list_contains(?, metric)) m
                LEFT JOIN (SELECT * FROM typed WHERE list_contains(?, metric)) w
                  ON w.initiative_id = m.initiative_id AND w.region_id = m.region_id AND w.month = m.month
                 AND ({pairs})
                """,
                [
                    list(weighted),
                    list(weighted),
                    sorted(set(weighted.values())),
                    *[x for kv in weighted.items() for x in kv],
                ],
            )
        else:
            con.execute(f"CREATE TABLE snap.metrics AS SELECT {sel}, NULL::DOUBLE AS weight_value FROM {stage}")
    else:
        ddl = ", ".join(f"{q(c.name)} {SQL_TYPES.get(c.type, 'VARCHAR')}" for c in cols)
        con.execute(f"CREATE TABLE snap.metrics ({ddl}, weight_value DOUBLE)")


def _vocabulary(con: duckdb.DuckDBPyConnection, v: Validation) -> None:
    meta = v.meta
    con.execute("CREATE TABLE snap.levels (level VARCHAR, depth INTEGER)")
    _insert_many(con, "INSERT INTO snap.levels VALUES (?, ?)", [(lv, i) for i, lv in enumerate(meta.levels or [])])
    con.execute("CREATE TABLE snap.functions (function_id VARCHAR, label VARCHAR)")
    _insert_many(
        con, "INSERT INTO snap.functions VALUES (?, ?)", [(f, d["label"]) for f, d in (meta.functions or {}).items()]
    )
    # translations in long form, so queries take the language as a parameter
    con.execute(
        "CREATE TABLE snap.translations (entity VARCHAR, entity_id VARCHAR, field VARCHAR, lang VARCHAR, text VARCHAR)"
    )
    rows: list[tuple[str, str, str, str, str]] = []
    for fid, d in (meta.functions or {}).items():
        rows += [("function", fid, "label", k.split(":", 1)[1], t) for k, t in d.items() if k.startswith("label:")]
    for d in (meta.metrics or {}).values():
        rows += [("metric", d.metric, "label", lang, t) for lang, t in d.labels.items()]
    rows += [("package", "package", "publisher", lang, t) for lang, t in meta.publisher_translations.items()]
    _insert_many(con, "INSERT INTO snap.translations VALUES (?, ?, ?, ?, ?)", rows)
    for table in TABLES:
        for c in table.columns:
            if not c.translatable:
                continue
            # a table without a one-column key (funding) is translated by its text: the funder's name
            key = table.key[0] if len(table.key) == 1 else c.name
            for lang in meta.languages:
                col = f"{c.name}:{lang}"
                con.execute(
                    f"INSERT INTO snap.translations SELECT DISTINCT ?, {q(key)}, ?, ?, {q(col)} "
                    f"FROM snap.{table.name} WHERE {q(col)} IS NOT NULL",
                    [table.name.rstrip("s"), c.name, lang],
                )


def _derived(con: duckdb.DuckDBPyConnection, v: Validation) -> None:
    """Region closure and the stage of every initiative at every leaf, by the methodology."""
    regions = con.execute("SELECT region_id, parent_id FROM snap.regions").df()
    closure = metrics.region_closure(regions)
    leaves = metrics.leaf_ids(regions)
    con.execute("ALTER TABLE snap.regions ADD COLUMN depth INTEGER")
    con.execute("ALTER TABLE snap.regions ADD COLUMN is_leaf BOOLEAN")
    con.execute("UPDATE snap.regions r SET depth = l.depth FROM snap.levels l WHERE l.level = r.level")
    con.execute("UPDATE snap.regions SET is_leaf = list_contains($leaves, region_id)", {"leaves": sorted(leaves)})
    con.register("_closure", closure)
    con.execute(
        "CREATE TABLE snap.region_closure AS SELECT region_id, ancestor_id, distance::INTEGER AS distance FROM _closure"
    )
    con.unregister("_closure")
    rollouts = con.execute("SELECT initiative_id, region_id, stage, date FROM snap.rollouts").df()
    ls = metrics.leaf_stages(regions, rollouts, closure)
    con.register("_ls", ls)
    con.execute(
        "CREATE TABLE snap.leaf_stages AS SELECT initiative_id::VARCHAR AS initiative_id, leaf_id::VARCHAR AS leaf_id, "
        "stage::VARCHAR AS stage, via_region_id::VARCHAR AS via_region_id FROM _ls"
    )
    con.unregister("_ls")


def build_rollups(con: duckdb.DuckDBPyConnection) -> None:
    """Pre-aggregate the metric rows once at load, so that no page view has to scan them.

    `metric_rollup` holds, per region R with descendants, initiative, metric and month, the row
    aggregates (sum_value, row_count, weighted_sum, weight_sum, and estimated_count / provisional_count, the
    rows with obs_status E / P) of the rows of R's STRICT descendants
    (in one row, or two that queries sum);
    R's own rows stay in `metrics`. A query for R reads the roll-up rows of R plus the raw rows at R
    (none for most non-leaf regions). Leaving the self level out keeps the roll-up small (a leaf
    level would copy the whole raw table) and the four sums are additive, so every value is what the
    raw rows give (the methodology's sum, mean or weighted mean, computed from the same sums).
    `region_reports` has, per region with rows of its own, metric and month, a bit per initiative
    (positions in `rollup_initiatives`) that reported there: reporting completeness needs which
    leaves have a row for some initiatives, which sums cannot tell.
    """
    # The raw rows summed once at their parent: the only pass over all rows. These are the first rows of
    # the roll-up (for a region whose children are leaves, all of them).
    con.execute(
        """
        CREATE TABLE snap.metric_rollup AS
        SELECT r.parent_id AS region_id, m.initiative_id, m.metric, m.month,
               sum(m.value) AS sum_value,
               count(*) AS row_count,
               sum(m.value * coalesce(m.weight_value, 0)) AS weighted_sum,
               sum(coalesce(m.weight_value, 0)) AS weight_sum,
               count(*) FILTER (WHERE m.obs_status = 'E') AS estimated_count,
               count(*) FILTER (WHERE m.obs_status = 'P') AS provisional_count
        FROM snap.metrics m
        JOIN snap.regions r ON r.region_id = m.region_id
        WHERE r.parent_id IS NOT NULL
        GROUP BY ALL
        """
    )
    # Then level by level from the deepest parents up, each level adds its children's roll-up rows summed
    # at the parent: S(R) = up(R) + sum of S(child). A region's depth is its distance from the root, so a
    # child's rows are complete before its parent's are summed. A (region, initiative, metric, month) may
    # have two rows (its own children's raw rows, and its deeper descendants'); every query sums them.
    con.execute(
        "CREATE TEMP TABLE _rollup_depth AS SELECT region_id, max(distance) AS d FROM snap.region_closure GROUP BY ALL"
    )
    depths = [
        int(d)
        for (d,) in con.execute(
            "SELECT DISTINCT t.d FROM _rollup_depth t WHERE t.region_id IN (SELECT parent_id FROM snap.regions) "
            "ORDER BY t.d DESC"
        ).fetchall()
    ]
    for d in depths:
        con.execute(
            """
            INSERT INTO snap.metric_rollup
            SELECT r.parent_id, x.initiative_id, x.metric, x.month,
                   sum(x.sum_value), sum(x.row_count)::BIGINT, sum(x.weighted_sum), sum(x.weight_sum),
                   sum(x.estimated_count)::BIGINT, sum(x.provisional_count)::BIGINT
            FROM snap.metric_rollup x
            JOIN snap.regions r ON r.region_id = x.region_id
            JOIN _rollup_depth t ON t.region_id = r.parent_id
            WHERE t.d = $d
            GROUP BY ALL
            """,
            {"d": d},
        )
    con.execute("DROP TABLE _rollup_depth")
    # each initiative's position, and a mask with only its bit set (queries OR the masks they want)
    n = int(con.execute("SELECT count(*) FROM snap.initiatives").fetchone()[0])  # type: ignore[index]
    top = max(n - 1, 0)
    con.execute(
        f"""
        CREATE TABLE snap.rollup_initiatives AS
        WITH pos AS (
            SELECT initiative_id, (row_number() OVER (ORDER BY initiative_id) - 1)::INTEGER AS bit
            FROM snap.initiatives
        )
        SELECT initiative_id, bit, set_bit(repeat('0', {top + 1})::BIT, bit, 1) AS mask FROM pos
        """
    )
    con.execute(
        f"""
        CREATE TABLE snap.region_reports AS
        SELECT m.region_id, m.metric, m.month, bitstring_agg(i.bit, 0, {top}) AS initiatives
        FROM snap.metrics m
        JOIN snap.rollup_initiatives i ON i.initiative_id = m.initiative_id
        GROUP BY ALL
        ORDER BY m.region_id, m.metric, m.month
        """
    )


def _history(
    con: duckdb.DuckDBPyConnection,
    has_prev: bool,
    sid: str,
    published_at: dt.datetime,
    as_of: dt.date,
    reasons: Mapping[str, str] | None = None,
) -> None:
    """Carry the history tables forward and append what changed since the previous snapshot.

    `reasons` ('<table>:<row key>' -> text, from the desk) explain withdrawals and re-plans; a reason
    given there wins over the row's own `change_note`.
    """
    stamp = {"sid": sid, "at": published_at, "as_of": as_of}
    for name, ddl in HISTORY_TABLES.items():
        con.execute(f"CREATE TABLE snap.{name} ({ddl})")
        if has_prev:
            # BY NAME: an older snapshot may lack columns added since (they become NULL)
            con.execute(f"INSERT INTO snap.{name} BY NAME SELECT * FROM prev.{name}")
    record.create_record_tables(con, has_prev)
    record.stage_reasons(con, reasons)
    if has_prev:
        con.execute(
            """
            INSERT INTO snap.history_replans
            SELECT n.milestone_id, n.initiative_id, p.planned_date, n.planned_date, $sid, $at, $as_of,
                   coalesce(r.reason, n.change_note)
            FROM snap.milestones n JOIN prev.milestones p USING (milestone_id)
            LEFT JOIN _reasons r ON r.key = 'milestones:' || n.milestone_id
            WHERE p.planned_date IS DISTINCT FROM n.planned_date
            """,
            stamp,
        )
        con.execute(
            """
            INSERT INTO snap.history_status_changes
            SELECT 'initiative', n.initiative_id, n.initiative_id, p.status, n.status, $sid, $at, $as_of, r.reason
            FROM snap.initiatives n JOIN prev.initiatives p USING (initiative_id)
            LEFT JOIN _reasons r ON r.key = 'initiatives:' || n.initiative_id
            WHERE p.status IS DISTINCT FROM n.status
            UNION ALL
            SELECT 'milestone', n.milestone_id, n.initiative_id,
                   coalesce(p.status, CASE WHEN p.actual_date IS NOT NULL THEN 'done' END),
                   coalesce(n.status, CASE WHEN n.actual_date IS NOT NULL THEN 'done' END), $sid, $at, $as_of,
                   coalesce(r.reason, n.change_note)
            FROM snap.milestones n JOIN prev.milestones p USING (milestone_id)
            LEFT JOIN _reasons r ON r.key = 'milestones:' || n.milestone_id
            WHERE coalesce(p.status, CASE WHEN p.actual_date IS NOT NULL THEN 'done' END)
                  IS DISTINCT FROM coalesce(n.status, CASE WHEN n.actual_date IS NOT NULL THEN 'done' END)
            """,
            stamp,
        )
        # a region's current rollout stage per initiative (new pairs count as a change from none)
        con.execute(
            """
            INSERT INTO snap.history_status_changes
            WITH cur AS (
                SELECT initiative_id, region_id,
                       arg_max(stage, (date, list_position(['planned','pilot','live','scaled','retired'], stage))) AS stage,
                       arg_max(change_note, (date, list_position(['planned','pilot','live','scaled','retired'], stage)))
                           AS change_note
                FROM snap.rollouts GROUP BY ALL),
            old AS (
                SELECT initiative_id, region_id,
                       arg_max(stage, (date, list_position(['planned','pilot','live','scaled','retired'], stage))) AS stage
                FROM prev.rollouts GROUP BY ALL)
            SELECT 'rollout', cur.initiative_id || '/' || cur.region_id, cur.initiative_id, old.stage, cur.stage,
                   $sid, $at, $as_of, coalesce(r.reason, cur.change_note)
            FROM cur LEFT JOIN old USING (initiative_id, region_id)
            LEFT JOIN _reasons r ON r.key = 'rollouts:' || cur.initiative_id || '|' || cur.region_id || '|' || cur.stage
            WHERE old.stage IS DISTINCT FROM cur.stage
            """,
            stamp,
        )
        record.record_withdrawals(con, stamp)
        record.record_funding_changes(con, stamp)
        for table in TABLES:
            if table.key:
                on = " AND ".join(f"p.{q(k)} IS NOT DISTINCT FROM n.{q(k)}" for k in table.key)
                key_sql = " || '|' || ".join(f"coalesce(CAST(p.{q(k)} AS VARCHAR), '')" for k in table.key)
                con.execute(
                    f"""
                    INSERT INTO snap.history_removed
                    SELECT '{table.name}', {key_sql}, to_json(p)::VARCHAR, $sid, $at, $as_of
                    FROM prev.{table.name} p
                    WHERE NOT EXISTS (SELECT 1 FROM snap.{table.name} n WHERE {on})
                    """,
                    stamp,
                )
            else:
                cols = ", ".join(q(c.name) for c in table.columns)
                con.execute(
                    f"""
                    INSERT INTO snap.history_removed
                    SELECT '{table.name}', '', to_json(p)::VARCHAR, $sid, $at, $as_of
                    FROM (SELECT {cols} FROM prev.{table.name} EXCEPT ALL SELECT {cols} FROM snap.{table.name}) p
                    """,
                    stamp,
                )
    con.execute(
        """
        INSERT INTO snap.history_plans
        SELECT DISTINCT m.milestone_id, m.planned_date, $sid FROM snap.milestones m
        WHERE NOT EXISTS (SELECT 1 FROM snap.history_plans h
                          WHERE h.milestone_id = m.milestone_id AND h.planned_date = m.planned_date)
        """,
        {"sid": sid},
    )
    con.execute("ALTER TABLE snap.milestones ADD COLUMN effective_baseline_date DATE")
    con.execute(
        """
        UPDATE snap.milestones m SET effective_baseline_date = coalesce(m.baseline_date,
            (SELECT min(h.planned_date) FROM snap.history_plans h WHERE h.milestone_id = m.milestone_id))
        """
    )


def build_snapshot(
    v: Validation,
    out_file: Path,
    previous_file: Path | None,
    *,
    snapshot_id: str,
    published_at: dt.datetime,
    package_name: str,
    progress: Progress,
    reasons: Mapping[str, str] | None = None,
) -> dict[str, int]:
    """Write the snapshot database for a valid package; returns the row count per table.

    `reasons` ('<table>:<row key>' -> the official's reason) are published beside the withdrawals and
    re-plans they explain (see shafaf/store/record.py)."""
    con = v.con
    con.execute("ATTACH $f AS snap", {"f": str(out_file)})
    has_prev = previous_file is not None
    if has_prev:
        con.execute("ATTACH $f AS prev (READ_ONLY)", {"f": str(previous_file)})
    try:
        assert v.meta.as_of is not None
        _vocabulary_first(con, v)
        progress("writing tables")
        _typed_tables(con, v, progress)
        _vocabulary(con, v)
        progress("deriving regions and stages")
        _derived(con, v)
        progress("building roll-ups")
        build_rollups(con)
        progress("carrying history forward")
        _history(con, has_prev, snapshot_id, published_at, v.meta.as_of, reasons)
        counts = {t.name: int(con.execute(f"SELECT count(*) FROM snap.{t.name}").fetchone()[0]) for t in TABLES}  # type: ignore[index]
        meta = v.meta.as_dict() | {
            "snapshot_id": snapshot_id,
            "published_at": published_at.isoformat(),
            "package_name": package_name,
            "package_kind": v.package.kind,
            "package_sha256": v.package.sha256,
            "previous_snapshot_id": _prev_id(con) if has_prev else None,
            "contract_version": CONTRACT_VERSION,
        }
        _boundaries(con, v)
        con.execute("CREATE TABLE snap.meta (key VARCHAR, value VARCHAR)")
        _insert_many(con, "INSERT INTO snap.meta VALUES (?, ?)", [(k, json.dumps(val)) for k, val in meta.items()])
        con.execute(
            "INSERT INTO snap.publishes (snapshot_id, published_at, as_of, title, publisher, package_name, "
            "package_kind, package_sha256, row_counts, previous_snapshot_id) "
            "VALUES ($sid, $at, $as_of, $title, $publisher, $name, $kind, $sha, $counts, $prev)",
            {
                "sid": snapshot_id,
                "at": published_at,
                "as_of": v.meta.as_of,
                "title": v.meta.title,
                "publisher": v.meta.publisher,
                "name": package_name,
                "kind": v.package.kind,
                "sha": v.package.sha256,
                "counts": json.dumps(counts),
                "prev": meta["previous_snapshot_id"],
            },
        )
        progress("checkpointing")
        con.execute("CHECKPOINT snap")
    finally:
        if has_prev:
            con.execute("DETACH prev")
        con.execute("DETACH snap")
    return counts


def _vocabulary_first(con: duckdb.DuckDBPyConnection, v: Validation) -> None:
    """metric_defs is needed before the metrics table (for weights)."""
    meta = v.meta
    con.execute(
        "CREATE TABLE snap.metric_defs (metric VARCHAR, label VARCHAR, unit VARCHAR, aggregate VARCHAR, "
        "weight VARCHAR, headline BOOLEAN, position INTEGER, provenance VARCHAR)"
    )
    _insert_many(
        con,
        "INSERT INTO snap.metric_defs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (d.metric, d.label, d.unit, d.aggregate, d.weight, d.headline, i, d.provenance)
            for i, d in enumerate((meta.metrics or {}).values())
        ],
    )


def _boundaries(con: duckdb.DuckDBPyConnection, v: Validation) -> None:
    """The package's regions.geojson (validated), kept whole in the snapshot; the table is empty without one."""
    con.execute("CREATE TABLE snap.boundaries (source VARCHAR, geojson VARCHAR)")
    text = v.package.boundaries_text
    if text is None:
        return
    collection = json.loads(text)
    source = collection.get("source") if isinstance(collection.get("source"), str) else None
    con.execute(
        "INSERT INTO snap.boundaries VALUES ($source, $geojson)",
        {
            "source": (source or "").strip() or f"{v.meta.publisher} (regions.geojson)",
            "geojson": json.dumps(collection),
        },
    )


def _prev_id(con: duckdb.DuckDBPyConnection) -> Any:
    row = con.execute("SELECT value FROM prev.meta WHERE key = 'snapshot_id'").fetchone()
    return json.loads(row[0]) if row else None
