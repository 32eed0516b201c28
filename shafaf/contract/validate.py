"""Validation of a data package: every rule of contract section 2, as set-wise SQL over staged text.

Tables are staged as text in an in-memory DuckDB (small tables through Python's csv module, which
keeps exact line numbers; the large metrics table through DuckDB's own reader), then every rule is a
SQL condition. A valid package costs one counting scan per table; rows are fetched only for rules
that fail, so 10 million valid rows validate in seconds.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from shafaf import boundaries
from shafaf.contract.meta import PackageMeta, parse_meta
from shafaf.contract.package import BOUNDARIES_FILE, BulkFile, RawPackage, RawTable, open_package
from shafaf.contract.problems import Problem, show, sorted_problems
from shafaf.contract.schema import ID_PATTERN, TABLES, Column, Table

Progress = Callable[[str], None]
DEFAULT_MAX_PER_RULE = 1000
STAGE_CHUNK = 200_000

NUMBER_RE = r"[+-]?(\d+(\.\d*)?|\.\d+)"
NUMBER_EXP_RE = r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?"


def _quiet(_: str) -> None:
    return None


def q(name: str) -> str:
    """A SQL identifier, quoted (names come from the contract's allow-list)."""
    return '"' + name.replace('"', '""') + '"'


@dataclass
class Staged:
    """A table staged as text in DuckDB: `stage_<name>` with `_line` and every contract column."""

    table: Table
    file: str
    relation: str
    present: set[str]  # contract and translation columns present in the file
    rows: int = 0
    exponent_numbers: bool = False  # Parquet numbers may print with an exponent
    # Parquet: `typed` is the table with the file's own column types, `native` the columns (month,
    # number) held there in a type other than text (column -> Parquet type); `relation` shows them as text
    typed: str | None = None
    native: dict[str, str] = field(default_factory=dict)

    @property
    def types(self) -> dict[str, str]:
        """Contract type per column name (translations are text)."""
        return {c.name: c.type for c in self.table.columns}


# Parquet types a number column may have; the values stored are exactly those the text of the value gives
INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
NUMBER_TYPES = INTEGER_TYPES | {"HUGEINT", "UHUGEINT", "FLOAT", "DOUBLE"}
PARQUET_EXPECTED = {
    "text": "a string (VARCHAR) column",
    "month": "a DATE or TIMESTAMP column (the first day of each month) or a string column of YYYY-MM",
    "number": "a number column (an integer, FLOAT, DOUBLE or DECIMAL type)",
}
TEXT_CONTRACT_TYPES = {"id", "text", "metric", "enum", "level", "function", "url", "currency"}


def _is_time(parquet_type: str) -> bool:
    return parquet_type == "DATE" or parquet_type.startswith("TIMESTAMP")


def _is_number(parquet_type: str) -> bool:
    return parquet_type in NUMBER_TYPES or parquet_type.startswith("DECIMAL")


def text_sql(parquet_type: str, col: str) -> str:
    """The text a month or number column of a Parquet file stands for (what the text rules judge)."""
    if _is_time(parquet_type):
        # only the first instant of a month is a month; any other date shows as itself and fails
        return (
            f"CASE WHEN strftime({col}, '%d %H:%M:%S') = '01 00:00:00' THEN strftime({col}, '%Y-%m') "
            f"ELSE CAST({col} AS VARCHAR) END"
        )
    return f"CAST({col} AS VARCHAR)"


def number_sql(parquet_type: str, col: str) -> str:
    """A Parquet number column as DOUBLE, equal to the DOUBLE its text gives (FLOAT 0.1 is 0.1, not 0.10000000149)."""
    if parquet_type in INTEGER_TYPES or parquet_type == "DOUBLE":
        return f"CAST({col} AS DOUBLE)"
    return f"CAST(CAST({col} AS VARCHAR) AS DOUBLE)"


def parquet_column_kind(col_type: str, parquet_type: str) -> str | None:
    """How a Parquet column of a contract type is read: 'native', 'text', or None when its type is wrong.

    Contract types without a rule here (dates, integers, booleans: not in the bulk table) keep the
    text path (their values cast to text)."""
    if col_type in TEXT_CONTRACT_TYPES:
        return "text" if parquet_type == "VARCHAR" else None
    if col_type == "month":
        return "native" if _is_time(parquet_type) else ("text" if parquet_type == "VARCHAR" else None)
    if col_type == "number":
        return "native" if _is_number(parquet_type) else None
    return "text"


@dataclass
class Validation:
    """The outcome of validating a package; `con` keeps the staged tables for `load`."""

    package: RawPackage
    meta: PackageMeta
    problems: list[Problem]
    total_problems: int
    con: duckdb.DuckDBPyConnection
    staged: dict[str, Staged] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the package has no problem at all."""
        return self.total_problems == 0


@dataclass
class Rule:
    """One per-row rule: rows where `condition` is true are problems in `column`."""

    column: str
    condition: str
    message: Callable[[Any], str]
    params: dict[str, Any] = field(default_factory=dict)
    value_sql: str | None = None  # what to show; default the column itself
    single_column: bool = True  # the condition reads `column` only (and parameters)


# Column types with few distinct values: on a large table their rules run once per distinct value.
LOW_CARDINALITY = {"id", "metric", "month", "enum", "level", "function", "date", "currency", "bool"}
LARGE_TABLE_ROWS = 200_000


class Checker:
    """Collects problems, listing at most `max_per_rule` rows per rule and counting the rest."""

    def __init__(self, con: duckdb.DuckDBPyConnection, max_per_rule: int) -> None:
        self.con = con
        self.max = max_per_rule
        self.problems: list[Problem] = []
        self.extra = 0

    def add(self, p: Problem) -> None:
        """Record one problem."""
        self.problems.append(p)

    def run_rules(self, st: Staged, rules: list[Rule]) -> None:
        """Count every rule in one scan, then list the rows of the rules that failed.

        On a large table, a rule on a column with few distinct values (ids, months, metrics) is
        judged once per distinct value instead of once per row.
        """
        if not rules or st.rows == 0:
            return
        per_value: list[Rule] = []
        per_row: list[Rule] = []
        for r in rules:
            col_type = st.types.get(r.column)
            if st.rows >= LARGE_TABLE_ROWS and r.single_column and col_type in LOW_CARDINALITY:
                per_value.append(r)
            else:
                per_row.append(r)
        self._per_row(st, per_row)
        self._per_value(st, per_value)

    def _per_row(self, st: Staged, rules: list[Rule]) -> None:
        if not rules:
            return
        params: dict[str, Any] = {}
        for r in rules:
            params.update(r.params)
        counts_sql = ", ".join(f"count_if({r.condition})" for r in rules)
        counts = self.con.execute(f"SELECT {counts_sql} FROM {st.relation}", params).fetchone()
        assert counts is not None
        for rule, n in zip(rules, counts, strict=True):
            if n:
                self._list(st, rule, st.relation, rule.condition, n)

    def _per_value(self, st: Staged, rules: list[Rule]) -> None:
        by_column: dict[str, list[Rule]] = {}
        for r in rules:
            by_column.setdefault(r.column, []).append(r)
        for column, col_rules in by_column.items():
            col = q(column)
            distinct = f"distinct_{st.table.name}_{abs(hash(column))}"
            self.con.execute(
                f"CREATE OR REPLACE TEMP TABLE {distinct} AS SELECT {col} FROM {st.relation} GROUP BY {col}"
            )
            params: dict[str, Any] = {}
            for r in col_rules:
                params.update(r.params)
            counts_sql = ", ".join(f"count_if({r.condition})" for r in col_rules)
            counts = self.con.execute(f"SELECT {counts_sql} FROM {distinct}", params).fetchone()
            assert counts is not None
            for rule, n_values in zip(col_rules, counts, strict=True):
                if not n_values:
                    continue
                bad = f"{col} IN (SELECT {col} FROM {distinct} WHERE {rule.condition})"
                n = self.con.execute(f"SELECT count(*) FROM {st.relation} WHERE {bad}", rule.params).fetchone()
                assert n is not None
                self._list(st, rule, st.relation, bad, int(n[0]))
            self.con.execute(f"DROP TABLE {distinct}")

    def _list(self, st: Staged, rule: Rule, relation: str, where: str, n: int) -> None:
        """Add the first rows matching `where` as problems, and a count of the rest."""
        value = rule.value_sql or q(rule.column)
        limit = "" if self.max <= 0 else f"LIMIT {int(self.max)}"
        rows = self.con.execute(
            f"SELECT _line, {value} FROM {relation} WHERE {where} ORDER BY _line {limit}", rule.params
        ).fetchall()
        for line, v in rows:
            self.add(Problem(st.file, line, rule.column, rule.message(v)))
        if n > len(rows):
            self.extra += n - len(rows)
            self.add(
                Problem(
                    st.file,
                    rows[-1][0],
                    rule.column,
                    f"... and {n - len(rows):,} more rows with the same problem (--max-per-rule 0 lists them all)",
                )
            )


# ---------------------------------------------------------------------------------------------
# staging


def _arrow_from_rows(columns: list[str], rows: list[tuple[int, list[str]]], idx: list[int]) -> pa.Table:
    data: dict[str, pa.Array] = {"_line": pa.array([r[0] for r in rows], pa.int64())}
    for name, i in zip(columns, idx, strict=True):
        data[name] = pa.array([(r[1][i] if r[1][i] != "" else None) for r in rows], pa.string())
    return pa.table(data)


def _header_columns(
    file: str,
    header: list[str],
    header_line: int,
    table: Table,
    meta: PackageMeta,
    chk: Checker,
) -> tuple[list[str], list[int]]:
    """Known columns of a header with their positions; reports unknown, duplicate, missing ones."""
    allowed = {c.name for c in table.columns}
    translatable = {c.name for c in table.columns if c.translatable}
    for c in table.columns:
        if c.translatable:
            allowed |= {f"{c.name}:{lang}" for lang in meta.languages}
    names: list[str] = []
    idx: list[int] = []
    for i, h in enumerate(header):
        if h in names:
            chk.add(Problem(file, header_line, h, "the column appears twice in the header"))
        elif h not in allowed and not (not meta.parsed and h.split(":", 1)[0] in translatable and ":" in h):
            # (without a readable package.yaml the languages are unknown: translations are not judged)
            hint = ""
            if ":" in h and h.split(":", 1)[0] in allowed:
                hint = f"; add {show(h.split(':', 1)[1])} to package.yaml languages to use it"
            chk.add(
                Problem(
                    file,
                    header_line,
                    h or None,
                    f"unknown column {show(h)} (allowed: {', '.join(c.name for c in table.columns)}"
                    f"{', and name:<lang> translations' if any(c.translatable for c in table.columns) else ''})"
                    f"{hint}",
                )
            )
        else:
            names.append(h)
            idx.append(i)
    for c in table.columns:
        if c.required and c.name not in names:
            chk.add(Problem(file, header_line, c.name, "required column is missing"))
    return names, idx


def _finish_stage(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    meta: PackageMeta,
    raw_rel: str,
    present: list[str],
    view: str | None = None,
) -> str:
    """A view over the raw staged rows with every contract column (absent ones as NULL)."""
    cols = ["_line"]
    for c in table.columns:
        cols.append(q(c.name) if c.name in present else f"NULL::VARCHAR AS {q(c.name)}")
        if c.translatable:
            for lang in meta.languages:
                name = f"{c.name}:{lang}"
                cols.append(q(name) if name in present else f"NULL::VARCHAR AS {q(name)}")
    view = view or f"stage_{table.name}"
    con.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT {', '.join(cols)} FROM {raw_rel}")
    return view


def _stage_raw(con: duckdb.DuckDBPyConnection, raw: RawTable, table: Table, meta: PackageMeta, chk: Checker) -> Staged:
    names, idx = _header_columns(raw.file, raw.header, raw.header_line, table, meta, chk)
    arrow = _arrow_from_rows(names, raw.rows, idx)
    raw_rel = f"raw_{table.name}"
    con.register("_arrow_in", arrow)
    con.execute(f"CREATE OR REPLACE TABLE {raw_rel} AS SELECT * FROM _arrow_in")
    con.unregister("_arrow_in")
    view = _finish_stage(con, table, meta, raw_rel, names)
    return Staged(table, raw.file, view, set(names), len(raw.rows))


def _count_lines(path: Path) -> int:
    n = 0
    last = b"\n"
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 24), b""):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n + (0 if last == b"\n" else 1)


def _stage_bulk_csv_slow(
    con: duckdb.DuckDBPyConnection,
    bulk: BulkFile,
    table: Table,
    meta: PackageMeta,
    chk: Checker,
    names: list[str],
    idx: list[int],
) -> int:
    """Stream a CSV that DuckDB's fast path could not read exactly, in chunks, with exact lines."""
    raw_rel = f"raw_{table.name}"
    con.execute(f"DROP TABLE IF EXISTS {raw_rel}")
    data = bulk.path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        start = e.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data.count(b"\n", 0, start) + 1
        chk.add(
            Problem(
                bulk.file,
                line,
                None,
                f"the file is not UTF-8 (byte 0x{data[start]:02x} cannot be decoded); save it as 'CSV UTF-8'",
            )
        )
        return -1
    del data
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    width = len(bulk.header)
    chunk: list[tuple[int, list[str]]] = []
    total = 0
    created = False
    last_end = 0
    first = True

    def flush() -> None:
        nonlocal created
        arrow = _arrow_from_rows(names, chunk, idx)
        con.register("_arrow_in", arrow)
        if created:
            con.execute(f"INSERT INTO {raw_rel} SELECT * FROM _arrow_in")
        else:
            con.execute(f"CREATE TABLE {raw_rel} AS SELECT * FROM _arrow_in")
            created = True
        con.unregister("_arrow_in")
        chunk.clear()

    try:
        for record in reader:
            start = last_end + 1
            last_end = reader.line_num
            if not record or (len(record) == 1 and record[0] == ""):
                continue
            if first:
                first = False
                continue
            if len(record) != width:
                chk.add(Problem(bulk.file, start, None, f"the row has {len(record)} fields but the header has {width}"))
                continue
            chunk.append((start, record))
            total += 1
            if len(chunk) >= STAGE_CHUNK:
                flush()
    except csv.Error as e:
        chk.add(Problem(bulk.file, last_end + 1, None, f"the CSV cannot be parsed: {e}"))
        return -1
    flush()
    return total


def _stage_bulk(
    con: duckdb.DuckDBPyConnection, bulk: BulkFile, table: Table, meta: PackageMeta, chk: Checker, progress: Progress
) -> Staged | None:
    raw_rel = f"raw_{table.name}"
    if bulk.kind == "parquet":
        try:
            desc = con.execute("DESCRIBE SELECT * FROM read_parquet($p)", {"p": str(bulk.path)}).fetchall()
        except duckdb.Error as e:
            chk.add(Problem(bulk.file, None, None, f"the Parquet file cannot be read: {e}"))
            return None
        header = [d[0] for d in desc]
        types = {d[0]: str(d[1]).upper() for d in desc}
        names, _ = _header_columns(bulk.file, header, 1, table, meta, chk)
        # the file's own types are checked once here: text columns must be strings, numbers numbers
        # (no text round trip per value); months may be dates or YYYY-MM text
        contract = {c.name: c for c in table.columns}
        typed_cols = ["file_row_number + 2 AS _line"]
        text_cols = ["_line"]
        native: dict[str, str] = {}
        wrong = False
        for n in names:
            t = types[n]
            col = contract.get(n)
            ctype = col.type if col is not None else "text"  # translations are text
            kind = parquet_column_kind(ctype, t)
            if kind is None:
                expected = PARQUET_EXPECTED["text" if ctype in TEXT_CONTRACT_TYPES else ctype]
                chk.add(Problem(bulk.file, 1, n, f"the column is {t} in the Parquet file; it must be {expected}"))
                wrong = True
            elif kind == "native":
                native[n] = t
                typed_cols.append(q(n))
                text_cols.append(f"{text_sql(t, q(n))} AS {q(n)}")
            elif t == "VARCHAR":
                typed_cols.append(q(n))
                text_cols.append(q(n))
            elif ctype == "date" and _is_time(t):
                typed_cols.append(
                    f"CASE WHEN strftime({q(n)}, '%H:%M:%S') = '00:00:00' THEN strftime({q(n)}, '%Y-%m-%d') "
                    f"ELSE CAST({q(n)} AS VARCHAR) END AS {q(n)}"
                )
                text_cols.append(q(n))
            else:
                typed_cols.append(f"CAST({q(n)} AS VARCHAR) AS {q(n)}")
                text_cols.append(q(n))
        if wrong:
            return None
        progress(f"reading {bulk.file}")
        typed = f"{raw_rel}_typed"
        con.execute(
            f"CREATE OR REPLACE TABLE {typed} AS SELECT {', '.join(typed_cols)} "
            "FROM read_parquet($p, file_row_number=true)",
            {"p": str(bulk.path)},
        )
        rows = con.execute(f"SELECT count(*) FROM {typed}").fetchone()[0]  # type: ignore[index]
        # the text the rules would judge, for what reads the staged table as text (listing, desk lookups)
        con.execute(f"CREATE OR REPLACE VIEW {raw_rel} AS SELECT {', '.join(text_cols)} FROM {typed}")
        view = _finish_stage(con, table, meta, raw_rel, names)
        typed_view = _finish_stage(con, table, meta, typed, names, f"stage_{table.name}_typed")
        return Staged(table, bulk.file, view, set(names), rows, exponent_numbers=True, typed=typed_view, native=native)

    names, idx = _header_columns(bulk.file, bulk.header, 1, table, meta, chk)
    progress(f"reading {bulk.file}")
    columns = {f"c{i}": "VARCHAR" for i in range(len(bulk.header))}
    fast_ok = True
    try:
        con.execute(
            f"CREATE OR REPLACE TABLE {raw_rel}_all AS SELECT * FROM read_csv($p, auto_detect=false, "
            "header=true, delim=',', quote='\"', escape='\"', columns=$c, strict_mode=true, "
            "null_padding=false, parallel=true)",
            {"p": str(bulk.path), "c": columns},
        )
        rows = con.execute(f"SELECT count(*) FROM {raw_rel}_all").fetchone()[0]  # type: ignore[index]
        if _count_lines(bulk.path) != rows + 1:
            fast_ok = False  # quoted newlines or blank lines: line numbers need the exact reader
    except duckdb.Error:
        fast_ok = False
    if fast_ok:
        # DuckDB reads an empty unquoted cell as NULL but a quoted "" as ''; both mean "no value".
        con.execute(
            f"CREATE OR REPLACE VIEW {raw_rel} AS SELECT rowid + 2 AS _line"
            + "".join(f", NULLIF(c{i}, '') AS {q(n)}" for n, i in zip(names, idx, strict=True))
            + f" FROM {raw_rel}_all"
        )
        view = _finish_stage(con, table, meta, raw_rel, names)
        return Staged(table, bulk.file, view, set(names), rows)
    con.execute(f"DROP TABLE IF EXISTS {raw_rel}_all")
    progress(f"{bulk.file}: irregular CSV, re-reading it line by line for exact line numbers")
    rows = _stage_bulk_csv_slow(con, bulk, table, meta, chk, names, idx)
    if rows < 0:
        return None
    view = _finish_stage(con, table, meta, raw_rel, names)
    return Staged(table, bulk.file, view, set(names), rows)


# ---------------------------------------------------------------------------------------------
# rules


def _type_rules(st: Staged, meta: PackageMeta) -> list[Rule]:
    rules: list[Rule] = []
    cols: list[tuple[Column, str]] = [(c, c.name) for c in st.table.columns]
    for c in st.table.columns:
        if c.translatable:
            cols += [(Column(f"{c.name}:{lang}", "text", False), f"{c.name}:{lang}") for lang in meta.languages]
    for i, (c, name) in enumerate(cols):
        col = q(name)
        if name not in st.present:
            continue
        p = f"p{i}"
        if c.required:
            rules.append(Rule(name, f"{col} IS NULL", lambda v: "a value is required", single_column=False))
        first_value_rule = len(rules)
        t = c.type
        if t == "id":
            rules.append(
                Rule(
                    name,
                    f"NOT regexp_full_match({col}, '{ID_PATTERN}')",
                    lambda v: f"{show(v)} is not a valid id (1-64 characters of A-Z a-z 0-9 . _ -)",
                )
            )
        elif t == "date":
            rules.append(
                Rule(
                    name,
                    f"(NOT regexp_full_match({col}, '\\d{{4}}-\\d{{2}}-\\d{{2}}') OR TRY_CAST({col} AS DATE) IS NULL)",
                    lambda v: f"{show(v)} is not a date (YYYY-MM-DD)",
                )
            )
        elif t == "month":
            # a Parquet date column is judged by the text it stands for, once per distinct value
            text = text_sql(st.native[name], col) if name in st.native else col
            rules.append(
                Rule(
                    name,
                    f"(NOT regexp_full_match({text}, '\\d{{4}}-\\d{{2}}') OR TRY_CAST({text} || '-01' AS DATE) IS NULL)",
                    lambda v: f"{show(v)} is not a month (YYYY-MM)",
                    value_sql=None if text == col else text,
                )
            )
        elif t == "number" and name in st.native:
            # a Parquet number column: judged on its values, shown as the text they stand for
            pt, shown = st.native[name], f"CAST({col} AS VARCHAR)"
            what = "a number (a plain decimal with '.' and no thousands separators)"
            if pt in ("FLOAT", "DOUBLE"):
                rules.append(
                    Rule(name, f"NOT isfinite({col})", lambda v, w=what: f"{show(v)} is not {w}", value_sql=shown)
                )
            if c.min_value is not None:
                finite = f"isfinite({col}) AND " if pt in ("FLOAT", "DOUBLE") else ""
                rules.append(
                    Rule(
                        name,
                        f"{finite}{number_sql(pt, col)} < {float(c.min_value)}",
                        lambda v, m=c.min_value: f"{show(v)} is negative; it must be {m:g} or more",
                        value_sql=shown,
                    )
                )
        elif t in ("number", "integer"):
            pattern = r"[+-]?\d+" if t == "integer" else (NUMBER_EXP_RE if st.exponent_numbers else NUMBER_RE)
            what = (
                "a whole number"
                if t == "integer"
                else "a number (a plain decimal with '.' and no thousands separators)"
            )
            rules.append(
                Rule(name, f"NOT regexp_full_match({col}, '{pattern}')", lambda v, w=what: f"{show(v)} is not {w}")
            )
            if c.min_value is not None:
                rules.append(
                    Rule(
                        name,
                        f"regexp_full_match({col}, '{pattern}') AND TRY_CAST({col} AS DOUBLE) < {float(c.min_value)}",
                        lambda v, m=c.min_value: f"{show(v)} is negative; it must be {m:g} or more",
                    )
                )
        elif t == "bool":
            rules.append(Rule(name, f"{col} NOT IN ('true', 'false')", lambda v: f"{show(v)} is not true or false"))
        elif t == "url":
            rules.append(
                Rule(
                    name,
                    f"NOT regexp_full_match({col}, 'https?://[^\\s<>\"''`]+')",
                    lambda v: f"{show(v)} is not an http(s) URL",
                )
            )
        elif t == "currency":
            rules.append(
                Rule(
                    name,
                    f"NOT regexp_full_match({col}, '[A-Z]{{3}}')",
                    lambda v: f"{show(v)} is not an ISO 4217 currency code (three capital letters, e.g. PKR)",
                )
            )
        elif t in ("enum", "level", "function", "metric"):
            if t == "enum":
                choices, what = list(c.choices), name
            elif t == "level":
                if meta.levels is None:
                    continue
                choices, what = meta.levels, "level of package.yaml levels"
            elif t == "function":
                if meta.functions is None:
                    continue
                choices, what = list(meta.functions), "function of package.yaml functions"
            else:
                if meta.metrics is None:
                    continue
                choices, what = list(meta.metrics), "metric of package.yaml metrics"
            allowed = ", ".join(choices)
            rules.append(
                Rule(
                    name,
                    f"NOT list_contains(${p}, {col})",
                    lambda v, w=what, a=allowed: f"{show(v)} is not a valid {w} (allowed: {a})",
                    {p: choices},
                )
            )
        for r in rules[first_value_rule:]:  # an empty cell is "no value", checked above if required
            r.condition = f"({col} IS NOT NULL AND {r.condition})"
    return rules


def _fk_rules(st: Staged, staged: dict[str, Staged]) -> list[Rule]:
    rules = []
    for col, ref in st.table.foreign_keys:
        if col not in st.present or ref not in staged:
            continue
        target = staged[ref]
        key = target.table.key[0]
        c = q(col)
        rules.append(
            Rule(
                col,
                f"({c} IS NOT NULL AND {c} NOT IN (SELECT {q(key)} FROM {target.relation} WHERE {q(key)} IS NOT NULL))",
                lambda v, f=target.file, k=key: f"{show(v)} is not a {k} in {f}",
            )
        )
    return rules


def _as_of_rules(st: Staged, meta: PackageMeta) -> list[Rule]:
    if meta.as_of is None:
        return []
    as_of = meta.as_of
    name = st.table.name
    rules: list[Rule] = []
    date_cols = {"milestones": ["actual_date"], "rollouts": ["date"]}.get(name, [])
    for col in date_cols:
        if col in st.present:
            rules.append(
                Rule(
                    col,
                    f"TRY_CAST({q(col)} AS DATE) > $as_of",
                    lambda v: f"{show(v)} is after the package's as_of date ({as_of.isoformat()})",
                    {"as_of": as_of},
                )
            )
    if name == "metrics" and "month" in st.present:
        first = as_of.replace(day=1)
        text = text_sql(st.native["month"], "month") if "month" in st.native else None
        rules.append(
            Rule(
                "month",
                f"TRY_CAST({text or 'month'} || '-01' AS DATE) > $as_of_month",
                lambda v: f"{show(v)} is after the package's as_of month ({first:%Y-%m})",
                {"as_of_month": first},
                value_sql=text,
            )
        )
    return rules


def _table_rules(st: Staged, meta: PackageMeta) -> list[Rule]:
    rules: list[Rule] = []
    name = st.table.name
    if name == "initiatives" and {"start_date", "target_date"} <= st.present:
        rules.append(
            Rule(
                "target_date",
                "TRY_CAST(target_date AS DATE) < TRY_CAST(start_date AS DATE)",
                lambda v: f"{show(v[0])} is before start_date {show(v[1])}",
                value_sql="[target_date, start_date]",
                single_column=False,
            )
        )
    if name in ("metrics", "targets") and meta.metrics and {"metric", "value"} <= st.present:
        percent = [m for m, d in meta.metrics.items() if d.unit == "percent"]
        if percent:
            native = st.native.get("value")
            number = number_sql(native, "value") if native else "TRY_CAST(value AS DOUBLE)"
            rules.append(
                Rule(
                    "value",
                    f"{number} > 100 AND list_contains($percent_metrics, metric)",
                    lambda v: f"{show(v[0])} is above 100 for the percent metric {show(v[1])}",
                    {"percent_metrics": percent},
                    value_sql="[CAST(value AS VARCHAR), metric]" if native else "[value, metric]",
                    single_column=False,
                )
            )
    return rules


def _key_problems(st: Staged, chk: Checker) -> None:
    key = st.table.key
    if not key or not set(key) <= st.present or st.rows == 0:
        return
    if st.rows >= LARGE_TABLE_ROWS:
        # cheap proof of uniqueness first: sort the keys' 64-bit hashes and look for neighbours
        # that are equal; only then (a duplicate, or a hash collision) run the exact query
        # (a Parquet date or number is hashed as it is: two values are equal exactly when their texts are,
        # and none stands for the empty text)
        parts = [q(k) if k in st.native else f"coalesce({q(k)}, '')" for k in key]
        clash = chk.con.execute(
            f"SELECT count(*) FROM (SELECT h, lag(h) OVER (ORDER BY h) AS p FROM "
            f"(SELECT hash({', '.join(parts)}) AS h FROM {st.typed or st.relation})) WHERE h = p"
        ).fetchone()
        if clash is not None and clash[0] == 0:
            return
    kc = ", ".join(f"coalesce({q(k)}, '')" for k in key)
    names = ", ".join(key)
    sql = f"""
        WITH d AS (
            SELECT {", ".join(f"coalesce({q(k)}, '') AS k{i}" for i, k in enumerate(key))},
                   min(_line) AS first_line
            FROM {st.relation} GROUP BY ALL HAVING count(*) > 1
        )
        SELECT s._line, d.first_line, [{kc}]
        FROM {st.relation} s JOIN d ON {" AND ".join(f"coalesce(s.{q(k)}, '') = d.k{i}" for i, k in enumerate(key))}
        WHERE s._line > d.first_line ORDER BY s._line
    """
    rows = chk.con.execute(sql).fetchall()
    limit = chk.max if chk.max > 0 else len(rows)
    for line, first, values in rows[:limit]:
        shown = ", ".join(show(v) for v in values)
        what = f"({names}) = ({shown})" if len(key) > 1 else f"{key[0]} {shown}"
        chk.add(Problem(st.file, line, key[0], f"duplicate {what}: first at line {first}; it must be unique"))
    if len(rows) > limit:
        chk.extra += len(rows) - limit
        chk.add(Problem(st.file, rows[limit - 1][0], key[0], f"... and {len(rows) - limit:,} more duplicate rows"))


def _region_problems(st: Staged, meta: PackageMeta, chk: Checker) -> None:
    """One root, levels one deeper than the parent's, no cycles."""
    rows = chk.con.execute(f"SELECT _line, region_id, parent_id, level FROM {st.relation} ORDER BY _line").fetchall()
    by_id: dict[str, tuple[int, str | None, str | None]] = {}
    for line, rid, parent, level in rows:
        if rid is not None and rid not in by_id:
            by_id[rid] = (line, parent, level)
    roots = [(line, rid) for line, rid, parent, _ in rows if parent is None and rid is not None]
    if not roots and rows:
        chk.add(Problem(st.file, None, "parent_id", "no root region: exactly one region must have an empty parent_id"))
    for line, rid in roots[1:]:
        chk.add(
            Problem(
                st.file,
                line,
                "parent_id",
                f"a second root region {show(rid)}: only one region may have an empty parent_id "
                f"(the first is {show(roots[0][1])} at line {roots[0][0]})",
            )
        )
    levels = meta.levels or []
    depth = {lv: i for i, lv in enumerate(levels)}
    if roots and levels:
        line, rid = roots[0]
        lv = by_id[rid][2]
        if lv in depth and depth[lv] != 0:
            chk.add(
                Problem(
                    st.file,
                    line,
                    "level",
                    f"the root is at level {show(lv)}; it must be {show(levels[0])}, the first of package.yaml levels",
                )
            )
    for line, _rid, parent, level in rows:
        if parent is None or parent not in by_id or level not in depth:
            continue
        plevel = by_id[parent][2]
        if plevel in depth and depth[level] != depth[plevel] + 1:
            expected = levels[depth[plevel] + 1] if depth[plevel] + 1 < len(levels) else None
            want = f"it must be {show(expected)}" if expected else f"{show(plevel)} is the deepest level"
            chk.add(
                Problem(
                    st.file,
                    line,
                    "level",
                    f"level {show(level)} is not one deeper than its parent {show(parent)} ({plevel}); {want}",
                )
            )
    # cycles: follow parents; a walk that revisits a region is a cycle
    reported: set[str] = set()
    for rid in by_id:
        seen: list[str] = []
        cur: str | None = rid
        while cur is not None and cur in by_id and cur not in seen:
            seen.append(cur)
            cur = by_id[cur][1]
        if cur is not None and cur in seen:
            cycle = seen[seen.index(cur) :]
            if not reported.intersection(cycle):
                reported.update(cycle)
                for member in cycle:
                    path = " -> ".join([*cycle[cycle.index(member) :], *cycle[: cycle.index(member)], member])
                    chk.add(Problem(st.file, by_id[member][0], "parent_id", f"the parents form a cycle: {path}"))


def _rollup_problems(st: Staged, regions: Staged, chk: Checker) -> None:
    """Metric rows must not exist both for a region and for any of its descendants."""
    if not {"initiative_id", "region_id", "metric", "month"} <= st.present:
        return
    # on a Parquet file, compare its own month values (equal exactly when their texts are)
    rel = st.typed or st.relation
    month = text_sql(st.native["month"], "month") if "month" in st.native else "month"
    sql = f"""
        WITH RECURSIVE parents AS (
            SELECT DISTINCT region_id, parent_id FROM {regions.relation}
            WHERE region_id IS NOT NULL AND parent_id IS NOT NULL
        ),
        anc(region_id, ancestor_id, hops) AS (
            SELECT region_id, parent_id, 1 FROM parents
            UNION ALL
            SELECT a.region_id, p.parent_id, a.hops + 1 FROM anc a JOIN parents p ON a.ancestor_id = p.region_id
            WHERE a.hops < 64
        ),
        upper_rows AS (
            SELECT _line, initiative_id, region_id, metric, month FROM {rel}
            WHERE region_id IN (SELECT parent_id FROM parents)
        ),
        hits AS (
            SELECT u._line, u.region_id, u.initiative_id, u.metric, u.month,
                   min(c._line) AS child_line, arg_min(c.region_id, c._line) AS child_region
            FROM upper_rows u
            JOIN anc a ON a.ancestor_id = u.region_id
            JOIN {rel} c ON c.region_id = a.region_id AND c.initiative_id = u.initiative_id
                 AND c.metric = u.metric AND c.month = u.month
            GROUP BY ALL
        )
        SELECT _line, region_id, initiative_id, metric, {month}, child_line, child_region FROM hits ORDER BY _line
    """
    rows = chk.con.execute(sql).fetchall()
    limit = chk.max if chk.max > 0 else len(rows)
    for line, rid, init, metric, month, cline, cregion in rows[:limit]:
        chk.add(
            Problem(
                st.file,
                line,
                "region_id",
                f"{show(rid)} has a row for {show(init)} {show(metric)} {month}, and so does its "
                f"descendant {show(cregion)} (line {cline}); values roll up the hierarchy, so send one level only",
            )
        )
    if len(rows) > limit:
        chk.extra += len(rows) - limit
        chk.add(
            Problem(st.file, rows[limit - 1][0], "region_id", f"... and {len(rows) - limit:,} more rows counted twice")
        )


# ---------------------------------------------------------------------------------------------


def _boundaries_problems(text: str, regions: Staged | None, chk: Checker) -> None:
    """regions.geojson: a drawable FeatureCollection whose region ids (and `covers` ids) are the package's regions."""
    try:
        collection = json.loads(text)
    except json.JSONDecodeError as e:
        chk.add(Problem(BOUNDARIES_FILE, e.lineno, None, f"not JSON: {e.msg}"))
        return
    found = boundaries.problems(collection)
    for message in found:
        chk.add(Problem(BOUNDARIES_FILE, None, None, message))
    if found or regions is None:
        return
    known = {r for (r,) in chk.con.execute(f"SELECT DISTINCT region_id FROM {regions.relation}").fetchall()}
    for n, f in enumerate(collection["features"]):
        props = f["properties"]
        ids = [props["region_id"]] if isinstance(props.get("region_id"), str) else list(props["covers"])
        for rid in ids:
            if rid not in known:
                chk.add(
                    Problem(
                        BOUNDARIES_FILE,
                        None,
                        "region_id",
                        f"feature {n + 1}: {show(rid)} is not a region in regions.csv",
                    )
                )


def connect_staging(memory_limit: str = "3GB", temp_directory: str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB for staging, with a memory cap and nothing fetched from the network."""
    config: dict[str, Any] = {
        "memory_limit": memory_limit,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }
    if temp_directory:
        config["temp_directory"] = temp_directory
    return duckdb.connect(":memory:", config=config)


def validate_raw(
    pkg: RawPackage,
    con: duckdb.DuckDBPyConnection,
    *,
    max_per_rule: int = DEFAULT_MAX_PER_RULE,
    progress: Progress = _quiet,
) -> Validation:
    """Validate an opened package; the staged tables stay in `con`."""
    chk = Checker(con, max_per_rule)
    for p in pkg.problems:
        chk.add(p)
    meta, meta_problems = parse_meta(pkg.yaml_text, pkg.yaml_file)
    unreadable_yaml = pkg.yaml_text is None and any(p.file == pkg.yaml_file for p in pkg.problems)
    for p in meta_problems:
        if not unreadable_yaml:  # a present but undecodable package.yaml has its own problem already
            chk.add(p)
    staged: dict[str, Staged] = {}
    for table in TABLES:
        if table.required and table.name not in pkg.tables and table.name not in pkg.bulk:
            # a file that was present but unreadable has its own problem already
            if not any(p.file == table.filename for p in pkg.problems):
                chk.add(Problem(table.filename, None, None, "required file is missing"))
            continue
        if table.name in pkg.bulk:
            st = _stage_bulk(con, pkg.bulk[table.name], table, meta, chk, progress)
        elif table.name in pkg.tables:
            st = _stage_raw(con, pkg.tables[table.name], table, meta, chk)
        else:
            continue
        if st is not None:
            staged[table.name] = st
            progress(f"{st.file}: {st.rows:,} rows")
    for name, st in staged.items():
        progress(f"checking {st.file}")
        rules = _type_rules(st, meta) + _fk_rules(st, staged) + _as_of_rules(st, meta) + _table_rules(st, meta)
        # a Parquet file's rules read its own typed columns (they are written for them)
        chk.run_rules(replace(st, relation=st.typed) if st.typed else st, rules)
        _key_problems(st, chk)
        if name == "regions":
            _region_problems(st, meta, chk)
        if name == "metrics" and "regions" in staged:
            _rollup_problems(st, staged["regions"], chk)
    if pkg.boundaries_text is not None:
        _boundaries_problems(pkg.boundaries_text, staged.get("regions"), chk)
    problems = sorted_problems(chk.problems)
    total = len(problems) - sum(1 for p in problems if p.message.startswith("... and ")) + chk.extra
    return Validation(pkg, meta, problems, total, con, staged)


def validate_path(
    path: Path,
    *,
    max_per_rule: int = DEFAULT_MAX_PER_RULE,
    progress: Progress = _quiet,
    memory_limit: str = "3GB",
) -> list[Problem]:
    """Validate the package at `path` and return its problems (empty when valid)."""
    with open_package(path) as pkg:
        con = connect_staging(memory_limit)
        try:
            return validate_raw(pkg, con, max_per_rule=max_per_rule, progress=progress).problems
        finally:
            con.close()
