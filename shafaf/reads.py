"""Everything the views read from one published snapshot, memoised per snapshot.

`Reads` wraps one read-only connection to one immutable snapshot file. Each method runs its queries once
per distinct argument set (a cursor per query, `shafaf.queries`) and keeps the result: a snapshot never
changes, so a result never goes stale, and one `Reads` per snapshot (the app's `shafaf.ui.data.reads`,
the JSON twin's API cache) serves every session and every request. The price: nothing may modify what
a method returns (tests/unit/test_views_common.py runs every view and checks the results unchanged).
No Streamlit here: the views, the JSON twin, the HTTP API and the static edition all read through this.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from shafaf import boundaries, metrics, queries
from shafaf.summary import compute_summary

F = TypeVar("F", bound=Callable[..., Any])


def memo(max_entries: int = 256) -> Callable[[F], F]:
    """Keep a method's results per argument tuple on its `Reads` (oldest dropped past `max_entries`)."""

    def wrap(fn: F) -> F:
        name = fn.__name__

        @functools.wraps(fn)
        def inner(self: Reads, *args: Any, **kw: Any) -> Any:
            key = (name, args + tuple(sorted(kw.items())))
            cache = self._memo
            try:
                value = cache[key]
            except KeyError:
                pass
            else:
                return value
            with self._locks_guard:
                lock = self._locks.setdefault(key, threading.Lock())
            with lock:  # two sessions asking the same thing at once run it once
                if key in cache:
                    return cache[key]
                value = fn(self, *args, **kw)
                with self._locks_guard:
                    cache[key] = value
                    self._counts[name] = self._counts.get(name, 0) + 1
                    same = [k for k in cache if k[0] == name]
                    for old in same[: max(0, len(same) - max_entries)]:
                        del cache[old]
                    self._locks.pop(key, None)
            return value

        return inner  # type: ignore[return-value]

    return wrap


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

    def publisher(self, lang: str) -> str:
        """The package's publisher in `lang` (its `publisher:<lang>`), else as the package names it."""
        return self.translated("package", "package", "publisher", lang, self.meta.get("publisher", ""))

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


class Reads:
    """The figures' raw material from one snapshot (read-only connection, results memoised)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, snapshot_id: str, path: str | Path) -> None:
        self.con = con
        self.snapshot_id = snapshot_id
        self.path = str(path)
        self._memo: OrderedDict[tuple[str, tuple[Any, ...]], Any] = OrderedDict()
        self._locks: dict[tuple[str, tuple[Any, ...]], threading.Lock] = {}
        self._locks_guard = threading.Lock()
        self._counts: dict[str, int] = {}

    @classmethod
    def open(cls, path: str | Path, snapshot_id: str) -> Reads:
        """A `Reads` on its own read-only connection to a snapshot file."""
        from shafaf.store.reader import connect_read_only

        return cls(connect_read_only(Path(path)), snapshot_id, path)

    @memo(1)
    def tables(self) -> Tables:
        """The small tables of the snapshot (one shared object: never modify it)."""
        con = self.con
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

    @memo(1)
    def boundaries(self) -> boundaries.Boundaries:
        """The Regions map's shapes: the package's own regions.geojson when it sent one, else the bundled ones."""
        rows = queries.boundaries_by_source(self.con)
        if rows.empty:
            return boundaries.bundled()
        return boundaries.from_collection(json.loads(rows["geojson"].iloc[0]), str(rows["source"].iloc[0]))

    @memo(512)
    def summary(self, region_id: str | None) -> dict[str, Any]:
        """Headline figures of a region, exactly as `summary --json` computes them."""
        return compute_summary(self.con, region_id)

    @memo(1024)
    def scope(self, region_id: str) -> metrics.Scope:
        """What a region covers (subtree, leaves, initiatives, live), by the methodology (frozen, shared)."""
        tb = self.tables()
        return metrics.scope(region_id, tb.regions, tb.departments, tb.initiatives, tb.leaf_stages, tb.closure)

    @memo(512)
    def metric_values(self, region_id: str, initiative_ids: tuple[str, ...]) -> pd.DataFrame:
        """Value per (metric, month) over the given initiatives and subtree(region)."""
        aggs = queries.metric_totals_by_month(self.con, region_id, list(initiative_ids))
        return metrics.metric_values(aggs, self.tables().metric_defs)

    @memo(64)
    def changes(self, snapshot_id: str) -> pd.DataFrame:
        """What the publish of `snapshot_id` changed (re-plans, status changes, removed rows)."""
        return queries.changes_by_snapshot(self.con, snapshot_id)

    @memo(256)
    def updates(self, initiative_ids: tuple[str, ...], limit: int = 10) -> pd.DataFrame:
        """The newest status updates of some initiatives and programme-wide ones."""
        return queries.updates_by_date(self.con, list(initiative_ids), limit)

    @memo(4)
    def freshness(self) -> pd.DataFrame:
        """The newest month each department reported."""
        return queries.latest_month_by_department(self.con)

    @memo(256)
    def reported_leaves(self, region_id: str, initiative_ids: tuple[str, ...], months: int = 12) -> pd.DataFrame:
        """Leaves with at least one metric row, per metric and month, in the newest months."""
        return queries.reported_leaves_by_metric_month(self.con, region_id, list(initiative_ids), months)

    @memo(4)
    def publishes(self) -> pd.DataFrame:
        """Every publish recorded up to this snapshot."""
        return queries.publishes_by_snapshot(self.con)

    @memo(256)
    def targets(self, initiative_ids: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """(target points, actual values per target series and month, status per series) of some initiatives."""
        tb = self.tables()
        points = queries.target_points_by_month(self.con, list(initiative_ids))
        values = metrics.target_actual_values(
            queries.target_actuals_by_month(self.con, list(initiative_ids)), tb.metric_defs
        )
        return points, values, metrics.target_statuses(points, values, tb.metric_defs, tb.as_of)

    @memo(256)
    def funding(self, initiative_ids: tuple[str, ...]) -> pd.DataFrame:
        """Funding rows of some initiatives, with the disbursed-above-committed flag."""
        return metrics.funding_flags(queries.funding_by_funder(self.con, list(initiative_ids)))

    @memo(256)
    def replans(self, initiative_id: str) -> pd.DataFrame:
        """Every recorded re-plan of one initiative's milestones."""
        return queries.replans_by_milestone(self.con, initiative_id)

    @memo(256)
    def initiative_updates(self, initiative_id: str, limit: int = 20) -> pd.DataFrame:
        """The newest status updates of one initiative."""
        return queries.initiative_updates_by_date(self.con, initiative_id, limit)

    @memo(256)
    def replan_counts(self, initiative_ids: tuple[str, ...]) -> pd.DataFrame:
        """Per re-planned milestone of some initiatives: how often, and its old and new planned dates in order."""
        return queries.replan_counts_by_milestone(self.con, list(initiative_ids))

    @memo(256)
    def department_metric_values(
        self, region_id: str, initiative_ids: tuple[str, ...], metric_ids: tuple[str, ...], months: int = 12
    ) -> pd.DataFrame:
        """Value per (department, metric, month) over the newest `months` months up to as_of, in subtree(region)."""
        tb = self.tables()
        since = metrics.window_start(tb.as_of, months)
        aggs = queries.metric_totals_by_department_month(
            self.con, region_id, list(initiative_ids), list(metric_ids), since
        )
        return metrics.grouped_metric_values(aggs, tb.metric_defs, "department_id")

    @memo(256)
    def region_values(self, region_ids: tuple[str, ...], initiative_ids: tuple[str, ...], metric: str) -> pd.DataFrame:
        """Value per (region, month) of one metric, each region over its own initiatives in `initiative_ids`
        (grouped_metric_values: region_id, metric, month, value, estimated_count, provisional_count)."""
        tb = self.tables()
        pairs = []
        for rid in region_ids:
            pairs += [(rid, i) for i in sorted(self.scope(rid).initiatives & set(initiative_ids))]
        aggs = queries.metric_totals_by_region_month(self.con, pairs, metric)
        return metrics.grouped_metric_values(aggs, tb.metric_defs, "region_id")

    @memo(256)
    def region_headlines(
        self, region_ids: tuple[str, ...], initiative_ids: tuple[str, ...], metric: str
    ) -> pd.DataFrame:
        """headline() of one metric for each region over its own initiatives in `initiative_ids`."""
        tb = self.tables()
        populations = {rid: metrics.population_of(self.scope(rid), tb.regions) for rid in region_ids}
        values = self.region_values(region_ids, initiative_ids, metric)
        aggregate = str(tb.metric_defs.set_index("metric").loc[metric, "aggregate"])
        return metrics.headlines_by_region(values, metric, aggregate, populations)

    def region_provenance(
        self, region_ids: tuple[str, ...], initiative_ids: tuple[str, ...], metric: str
    ) -> metrics.FigureProvenance:
        """The provenance of region_headlines(...): the metric's production and the status of the months shown."""
        values = self.region_values(region_ids, initiative_ids, metric)
        heads = self.region_headlines(region_ids, initiative_ids, metric)
        return metrics.figure_provenance(metrics.headline_rows(values, heads), self.tables().metric_defs, [metric])

    @memo(256)
    def usage_reported(self, region_id: str) -> pd.DataFrame:
        """Per initiative with usage figures in subtree(region): latest_month and metric_count."""
        return queries.latest_month_by_initiative(self.con, region_id)

    @memo(256)
    def reach(self, region_id: str) -> pd.DataFrame:
        """Where each service in the region stands (metrics.reach_in): initiative_id, status, stage, live_leaves, reach."""
        tb = self.tables()
        return metrics.reach_in(self.scope(region_id), tb.leaf_stages, tb.initiatives)

    @memo(1)
    def live_in_home(self) -> dict[str, tuple[int, int]]:
        """Per initiative: (leaves where it is live, all leaves) of its department's region ("live in N of M")."""
        tb = self.tables()
        home = dict(zip(tb.departments["department_id"], tb.departments["region_id"], strict=True))
        pairs = [
            (str(i), str(home[d]))
            for i, d in zip(tb.initiatives["initiative_id"], tb.initiatives["department_id"], strict=True)
            if isinstance(home.get(d), str) and home.get(d)
        ]
        counts = metrics.live_in_many(pairs, tb.regions, tb.closure, tb.leaf_stages)
        return {i: c for (i, _), c in zip(pairs, counts, strict=True)}

    @memo(128)
    def overlaps(self, region_id: str, initiative_ids: tuple[str, ...]) -> pd.DataFrame:
        """metrics.overlaps of some initiatives over the leaves of a region, with `places`: the fewest regions naming them."""
        tb = self.tables()
        sc = self.scope(region_id)
        inits = tb.initiatives[tb.initiatives["initiative_id"].isin(initiative_ids)]
        ov = metrics.overlaps(inits, tb.leaf_stages, set(sc.leaves))
        ov["places"] = metrics.covering_regions_many(list(ov["leaf_ids"]), tb.regions, tb.closure) if len(ov) else []
        return ov

    @memo(1)
    def withdrawn(self) -> pd.DataFrame:
        """Every row on the record as withdrawn (contract v1.1; none in older snapshots)."""
        return queries.withdrawn_by_initiative(self.con)

    @memo(256)
    def service_history(self, initiative_id: str) -> pd.DataFrame:
        """One service's recorded changes, newest first, with reasons."""
        return queries.history_by_initiative(self.con, initiative_id)
