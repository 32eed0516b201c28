"""Opening the current (or an earlier) snapshot read-only."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from shafaf.store.deployment import Deployment, StoreError

READ_CONFIG: dict[str, Any] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


@dataclass(frozen=True)
class Snapshot:
    """A read-only connection to one immutable snapshot; take a cursor per query."""

    snapshot_id: str
    path: Path
    con: duckdb.DuckDBPyConnection

    def meta(self) -> dict[str, Any]:
        """The snapshot's metadata (title, publisher, as_of, licence, demo, ...)."""
        with self.con.cursor() as cur:
            return {k: json.loads(v) for k, v in cur.execute("SELECT key, value FROM meta").fetchall()}

    def close(self) -> None:
        """Close the connection."""
        self.con.close()


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only DuckDB connection that never tries the network."""
    return duckdb.connect(str(path), read_only=True, config=READ_CONFIG)


def open_snapshot(db_path: Path, snapshot_id: str | None = None) -> Snapshot:
    """Open the current snapshot of a deployment, or an earlier one by id."""
    dep = Deployment(db_path)
    sid = snapshot_id or dep.current_id()
    if sid is None:
        raise StoreError(f"nothing is published at {dep.db_path}: run `python -m shafaf load PACKAGE` first")
    path = dep.snapshot_file(sid)
    if not path.exists():
        raise StoreError(f"snapshot {sid} does not exist at {dep.folder}")
    return Snapshot(sid, path, connect_read_only(path))
