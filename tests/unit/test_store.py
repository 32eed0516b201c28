"""Publishing: snapshots are immutable, current moves atomically, history is carried forward."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import duckdb
import pytest

from shafaf.store.deployment import Deployment, LockTimeout, StoreError
from shafaf.store.publish import load_package
from shafaf.store.reader import open_snapshot
from tests.pkgtools import copy_fixture, make_tiny_v2, replace_in, tree_digest


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "deploy" / "shafaf.duckdb"


def _load(pkg: Path, db: Path) -> str:
    r = load_package(pkg, db, lock_wait_seconds=5)
    assert r.snapshot_id is not None, [str(p) for p in r.problems]
    return r.snapshot_id


def test_first_load_publishes_snapshot_one_with_archive_and_manifest(tmp_path: Path, db: Path) -> None:
    pkg = copy_fixture(tmp_path / "pkg")
    assert _load(pkg, db) == "000001"
    assert os.readlink(db) == "snapshots/000001/snapshot.duckdb"
    snap_dir = db.parent / "snapshots" / "000001"
    assert sorted(p.name for p in (snap_dir / "package").iterdir()) == sorted(p.name for p in pkg.iterdir())
    manifest = json.loads((snap_dir / "manifest.json").read_text())
    assert manifest["as_of"] == "2026-03-15"
    assert manifest["row_counts"]["metrics"] == 9
    assert not list((db.parent / ".staging").iterdir())
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM regions").fetchone() == (6,)
        # a region's translated name travels in the long translations table too
        assert con.execute(
            "SELECT text FROM translations WHERE entity='region' AND entity_id='c' AND lang='ur'"
        ).fetchone() == ("ملک",)
    finally:
        con.close()


def test_zip_and_xlsx_packages_are_archived_as_received(tmp_path: Path, db: Path) -> None:
    import shutil

    pkg = copy_fixture(tmp_path / "pkg")
    archive = Path(shutil.make_archive(str(tmp_path / "upload"), "zip", pkg))
    _load(archive, db)
    stored = db.parent / "snapshots" / "000001" / "package" / "upload.zip"
    assert stored.read_bytes() == archive.read_bytes()


def test_failed_load_changes_nothing_byte_for_byte(tmp_path: Path, db: Path) -> None:
    _load(copy_fixture(tmp_path / "good"), db)
    before = tree_digest(db.parent)
    bad = copy_fixture(tmp_path / "bad")
    replace_in(bad / "metrics.csv", "i1,a,transactions,2026-01,100,", "i1,a,transactions,2026-13,100,")
    r = load_package(bad, db, lock_wait_seconds=5)
    assert r.snapshot_id is None
    assert [str(p) for p in r.problems] == ["metrics.csv:2:month: '2026-13' is not a month (YYYY-MM)"]
    assert tree_digest(db.parent) == before


def test_failed_first_load_creates_nothing(tmp_path: Path, db: Path) -> None:
    bad = copy_fixture(tmp_path / "bad")
    (bad / "regions.csv").unlink()
    r = load_package(bad, db, lock_wait_seconds=5)
    assert r.snapshot_id is None
    assert not db.parent.exists()


def test_second_load_keeps_first_snapshot_readable(tmp_path: Path, db: Path) -> None:
    _load(copy_fixture(tmp_path / "v1"), db)
    first = tree_digest(db.parent / "snapshots" / "000001")
    assert _load(make_tiny_v2(tmp_path / "v2"), db) == "000002"
    assert tree_digest(db.parent / "snapshots" / "000001") == first
    old = open_snapshot(db, "000001")
    new = open_snapshot(db)
    try:
        assert old.meta()["as_of"] == "2026-03-15"
        assert new.meta()["as_of"] == "2026-04-30"
        assert new.meta()["previous_snapshot_id"] == "000001"
        assert [s.snapshot_id for s in Deployment(db).snapshots()] == ["000001", "000002"]
    finally:
        old.close()
        new.close()


def test_history_records_replans_status_changes_and_removed_rows(tmp_path: Path, db: Path) -> None:
    _load(copy_fixture(tmp_path / "v1"), db)
    _load(make_tiny_v2(tmp_path / "v2"), db)
    snap = open_snapshot(db)
    con = snap.con
    try:
        replans = con.execute(
            "SELECT milestone_id, old_planned_date, new_planned_date, snapshot_id, as_of FROM history_replans"
        ).fetchall()
        assert replans == [("m4", dt.date(2026, 6, 30), dt.date(2026, 8, 31), "000002", dt.date(2026, 4, 30))]
        changes = set(
            con.execute("SELECT entity, entity_id, old_status, new_status FROM history_status_changes").fetchall()
        )
        assert changes == {
            ("initiative", "i2", "in_progress", "live"),
            ("milestone", "m3", "blocked", "done"),
            ("rollout", "i2/b", None, "pilot"),
        }
        removed = con.execute("SELECT table_name, row_key, row_json FROM history_removed").fetchall()
        assert [(t, k) for t, k, _ in removed] == [("milestones", "m6")]
        assert json.loads(removed[0][2])["title"] == "Other province"
        # m4 had no baseline_date: its baseline is the earliest plan ever published
        assert con.execute(
            "SELECT planned_date, effective_baseline_date FROM milestones WHERE milestone_id = 'm4'"
        ).fetchone() == (dt.date(2026, 8, 31), dt.date(2026, 6, 30))
        assert con.execute("SELECT count(*) FROM publishes").fetchone() == (2,)
    finally:
        snap.close()


def test_history_survives_a_third_load(tmp_path: Path, db: Path) -> None:
    _load(copy_fixture(tmp_path / "v1"), db)
    v2 = make_tiny_v2(tmp_path / "v2")
    _load(v2, db)
    replace_in(v2 / "milestones.csv", "m4,i2,Scale,,2026-08-31,,,,", "m4,i2,Scale,,2026-09-30,,,,")
    _load(v2, db)
    snap = open_snapshot(db)
    try:
        rows = snap.con.execute(
            "SELECT old_planned_date, new_planned_date FROM history_replans ORDER BY snapshot_id"
        ).fetchall()
        assert rows == [(dt.date(2026, 6, 30), dt.date(2026, 8, 31)), (dt.date(2026, 8, 31), dt.date(2026, 9, 30))]
        assert snap.con.execute("SELECT count(*) FROM history_removed").fetchone() == (1,)
        assert snap.con.execute(
            "SELECT effective_baseline_date FROM milestones WHERE milestone_id = 'm4'"
        ).fetchone() == (dt.date(2026, 6, 30),)
    finally:
        snap.close()


def test_leftovers_of_a_killed_build_are_removed_by_next_load(tmp_path: Path, db: Path) -> None:
    _load(copy_fixture(tmp_path / "v1"), db)
    (db.parent / ".staging" / "000002").mkdir(parents=True)
    (db.parent / ".staging" / "000002" / "snapshot.duckdb").write_bytes(b"half written")
    (db.parent / "snapshots" / "000002").mkdir()  # built but never made current
    messages: list[str] = []
    r = load_package(make_tiny_v2(tmp_path / "v2"), db, lock_wait_seconds=5, progress=messages.append)
    assert r.snapshot_id == "000002"
    assert any("interrupted" in m for m in messages)
    assert not list((db.parent / ".staging").iterdir())


def test_second_load_waits_for_the_lock_then_fails_clearly(tmp_path: Path, db: Path) -> None:
    _load(copy_fixture(tmp_path / "v1"), db)
    before = tree_digest(db.parent)
    dep = Deployment(db)
    with dep.publish_lock(1, lambda _m: None):
        with pytest.raises(LockTimeout, match="another load .* is publishing"):
            load_package(make_tiny_v2(tmp_path / "v2"), db, lock_wait_seconds=0.5)
    assert {k: v for k, v in tree_digest(db.parent).items() if k != ".publish.lock"} == {
        k: v for k, v in before.items() if k != ".publish.lock"
    }


def test_refuses_a_database_path_that_is_not_a_snapshot_link(tmp_path: Path) -> None:
    db = tmp_path / "plain.duckdb"
    duckdb.connect(str(db)).close()
    with pytest.raises(StoreError, match="not a Shafaf snapshot link"):
        load_package(copy_fixture(tmp_path / "v1"), db, lock_wait_seconds=1)


def test_open_snapshot_before_any_publish_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="nothing is published"):
        open_snapshot(tmp_path / "none.duckdb")


def test_package_without_any_translation_loads(tmp_path: Path, db: Path) -> None:
    pkg = copy_fixture(tmp_path / "pkg")
    replace_in(
        pkg / "package.yaml", 'complaints: {label: Complaints, "label:ur": شکایات}', "complaints: {label: Complaints}"
    )
    replace_in(pkg / "package.yaml", "languages: [ur]\n", "")
    lines = (pkg / "regions.csv").read_text(encoding="utf-8").splitlines()
    dropped = [",".join(r.split(",")[:4] + r.split(",")[5:]) for r in lines]  # drop the name:ur column
    (pkg / "regions.csv").write_text("\n".join(dropped) + "\n", encoding="utf-8")
    assert _load(pkg, db) == "000001"
