"""The app's access to the published snapshot: read-only, a cursor per query, cached per snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import streamlit as st

from shafaf.settings import load_settings
from shafaf.store.deployment import Deployment
from shafaf.store.reader import connect_read_only
from shafaf.summary import compute_summary


@dataclass(frozen=True)
class Current:
    """The snapshot this rerun shows: its id and the file it lives in."""

    snapshot_id: str
    path: str


def current() -> Current | None:
    """The current snapshot, looked up on every rerun so a new publish shows without a restart."""
    dep = Deployment(load_settings().database)
    sid = dep.current_id()
    return None if sid is None else Current(sid, str(dep.snapshot_file(sid)))


@st.cache_resource(max_entries=8)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    # one read-only connection per immutable snapshot file; queries take their own cursor
    return connect_read_only(Path(path))


@st.cache_data(max_entries=256, show_spinner=False)
def summary(path: str, region_id: str | None) -> dict[str, Any]:
    """Headline figures of a region, cached per snapshot file and region."""
    return compute_summary(_connection(path), region_id)


@st.cache_data(max_entries=16, show_spinner=False)
def meta(path: str) -> dict[str, Any]:
    """The snapshot's metadata."""
    import json

    with _connection(path).cursor() as cur:
        return {k: json.loads(v) for k, v in cur.execute("SELECT key, value FROM meta").fetchall()}
