"""The app's access to published snapshots: read-only, a cursor per query, results cached per snapshot.

Every cached function takes the snapshot's file path as its first argument: snapshots are
immutable, so a path names its data forever and a new publish (a new path) is a new cache key.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from shafaf import metrics, queries
from shafaf.settings import load_settings
from shafaf.store.deployment import Deployment, SnapshotInfo
from shafaf.store.reader import connect_read_only
from shafaf.summary import compute_summary


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


@dataclass
class Tables:
    """The small tables of one snapshot, with translated names."""

    meta: dict[str, Any]
    regions: pd.DataFrame
    departments: pd.DataFrame
    initiatives: pd.DataFrame
    milestones: pd.DataFrame
    rollouts: pd.DataFrame
    leaf_stages: pd.DataFrame
    closure: pd.DataFrame
    metric_defs: pd.DataFrame
    functions: pd.DataFrame
    translations: dict[tuple[str, str, str, str], str] = field(default_factory=dict)

    @property
    def as_of(self) -> dt.date:
        """The date the figures describe."""
        return dt.date.fromisoformat(self.meta["as_of"])

    @property
    def root_id(self) -> str:
        """The root region."""
        return str(self.regions.loc[self.regions["parent_id"].isna(), "region_id"].iloc[0])

    def name(self, entity: str, entity_id: Any, lang: str, field_name: str = "name") -> str:
        """A region's, department's, initiative's ... name in `lang`, else its default name."""
        if entity_id is None or (isinstance(entity_id, float) and entity_id != entity_id):
            return ""
        text = self.translations.get((entity, str(entity_id), field_name, lang))
        if text:
            return text
        return self._default_names().get((entity, str(entity_id), field_name), str(entity_id))

    def translated(self, entity: str, entity_id: Any, field_name: str, lang: str, default: Any) -> str:
        """A package text (a description, an update's body, a funder's or the publisher's name) in `lang`, else as given."""
        text = self.translations.get((entity, str(entity_id), field_name, lang))
        if text is None:
            text = "" if default is None or (isinstance(default, float) and default != default) else str(default)
        return text

    def _default_names(self) -> dict[tuple[str, str, str], str]:
        cached = getattr(self, "_defaults", None)
        if cached is None:
            cached = {}
            for entity, df, key, col in (
                ("region", self.regions, "region_id", "name"),
                ("department", self.departments, "department_id", "name"),
                ("initiative", self.initiatives, "initiative_id", "name"),
                ("milestone", self.milestones, "milestone_id", "title"),
                ("function", self.functions, "function_id", "label"),
                ("metric", self.metric_defs, "metric", "label"),
            ):
                field_name = "title" if col == "title" else ("label" if col == "label" else "name")
                for k, v in zip(df[key], df[col], strict=True):
                    cached[(entity, str(k), field_name)] = str(v)
            self._defaults = cached
        return cached


# cache_resource, not cache_data: a snapshot never changes, so every rerun can share one object instead of
# unpickling a fresh copy on each access (24 ms per access at 10 M rows, and pages access it often).
# The price: nothing may modify these objects (tests/app/test_shared_caches.py checks every page).
@st.cache_resource(max_entries=16, show_spinner=False)
def tables(path: str) -> Tables:
    """The small tables of a snapshot (one shared object per snapshot: never modify it)."""
    con = _connection(path)
    meta = {k: json.loads(v) for k, v in queries.meta_by_key(con).itertuples(index=False)}
    tr = queries.translations_by_entity(con)
    initiatives = queries.initiatives_by_id(con)
    return Tables(
        meta=meta,
        regions=queries.regions_by_id(con),
        departments=queries.departments_by_id(con),
        initiatives=initiatives,
        milestones=queries.milestones_by_id(con),
        rollouts=queries.rollouts_by_region(con),
        leaf_stages=metrics.mark_live(queries.leaf_stages_by_leaf(con), initiatives),
        closure=queries.region_closure_by_region(con),
        metric_defs=queries.metric_defs_by_position(con),
        functions=queries.functions_by_id(con),
        translations={
            (e, i, f, lang): text
            for e, i, f, lang, text in tr[["entity", "entity_id", "field", "lang", "text"]].itertuples(index=False)
        },
    )


@st.cache_data(max_entries=512, show_spinner=False)
def summary(path: str, region_id: str | None) -> dict[str, Any]:
    """Headline figures of a region, exactly as `summary --json` computes them."""
    return compute_summary(_connection(path), region_id)


@st.cache_resource(max_entries=1024, show_spinner=False)
def scope(path: str, region_id: str) -> metrics.Scope:
    """What a region covers (subtree, leaves, initiatives, live), by the methodology (frozen, shared)."""
    tb = tables(path)
    return metrics.scope(region_id, tb.regions, tb.departments, tb.initiatives, tb.leaf_stages, tb.closure)


@st.cache_data(max_entries=512, show_spinner=False)
def metric_values(path: str, region_id: str, initiative_ids: tuple[str, ...]) -> pd.DataFrame:
    """Value per (metric, month) over the given initiatives and subtree(region)."""
    con = _connection(path)
    aggs = queries.metric_totals_by_month(con, region_id, list(initiative_ids))
    return metrics.metric_values(aggs, tables(path).metric_defs)


def run(path: str, name: str, **params: Any) -> pd.DataFrame:
    """Any query file on this snapshot, cached per snapshot and parameters."""
    return _run_cached(path, name, tuple(sorted((k, _hashable(v)) for k, v in params.items())))


def _hashable(v: Any) -> Any:
    return tuple(v) if isinstance(v, list) else v


@st.cache_data(max_entries=1024, show_spinner=False)
def _run_cached(path: str, name: str, params: tuple[tuple[str, Any], ...]) -> pd.DataFrame:
    return queries.run(_connection(path), name, **{k: list(v) if isinstance(v, tuple) else v for k, v in params})


@st.cache_data(max_entries=64, show_spinner=False)
def changes(path: str, snapshot_id: str) -> pd.DataFrame:
    """What the publish of `snapshot_id` changed (re-plans, status changes, removed rows)."""
    return queries.changes_by_snapshot(_connection(path), snapshot_id)


@st.cache_data(max_entries=256, show_spinner=False)
def updates(path: str, initiative_ids: tuple[str, ...], limit: int = 10) -> pd.DataFrame:
    """The newest status updates of some initiatives and programme-wide ones."""
    return queries.updates_by_date(_connection(path), list(initiative_ids), limit)


@st.cache_data(max_entries=16, show_spinner=False)
def freshness(path: str) -> pd.DataFrame:
    """The newest month each department reported."""
    return queries.latest_month_by_department(_connection(path))


@st.cache_data(max_entries=256, show_spinner=False)
def reported_leaves(path: str, region_id: str, initiative_ids: tuple[str, ...], months: int = 12) -> pd.DataFrame:
    """Leaves with at least one metric row, per metric and month, in the newest months."""
    return queries.reported_leaves_by_metric_month(_connection(path), region_id, list(initiative_ids), months)


@st.cache_data(max_entries=16, show_spinner=False)
def publishes(path: str) -> pd.DataFrame:
    """Every publish recorded up to this snapshot."""
    return queries.publishes_by_snapshot(_connection(path))


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


@st.cache_data(max_entries=256, show_spinner=False)
def targets(path: str, initiative_ids: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(target points, actual values per target series and month, status per series) of some initiatives."""
    con = _connection(path)
    tb = tables(path)
    points = queries.target_points_by_month(con, list(initiative_ids))
    values = metrics.target_actual_values(queries.target_actuals_by_month(con, list(initiative_ids)), tb.metric_defs)
    return points, values, metrics.target_statuses(points, values, tb.metric_defs, tb.as_of)


@st.cache_data(max_entries=256, show_spinner=False)
def funding(path: str, initiative_ids: tuple[str, ...]) -> pd.DataFrame:
    """Funding rows of some initiatives, with the disbursed-above-committed flag."""
    return metrics.funding_flags(queries.funding_by_funder(_connection(path), list(initiative_ids)))


@st.cache_data(max_entries=256, show_spinner=False)
def replans(path: str, initiative_id: str) -> pd.DataFrame:
    """Every recorded re-plan of one initiative's milestones."""
    return queries.replans_by_milestone(_connection(path), initiative_id)


@st.cache_data(max_entries=256, show_spinner=False)
def initiative_updates(path: str, initiative_id: str, limit: int = 20) -> pd.DataFrame:
    """The newest status updates of one initiative."""
    return queries.initiative_updates_by_date(_connection(path), initiative_id, limit)


@st.cache_data(max_entries=256, show_spinner=False)
def replan_counts(path: str, initiative_ids: tuple[str, ...]) -> pd.DataFrame:
    """Per re-planned milestone of some initiatives: how often, and its old and new planned dates in order."""
    return queries.replan_counts_by_milestone(_connection(path), list(initiative_ids))


@st.cache_data(max_entries=256, show_spinner=False)
def department_metric_values(
    path: str, region_id: str, initiative_ids: tuple[str, ...], metric_ids: tuple[str, ...], months: int = 12
) -> pd.DataFrame:
    """Value per (department, metric, month) over the newest `months` months up to as_of, in subtree(region)."""
    tb = tables(path)
    since = metrics.window_start(tb.as_of, months)
    aggs = queries.metric_totals_by_department_month(
        _connection(path), region_id, list(initiative_ids), list(metric_ids), since
    )
    return metrics.grouped_metric_values(aggs, tb.metric_defs, "department_id")


@st.cache_data(max_entries=256, show_spinner=False)
def region_headlines(
    path: str, region_ids: tuple[str, ...], initiative_ids: tuple[str, ...], metric: str
) -> pd.DataFrame:
    """headline() of one metric for each region over its own initiatives in `initiative_ids` (region_id, month, ...)."""
    tb = tables(path)
    pairs = []
    populations = {}
    for rid in region_ids:
        sc = scope(path, rid)
        pairs += [(rid, i) for i in sorted(sc.initiatives & set(initiative_ids))]
        populations[rid] = metrics.population_of(sc, tb.regions)
    aggs = queries.metric_totals_by_region_month(_connection(path), pairs, metric)
    values = metrics.grouped_metric_values(aggs, tb.metric_defs, "region_id")
    aggregate = str(tb.metric_defs.set_index("metric").loc[metric, "aggregate"])
    return metrics.headlines_by_region(values, metric, aggregate, populations)


@st.cache_data(max_entries=256, show_spinner=False)
def usage_reported(path: str, region_id: str) -> pd.DataFrame:
    """Per initiative with usage figures in subtree(region): latest_month and metric_count."""
    return queries.latest_month_by_initiative(_connection(path), region_id)


@st.cache_data(max_entries=256, show_spinner=False)
def reach(path: str, region_id: str) -> pd.DataFrame:
    """Where each service in the region stands (metrics.reach_in): initiative_id, status, stage, live_leaves, reach."""
    tb = tables(path)
    return metrics.reach_in(scope(path, region_id), tb.leaf_stages, tb.initiatives)


@st.cache_data(max_entries=16, show_spinner=False)
def live_in_home(path: str) -> dict[str, tuple[int, int]]:
    """Per initiative: (leaves where it is live, all leaves) of its department's region ("live in N of M")."""
    tb = tables(path)
    home = dict(zip(tb.departments["department_id"], tb.departments["region_id"], strict=True))
    pairs = [
        (str(i), str(home[d]))
        for i, d in zip(tb.initiatives["initiative_id"], tb.initiatives["department_id"], strict=True)
        if isinstance(home.get(d), str) and home.get(d)
    ]
    counts = metrics.live_in_many(pairs, tb.regions, tb.closure, tb.leaf_stages)
    return {i: c for (i, _), c in zip(pairs, counts, strict=True)}


@st.cache_data(max_entries=128, show_spinner=False)
def overlaps(path: str, region_id: str, initiative_ids: tuple[str, ...]) -> pd.DataFrame:
    """metrics.overlaps of some initiatives over the leaves of a region, with `places`: the fewest regions naming them."""
    tb = tables(path)
    sc = scope(path, region_id)
    inits = tb.initiatives[tb.initiatives["initiative_id"].isin(initiative_ids)]
    ov = metrics.overlaps(inits, tb.leaf_stages, set(sc.leaves))
    ov["places"] = metrics.covering_regions_many(list(ov["leaf_ids"]), tb.regions, tb.closure) if len(ov) else []
    return ov


@st.cache_data(max_entries=16, show_spinner=False)
def withdrawn(path: str) -> pd.DataFrame:
    """Every row on the record as withdrawn (contract v1.1; none in older snapshots)."""
    return queries.withdrawn_by_initiative(_connection(path))


@st.cache_data(max_entries=256, show_spinner=False)
def service_history(path: str, initiative_id: str) -> pd.DataFrame:
    """One service's recorded changes, newest first, with reasons."""
    return queries.history_by_initiative(_connection(path), initiative_id)
