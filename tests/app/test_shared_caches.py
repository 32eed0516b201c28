"""The per-snapshot objects shared by every session (st.cache_resource) are never modified by a page."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pandas as pd

from shafaf.navigation import PAGES
from shafaf.ui import data
from tests.app.conftest import page

SCOPES = [
    {},
    {"region": "pk-kp"},
    {"region": "pk-kp-peshawar"},
    {"department": "kp-traffic"},
    {"initiative": "e-challan"},
]


def _fingerprint(tb: data.Tables) -> str:
    h = hashlib.sha256()
    for name in ("regions", "departments", "initiatives", "milestones", "rollouts", "leaf_stages", "closure"):
        df: pd.DataFrame = getattr(tb, name)
        h.update(name.encode())
        h.update(repr(list(df.columns)).encode() + repr(list(df.dtypes.astype(str))).encode())
        h.update(pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes())
    for name in ("metric_defs", "functions"):
        h.update(pickle.dumps(getattr(tb, name)))
    h.update(pickle.dumps(sorted(tb.meta.items())))
    h.update(pickle.dumps(sorted(tb.translations.items())))
    return h.hexdigest()


def test_pages_share_one_tables_object_and_never_modify_it(demo: Path) -> None:
    cur = data.current()
    assert cur is not None
    tb = data.tables(cur.path)
    assert data.tables(cur.path) is tb  # shared, not a copy per access
    before = _fingerprint(tb)
    root_scope = data.scope(cur.path, tb.root_id)
    for spec in PAGES:
        for query in SCOPES:
            at = page(spec.path, **query)
            assert not at.exception, (spec.path, query, at.exception)
    assert data.tables(cur.path) is tb
    assert _fingerprint(tb) == before
    assert data.scope(cur.path, tb.root_id) is root_scope


def _view_fingerprint(v: object) -> str:
    """Everything a view model holds that a page could change: its JSON, the frames the page shows, and the
    figures its charts have drawn."""
    import dataclasses
    import json

    from shafaf.views.model import Chart, Table, jsonable

    h = hashlib.sha256(json.dumps(jsonable(v), sort_keys=True, default=str).encode())

    def walk(x: object) -> None:
        if isinstance(x, Table) and x.shown is not None:
            h.update(repr(list(x.shown.columns)).encode())
            h.update(pd.util.hash_pandas_object(x.shown.astype(str), index=True).to_numpy().tobytes())
        if isinstance(x, Chart) and "_figure" in x.__dict__:
            h.update(x.__dict__["_figure"].to_json().encode())
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            for f in dataclasses.fields(x):
                walk(getattr(x, f.name))
        elif isinstance(x, (list, tuple)):
            for y in x:
                walk(y)

    walk(v)
    return h.hexdigest()


def test_view_models_are_built_once_per_scope_and_never_modified(demo: Path, monkeypatch) -> None:
    """Every rerun of a page in a scope draws the same cached view model (charts built once), left as it was."""
    seen: list[object] = []
    original = data.view_model

    def recording(*args: object) -> object:
        v = original(*args)
        seen.append(v)
        return v

    monkeypatch.setattr(data, "view_model", recording)
    scopes = [{}, {"region": "pk-kp-peshawar", "lang": "ur"}]
    first: list[object] = []
    for spec in PAGES:
        for query in scopes:
            seen.clear()
            at = page(spec.path, **query)
            assert not at.exception, (spec.path, query, at.exception)
            first += seen
    assert first, "no page drew a view model"
    prints = [_view_fingerprint(v) for v in first]
    again: list[object] = []
    for spec in PAGES:
        for query in scopes:
            seen.clear()
            at = page(spec.path, **query)
            assert not at.exception
            again += seen
    assert [id(v) for v in again] == [id(v) for v in first]  # the same objects: built once, not per rerun
    assert [_view_fingerprint(v) for v in first] == prints  # and no page changed them
