"""The public publication history names the departments that published, never one that did not."""

from __future__ import annotations

from pathlib import Path

import duckdb

from shafaf import history
from shafaf.store.audit import Actor
from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from tests.pkgtools import copy_fixture, replace_in

NAMES = {"dep1": "Dept One", "dep2": "Dept Two"}


def test_a_publisher_of_two_departments_who_changed_one_is_shown_as_that_one(tmp_path: Path) -> None:
    db = tmp_path / "deploy" / "shafaf.duckdb"
    assert load_package(copy_fixture(tmp_path / "v1"), db).snapshot_id == "000001"
    pkg = copy_fixture(tmp_path / "v2")
    replace_in(pkg / "initiatives.csv", "i2,Pay,dep1,payments,in_progress,,", "i2,Pay,dep1,payments,live,,")
    by = Actor.official("amina", "Amina Q.", frozenset({"dep1", "dep2"}))
    assert load_package(pkg, db, by=by).snapshot_id == "000002"
    with duckdb.connect(str(Deployment(db).snapshot_file("000002")), read_only=True) as con:
        pubs = con.execute("SELECT * FROM publishes ORDER BY snapshot_id DESC").df()
    h = history.public_history_frame(pubs, "en", lambda d: NAMES.get(d, d))
    # dep2's rows were not touched: the public page must not say Dept Two published them
    assert h["Published by"].tolist() == ["Dept One", "Test Board"]
    assert h["Departments whose data changed"].tolist()[0] == "Dept One"
