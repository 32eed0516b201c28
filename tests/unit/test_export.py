"""`export`: the open-data package of the current snapshot."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from shafaf.csv_safe import neutralise
from shafaf.export import ExportError, export_snapshot
from shafaf.store.publish import load_package
from shafaf.store.reader import open_snapshot
from tests.pkgtools import cli, copy_fixture, make_tiny_v2, replace_in


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM", "'@SUM"),
        ("a=b", "a=b"),
        (None, None),
    ],
)
def test_neutralise(text: str | None, expected: str | None) -> None:
    assert neutralise(text) == expected


def test_export_writes_tables_history_and_datapackage(tmp_path: Path) -> None:
    db = tmp_path / "d" / "shafaf.duckdb"
    v1 = copy_fixture(tmp_path / "v1")
    replace_in(v1 / "departments.csv", "dep2,Dept Two,p2,", 'dep2,"=HYPERLINK(""http://x"")",p2,-IT')
    assert load_package(v1, db).snapshot_id
    assert load_package(make_tiny_v2(tmp_path / "v2"), db).snapshot_id
    out = tmp_path / "open-data"
    r = cli("export", str(out), "--db", str(db))
    assert r.returncode == 0, r.stderr
    desc = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    names = {res["path"] for res in desc["resources"]}
    assert {"regions.csv", "metrics.csv", "milestones.csv", "history_replans.csv", "history_removed.csv"} <= names
    assert desc["as_of"] == "2026-04-30" and desc["licenses"] == [{"name": "CC-BY-4.0"}]
    metrics_res = next(res for res in desc["resources"] if res["path"] == "metrics.csv")
    assert metrics_res["schema"]["primaryKey"] == ["initiative_id", "region_id", "metric", "month"]
    assert metrics_res["rows"] == 11
    with (out / "metrics.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["month"] == "2026-01" and "weight_value" not in rows[0]
    with (out / "departments.csv").open(encoding="utf-8") as f:
        deps = {r["department_id"]: r for r in csv.DictReader(f)}
    # v2 is a copy of the fixture, so the hostile name came from v1 and is gone; history keeps it
    assert deps["dep2"]["name"] == "Dept Two"
    with (out / "history_removed.csv").open(encoding="utf-8") as f:
        removed = list(csv.DictReader(f))
    assert {r["table_name"] for r in removed} >= {"milestones"}
    with (out / "history_replans.csv").open(encoding="utf-8") as f:
        assert [r["milestone_id"] for r in csv.DictReader(f)] == ["m4"]


def test_export_of_the_fixture_passes_the_frictionless_validator(tmp_path: Path) -> None:
    import frictionless

    db = tmp_path / "d" / "shafaf.duckdb"
    assert load_package(copy_fixture(tmp_path / "v1"), db).snapshot_id
    assert load_package(make_tiny_v2(tmp_path / "v2"), db).snapshot_id  # history tables with rows
    snap = open_snapshot(db)
    try:
        desc = export_snapshot(snap, tmp_path / "out")
    finally:
        snap.close()
    assert {r["profile"] for r in desc["resources"]} == {"tabular-data-resource"}
    package = frictionless.Package(str(tmp_path / "out" / "datapackage.json"))  # refused the descriptor before
    assert len(package.resources) == len(desc["resources"])
    report = frictionless.validate(str(tmp_path / "out" / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])[:5]
    assert report.stats["tasks"] == len(desc["resources"])
    with (tmp_path / "out" / "publishes.csv").open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    # people and the confirmation's free text stay in the audit record (/admin): user names are never public
    assert "by_via" in header and not {"by_username", "by_name", "confirmation"} & set(header)


def test_export_neutralises_formula_cells(tmp_path: Path) -> None:
    db = tmp_path / "d" / "shafaf.duckdb"
    v1 = copy_fixture(tmp_path / "v1")
    replace_in(v1 / "departments.csv", "dep2,Dept Two,p2,", 'dep2,"=HYPERLINK(""http://x"")",p2,-IT')
    assert load_package(v1, db).snapshot_id
    snap = open_snapshot(db)
    try:
        export_snapshot(snap, tmp_path / "out")
    finally:
        snap.close()
    with (tmp_path / "out" / "departments.csv").open(encoding="utf-8") as f:
        deps = {r["department_id"]: r for r in csv.DictReader(f)}
    assert deps["dep2"]["name"] == '\'=HYPERLINK("http://x")'
    assert deps["dep2"]["sector"] == "'-IT"
    with (tmp_path / "out" / "regions.csv").open(encoding="utf-8") as f:
        assert next(csv.DictReader(f))["population"] in ("", "1000")  # numbers are never prefixed


def test_export_refuses_a_non_empty_folder_and_keeps_it(tmp_path: Path) -> None:
    db = tmp_path / "d" / "shafaf.duckdb"
    assert load_package(copy_fixture(tmp_path / "v1"), db).snapshot_id
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    snap = open_snapshot(db)
    try:
        with pytest.raises(ExportError, match="not an empty folder"):
            export_snapshot(snap, out)
    finally:
        snap.close()
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    r = cli("export", str(out), "--db", str(db))
    assert r.returncode == 1 and "not an empty folder" in r.stderr


def test_safe_csv_neutralises_column_names_as_well_as_cells() -> None:
    import pandas as pd

    from shafaf.csv_safe import safe_csv

    # an adoption matrix: its columns are service names taken from the package
    df = pd.DataFrame({"Area": ["=cmd|' /C calc'!A0", "North"], '=HYPERLINK("http://x")': ["Live", "-1"]})
    rows = list(csv.reader(safe_csv(df).decode("utf-8-sig").splitlines()))
    assert rows[0] == ["Area", '\'=HYPERLINK("http://x")']
    assert rows[1] == ["'=cmd|' /C calc'!A0", "Live"] and rows[2] == ["North", "'-1"]
    assert list(df.columns)[1].startswith("=")  # the caller's frame is left as it was


def test_export_carries_the_metric_definitions_functions_and_translations(tmp_path: Path) -> None:
    db = tmp_path / "d" / "shafaf.duckdb"
    assert load_package(copy_fixture(tmp_path / "v1"), db).snapshot_id
    out = tmp_path / "open-data"
    assert cli("export", str(out), "--db", str(db)).returncode == 0
    desc = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    res = {r["path"]: r for r in desc["resources"]}
    assert res["metric_defs.csv"]["schema"]["primaryKey"] == ["metric"]
    assert res["translations.csv"]["schema"]["primaryKey"] == ["entity", "entity_id", "field", "lang"]
    with (out / "metric_defs.csv").open(encoding="utf-8") as f:
        defs = {r["metric"]: r for r in csv.DictReader(f)}
    # tests/fixtures/tiny/package.yaml: transactions (count, sum), satisfaction (percent, mean weighted by
    # transactions), users (people, sum); no provenance given: self-reported
    assert set(defs) == {"transactions", "satisfaction", "users"}
    assert (defs["satisfaction"]["unit"], defs["satisfaction"]["aggregate"]) == ("percent", "mean")
    assert defs["satisfaction"]["weight"] == "transactions"
    assert defs["users"]["provenance"] == "self_reported"
    with (out / "functions.csv").open(encoding="utf-8") as f:
        assert {r["function_id"]: r["label"] for r in csv.DictReader(f)} == {
            "complaints": "Complaints",
            "payments": "Payments",
        }
    with (out / "translations.csv").open(encoding="utf-8") as f:
        tr = {(r["entity"], r["entity_id"], r["lang"]): r["text"] for r in csv.DictReader(f)}
    assert tr[("region", "c", "ur")] == "ملک" and tr[("function", "complaints", "ur")] == "شکایات"
