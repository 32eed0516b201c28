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
