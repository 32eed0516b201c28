"""Digest every table of a snapshot, to show that two builds of the same packages publish the same tables.

    python tools/snapshot_digest.py [LABEL=]SNAPSHOT.duckdb [...] > a.json   # tables keyed LABEL:table
    python tools/snapshot_digest.py --diff a.json b.json               # exit 1 when a table differs

Per table: its columns with their types, its row count and an md5 of its rows as JSON (sorted), so
a different value, type or column shows; a second md5 in stored (rowid) order tells a table whose
rows are the same but stored in another order (parallel writes and hash joins do not keep one), and
a third with doubles to 12 significant digits one whose sums were added up in another order. The publish time differs
between any two builds, so `published_at` columns and the `published_at` meta key are left out.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

VOLATILE_COLUMNS = {"published_at"}


def digest(path: Path) -> dict[str, dict[str, object]]:
    """table -> {columns, rows, md5} for one snapshot file."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out: dict[str, dict[str, object]] = {}
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        for t in tables:
            cols = con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [t]
            ).fetchall()
            keep = [c for c, _ in cols if c not in VOLATILE_COLUMNS]
            sel = ", ".join('"' + c.replace('"', '""') + '"' for c in keep)
            doubles = {c for c, ty in cols if ty in ("DOUBLE", "FLOAT")}
            rounded = ", ".join(
                (f'"{c}" := printf(\'%.12g\', "{c}")' if c in doubles else '"' + c.replace('"', '""') + '"')
                for c in keep
            )
            where = " WHERE key <> 'published_at'" if t == "meta" else ""
            rows, md5, ordered = con.execute(
                f"SELECT count(*), md5(coalesce(string_agg(j, chr(10) ORDER BY j), '')), "
                f"md5(coalesce(string_agg(j, chr(10) ORDER BY r), '')) FROM "
                f'(SELECT rowid AS r, to_json(struct_pack({sel}))::VARCHAR AS j FROM "{t}"{where})'
                if keep
                else f"SELECT count(*), '', '' FROM \"{t}\""
            ).fetchone()  # type: ignore[misc]
            out[t] = {"columns": [f"{c} {ty}" for c, ty in cols], "rows": rows, "md5": md5, "md5_in_order": ordered}
            if doubles and keep:
                # sums of doubles in parallel come out in another order run to run: equal to 12 digits
                out[t]["md5_12_digits"] = con.execute(
                    f"SELECT md5(coalesce(string_agg(j, chr(10) ORDER BY j), '')) FROM "
                    f'(SELECT to_json(struct_pack({rounded}))::VARCHAR AS j FROM "{t}")'
                ).fetchone()[0]  # type: ignore[index]
        return out
    finally:
        con.close()


def main() -> int:
    """Print digests, or compare two digest files."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", help="[LABEL=]SNAPSHOT.duckdb, or two digest files with --diff")
    p.add_argument("--diff", action="store_true", help="compare two digest JSON files")
    a = p.parse_args()
    if a.diff:
        x, y = (json.loads(Path(f).read_text()) for f in a.files[:2])
        bad = order = 0
        for name in sorted(set(x) | set(y)):
            a, b = dict(x.get(name) or {}), dict(y.get(name) or {})
            in_order = a.pop("md5_in_order", None), b.pop("md5_in_order", None)
            if a != b and a.get("md5_12_digits") and a.get("md5_12_digits") == b.get("md5_12_digits"):
                a.pop("md5"), b.pop("md5")
                if a == b:
                    order += 1
                    print(f"same rows to 12 significant digits (sums of doubles in another order): {name}")
                    continue
            if a != b:
                bad += 1
                print(f"DIFFERS {name}: {a} != {b}")
            elif in_order[0] != in_order[1]:
                order += 1
                print(f"same rows, stored in another order: {name}")
        print(f"{len(set(x) | set(y))} tables compared, {bad} differ, {order} the same but for order")
        return 1 if bad else 0
    result: dict[str, object] = {}
    for f in a.files:
        label, _, path = f.rpartition("=")
        for table, d in digest(Path(path)).items():
            result[f"{label or path}:{table}"] = d
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
