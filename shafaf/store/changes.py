"""What publishing a package changes against the previous snapshot, and whose rows those are.

Compares a built (not yet published) snapshot with the previous one, table by table on each table's
key: rows new, changed and removed; re-plans and status changes (read from the history the build just
recorded); package.yaml changes. Every changed row is attributed to department(s): initiatives to their
`department_id`, departments to themselves, rows with an `initiative_id` to that initiative's department
(in the snapshot the version of the row is in), regions and package.yaml vocabulary to no department.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from shafaf.contract.problems import Problem
from shafaf.contract.schema import TABLES, TABLES_BY_NAME
from shafaf.contract.validate import Validation, q
from shafaf.store.record import WITHDRAWABLE, reason_key

# columns the build derives; they change only when package columns do, so they are not compared
DERIVED = {"regions": {"depth", "is_leaf"}, "milestones": {"effective_baseline_date"}, "metrics": {"weight_value"}}
# package.yaml keys any publisher may change: they describe the package as a whole, not anyone's rows
FREE_META_KEYS = ("title", "publisher", "as_of", "license", "source_url")
# package.yaml keys that change how every department's figures read: shared vocabulary
SHARED_META_KEYS = ("demo", "languages", "levels")
ROW_LIMIT = 500  # rows kept per table for display (the counts are always exact)
NEW, OLD = "_shafaf_new", "_shafaf_old"


@dataclass(frozen=True)
class YamlChange:
    """One change in package.yaml: a key path, the old and new value (as text), shared or not."""

    key: str
    old: str | None
    new: str | None
    shared: bool  # True: vocabulary of every department (functions, metrics, levels, ...)


@dataclass
class TableChanges:
    """Rows new, changed and removed in one table, with up to ROW_LIMIT of them for display."""

    table: str
    new: int = 0
    changed: int = 0
    removed: int = 0
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def total(self) -> int:
        """All changed rows of the table."""
        return self.new + self.changed + self.removed


@dataclass
class ChangeSet:
    """Everything a publish would change against the previous snapshot."""

    previous_snapshot_id: str | None
    tables: dict[str, TableChanges]
    yaml: list[YamlChange]
    replans: pd.DataFrame
    status_changes: pd.DataFrame
    departments: frozenset[str]  # departments with at least one changed row
    shared_rows: int  # changed rows that belong to no department (regions, updates without an initiative)
    department_names: dict[str, str]
    # the snapshots compared: rows in `_chg` point into them by rowid, read back only when listed
    new_file: Path | None = field(default=None, repr=False, compare=False)
    previous_file: Path | None = field(default=None, repr=False, compare=False)
    as_of: dt.date | None = None  # the new snapshot's as_of (what "overdue" is judged against)

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        """table -> {new, changed, removed}."""
        return {n: {"new": c.new, "changed": c.changed, "removed": c.removed} for n, c in self.tables.items()}

    @property
    def shared_yaml(self) -> list[YamlChange]:
        """package.yaml changes of the shared vocabulary."""
        return [c for c in self.yaml if c.shared]

    @property
    def nothing(self) -> bool:
        """True when the package would change no row and no package.yaml key."""
        return not self.yaml and all(c.total == 0 for c in self.tables.values())


def _columns(con: duckdb.DuckDBPyConnection, db: str, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND table_name = ? ORDER BY column_index",
        [db, table],
    ).fetchall()
    return [r[0] for r in rows if r[0] not in DERIVED.get(table, set())]


def _struct(alias: str, cols: list[str]) -> str:
    inner = ", ".join("'" + c.replace("'", "''") + f"': {alias}.{q(c)}" for c in cols)
    return f"to_json({{{inner}}})::VARCHAR"


def _department(table: str, alias: str, db: str) -> str:
    """SQL for the department a row version belongs to (NULL: no department)."""
    if table == "departments":
        return f"{alias}.department_id"
    if table == "initiatives":
        return f"{alias}.department_id"
    if "initiative_id" in {c.name for c in TABLES_BY_NAME[table].columns}:
        return f"(SELECT i.department_id FROM {db}.initiatives i WHERE i.initiative_id = {alias}.initiative_id)"
    return "NULL"


def _diff_table(con: duckdb.DuckDBPyConnection, table: str, has_old: bool) -> None:
    """Record one light row in `_chg` per new, changed or removed row: its key, departments and rowids.

    The rows themselves (as JSON) are built later, only for the few rows that are listed.
    """
    new_cols = _columns(con, NEW, table)
    old_cols = _columns(con, OLD, table) if has_old else []
    key = TABLES_BY_NAME[table].key
    dep_new, dep_old = _department(table, "n", NEW), _department(table, "p", OLD)
    if not has_old:
        con.execute(
            f"INSERT INTO _chg SELECT '{table}', 'new', row_number() OVER (), "
            f"{dep_new}, NULL, false, n.rowid, NULL, NULL, NULL FROM {NEW}.{table} n"
        )
        return
    if key:
        both = [c for c in new_cols if c in old_cols]
        differs = [f"n.{q(c)} IS DISTINCT FROM p.{q(c)}" for c in both]
        differs += [f"n.{q(c)} IS NOT NULL" for c in new_cols if c not in old_cols]
        differs += [f"p.{q(c)} IS NOT NULL" for c in old_cols if c not in new_cols]
        on = " AND ".join(f"p.{q(k)} IS NOT DISTINCT FROM n.{q(k)}" for k in key)  # optional key parts
        skip_n = skip_p = ""
        if "initiative_id" in key and new_cols == old_cols:
            # an initiative whose rows hash alike on both sides (same count, sum and xor of row hashes) has
            # no new, changed or removed row: only the other initiatives' rows are joined row by row
            h = f"hash({', '.join(q(c) for c in new_cols)})"
            agg = (
                f"SELECT initiative_id, count(*) AS c, sum({h}) AS s, bit_xor({h}) AS x FROM {{db}}.{table} GROUP BY 1"
            )
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE _same AS SELECT a.initiative_id FROM ({agg.format(db=NEW)}) a "
                f"JOIN ({agg.format(db=OLD)}) b ON a.initiative_id IS NOT DISTINCT FROM b.initiative_id "
                "AND a.c = b.c AND a.s = b.s AND a.x = b.x"
            )
            skip = "{a}.initiative_id NOT IN (SELECT initiative_id FROM _same WHERE initiative_id IS NOT NULL)"
            skip_n, skip_p = " AND " + skip.format(a="n"), " AND " + skip.format(a="p")
        keytext = " || '|' || ".join(f"coalesce(CAST({{a}}.{q(k)} AS VARCHAR), '')" for k in key)
        con.execute(
            f"""
            INSERT INTO _chg
            SELECT '{table}', CASE WHEN p._found IS NULL THEN 'new' ELSE 'changed' END,
                   {keytext.format(a="n")},
                   {dep_new}, CASE WHEN p._found IS NULL THEN NULL ELSE {dep_old} END,
                   p._found IS NOT NULL, n._nrid, p._rid, NULL, NULL
            FROM (SELECT * , rowid AS _nrid FROM {NEW}.{table} n WHERE true{skip_n}) n
            LEFT JOIN (SELECT *, rowid AS _rid, true AS _found FROM {OLD}.{table} p WHERE true{skip_p}) p ON {on}
            WHERE p._found IS NULL OR {" OR ".join(differs) or "false"}
            UNION ALL
            SELECT '{table}', 'removed', {keytext.format(a="p")}, NULL, {dep_old}, true, NULL, p.rowid, NULL, NULL
            FROM {OLD}.{table} p WHERE NOT EXISTS (SELECT 1 FROM {NEW}.{table} n WHERE {on}){skip_p}
            """
        )
    else:  # no key (funding, a small table): a row is new or removed as a whole; its JSON is kept here
        cols = [c for c in new_cols if c in old_cols]
        sel = ", ".join(q(c) for c in cols)
        con.execute(
            f"""
            INSERT INTO _chg
            SELECT '{table}', 'new', 'new ' || row_number() OVER (), {dep_new}, NULL, false, NULL, NULL,
                   {_struct("n", cols)}, NULL
            FROM (SELECT {sel} FROM {NEW}.{table} EXCEPT ALL SELECT {sel} FROM {OLD}.{table}) n
            UNION ALL
            SELECT '{table}', 'removed', 'removed ' || row_number() OVER (), NULL, {dep_old}, true, NULL, NULL,
                   NULL, {_struct("p", cols)}
            FROM (SELECT {sel} FROM {OLD}.{table} EXCEPT ALL SELECT {sel} FROM {NEW}.{table}) p
            """
        )


def _row_json(con: duckdb.DuckDBPyConnection, db: str, table: str, rowids: list[int]) -> dict[int, str]:
    """rowid -> the row as JSON text (package columns only), for the few listed rows of one table."""
    if not rowids:
        return {}
    cols = _columns(con, db, table)
    found = con.execute(
        f"SELECT t.rowid, {_struct('t', cols)} FROM {db}.{table} t WHERE t.rowid IN (SELECT unnest($ids))",
        {"ids": sorted(set(rowids))},
    ).fetchall()
    return dict(found)


def _with_json(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple[Any, ...]], has_old: bool
) -> list[tuple[Any, ...]]:
    """Rows of `_chg` (ending rid_new, rid_old, new_json, old_json) with the JSON read back from the snapshots."""
    new = _row_json(con, NEW, table, [r[-4] for r in rows if r[-4] is not None])
    old = _row_json(con, OLD, table, [r[-3] for r in rows if r[-3] is not None]) if has_old else {}
    return [
        (*r[:-4], r[-2] if r[-4] is None else new.get(r[-4]), r[-1] if r[-3] is None else old.get(r[-3])) for r in rows
    ]


def _vocab(con: duckdb.DuckDBPyConnection, db: str) -> dict[str, str]:
    """package.yaml as flat key -> JSON text, from a snapshot's tables."""
    out: dict[str, str] = {}
    for k, v in con.execute(f"SELECT key, value FROM {db}.meta").fetchall():
        if k in FREE_META_KEYS or k in SHARED_META_KEYS:
            out[k] = v
    for fid, label in con.execute(f"SELECT function_id, label FROM {db}.functions").fetchall():
        out[f"functions.{fid}.label"] = json.dumps(label)
    for row in con.execute(f"SELECT metric, label, unit, aggregate, weight, headline FROM {db}.metric_defs").fetchall():
        for name, value in zip(("label", "unit", "aggregate", "weight", "headline"), row[1:], strict=True):
            out[f"metrics.{row[0]}.{name}"] = json.dumps(value)
    for entity, eid, lang, text in con.execute(
        f"SELECT entity, entity_id, lang, text FROM {db}.translations WHERE entity IN ('function', 'metric')"
    ).fetchall():
        out[f"{entity}s.{eid}.label:{lang}"] = json.dumps(text)
    has_shapes = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = 'boundaries'", [db]
    ).fetchone()
    if has_shapes and has_shapes[0]:
        # regions.geojson (contract 1.4) as its source and digest: a package that only redraws the map is a change
        for source, digest in con.execute(f"SELECT source, md5(geojson) FROM {db}.boundaries").fetchall():
            out["regions.geojson"] = json.dumps(f"{source} ({digest[:12]})")
    return out


def _yaml_changes(con: duckdb.DuckDBPyConnection, has_old: bool) -> list[YamlChange]:
    new = _vocab(con, NEW)
    old = _vocab(con, OLD) if has_old else {}
    out = []
    for k in sorted(set(new) | set(old)):
        if new.get(k) != old.get(k):
            out.append(YamlChange(k, old.get(k), new.get(k), k.split(".")[0] not in FREE_META_KEYS))
    return out


def _explain(new: dict[str, Any] | None, old: dict[str, Any] | None) -> str:
    """'column: old -> new' for each changed column of a changed row."""
    if new is None or old is None:
        return ""
    return "; ".join(f"{c}: {old.get(c)} → {new.get(c)}" for c in new if new.get(c) != old.get(c))


def compute_changes(
    con: duckdb.DuckDBPyConnection,
    new_file: Path,
    previous_file: Path | None,
    *,
    snapshot_id: str,
    previous_snapshot_id: str | None,
) -> ChangeSet:
    """Compare a built snapshot with the previous one; leaves the row list in the temp table `_chg`."""
    con.execute(f"ATTACH $f AS {NEW} (READ_ONLY)", {"f": str(new_file)})
    has_old = previous_file is not None
    if has_old:
        con.execute(f"ATTACH $f AS {OLD} (READ_ONLY)", {"f": str(previous_file)})
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _chg (table_name VARCHAR, change VARCHAR, row_key VARCHAR, "
            "dep_new VARCHAR, dep_old VARCHAR, had_old BOOLEAN, rid_new BIGINT, rid_old BIGINT, "
            "new_json VARCHAR, old_json VARCHAR)"
        )
        for t in TABLES:
            _diff_table(con, t.name, has_old)
        counts = {
            (t, c): n
            for t, c, n in con.execute("SELECT table_name, change, count(*) FROM _chg GROUP BY ALL").fetchall()
        }
        tables: dict[str, TableChanges] = {}
        for t in TABLES:
            rows = con.execute(
                f"SELECT change, row_key, dep_new, dep_old, had_old, rid_new, rid_old, new_json, old_json FROM _chg "
                f"WHERE table_name = ? ORDER BY change, row_key LIMIT {ROW_LIMIT}",
                [t.name],
            ).fetchall()
            recs = []
            for change, key, dn, do, had_old, nj, oj in _with_json(con, t.name, rows, has_old):
                new, old = (json.loads(nj) if nj else None), (json.loads(oj) if oj else None)
                deps = {dn} if change != "removed" else set()
                if had_old:
                    deps.add(do)
                recs.append(
                    {
                        "change": change,
                        "key": key,
                        "departments": ", ".join(sorted(d if d is not None else "-" for d in deps)),
                        "what_changed": _explain(new, old),
                        **{f"row.{k}": v for k, v in (new or old or {}).items()},
                    }
                )
            tables[t.name] = TableChanges(
                t.name,
                counts.get((t.name, "new"), 0),
                counts.get((t.name, "changed"), 0),
                counts.get((t.name, "removed"), 0),
                pd.DataFrame(recs),
            )
        deps = {
            r[0]
            for r in con.execute(
                "SELECT dep_new FROM _chg WHERE change <> 'removed' AND dep_new IS NOT NULL "
                "UNION SELECT dep_old FROM _chg WHERE had_old AND dep_old IS NOT NULL"
            ).fetchall()
        }
        shared = con.execute(
            "SELECT count(*) FROM _chg WHERE (change <> 'removed' AND dep_new IS NULL) OR (had_old AND dep_old IS NULL)"
        ).fetchone()[0]  # type: ignore[index]
        names = dict(con.execute(f"SELECT department_id, name FROM {NEW}.departments").fetchall())
        if has_old:
            for k, v in con.execute(f"SELECT department_id, name FROM {OLD}.departments").fetchall():
                names.setdefault(k, v)
        replans = con.execute(
            f"SELECT milestone_id, initiative_id, old_planned_date, new_planned_date FROM {NEW}.history_replans "
            "WHERE snapshot_id = ? ORDER BY initiative_id, milestone_id",
            [snapshot_id],
        ).df()
        status = con.execute(
            f"SELECT entity, entity_id, initiative_id, old_status, new_status FROM {NEW}.history_status_changes "
            "WHERE snapshot_id = ? ORDER BY entity, entity_id",
            [snapshot_id],
        ).df()
        as_of = con.execute(f"SELECT value FROM {NEW}.meta WHERE key = 'as_of'").fetchone()
        return ChangeSet(
            previous_snapshot_id,
            tables,
            _yaml_changes(con, has_old),
            replans,
            status,
            frozenset(deps),
            int(shared),
            names,
            new_file,
            previous_file,
            dt.date.fromisoformat(json.loads(as_of[0])) if as_of else None,
        )
    finally:
        con.execute(f"DETACH {NEW}")
        if has_old:
            con.execute(f"DETACH {OLD}")


WITHDRAWAL_COLUMNS = (
    "table",
    "row_key",
    "reason_key",
    "initiative_id",
    "name",
    "planned_date",
    "overdue",
    "days_late",
)


def _text(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)


def withdrawals(changes: ChangeSet) -> pd.DataFrame:
    """The rows a publish would withdraw (milestones, rollouts, targets, funding lines left out), for the desk.

    One row each: table, row_key (as the store keys it), reason_key (the key of load_package's `reasons`),
    initiative_id, name (a milestone's title, a funding line's funder, else empty), planned_date (milestones),
    overdue (a milestone open and planned before the new snapshot's as_of) and days_late (as_of - planned).
    A funding line is its initiative, funder and currency: one whose figures or as_of moved is not withdrawn.
    Reads the listed rows (ROW_LIMIT per table).
    """
    out: list[dict[str, Any]] = []
    for table, key_cols in WITHDRAWABLE.items():
        tc = changes.tables.get(table)
        if tc is None or tc.rows.empty:
            continue
        rows = tc.rows
        gone = rows[rows["change"] == "removed"]
        if table == "funding":
            triple = [f"row.{c}" for c in key_cols]
            kept = {
                tuple(_text(v) for v in r) for r in rows.loc[rows["change"] == "new", triple].itertuples(index=False)
            }
            keys = ["|".join(_text(v) for v in r) for r in gone[triple].itertuples(index=False)]
            gone = gone.assign(key=keys)[[tuple(k.split("|")) not in kept for k in keys]] if keys else gone
        for r in gone.to_dict("records"):
            planned = r.get("row.planned_date") if table == "milestones" else None
            overdue, late = False, None
            if planned and changes.as_of is not None:
                p = dt.date.fromisoformat(str(planned)[:10])
                open_ = not _text(r.get("row.actual_date")) and _text(r.get("row.status")) != "cancelled"
                overdue = open_ and p < changes.as_of
                late = (changes.as_of - p).days if overdue else None
            name = r.get("row.title") if table == "milestones" else (r.get("row.funder") if table == "funding" else "")
            out.append(
                {
                    "table": table,
                    "row_key": r["key"],
                    "reason_key": reason_key(table, r["key"]),
                    "initiative_id": r.get("row.initiative_id"),
                    "name": _text(name),
                    "planned_date": str(planned)[:10] if planned else None,
                    "overdue": overdue,
                    "days_late": late,
                }
            )
    df = pd.DataFrame(out, columns=list(WITHDRAWAL_COLUMNS))
    df["days_late"] = df["days_late"].astype("Int64")
    return df


def _dept_text(dep: str, names: dict[str, str]) -> str:
    name = names.get(dep)
    return f"{dep} ({name})" if name and name != dep else dep


def _line_of(con: duckdb.DuckDBPyConnection, v: Validation, table: str, new_json: str | None) -> int | None:
    """The package line of a new or changed row (found by its key in the staged text table)."""
    st = v.staged.get(table)
    if st is None or new_json is None:
        return None
    row = json.loads(new_json)
    cols = TABLES_BY_NAME[table].key or tuple(c for c in ("initiative_id", "funder") if c in row)
    conds, params = [], []
    for c in cols:
        value = row.get(c)
        if value is None:
            continue
        ctype = TABLES_BY_NAME[table].column(c).type
        conds.append(f"{q(c)} = ?")
        params.append(str(value)[:7] if ctype == "month" else str(value))
    if not conds:
        return None
    found = con.execute(f"SELECT min(_line) FROM {st.relation} WHERE {' AND '.join(conds)}", params).fetchone()
    return int(found[0]) if found and found[0] is not None else None


MORE_RE = re.compile(r"^\.\.\. and (\d+) more rows of other departments$")


def count_refused(problems: list[Problem]) -> int:
    """How many rows and package.yaml keys the problems refuse (a '... and N more' line counts N)."""
    n = 0
    for p in problems:
        m = MORE_RE.match(p.message)
        n += int(m.group(1)) if m else 1
    return n


def department_problems(
    con: duckdb.DuckDBPyConnection,
    v: Validation,
    changes: ChangeSet,
    allowed: Iterable[str] | None,
    *,
    max_per_rule: int = 1000,
) -> list[Problem]:
    """Problems for every changed row a publisher of `allowed` departments may not publish (None: anyone).

    Call right after compute_changes (it reads the `_chg` table). A row's departments are those of its
    new and its old version; a version of no department (a region, an update without an initiative,
    shared package.yaml vocabulary) is for a publisher of all departments or an administrator.
    """
    if allowed is None:
        return []
    allowed = frozenset(allowed)
    mine = ", ".join(sorted(allowed)) or "none"
    out: list[Problem] = []
    for t in TABLES:
        bad = con.execute(
            """
            SELECT change, row_key, dep_new, dep_old, had_old, count(*) OVER (), rid_new, rid_old, new_json, old_json
            FROM _chg
            WHERE table_name = $t AND (
                (change <> 'removed' AND (dep_new IS NULL OR NOT list_contains($ok, dep_new)))
                OR (had_old AND (dep_old IS NULL OR NOT list_contains($ok, dep_old))))
            ORDER BY change, row_key LIMIT $n
            """,
            {"t": t.name, "ok": sorted(allowed), "n": max_per_rule if max_per_rule > 0 else 2**62},
        ).fetchall()
        col = (
            "department_id"
            if t.name in ("departments", "initiatives")
            else ("initiative_id" if "initiative_id" in {c.name for c in t.columns} else (t.key or ("",))[0])
        )
        if any(r[6] is not None for r in bad):  # read back only the refused rows that are listed
            con.execute(f"ATTACH $f AS {NEW} (READ_ONLY)", {"f": str(changes.new_file)})
            try:
                bad = _with_json(con, t.name, bad, False)
            finally:
                con.execute(f"DETACH {NEW}")
        else:
            bad = [(*r[:-4], r[-2], r[-1]) for r in bad]
        for change, key, dep_new, dep_old, had_old, _total, new_json, _old_json in bad:
            versions = ([dep_new] if change != "removed" else []) + ([dep_old] if had_old else [])
            foreign = sorted({d for d in versions if d is None or d not in allowed}, key=lambda d: (d is None, d or ""))
            whose = (
                "no department (shared by all departments)"
                if foreign == [None]
                else "department " + ", ".join(_dept_text(d, changes.department_names) for d in foreign if d)
            )
            what = {"new": "adds", "changed": "changes", "removed": "removes"}[change]
            row = _line_of(con, v, t.name, new_json) if change != "removed" else None
            label = f" {key}" if key and not key.startswith(("new ", "removed ")) else ""
            out.append(
                Problem(
                    t.filename,
                    row,
                    col or None,
                    f"this package {what} row{label} of {whose}; you may publish rows of {mine} only",
                )
            )
        if bad and bad[0][5] > len(bad):
            out.append(
                Problem(t.filename, None, None, f"... and {bad[0][5] - len(bad)} more rows of other departments")
            )
    for c in changes.shared_yaml:
        out.append(
            Problem(
                "package.yaml",
                None,
                c.key,
                f"this package changes '{c.key}', shared by all departments "
                f"(was {c.old or 'not set'}, now {c.new or 'not set'}); only an administrator or a publisher of "
                "all departments may change it",
            )
        )
    return out
