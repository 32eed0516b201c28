"""The publishing desk at store level: preview, department restriction, audit, stale previews, roll-back."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from shafaf.store import changes as changes_mod
from shafaf.store.audit import Actor, read_refusals
from shafaf.store.deployment import Deployment
from shafaf.store.preview import preview_package
from shafaf.store.publish import load_package, rollback
from shafaf.store.reader import open_snapshot
from shafaf.summary import compute_summary
from tests.pkgtools import cli, copy_fixture, make_big, make_tiny_v2, replace_in, tree_digest

DEP1 = Actor.official("amina", "Amina Q.", frozenset({"dep1"}))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A deployment with the tiny fixture published as snapshot 000001."""
    path = tmp_path / "deploy" / "shafaf.duckdb"
    r = load_package(copy_fixture(tmp_path / "v1"), path, lock_wait_seconds=5)
    assert r.snapshot_id == "000001", [str(p) for p in r.problems]
    return path


def _without(digest: dict[str, str], *names: str) -> dict[str, str]:
    return {k: v for k, v in digest.items() if k not in names}


def _summary(db: Path, sid: str) -> dict:
    snap = open_snapshot(db, sid)
    try:
        return compute_summary(snap.con)
    finally:
        snap.close()


def test_preview_counts_every_kind_of_change_and_leaves_the_deployment_alone(tmp_path: Path, db: Path) -> None:
    before = tree_digest(db.parent)
    p = preview_package(make_tiny_v2(tmp_path / "v2"), db)
    assert tree_digest(db.parent) == before  # no lock taken, no staging, nothing written
    assert p.valid and p.may_publish and p.previous_snapshot_id == "000001"
    c = p.changes
    assert c is not None
    assert c.counts["initiatives"] == {"new": 0, "changed": 1, "removed": 0}
    assert c.counts["milestones"] == {"new": 0, "changed": 2, "removed": 1}
    assert c.counts["rollouts"] == {"new": 1, "changed": 0, "removed": 0}
    assert c.counts["metrics"] == {"new": 2, "changed": 0, "removed": 0}
    assert c.counts["regions"] == {"new": 0, "changed": 0, "removed": 0}
    assert list(zip(c.replans["milestone_id"], c.replans["new_planned_date"].astype(str), strict=True)) == [
        ("m4", "2026-08-31")
    ]
    assert set(zip(c.status_changes["entity_id"], c.status_changes["new_status"], strict=True)) == {
        ("i2", "live"),
        ("m3", "done"),
        ("i2/b", "pilot"),
    }
    assert c.departments == {"dep1", "dep2"}  # m6 (of i3, dep2) is removed
    rows = c.tables["milestones"].rows.set_index("key")
    assert rows.loc["m6", "change"] == "removed" and rows.loc["m6", "departments"] == "dep2"
    assert rows.loc["m4", "what_changed"] == "planned_date: 2026-06-30 → 2026-08-31"
    assert [(y.key, y.shared) for y in c.yaml] == [("as_of", False)]


def test_preview_does_not_wait_for_a_publish_in_progress(tmp_path: Path, db: Path) -> None:
    # a preview never takes the publish lock: it works while another load holds it
    with Deployment(db).publish_lock(1, lambda _m: None):
        p = preview_package(make_tiny_v2(tmp_path / "v2"), db)
    assert p.may_publish and p.changes is not None and p.changes.counts["milestones"]["removed"] == 1


def test_preview_of_an_invalid_package_lists_problems_and_no_changes(tmp_path: Path, db: Path) -> None:
    bad = copy_fixture(tmp_path / "bad")
    replace_in(bad / "metrics.csv", "i1,a,transactions,2026-01,100,", "i1,a,transactions,2026-13,100,")
    p = preview_package(bad, db)
    assert not p.valid and not p.may_publish and p.changes is None
    assert [str(x) for x in p.problems] == ["metrics.csv:2:month: '2026-13' is not a month (YYYY-MM)"]


def test_a_publisher_may_change_own_rows_and_package_facts(tmp_path: Path, db: Path) -> None:
    pkg = copy_fixture(tmp_path / "own")
    replace_in(pkg / "milestones.csv", "m4,i2,Scale,,2026-06-30,", "m4,i2,Scale,,2026-07-31,")
    replace_in(pkg / "package.yaml", "as_of: 2026-03-15", "as_of: 2026-03-31")
    replace_in(pkg / "package.yaml", "title: Tiny test package", "title: Tiny, March")
    replace_in(pkg / "package.yaml", "publisher: Test Board", "publisher: Dept One office")
    p = preview_package(pkg, db, allowed_departments={"dep1"})
    assert p.may_publish and p.refused == [] and p.changes is not None
    assert p.changes.departments == {"dep1"} and p.changes.shared_rows == 0
    r = load_package(pkg, db, by=DEP1, expected_previous="000001")
    assert r.snapshot_id == "000002"


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "initiatives.csv",
            "i3,Other,dep2,payments,planned,,",
            "i3,Other,dep2,payments,in_progress,,",
            "initiatives.csv:4:department_id: this package changes row i3 of department dep2 (Dept Two); "
            "you may publish rows of dep1 only",
        ),
        (
            "metrics.csv",
            "i3,d,transactions,2026-02,1000,",
            "i3,d,transactions,2026-02,1001,",
            "metrics.csv:10:initiative_id: this package changes row i3|d|transactions|2026-02-01 of department "
            "dep2 (Dept Two); you may publish rows of dep1 only",
        ),
        (
            "initiatives.csv",
            "i2,Pay,dep1,payments,in_progress,,",
            "i2,Pay,dep2,payments,in_progress,,",
            "initiatives.csv:3:department_id: this package changes row i2 of department dep2 (Dept Two); "
            "you may publish rows of dep1 only",
        ),
        (
            "regions.csv",
            "d,p2,district,District D,,500",
            "d,p2,district,District D,,501",
            "regions.csv:7:region_id: this package changes row d of no department (shared by all departments); "
            "you may publish rows of dep1 only",
        ),
        (
            "package.yaml",
            "payments: {label: Payments}",
            "payments: {label: Payment services}",
            "package.yaml::functions.payments.label: this package changes 'functions.payments.label', shared by "
            'all departments (was "Payments", now "Payment services"); only an administrator or a publisher of '
            "all departments may change it",
        ),
    ],
)
def test_a_publisher_of_one_department_is_refused_another_departments_rows(
    tmp_path: Path, db: Path, file: str, old: str, new: str, expected: str
) -> None:
    pkg = copy_fixture(tmp_path / "other")
    replace_in(pkg / file, old, new)
    p = preview_package(pkg, db, allowed_departments={"dep1"})
    assert p.valid and not p.may_publish
    assert [str(x) for x in p.refused] == [expected]
    before = tree_digest(db.parent)
    r = load_package(pkg, db, by=DEP1)
    assert r.snapshot_id is None and r.refused == "departments"
    assert [str(x) for x in r.problems] == [expected]
    after = tree_digest(db.parent)
    assert _without(after, "audit.jsonl", ".publish.lock") == _without(before, "audit.jsonl", ".publish.lock")
    (refusal,) = read_refusals(db.parent)
    assert refusal["reason"] == "departments" and refusal["problems"] == [expected]
    assert refusal["by"] == {"username": "amina", "display_name": "Amina Q.", "via": "account", "departments": ["dep1"]}
    assert len(refusal["package_sha256"]) == 64
    # an administrator (no department limit) publishes the same package
    assert load_package(pkg, db, by=Actor.official("root", "Admin", None)).snapshot_id == "000002"


def test_removing_another_departments_row_is_refused(tmp_path: Path, db: Path) -> None:
    pkg = copy_fixture(tmp_path / "rm")
    replace_in(pkg / "milestones.csv", "m6,i3,Other province,d,2026-01-01,,,,\n", "")
    r = load_package(pkg, db, by=DEP1)
    assert [str(x) for x in r.problems] == [
        "milestones.csv::initiative_id: this package removes row m6 of department dep2 (Dept Two); "
        "you may publish rows of dep1 only"
    ]


def test_a_stale_preview_is_refused_and_logged(tmp_path: Path, db: Path) -> None:
    v2 = make_tiny_v2(tmp_path / "v2")
    p = preview_package(v2, db)
    assert p.previous_snapshot_id == "000001"
    assert load_package(v2, db).snapshot_id == "000002"  # someone else publishes in between
    r = load_package(v2, db, by=DEP1, expected_previous=p.previous_snapshot_id)
    assert r.snapshot_id is None and r.refused == "stale"
    assert "snapshot 000002 was published after your preview (made against 000001); preview again" in str(r.problems[0])
    assert read_refusals(db.parent)[-1]["reason"] == "stale"
    assert Path(db).resolve().parent.name == "000002"


def test_every_publish_records_who_what_and_which_departments(tmp_path: Path, db: Path) -> None:
    pkg = copy_fixture(tmp_path / "own")
    replace_in(pkg / "milestones.csv", "m4,i2,Scale,,2026-06-30,", "m4,i2,Scale,,2026-07-31,")
    sid = load_package(pkg, db, by=DEP1).snapshot_id
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT snapshot_id, action, rollback_of, by_username, by_name, by_via, by_departments, "
            "departments_changed, changes, package_sha256 FROM publishes ORDER BY snapshot_id"
        ).fetchall()
    finally:
        con.close()
    first, second = rows
    assert first[1:6] == ("load", None, first[3], first[3], "command line")
    assert json.loads(first[7]) == ["dep1", "dep2"]
    assert second[:8] == (sid, "load", None, "amina", "Amina Q.", "account", '["dep1"]', '["dep1"]')
    assert json.loads(second[8])["milestones"] == {"new": 0, "changed": 1, "removed": 0}
    manifest = json.loads((db.parent / "snapshots" / sid / "manifest.json").read_text())
    assert manifest["audit"]["by"]["username"] == "amina"
    assert manifest["audit"]["departments_changed"] == ["dep1"]
    assert manifest["package_sha256"] == second[9]


def test_history_from_a_snapshot_without_the_audit_columns_is_carried_forward(tmp_path: Path, db: Path) -> None:
    # a deployment published before the audit columns existed: its snapshot's publishes table lacks them
    old = db.parent / "snapshots" / "000001" / "snapshot.duckdb"
    con = duckdb.connect(str(old))
    for col in ("action", "rollback_of", "by_username", "by_name", "by_via", "by_departments", "departments_changed"):
        con.execute(f"ALTER TABLE publishes DROP COLUMN {col}")
    con.execute("ALTER TABLE publishes DROP COLUMN changes")
    con.close()
    assert load_package(make_tiny_v2(tmp_path / "v2"), db).snapshot_id == "000002"
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT snapshot_id, action FROM publishes ORDER BY 1").fetchall()
    finally:
        con.close()
    assert rows == [("000001", None), ("000002", "load")]


def test_rollback_publishes_the_old_package_as_a_new_snapshot_and_records_the_changes(tmp_path: Path, db: Path) -> None:
    assert load_package(make_tiny_v2(tmp_path / "v2"), db).snapshot_id == "000002"
    r = rollback(db, "000001", by=Actor.official("root", "Admin One", None))
    assert r.snapshot_id == "000003"
    s1, s3 = _summary(db, "000001"), _summary(db, "000003")
    assert s3 == s1  # the same figures as snapshot 1
    assert _summary(db, "000002") != s1
    con = duckdb.connect(str(db), read_only=True)
    try:
        pub = con.execute(
            "SELECT action, rollback_of, by_name, package_name FROM publishes WHERE snapshot_id = '000003'"
        ).fetchone()
        replans = con.execute(
            "SELECT milestone_id, old_planned_date::VARCHAR, new_planned_date::VARCHAR FROM history_replans "
            "WHERE snapshot_id = '000003'"
        ).fetchall()
        status = con.execute(
            "SELECT entity_id, old_status, new_status FROM history_status_changes WHERE snapshot_id = '000003' "
            "AND entity = 'initiative'"
        ).fetchall()
        removed = con.execute(
            "SELECT table_name, row_key FROM history_removed WHERE snapshot_id = '000003' ORDER BY 1, 2"
        ).fetchall()
    finally:
        con.close()
    assert pub == ("rollback", "000001", "Admin One", "v1")  # the rolled-back package keeps its name
    assert replans == [("m4", "2026-08-31", "2026-06-30")]
    assert status == [("i2", "live", "in_progress")]
    assert ("rollouts", "i2|b|pilot") in removed
    # the earlier snapshots are untouched and still readable
    assert _summary(db, "000002")["as_of"] != s1["as_of"]


def test_rollback_cli_exit_codes_and_by(tmp_path: Path, db: Path) -> None:
    assert load_package(make_tiny_v2(tmp_path / "v2"), db).snapshot_id == "000002"
    ok = cli("rollback", "1", "--db", str(db), "--by", "Ayesha Khan", "--quiet")
    assert ok.returncode == 0, ok.stderr
    assert "published snapshot 000003" in ok.stdout and "roll-back to snapshot 000001" in ok.stdout
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT by_name, by_via FROM publishes WHERE snapshot_id = '000003'").fetchone() == (
            "Ayesha Khan",
            "command line",
        )
    finally:
        con.close()
    missing = cli("rollback", "000009", "--db", str(db))
    assert missing.returncode == 1 and "no published snapshot 000009" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert cli("rollback", "abc", "--db", str(db)).returncode == 2


def test_a_key_with_an_empty_part_is_matched_as_the_same_row(tmp_path: Path, db: Path) -> None:
    # targets.region_id is optional: a country-wide target keeps its key when only its value changes
    v1 = copy_fixture(tmp_path / "t1")
    (v1 / "targets.csv").write_text("initiative_id,region_id,metric,month,value\ni1,,transactions,2026-12,500\n")
    assert load_package(v1, db).snapshot_id == "000002"
    v2 = copy_fixture(tmp_path / "t2")
    (v2 / "targets.csv").write_text("initiative_id,region_id,metric,month,value\ni1,,transactions,2026-12,600\n")
    p = preview_package(v2, db, allowed_departments={"dep1"})
    assert p.changes is not None and p.changes.counts["targets"] == {"new": 0, "changed": 1, "removed": 0}
    assert p.may_publish


def test_many_refused_rows_are_listed_up_to_the_limit_and_counted_in_full(tmp_path: Path, db: Path) -> None:
    pkg = copy_fixture(tmp_path / "many")
    with (pkg / "metrics.csv").open("a", encoding="utf-8") as f:
        f.write("i3,d,transactions,2026-03,1,\ni3,d,transactions,2026-01,2,\ni3,d,users,2026-02,3,\n")
    p = preview_package(pkg, db, allowed_departments={"dep1"}, max_per_rule=2)
    assert [x.message.split(" of department")[0] for x in p.refused] == [
        "this package adds row i3|d|transactions|2026-01-01",
        "this package adds row i3|d|transactions|2026-03-01",
        "... and 1 more rows of other departments",
    ]
    assert [x.row for x in p.refused[:2]] == [12, 11]
    assert p.refused_total == 3
    r = load_package(pkg, db, by=DEP1, max_per_rule=2)
    assert r.total_problems == 3 and read_refusals(db.parent)[-1]["problem_count"] == 3


def test_a_first_load_keeps_light_change_records_and_builds_json_only_for_listed_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[tuple[str, int]] = []
    real = changes_mod._row_json

    def counting(con: duckdb.DuckDBPyConnection, db: str, table: str, rowids: list[int]) -> dict[int, str]:
        built.append((table, len(rowids)))
        return real(con, db, table, rowids)

    monkeypatch.setattr(changes_mod, "_row_json", counting)
    path = tmp_path / "deploy" / "shafaf.duckdb"
    r = load_package(make_big(tmp_path / "big", districts=20, initiatives=2, months=10), path, lock_wait_seconds=5)
    assert r.snapshot_id == "000001" and r.changes is not None
    metrics = r.changes.tables["metrics"]
    assert metrics.new == 9 + 2 * 20 * 10 * 2 > changes_mod.ROW_LIMIT  # counts stay exact (tiny has 9)
    assert len(metrics.rows) == changes_mod.ROW_LIMIT and metrics.rows["row.value"].notna().all()
    assert ("metrics", changes_mod.ROW_LIMIT) in built and all(n <= changes_mod.ROW_LIMIT for _, n in built)
    assert r.changes.departments == {"dep1", "dep2"}
    # the per-row records hold no row JSON: it is read back by rowid only for the rows listed
    con = duckdb.connect()
    try:
        again = changes_mod.compute_changes(
            con, Deployment(path).snapshot_file("000001"), None, snapshot_id="000001", previous_snapshot_id=None
        )
        assert again.counts == r.changes.counts
        assert con.execute("SELECT count(*) FROM _chg WHERE table_name = 'metrics'").fetchone() == (metrics.new,)
        assert con.execute(
            "SELECT count(*) FROM _chg WHERE new_json IS NOT NULL OR old_json IS NOT NULL"
        ).fetchone() == (0,)
    finally:
        con.close()


def test_a_hand_made_change_in_metric_rows_is_counted_and_attributed(tmp_path: Path, db: Path) -> None:
    pkg = copy_fixture(tmp_path / "v2")
    replace_in(pkg / "metrics.csv", "i1,a,transactions,2026-01,100,", "i1,a,transactions,2026-01,101,")
    replace_in(pkg / "metrics.csv", "i3,d,transactions,2026-02,1000,\n", "")
    with (pkg / "metrics.csv").open("a", encoding="utf-8") as f:
        f.write("i2,a,transactions,2026-03,7,\n")
    p = preview_package(pkg, db)
    assert p.changes is not None
    assert p.changes.counts["metrics"] == {"new": 1, "changed": 1, "removed": 1}
    assert p.changes.departments == {"dep1", "dep2"}  # i1, i2 of dep1; the removed i3 row of dep2
    rows = p.changes.tables["metrics"].rows.set_index("change")
    assert (
        rows.loc["changed", "what_changed"].startswith("value: 100") and "→ 101" in rows.loc["changed", "what_changed"]
    )
    assert rows.loc["removed", "key"].startswith("i3|d|transactions") and rows.loc["removed", "departments"] == "dep2"
    assert rows.loc["removed", "row.value"] == 1000 and rows.loc["new", "row.initiative_id"] == "i2"
    refused = preview_package(pkg, db, allowed_departments={"dep1"}).refused
    assert [x.message.split(" of department")[0] for x in refused] == [
        "this package removes row i3|d|transactions|2026-02-01"
    ]
    # reloading the same package changes nothing
    r = load_package(pkg, db, lock_wait_seconds=5)
    again = preview_package(pkg, db)
    assert r.snapshot_id == "000002" and again.changes is not None and again.changes.nothing
    assert again.changes.departments == frozenset() and again.changes.shared_rows == 0
