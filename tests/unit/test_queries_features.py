"""What a snapshot was built with is asked once per read-only connection, every time on a writable one."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from shafaf import queries
from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from shafaf.store.reader import connect_read_only
from tests.conftest import TINY


@pytest.fixture(scope="module")
def snapshot_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("features") / "shafaf.duckdb"
    assert load_package(TINY, db).snapshot_id == "000001"
    return Deployment(db).snapshot_file("000001")


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []
    real = queries.run

    def run(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> object:
        if name in ("tables_by_name", "columns_by_table"):
            asked.append(name)
        return real(con, name, **params)

    monkeypatch.setattr(queries, "run", run)
    return asked


def test_a_read_only_connection_is_asked_once(snapshot_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    con = connect_read_only(snapshot_file)
    try:
        asked = _counting(monkeypatch)
        for _ in range(3):
            assert queries.has_rollups(con) and queries.has_record(con) and queries.has_provenance(con)
        assert asked == ["tables_by_name", "tables_by_name", "columns_by_table"]
    finally:
        con.close()


def test_a_writable_connection_is_asked_every_time(snapshot_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    con = duckdb.connect(str(snapshot_file), read_only=True)  # not the serving path: nothing remembered
    try:
        asked = _counting(monkeypatch)
        for _ in range(2):
            assert queries.has_rollups(con)
        assert asked == ["tables_by_name", "tables_by_name"]
    finally:
        con.close()
