"""Opening the current (or an earlier) snapshot read-only."""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from shafaf.store.deployment import Deployment, StoreError

READ_CONFIG: dict[str, Any] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}
# The app's connections: DuckDB SQL can read and write files, open URLs and load extensions
# ("treat SQL like code"), so the connection that serves the public may do none of that, whatever
# query reaches it. The snapshot file is opened first (connect), then file access is switched off
# except for one private folder where the open-data download writes its CSV files, and
# lock_configuration comes last so that no later SET can undo any of it.
SERVING_MEMORY_LIMIT = "1GB"  # per snapshot; the app keeps at most 8 connections (shafaf/ui/data.py)
SERVING_THREADS = 2
SERVING_CONFIG: dict[str, Any] = {
    **READ_CONFIG,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "memory_limit": SERVING_MEMORY_LIMIT,
    "threads": SERVING_THREADS,
}
_setup_lock = threading.Lock()


@functools.cache
def export_workdir() -> Path:
    """This process's private folder (0700) for the open-data export, the only files the app's DuckDB may touch."""
    folder = Path(tempfile.mkdtemp(prefix="shafaf-export-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _lock_down(con: duckdb.DuckDBPyConnection) -> None:
    """Switch off file, URL and extension access, then lock the configuration (once per database)."""
    locked = con.execute("SELECT current_setting('lock_configuration')").fetchone()
    if locked and locked[0]:
        return  # DuckDB shares one database per file and configuration: an earlier connect locked it
    con.execute("SET allowed_directories = $d", {"d": [str(export_workdir())]})
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


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


# connections opened read-only on a published (immutable) snapshot: what their snapshot holds never changes,
# so the queries may remember it per connection (queries.has_rollups and the like)
READ_ONLY: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()


def connect_read_only(path: Path, *, file_access: bool = False) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a snapshot, locked down for serving; file_access only for the command line."""
    if file_access:  # `export` writes the open-data files wherever its caller asks
        return duckdb.connect(str(path), read_only=True, config=READ_CONFIG)
    with _setup_lock:
        con = duckdb.connect(str(path), read_only=True, config=SERVING_CONFIG)
        _lock_down(con)
    READ_ONLY.add(con)
    return con


def open_snapshot(db_path: Path, snapshot_id: str | None = None) -> Snapshot:
    """Open the current snapshot of a deployment, or an earlier one by id."""
    dep = Deployment(db_path)
    sid = snapshot_id or dep.current_id()
    if sid is None:
        raise StoreError(f"nothing is published at {dep.db_path}: run `python -m shafaf load PACKAGE` first")
    path = dep.snapshot_file(sid)
    if not path.exists():
        raise StoreError(f"snapshot {sid} does not exist at {dep.folder}")
    # the command line's snapshot (summary, export): export writes files with COPY
    return Snapshot(sid, path, connect_read_only(path, file_access=True))
