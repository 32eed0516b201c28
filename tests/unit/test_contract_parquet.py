"""metrics.parquet checked on its own column types: wrong types, missing values, values out of range.

Each test writes a hand-made metrics.parquet (explicit DuckDB types) into a copy of tests/fixtures/tiny
and asserts the validator's exact `FILE:ROW:COLUMN: message` lines (ROW = data row index + 2), or
loads it and reads back what the snapshot stores.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from shafaf.contract.validate import validate_path
from shafaf.store.publish import load_package
from tests.pkgtools import copy_fixture

TINY = Path(__file__).parents[2] / "tests" / "fixtures" / "tiny"
NUMBER = "a number column (an integer, FLOAT, DOUBLE or DECIMAL type)"
MONTH = "a DATE or TIMESTAMP column (the first day of each month) or a string column of YYYY-MM"
TEXT = "a string (VARCHAR) column"


def _rows(value: str = "CAST(value AS DOUBLE)", month: str = "CAST(month || '-01' AS DATE)", **cols: str) -> str:
    """A SELECT over tiny's metrics.csv as text, with some columns given another type or expression."""
    exprs = {
        "initiative_id": "initiative_id",
        "region_id": "region_id",
        "metric": "metric",
        "month": month,
        "value": value,
        "source": "source",
        **cols,
    }
    sel = ", ".join(f"{e} AS {c}" for c, e in exprs.items() if e)
    return f"SELECT {sel} FROM read_csv('{TINY / 'metrics.csv'}', all_varchar=true)"


def _package(tmp_path: Path, select: str) -> Path:
    dest = tmp_path / "pkg"
    shutil.copytree(TINY, dest)
    (dest / "metrics.csv").unlink()
    con = duckdb.connect()
    try:
        con.execute(f"COPY ({select}) TO '{dest / 'metrics.parquet'}' (FORMAT parquet)")
    finally:
        con.close()
    return dest


def problems(tmp_path: Path, select: str) -> list[str]:
    return [str(p) for p in validate_path(_package(tmp_path, select))]


@pytest.mark.parametrize(
    ("month", "value"),
    [
        ("CAST(month || '-01' AS DATE)", "CAST(value AS DOUBLE)"),
        ("CAST(month || '-01' AS TIMESTAMP)", "CAST(value AS BIGINT)"),
        ("month", "CAST(value AS DECIMAL(12, 3))"),
        ("CAST(month || '-01' AS DATE)", "CAST(value AS FLOAT)"),
        ("CAST(month || '-01' AS DATE)", "CAST(value AS INTEGER)"),
    ],
    ids=["date-double", "timestamp-bigint", "text-decimal", "date-float", "date-integer"],
)
def test_typed_parquet_is_valid(tmp_path: Path, month: str, value: str) -> None:
    assert problems(tmp_path, _rows(value=value, month=month)) == []


@pytest.mark.parametrize(
    ("column", "expr", "type_", "expected"),
    [
        ("value", "value", "VARCHAR", NUMBER),
        ("value", "value = '100'", "BOOLEAN", NUMBER),
        ("month", "CAST(replace(month, '-', '') AS INTEGER)", "INTEGER", MONTH),
        ("initiative_id", "CAST(replace(initiative_id, 'i', '') AS BIGINT)", "BIGINT", TEXT),
        ("metric", "CAST(month || '-01' AS DATE)", "DATE", TEXT),
        ("source", "1.5", "DECIMAL(2,1)", TEXT),
    ],
)
def test_a_column_of_the_wrong_type_names_the_column_and_what_it_must_be(
    tmp_path: Path, column: str, expr: str, type_: str, expected: str
) -> None:
    assert problems(tmp_path, _rows(**{column: expr})) == [
        f"metrics.parquet:1:{column}: the column is {type_} in the Parquet file; it must be {expected}"
    ]


def test_two_wrong_columns_are_both_reported(tmp_path: Path) -> None:
    assert problems(tmp_path, _rows(value="value", region_id="1")) == [
        f"metrics.parquet:1:region_id: the column is INTEGER in the Parquet file; it must be {TEXT}",
        f"metrics.parquet:1:value: the column is VARCHAR in the Parquet file; it must be {NUMBER}",
    ]


@pytest.mark.parametrize("column", ["initiative_id", "region_id", "metric", "month", "value"])
def test_a_null_where_a_value_is_required(tmp_path: Path, column: str) -> None:
    base = {"value": "CAST(value AS DOUBLE)", "month": "CAST(month || '-01' AS DATE)"}
    expr = base.get(column, column)
    select = _rows(**{column: f"CASE WHEN row_number() OVER () = 4 THEN NULL ELSE {expr} END"})
    assert f"metrics.parquet:5:{column}: a value is required" in problems(tmp_path, select)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("CAST(-1 AS DOUBLE)", "'-1.0'"),
        ("CAST(-5 AS BIGINT)", "'-5'"),
        ("CAST(-2.5 AS DECIMAL(12, 3))", "'-2.500'"),
        ("CAST(-0.25 AS FLOAT)", "'-0.25'"),
    ],
)
def test_a_negative_value_shows_as_its_text(tmp_path: Path, value: str, shown: str) -> None:
    row3 = f"CASE WHEN row_number() OVER () = 3 THEN {value} ELSE CAST(value AS {value.split(' AS ')[1]} END"
    assert problems(tmp_path, _rows(value=row3)) == [
        f"metrics.parquet:4:value: {shown} is negative; it must be 0 or more"
    ]


@pytest.mark.parametrize(("special", "shown"), [("'nan'", "'nan'"), ("'inf'", "'inf'"), ("'-inf'", "'-inf'")])
def test_nan_and_infinity_are_not_numbers(tmp_path: Path, special: str, shown: str) -> None:
    row3 = f"CASE WHEN row_number() OVER () = 3 THEN CAST({special} AS DOUBLE) ELSE CAST(value AS DOUBLE) END"
    assert problems(tmp_path, _rows(value=row3)) == [
        f"metrics.parquet:4:value: {shown} is not a number (a plain decimal with '.' and no thousands separators)"
    ]


def test_a_percent_above_100(tmp_path: Path) -> None:
    # data row 5 (line 7) is i1 b satisfaction 60
    row = "CASE WHEN row_number() OVER () = 6 THEN CAST(100.5 AS DOUBLE) ELSE CAST(value AS DOUBLE) END"
    assert problems(tmp_path, _rows(value=row)) == [
        "metrics.parquet:7:value: '100.5' is above 100 for the percent metric 'satisfaction'"
    ]


@pytest.mark.parametrize("type_", ["DATE", "TIMESTAMP"])
def test_a_month_after_as_of(tmp_path: Path, type_: str) -> None:
    month = f"CASE WHEN row_number() OVER () = 9 THEN CAST('2026-04-01' AS {type_}) ELSE CAST(month || '-01' AS {type_}) END"
    assert problems(tmp_path, _rows(month=month)) == [
        "metrics.parquet:10:month: '2026-04' is after the package's as_of month (2026-03)"
    ]


def test_a_duplicate_key_in_typed_columns(tmp_path: Path) -> None:
    select = _rows() + " UNION ALL " + _rows().replace("FROM read_csv", "FROM read_csv") + " LIMIT 10"
    assert problems(tmp_path, select) == [
        "metrics.parquet:11:initiative_id: duplicate (initiative_id, region_id, metric, month) = "
        "('i1', 'a', 'transactions', '2026-01'): first at line 2; it must be unique"
    ]


def _stored(tmp_path: Path, pkg: Path) -> list[tuple[object, ...]]:
    db = tmp_path / "dep" / "shafaf.duckdb"
    r = load_package(pkg, db, lock_wait_seconds=5)
    assert r.snapshot_id, r.problems
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT initiative_id, region_id, metric, month, value, source, obs_status, weight_value FROM metrics "
            "ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize(
    ("month", "value"),
    [
        ("CAST(month || '-01' AS DATE)", "CAST(value AS DOUBLE)"),
        ("CAST(month || '-01' AS TIMESTAMP)", "CAST(value AS BIGINT)"),
        ("month", "CAST(value AS DECIMAL(12, 3))"),
    ],
    ids=["date-double", "timestamp-bigint", "text-decimal"],
)
def test_parquet_stores_what_the_same_csv_stores(tmp_path: Path, month: str, value: str) -> None:
    from_csv = _stored(tmp_path / "csv", copy_fixture(tmp_path / "csv-pkg"))
    from_parquet = _stored(tmp_path / "pq", _package(tmp_path / "pq-pkg", _rows(value=value, month=month)))
    # tiny's empty `source` is NULL in the CSV and '' when written to Parquet as text
    assert [r[:5] + r[6:] for r in from_parquet] == [r[:5] + r[6:] for r in from_csv]


def test_a_float_value_is_stored_as_the_decimal_it_prints_as(tmp_path: Path) -> None:
    value = "CASE WHEN row_number() OVER () = 1 THEN CAST(0.1 AS FLOAT) ELSE CAST(value AS FLOAT) END"
    rows = _stored(tmp_path, _package(tmp_path / "p", _rows(value=value)))
    assert 0.1 in [r[4] for r in rows]  # not 0.10000000149011612, the FLOAT's exact value
