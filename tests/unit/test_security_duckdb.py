"""The app's DuckDB connection: read-only, no files, no URLs, no extensions, no SET (defence in depth)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from shafaf.store.reader import SERVING_MEMORY_LIMIT, SERVING_THREADS, connect_read_only, export_workdir, open_snapshot
from shafaf.ui import data
from tests.pkgtools import copy_fixture

REFUSED = (duckdb.PermissionException, duckdb.InvalidInputException, duckdb.CatalogException, duckdb.IOException)


@pytest.fixture(scope="module")
def snapshot_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("sec-duckdb")
    db = tmp / "db" / "shafaf.duckdb"
    assert load_package(copy_fixture(tmp / "tiny"), db).snapshot_id
    dep = Deployment(db)
    return dep.snapshot_file(dep.current_id())  # type: ignore[arg-type]


@pytest.fixture
def con(snapshot_file: Path) -> duckdb.DuckDBPyConnection:
    """The connection the dashboard's pages query through (shafaf/ui/data.py)."""
    data._connection.clear()  # type: ignore[attr-defined]
    return data._connection(str(snapshot_file))


def _refused(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    with con.cursor() as cur, pytest.raises(REFUSED) as e:
        cur.execute(sql).fetchall()
    return str(e.value)


def test_the_app_can_still_read_its_snapshot(con: duckdb.DuckDBPyConnection) -> None:
    with con.cursor() as cur:
        assert cur.execute("SELECT count(*) FROM regions").fetchone()[0] > 0  # type: ignore[index]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM read_parquet('https://example.invalid/x.parquet')",
        "ATTACH '/tmp/shafaf-attack.duckdb' AS x",
    ],
)
def test_a_query_cannot_read_files_or_urls(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    _refused(con, sql)


def test_a_query_cannot_write_files(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    _refused(con, f"COPY (SELECT 1) TO '{target}'")
    assert not target.exists()


@pytest.mark.parametrize(
    "sql",
    [
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "RESET lock_configuration",
        "SET memory_limit = '64GB'",
        "SET threads = 64",
        "SET allowed_directories = ['/']",
        "SET autoinstall_known_extensions = true",
        "PRAGMA threads = 64",
    ],
)
def test_a_query_cannot_change_settings(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    assert "locked" in _refused(con, sql)


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO regions (region_id) VALUES ('x')",
        "DELETE FROM regions",
        "DROP TABLE regions",
        "CREATE TABLE x (a INT)",
        "INSTALL httpfs",
        "LOAD httpfs",
    ],
)
def test_a_query_cannot_write_or_load_extensions(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    _refused(con, sql)


def test_settings_are_the_documented_ones(con: duckdb.DuckDBPyConnection) -> None:
    with con.cursor() as cur:
        got = dict(cur.execute("SELECT name, value FROM duckdb_settings()").fetchall())
    assert got["enable_external_access"] == "false"
    assert got["lock_configuration"] == "true"
    assert got["allow_community_extensions"] == "false"
    assert got["autoload_known_extensions"] == "false"
    assert got["autoinstall_known_extensions"] == "false"
    assert got["threads"] == str(SERVING_THREADS)
    assert got["memory_limit"].startswith(("953.6 MiB", "1.0 GiB", "1GB")), got["memory_limit"]
    assert SERVING_MEMORY_LIMIT == "1GB"


def test_a_second_connection_to_the_same_snapshot_is_locked_too(snapshot_file: Path) -> None:
    con = connect_read_only(snapshot_file)
    _refused(con, "SELECT * FROM read_csv('/etc/passwd')")
    _refused(con, "SET enable_external_access = true")


def test_only_the_private_export_folder_is_writable(con: duckdb.DuckDBPyConnection) -> None:
    """The one exception, for the open-data download: a private folder, and no way out of it."""
    work = export_workdir()
    assert (work.stat().st_mode & 0o777) == 0o700
    with con.cursor() as cur:
        cur.execute(f"COPY (SELECT 1 AS a) TO '{work / 'ok.csv'}'")
    assert (work / "ok.csv").exists()
    (work / "ok.csv").unlink()
    _refused(con, f"COPY (SELECT 1) TO '{work}/../escape.csv'")
    _refused(con, f"SELECT * FROM read_csv('{work}/../../etc/passwd')")


def test_the_command_line_snapshot_keeps_file_access_for_export(tmp_path: Path) -> None:
    """`export` writes where its caller asks, so the command line's connection is not the locked one."""
    db = tmp_path / "db" / "shafaf.duckdb"
    assert load_package(copy_fixture(tmp_path / "tiny"), db).snapshot_id
    snap = open_snapshot(db)
    try:
        with snap.con.cursor() as cur:
            cur.execute(f"COPY (SELECT 1 AS a) TO '{tmp_path / 'x.csv'}'")
        assert (tmp_path / "x.csv").exists()
    finally:
        snap.close()
