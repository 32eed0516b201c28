"""The app's access to published snapshots: read-only, a cursor per query, results cached per snapshot.

Every cached function takes the snapshot's file path as its first argument: snapshots are
immutable, so a path names its data forever and a new publish (a new path) is a new cache key.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from shafaf import metrics
from shafaf.reads import Reads, Tables
from shafaf.settings import load_settings
from shafaf.store.deployment import Deployment, SnapshotInfo
from shafaf.store.reader import connect_read_only
from shafaf.views.base import Filters


@dataclass(frozen=True)
class Current:
    """The snapshot a rerun shows: its id and database file."""

    snapshot_id: str
    path: str


def deployment() -> Deployment:
    """The deployment named by config.yaml / SHAFAF_DB."""
    return Deployment(load_settings().database)


def current() -> Current | None:
    """The current snapshot, looked up on every rerun so a new publish shows without a restart."""
    dep = deployment()
    sid = dep.current_id()
    return None if sid is None else Current(sid, str(dep.snapshot_file(sid)))


def snapshot(snapshot_id: str) -> Current | None:
    """A published snapshot by id (None when there is no such snapshot)."""
    dep = deployment()
    cur = dep.current_id()
    if cur is None or not snapshot_id.isdigit() or len(snapshot_id) != 6 or snapshot_id > cur:
        return None
    path = dep.snapshot_file(snapshot_id)
    return Current(snapshot_id, str(path)) if path.exists() else None


def history() -> list[SnapshotInfo]:
    """Every published snapshot, oldest first."""
    return deployment().snapshots()


@st.cache_resource(max_entries=8)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    # one read-only connection per immutable snapshot file; every query takes its own cursor
    return connect_read_only(Path(path))


# cache_resource, not cache_data: a snapshot never changes, so every rerun (and every /api/v1 request) can
# share one object and its memoised results instead of unpickling a fresh copy on each access (24 ms per
# access at 10 M rows). The price: nothing may modify what it returns (tests/app/test_shared_caches.py,
# tests/unit/test_views_common.py).
@st.cache_resource(max_entries=8, show_spinner=False)
def reads(path: str) -> Reads:
    """The memoised reads of one snapshot file (one shared object per snapshot: never modify its results)."""
    return Reads(_connection(path), Path(path).parent.name, path)


VIEW_CACHE_ENTRIES = 512  # page x scope x language x page filters; a view model of the demo is a few 100 KB


@st.cache_resource(max_entries=VIEW_CACHE_ENTRIES, show_spinner=False)
def view_model(
    view: str,
    path: str,
    region_id: str,
    department_id: str | None,
    initiative_id: str | None,
    params: tuple[tuple[str, str], ...],
    lang: str,
    latest: str | None = None,
) -> Any:
    """The view model of `view` (a shafaf.views module's name) for one snapshot file, scope, page filters and
    language, built once and shared by every rerun and reader until it falls out of the cache: a snapshot never
    changes, so neither does its view (the charts it draws are kept in it too). Never modify what it returns.
    A view that refuses its filters (BadParam, UnknownId) raises every time: exceptions are not cached.
    `latest` (About the data) is the newest snapshot's file, whose record of publications the view lists."""
    module = importlib.import_module(view)
    f = Filters(region_id, department_id, initiative_id, dict(params))
    if latest is not None:
        return module.build(reads(path), f, lang, latest=reads(latest))
    return module.build(reads(path), f, lang)


def tables(path: str) -> Tables:
    """The small tables of a snapshot (one shared object per snapshot: never modify it)."""
    return reads(path).tables()


def scope(path: str, region_id: str) -> metrics.Scope:
    """What a region covers (subtree, leaves, initiatives, live), by the methodology (frozen, shared)."""
    return reads(path).scope(region_id)


def open_data_zip(path: str, snapshot_id: str) -> bytes:
    """The open-data package of a snapshot, built when the reader asks for it."""
    from shafaf.export import export_zip
    from shafaf.feedback.store import store_for
    from shafaf.store.reader import Snapshot, export_workdir

    feedback = store_for(load_settings())  # live, not of the snapshot: the feedback as it is now
    return export_zip(Snapshot(snapshot_id, Path(path), _connection(path)), export_workdir(), feedback)


def open_data_zip_later(path: str, snapshot_id: str) -> Callable[[], bytes]:
    """The ZIP of this snapshot, built only when the reader downloads it.

    The values are bound here, not in a lambda on the page: a page variable reused later (a loop over the
    publications) would change which snapshot a deferred download builds.
    """
    return functools.partial(open_data_zip, path, snapshot_id)


def publishes(path: str) -> pd.DataFrame:
    """Every publish recorded up to this snapshot (a copy: the admin's page may reshape it)."""
    return reads(path).publishes().copy()
