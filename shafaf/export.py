"""`export`: the current snapshot as an open-data package (CSV + datapackage.json), formulas neutralised."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from shafaf.contract.schema import TABLES
from shafaf.contract.validate import q
from shafaf.csv_safe import neutralise, neutralise_sql
from shafaf.feedback import view as fb_view
from shafaf.feedback.store import FeedbackStore
from shafaf.store.build import HISTORY_TABLES
from shafaf.store.reader import Snapshot

DERIVED_COLUMNS = {
    "regions": ["depth", "is_leaf"],
    "milestones": ["effective_baseline_date"],
    "metrics": ["weight_value"],
}
# the audit record's people and their free text stay with the administrators (/admin, the snapshot, manifest.json)
PRIVATE_COLUMNS = {"publishes": ["by_username", "by_name", "confirmation"]}
FRICTIONLESS_TYPES = {
    "VARCHAR": "string",
    "DATE": "date",
    "DOUBLE": "number",
    "BIGINT": "integer",
    "INTEGER": "integer",
    "BOOLEAN": "boolean",
    "TIMESTAMP": "datetime",
}


# The package.yaml vocabulary as tables (contract 1.3): what each metric is (label, unit, how it is
# aggregated, how its figures are produced), the service functions, and every translated name and text.
VOCABULARY_TABLES: dict[str, tuple[str, ...]] = {
    "metric_defs": ("metric",),
    "functions": ("function_id",),
    "translations": ("entity", "entity_id", "field", "lang"),
}


class ExportError(Exception):
    """The output folder cannot be used."""


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    with con.cursor() as cur:
        return [(r[0], str(r[1])) for r in cur.execute(f"DESCRIBE {q(table)}").fetchall()]


def _export_table(
    con: duckdb.DuckDBPyConnection, table: str, path: Path, drop: list[str]
) -> tuple[list[dict[str, str]], int]:
    cols = [(n, t) for n, t in _columns(con, table) if n not in drop]
    sel = []
    for name, typ in cols:
        if typ == "VARCHAR":
            sel.append(f"{neutralise_sql(q(name))} AS {q(name)}")
        elif typ == "DATE" and name == "month":
            sel.append(f"strftime({q(name)}, '%Y-%m') AS {q(name)}")
        else:
            sel.append(q(name))
    with con.cursor() as cur:
        cur.execute(f"COPY (SELECT {', '.join(sel)} FROM {q(table)}) TO $p (HEADER, DELIMITER ',')", {"p": str(path)})
        n = cur.execute(f"SELECT count(*) FROM {q(table)}").fetchone()[0]  # type: ignore[index]
    fields = [
        {"name": name, "type": "yearmonth" if name == "month" else FRICTIONLESS_TYPES.get(typ, "string")}
        for name, typ in cols
    ]
    return fields, int(n)


def _frame_resource(frame: pd.DataFrame, name: str, path: Path) -> dict[str, Any]:
    """Write a small table as CSV (text cells neutralised, no BOM, like COPY's) and describe it."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    out.to_csv(path, index=False, encoding="utf-8")
    fields = [
        {"name": c, "type": "integer" if pd.api.types.is_integer_dtype(frame[c]) else "string"} for c in frame.columns
    ]
    return _resource(name, {"fields": fields}, len(frame))


def _resource(name: str, schema: dict[str, Any], rows: int) -> dict[str, Any]:
    """A CSV file's entry in datapackage.json: a Frictionless tabular-data-resource."""
    return {
        "name": name.replace("_", "-"),
        "profile": "tabular-data-resource",
        "path": f"{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
        "rows": rows,
    }


def feedback_resources(feedback: FeedbackStore, folder: Path) -> list[dict[str, Any]]:
    """The live feedback as open data: approved comments with replies, and monthly counts (never hashes)."""
    rows = feedback.rows()
    comments = fb_view.open_data_comments(rows)
    counts = fb_view.open_data_counts(feedback.monthly_counts())
    return [
        _frame_resource(comments, "feedback_comments", folder / "feedback_comments.csv"),
        _frame_resource(counts, "feedback_counts", folder / "feedback_counts.csv"),
    ]


def export_snapshot(
    snap: Snapshot,
    out_dir: Path,
    progress: Callable[[str], None] = lambda _m: None,
    feedback: FeedbackStore | None = None,
) -> dict[str, Any]:
    """Write the snapshot's public tables and history (and, given its store, the citizens' feedback) to
    `out_dir` (new or empty); returns the descriptor."""
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise ExportError(f"{out_dir} exists and is not an empty folder; choose a new folder")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        meta = snap.meta()
        resources = []
        for name in [t.name for t in TABLES] + list(VOCABULARY_TABLES) + [h for h in HISTORY_TABLES]:
            progress(f"exporting {name}")
            drop = DERIVED_COLUMNS.get(name, []) + PRIVATE_COLUMNS.get(name, [])
            fields, n = _export_table(snap.con, name, tmp / f"{name}.csv", drop)
            table = next((t for t in TABLES if t.name == name), None)
            schema: dict[str, Any] = {"fields": fields}
            if table is not None and table.key:
                schema["primaryKey"] = list(table.key)
            elif name in VOCABULARY_TABLES:
                schema["primaryKey"] = list(VOCABULARY_TABLES[name])
            resources.append(_resource(name, schema, n))
        if feedback is not None:
            progress("exporting feedback")
            resources += feedback_resources(feedback, tmp)
        descriptor = {
            "profile": "tabular-data-package",
            "name": "shafaf-snapshot-" + snap.snapshot_id,
            "title": meta.get("title"),
            "licenses": [{"name": meta.get("license")}],
            "sources": [
                {"title": meta.get("publisher"), **({"path": meta["source_url"]} if meta.get("source_url") else {})}
            ],
            "created": meta.get("published_at"),
            "as_of": meta.get("as_of"),
            "snapshot_id": snap.snapshot_id,
            "demo": meta.get("demo", False),
            "note": "Text cells that begin with = + - @ are prefixed with ' so spreadsheets do not run them.",
            "resources": resources,
        }
        (tmp / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")
        if out_dir.exists():
            out_dir.rmdir()
        os.rename(tmp, out_dir)
        return descriptor
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def export_zip(snap: Snapshot, workdir: Path | None = None, feedback: FeedbackStore | None = None) -> bytes:
    """The open-data package of a snapshot as one .zip (for the dashboard's download), built under workdir."""
    import io
    import zipfile

    # the app's DuckDB may only write under its export_workdir (shafaf/store/reader.py)
    with tempfile.TemporaryDirectory(prefix="shafaf-export-", dir=workdir) as tmp:
        out = Path(tmp) / "open-data"
        export_snapshot(snap, out, feedback=feedback)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in sorted(out.iterdir()):
                zf.write(p, f"shafaf-{snap.snapshot_id}/{p.name}")
        return buf.getvalue()
