"""The roll-ups built at load answer every metric query exactly as the raw metric rows do."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from shafaf import queries
from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from shafaf.store.reader import connect_read_only
from tests.conftest import TINY, PackageCopy

ROOT = Path(__file__).resolve().parents[2]


def _raw(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """The same query answered from the raw metric rows (the sql/raw twin)."""
    with con.cursor() as cur:
        return cur.execute(queries.sql_text(f"raw/{name}"), params or None).df()


def _same(got: pd.DataFrame, want: pd.DataFrame, what: str) -> None:
    """Same rows, columns and dtypes; counts exact; sums equal up to float summation order (1e-9 relative)."""
    assert list(got.columns) == list(want.columns), what
    assert len(got) == len(want), f"{what}: {len(got)} rows, raw gives {len(want)}"
    got, want = got.reset_index(drop=True), want.reset_index(drop=True)
    for col in want.columns:
        g, w = got[col], want[col]
        if pd.api.types.is_float_dtype(w):
            assert pd.api.types.is_float_dtype(g), f"{what}.{col}: {g.dtype} vs {w.dtype}"
            np.testing.assert_allclose(
                g.to_numpy(float), w.to_numpy(float), rtol=1e-9, atol=1e-9, err_msg=f"{what}.{col}"
            )
        else:
            assert g.dtype == w.dtype, f"{what}.{col}: {g.dtype} vs {w.dtype}"
            assert g.tolist() == w.tolist(), f"{what}.{col}"


def _compare_all(con: duckdb.DuckDBPyConnection, leaf_every: int = 1) -> int:
    """Compare every roll-up query with its raw twin for every region and a few initiative sets.

    With `leaf_every` n > 1, every region that has children and one leaf in n (the leaves all take the
    same path through the roll-ups: their own rows), so a large package checks every level in less time.
    """
    assert queries.has_rollups(con)
    regions = queries.regions_by_id(con)
    inits = sorted(queries.initiatives_by_id(con)["initiative_id"])
    metric_ids = sorted(queries.metric_defs_by_position(con)["metric"])
    sets = [inits, inits[: max(1, len(inits) // 2)], inits[-1:], []]
    parents = set(regions["parent_id"].dropna())
    leaves = sorted(set(regions["region_id"]) - parents)
    region_ids = sorted(parents | set(leaves[::leaf_every]))
    checked = 0
    for rid, ids in itertools.product(region_ids, sets):
        p = {"region_id": rid, "initiative_ids": ids or [""]}
        _same(queries.run(con, "metric_totals_by_month", **p), _raw(con, "metric_totals_by_month", **p), f"totals {p}")
        for months in (1, 12):
            q = p | {"months": months}
            _same(
                queries.run(con, "reported_leaves_by_metric_month", **q),
                _raw(con, "reported_leaves_by_metric_month", **q),
                f"reported {q}",
            )
        for since in (dt.date(2000, 1, 1), dt.date(2026, 2, 1)):
            q = p | {"metrics": metric_ids[:2] or [""], "since": since}
            _same(
                queries.run(con, "metric_totals_by_department_month", **q),
                _raw(con, "metric_totals_by_department_month", **q),
                f"departments {q}",
            )
        checked += 1
    for rid in region_ids:
        _same(
            queries.run(con, "latest_month_by_initiative", region_id=rid),
            _raw(con, "latest_month_by_initiative", region_id=rid),
            f"latest {rid}",
        )
    _same(queries.run(con, "latest_month_by_department"), _raw(con, "latest_month_by_department"), "freshness")
    # the Regions page: a region and its children, each over its own initiatives
    for parent in region_ids:
        kids = sorted(regions.loc[regions["parent_id"] == parent, "region_id"])
        pairs = [(r, i) for r in [parent, *kids] for i in inits[:: 1 + (hash(r) % 2)]]
        for metric in metric_ids:
            p = {"region_ids": [r for r, _ in pairs], "initiative_ids": [i for _, i in pairs], "metric": metric}
            _same(
                queries.run(con, "metric_totals_by_region_month", **p),
                _raw(con, "metric_totals_by_region_month", **p),
                f"by region {parent} {metric}",
            )
    for ids in sets:
        p = {"initiative_ids": ids or [""]}
        _same(queries.run(con, "target_actuals_by_month", **p), _raw(con, "target_actuals_by_month", **p), "targets")
    return checked


def _publish(tmp_path: Path, *packages: Path) -> duckdb.DuckDBPyConnection:
    db = tmp_path / "dep" / "shafaf.duckdb"
    for pkg in packages:
        load_package(pkg, db)
    dep = Deployment(db)
    return connect_read_only(dep.snapshot_file(dep.current_id() or ""))


def test_rollups_match_raw_rows_on_the_demo(tmp_path: Path) -> None:
    con = _publish(tmp_path, ROOT / "data" / "demo" / "2026-04", ROOT / "data" / "demo" / "2026-10")
    # the demo has weighted means and enough rows that a wrong roll-up level would show
    assert int(con.execute("SELECT count(*) FROM metric_rollup").fetchone()[0]) > 0  # type: ignore[index]
    assert _compare_all(con, leaf_every=4) > 10


def test_rollups_match_raw_rows_on_the_tiny_fixture(tmp_path: Path) -> None:
    # rows only at districts: the root's roll-up comes from its provinces' roll-ups alone
    con = _publish(tmp_path, TINY)
    totals = queries.metric_totals_by_month(con, "c", ["i1", "i2", "i3"])
    assert totals.loc[totals["metric"] == "transactions", "sum_value"].tolist() == [400.0, 1450.0]
    assert _compare_all(con) == 6 * 4


def test_rollups_match_raw_rows_on_the_tiny_fixture_with_rows_at_every_level(tmp_path: Path, pkg: PackageCopy) -> None:
    # rows at a province, at the root and at another province (none under a descendant's key)
    pkg.append(
        "metrics.csv",
        {"initiative_id": "i1", "region_id": "p1", "metric": "transactions", "month": "2025-12", "value": "7"},
    )
    pkg.append(
        "metrics.csv", {"initiative_id": "i3", "region_id": "c", "metric": "users", "month": "2026-02", "value": "11"}
    )
    pkg.append(
        "metrics.csv",
        {"initiative_id": "i2", "region_id": "p2", "metric": "satisfaction", "month": "2026-01", "value": "40"},
    )
    assert pkg.problems() == []
    con = _publish(tmp_path, pkg.path)
    totals = queries.metric_totals_by_month(con, "c", ["i1", "i2", "i3"])
    # the root's transactions in 2026-02: 150 + 250 + 50 + 1000 from the districts
    feb = totals[(totals["metric"] == "transactions") & (totals["month"] == pd.Timestamp("2026-02-01"))]
    assert feb["sum_value"].tolist() == [1450.0] and feb["row_count"].tolist() == [4]
    # the province's own row counts in the province and the root, once each
    dec = queries.metric_totals_by_month(con, "p1", ["i1"])
    assert dec.loc[dec["month"] == pd.Timestamp("2025-12-01"), "sum_value"].tolist() == [7.0]
    assert _compare_all(con) == 6 * 4


def test_a_snapshot_without_rollups_is_answered_from_the_raw_rows(tmp_path: Path) -> None:
    """Snapshots published before the roll-ups existed still show: every query falls back to sql/raw."""
    db = tmp_path / "dep" / "shafaf.duckdb"
    load_package(TINY, db)
    dep = Deployment(db)
    path = dep.snapshot_file(dep.current_id() or "")
    with connect_read_only(path) as con:
        want = {
            "totals": queries.metric_totals_by_month(con, "c", ["i1", "i2", "i3"]),
            "reported": queries.reported_leaves_by_metric_month(con, "p1", ["i1", "i2"]),
            "latest": queries.latest_month_by_initiative(con, "p1"),
            "fresh": queries.latest_month_by_department(con),
        }
    old = tmp_path / "old.duckdb"
    shutil.copy(path, old)
    with duckdb.connect(str(old)) as rw:  # make it look like a snapshot from before the roll-ups
        for table in queries.ROLLUP_TABLES:
            rw.execute(f"DROP TABLE {table}")
    with connect_read_only(old) as con:
        assert not queries.has_rollups(con)
        _same(queries.metric_totals_by_month(con, "c", ["i1", "i2", "i3"]), want["totals"], "totals")
        _same(queries.reported_leaves_by_metric_month(con, "p1", ["i1", "i2"]), want["reported"], "reported")
        _same(queries.latest_month_by_initiative(con, "p1"), want["latest"], "latest")
        _same(queries.latest_month_by_department(con), want["fresh"], "fresh")
    assert len(want["totals"]) > 0 and len(want["reported"]) > 0


def test_the_pages_read_no_raw_metric_rows_beyond_the_region_itself() -> None:
    """Every roll-up query reads `metrics` only for the region's own rows (region_id equal to or in the asked ids)."""
    for name in queries.ROLLUP_QUERIES:
        text = queries.sql_text(name)
        if "FROM metrics" not in text:
            continue
        assert "region_closure c ON c.region_id = m.region_id" not in text, name
        for block in text.split("FROM metrics m")[1:]:
            where = block.split("UNION ALL")[0].split(")\n")[0]
            assert "m.region_id = $region_id" in where or "m.region_id IN (SELECT" in where, name


@pytest.mark.parametrize("name", sorted(queries.ROLLUP_QUERIES))
def test_every_rollup_query_has_a_raw_twin(name: str) -> None:
    assert queries.sql_text(name) != queries.sql_text(f"raw/{name}")
