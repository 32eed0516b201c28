"""The code base itself: no raw-HTML outputs with data, and no SQL built from values (only allow-listed names)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from shafaf import queries
from tests.pkgtools import ROOT

APP_FILES = sorted([*(ROOT / "shafaf").rglob("*.py"), *(ROOT / "pages").rglob("*.py"), ROOT / "dashboard.py"])
# the code that serves the public: every query is a fixed file of shafaf/sql/ with $named parameters
SERVING = [
    p
    for p in APP_FILES
    if p.is_relative_to(ROOT / "pages")
    or p.is_relative_to(ROOT / "shafaf" / "ui")
    or p.is_relative_to(ROOT / "shafaf" / "charts")
    or p.name in ("dashboard.py", "queries.py", "metrics.py", "summary.py", "narrative.py", "navigation.py")
]
SQL_CALLS = {"execute", "executemany", "sql", "query", "from_query"}

# Publisher-side SQL (validation, building a snapshot, export) names tables and columns, which DuckDB
# cannot take as parameters. Every expression interpolated into such SQL is listed here: q(...) quotes
# an identifier from the contract's schema; the others are SQL fragments or relation names those
# modules build from the schema and q(), never from package values (which always go as $parameters).
# A new interpolation fails this test until someone has checked it and added it.
ALLOWED_INTERPOLATIONS = {
    "shafaf/contract/validate.py": {
        "' AND '.join((f\"coalesce(s.{q(k)}, '') = d.k{i}\" for i, k in enumerate(key)))",
        "', '.join((f\"coalesce({q(k)}, '') AS k{i}\" for i, k in enumerate(key)))",
        "', '.join(cols)",
        "', '.join(exprs)",
        *("bad col counts_sql distinct h i kc limit q(k) q(n) r.condition raw_rel regions.relation".split()),
        *("relation st.relation value view where".split()),
        # metrics.parquet read in its own types: column lists of q()-quoted contract names (and text_sql /
        # number_sql of them), the month's text expression of the constant "month", relation names
        *("', '.join(parts)", "', '.join(text_cols)", "', '.join(typed_cols)", "st.typed or st.relation"),
        *("month rel typed".split()),
    },
    "shafaf/export.py": {"', '.join(sel)", "q(table)"},
    # reviewed on the desk branch (not merged here yet): identifiers through q(), fixed aliases and
    # constants, values as ? or $name parameters
    "shafaf/store/changes.py": {
        "' AND '.join(conds)",
        "' OR '.join(differs) or 'false'",
        *("NEW OLD ROW_LIMIT db dep_new dep_old on sel st.relation table".split()),
        *("_struct('n', cols)", "_struct('n', new_cols)", "_struct('p', cols)", "_struct('p', old_cols)"),
        *("keytext.format(a='n')", "keytext.format(a='p')"),
        # listed rows read back by rowid (ids are parameters); the reload's per-initiative hash filter:
        # both built from the q()-quoted column names and the NEW/OLD constants
        *("_struct('t', cols)", "agg.format(db=NEW)", "agg.format(db=OLD)", "skip_n", "skip_p"),
    },
    "shafaf/store/publish.py": {"sets"},
    # the public record (issue 11): table names and DDL are the module's constants (WITHDRAWABLE, RECORD_TABLES),
    # keys and joins q()-quoted contract columns (key_sql), `sel` a fixed SELECT; reasons go as a temp table
    "shafaf/store/record.py": set("back ddl keys name on sel table".split()),
    "shafaf/store/build.py": {
        *("cols ddl key_sql name on pairs q(col) q(k) q(key) sel stage t.name table.name".split()),
        "v.staged[table.name].relation",
        # build_rollups: integers from SELECT count(*) (bitstring_agg and the mask width must be constants)
        "top",
        "top + 1",
    },
}


def _calls(path: Path) -> Iterator[ast.Call]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            yield node


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_no_unsafe_html_anywhere() -> None:
    """Data is never rendered as HTML: no unsafe_allow_html, no components.html, st.html only for the RTL CSS."""
    found = []
    for path in APP_FILES:
        for call in _calls(path):
            name = ast.unparse(call.func)
            kwargs = {k.arg: ast.unparse(k.value) for k in call.keywords}
            if kwargs.get("unsafe_allow_html") not in (None, "False"):
                found.append(f"{_rel(path)}:{call.lineno} unsafe_allow_html")
            if name.endswith(("components.html", "components.iframe", "components.declare_component")):
                found.append(f"{_rel(path)}:{call.lineno} {name}")
            if name.endswith(".html") and name.startswith("st"):
                args = [ast.unparse(a) for a in call.args]
                # shafaf/ui/rtl.py: the app's own CSS and language script, built from constants and a
                # language code checked against LANGUAGES; nothing from a package
                if _rel(path) == "shafaf/ui/rtl.py" and args in (
                    ["f'<style>{css(lang)}</style>'"],
                    ["lang_script(lang)"],
                ):
                    continue
                found.append(f"{_rel(path)}:{call.lineno} {name}({', '.join(args)})")
    assert found == []


def test_no_raw_html_text_in_the_source() -> None:
    """The same by text, for what the AST check cannot see (strings, getattr)."""
    pattern = re.compile(r"unsafe_allow_html\s*=\s*True|components\.v1|st\.components|streamlit\.components")
    assert [_rel(p) for p in APP_FILES if pattern.search(p.read_text(encoding="utf-8"))] == []


def test_the_serving_code_sends_only_fixed_query_files() -> None:
    """Pages, ui and charts never build SQL: the only execute is queries.run, on shafaf/sql/<name>.sql."""
    found = []
    for path in SERVING:
        for call in _calls(path):
            if isinstance(call.func, ast.Attribute) and call.func.attr in SQL_CALLS:
                # a snapshot from before contract 1.1 reads the same file through CTEs of fixed text
                fixed = ("sql_text(name)", "with_provenance_defaults(sql_text(name), shadowed)")
                if _rel(path) == "shafaf/queries.py" and ast.unparse(call.args[0]) in fixed:
                    continue
                found.append(f"{_rel(path)}:{call.lineno} {ast.unparse(call)[:80]}")
    assert found == []


def test_query_names_come_from_code_not_from_users() -> None:
    """Every data.run(...) and queries.run(...) outside their definitions names its query with a literal."""
    found = []
    for path in SERVING:
        for call in _calls(path):
            name = ast.unparse(call.func)
            if name in ("data.run", "queries.run", "run") and _rel(path) not in (
                "shafaf/ui/data.py",
                "shafaf/queries.py",
            ):
                literal = call.args[1] if name == "queries.run" else call.args[0]
                if not (isinstance(literal, ast.Constant) and isinstance(literal.value, str)):
                    found.append(f"{_rel(path)}:{call.lineno}")
    assert found == []


@pytest.mark.parametrize("name", ["../meta_by_key", "/etc/passwd", "meta_by_key/../../x", "missing"])
def test_a_query_name_cannot_leave_the_sql_folder(name: str) -> None:
    with pytest.raises(KeyError):
        queries.sql_text(name)


def test_query_files_take_values_only_as_parameters() -> None:
    """shafaf/sql/*.sql: one statement each, no Python format fields, values as $name parameters."""
    for path in sorted(queries.SQL_DIR.glob("*.sql")):
        text = re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8"))
        assert "{" not in text and "%s" not in text, path.name
        assert text.strip().rstrip(";").count(";") == 0, path.name


def test_publisher_side_sql_interpolates_only_allow_listed_names() -> None:
    found: dict[str, set[str]] = {}
    for path in APP_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            sql_args: list[ast.AST] = []
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
                sql_args += node.args[:1]
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and "sql" in t.id.lower() for t in node.targets
            ):
                sql_args.append(node.value)
            for arg in sql_args:
                for f in ast.walk(arg):
                    if isinstance(f, ast.JoinedStr):
                        for v in f.values:
                            if isinstance(v, ast.FormattedValue):
                                found.setdefault(_rel(path), set()).add(ast.unparse(v.value))
                    if isinstance(f, ast.Call) and isinstance(f.func, ast.Attribute) and f.func.attr == "format":
                        found.setdefault(_rel(path), set()).add(ast.unparse(f))
                    if isinstance(f, ast.BinOp) and isinstance(f.op, ast.Mod) and isinstance(f.left, ast.Constant):
                        found.setdefault(_rel(path), set()).add(ast.unparse(f))
    unexpected = {p: sorted(e - ALLOWED_INTERPOLATIONS.get(p, set())) for p, e in found.items()}
    assert {p: e for p, e in unexpected.items() if e} == {}
