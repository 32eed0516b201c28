"""The runner settings that keep a warm page view cheap (.streamlit/config.toml; issue 14, bench/README.md)."""

from __future__ import annotations

import ast
import tomllib

import pytest

from tests.pkgtools import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
SCRIPTS = [ROOT / "dashboard.py", ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py"))]


def test_no_full_garbage_collection_after_every_run() -> None:
    # Streamlit's default gc.collect(2) after each script run was about 0.09 s of CPU per warm view
    assert CONFIG["runner"]["postScriptGC"] is False


def test_magic_is_off() -> None:
    assert CONFIG["runner"]["magicEnabled"] is False


def _docstring_nodes(tree: ast.Module) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                out.add(id(first))
    return out


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_script_relies_on_magic(script) -> None:
    """With magic off a bare expression (a variable, a string on its own line) draws nothing: none may be there."""
    tree = ast.parse(script.read_text(encoding="utf-8"))
    docstrings = _docstring_nodes(tree)
    bare = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and id(node) not in docstrings
        and not isinstance(node.value, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom))
    ]
    assert bare == [], f"{script.name}: bare expressions on lines {bare} would need runner.magicEnabled"
    assert len(SCRIPTS) > 5
