"""Contract 1.1 provenance: metric provenance and row obs_status, validated, stored, rolled up and said in words."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pandas as pd

from shafaf import metrics, queries
from shafaf.csv_safe import safe_csv
from shafaf.narrative import provenance_caption, provenance_words, with_provenance
from shafaf.store.publish import load_package
from shafaf.store.reader import open_snapshot
from tests.conftest import PackageCopy

JAN, FEB = dt.date(2026, 1, 1), dt.date(2026, 2, 1)


def _marked(pkg: PackageCopy) -> PackageCopy:
    """tiny with transactions verified; i1/a Jan and Feb estimated, i1/b Feb provisional, the rest empty (= A)."""
    pkg.yaml_replace("transactions: {label: Transactions,", "transactions: {provenance: verified, label: Transactions,")
    pkg.add_column("metrics.csv", "obs_status")
    pkg.set_cell("metrics.csv", 2, "obs_status", "E")  # i1,a,transactions,2026-01
    pkg.set_cell("metrics.csv", 4, "obs_status", "E")  # i1,a,transactions,2026-02
    pkg.set_cell("metrics.csv", 5, "obs_status", "P")  # i1,b,transactions,2026-02
    pkg.set_cell("metrics.csv", 6, "obs_status", "A")  # i1,a,satisfaction,2026-02
    return pkg


def test_bad_provenance_is_a_problem_naming_the_choices(pkg: PackageCopy) -> None:
    pkg.yaml_replace("users: {label: Users,", "users: {provenance: guessed, label: Users,")
    [problem] = pkg.problems()
    assert "metrics.users.provenance" in problem
    assert "'guessed' is not a provenance (allowed: automated, self_reported, verified)" in problem


def test_bad_obs_status_is_a_problem_on_its_line(pkg: PackageCopy) -> None:
    pkg.add_column("metrics.csv", "obs_status")
    pkg.set_cell("metrics.csv", 3, "obs_status", "X")
    [problem] = pkg.problems()
    assert "metrics.csv" in problem and ":3" in problem and "obs_status" in problem
    assert "'X' is not a valid obs_status (allowed: A, E, P)" in problem


def test_marked_package_is_valid(pkg: PackageCopy) -> None:
    assert _marked(pkg).problems() == []


def test_stored_values_and_rollup_counts_by_hand(pkg: PackageCopy, tmp_path: Path) -> None:
    db = tmp_path / "store"
    load_package(_marked(pkg).path, db)
    snap = open_snapshot(db)
    con = snap.con
    defs = queries.metric_defs_by_position(con)
    assert dict(zip(defs["metric"], defs["provenance"], strict=True)) == {
        "transactions": "verified",
        "satisfaction": "self_reported",
        "users": "self_reported",
    }
    stored = con.execute("SELECT obs_status, count(*) FROM metrics GROUP BY ALL ORDER BY 1").fetchall()
    assert stored == [("A", 6), ("E", 2), ("P", 1)]  # empty cells stored as A
    # the parent p1 (districts a, b): Jan 1 estimated; Feb 1 estimated, 1 provisional
    p1 = queries.metric_totals_by_month(con, "p1", ["i1", "i2"])
    tx = p1[p1["metric"] == "transactions"].set_index("month")
    assert tx.loc[pd.Timestamp(JAN), ["estimated_count", "provisional_count"]].tolist() == [1, 0]
    assert tx.loc[pd.Timestamp(FEB), ["estimated_count", "provisional_count", "row_count"]].tolist() == [1, 1, 3]
    # the root over every initiative: the same E/P rows, among 4 February rows (i1 a, i1 b, i2 a, i3 d)
    root = queries.metric_totals_by_month(con, "c", ["i1", "i2", "i3"])
    tx = root[root["metric"] == "transactions"].set_index("month")
    assert tx.loc[pd.Timestamp(FEB), ["estimated_count", "provisional_count", "row_count"]].tolist() == [1, 1, 4]
    sat = root[root["metric"] == "satisfaction"]
    assert sat[["estimated_count", "provisional_count"]].sum().tolist() == [0, 0]
    by_region = queries.metric_totals_by_region_month(con, [("p1", "i1"), ("p2", "i3")], "transactions")
    feb = by_region[by_region["month"] == pd.Timestamp(FEB)].set_index("region_id")
    assert feb.loc["p1", ["estimated_count", "provisional_count"]].tolist() == [1, 1]
    assert feb.loc["p2", ["estimated_count", "provisional_count"]].tolist() == [0, 0]
    values = metrics.metric_values(root, defs)
    p = metrics.figure_provenance(values, defs, ["transactions"])
    assert p == metrics.FigureProvenance(("verified",), (JAN, FEB), (FEB,))
    assert metrics.figure_provenance(values, defs, ["satisfaction"]) == metrics.FigureProvenance(("self_reported",))
    snap.close()


def test_snapshot_from_before_provenance_reads_with_defaults(pkg: PackageCopy, tmp_path: Path) -> None:
    db = tmp_path / "store"
    load_package(_marked(pkg).path, db)
    snap = open_snapshot(db)
    old = tmp_path / "old.duckdb"
    shutil.copy(snap.path, old)
    snap.close()
    con = duckdb.connect(str(old))
    con.execute("ALTER TABLE metric_defs DROP COLUMN provenance")
    con.execute("ALTER TABLE metrics DROP COLUMN obs_status")
    con.execute("ALTER TABLE metric_rollup DROP COLUMN estimated_count")
    con.execute("ALTER TABLE metric_rollup DROP COLUMN provisional_count")
    con.close()
    con = duckdb.connect(str(old), read_only=True)
    assert not queries.has_provenance(con)
    assert set(queries.metric_defs_by_position(con)["provenance"]) == {"self_reported"}
    root = queries.metric_totals_by_month(con, "c", ["i1", "i2", "i3"])
    assert root["row_count"].sum() == 9 and root["estimated_count"].sum() == 0 and root["provisional_count"].sum() == 0
    con.close()
    con = duckdb.connect(str(old))  # and from before the roll-ups too: the raw twins, read with the defaults
    for table in queries.ROLLUP_TABLES:
        con.execute(f"DROP TABLE {table}")
    con.close()
    con = duckdb.connect(str(old), read_only=True)
    raw = queries.metric_totals_by_month(con, "c", ["i1", "i2", "i3"])
    assert raw["row_count"].sum() == 9 and raw["estimated_count"].sum() == 0 and raw["provisional_count"].sum() == 0
    con.close()


def test_words_in_the_caption_and_csv_in_en_and_ur() -> None:
    p = metrics.FigureProvenance(("verified",), (JAN, FEB), (FEB,))
    assert provenance_words(p, "en") == (
        "verified independently",
        "Estimated values in 2026-01, 2026-02; Provisional values in 2026-02",
    )
    how, status = provenance_words(p, "ur")
    assert how == "آزادانہ طور پر تصدیق شدہ" and "تخمینی اعداد" in status and "عارضی اعداد" in status
    assert provenance_words(metrics.FigureProvenance(("self_reported",)), "en") == (
        "self-reported by the departments",
        "No estimated or provisional values",
    )
    assert provenance_caption(p, "en") == (
        "How produced: verified independently · Estimated values in 2026-01, 2026-02; Provisional values in 2026-02"
    )
    assert provenance_caption(p, "ur").startswith("کیسے تیار ہوا: آزادانہ طور پر تصدیق شدہ · ")
    table = pd.DataFrame({"Month": ["2026-01", "2026-02"], "Transactions": [400.0, 450.0]})
    csv = safe_csv(with_provenance(table, p, "en")).decode("utf-8-sig")
    assert csv.splitlines()[0] == "Month,Transactions,How produced,Observation status"
    assert csv.splitlines()[1] == (
        '2026-01,400.0,verified independently,"Estimated values in 2026-01, 2026-02; Provisional values in 2026-02"'
    )
    ur = safe_csv(with_provenance(table, p, "ur")).decode("utf-8-sig")
    assert "کیسے تیار ہوا" in ur.splitlines()[0] and "مشاہدے کی حیثیت" in ur.splitlines()[0]
