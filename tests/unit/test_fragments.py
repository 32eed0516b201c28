"""Page-local widgets live in st.fragment functions, so changing one reruns that part, not the whole page."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PAGES = Path(__file__).resolve().parents[2] / "pages" / "public"

# widget key -> page file: the local controls of a page (the contract's filters stay in the sidebar)
LOCAL_WIDGETS = {
    "regions.measure": "regions.py",
    "regions.metric": "regions.py",
    "milestones.class": "milestones.py",
    "milestones.search": "milestones.py",
    "milestones.horizon": "milestones.py",
    "catalog.search": "catalog.py",
    "catalog.function": "catalog.py",
    "catalog.group": "catalog.py",
    "catalog.show_more": "catalog.py",
}


def _is_fragment(fn: ast.FunctionDef) -> bool:
    for d in fn.decorator_list:
        target = d.func if isinstance(d, ast.Call) else d
        if isinstance(target, ast.Attribute) and target.attr == "fragment":
            return True
    return False


def _enclosing_function(tree: ast.Module, key: str) -> ast.FunctionDef | None:
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.keyword) and node.arg == "key" and getattr(node.value, "value", None) == key:
                return fn
    return None


@pytest.mark.parametrize("key", sorted(LOCAL_WIDGETS))
def test_local_widget_is_inside_a_fragment(key: str) -> None:
    tree = ast.parse((PAGES / LOCAL_WIDGETS[key]).read_text(encoding="utf-8"))
    fn = _enclosing_function(tree, key)
    assert fn is not None, f"no widget with key {key!r} in {LOCAL_WIDGETS[key]}"
    assert _is_fragment(fn), f"{key!r} is drawn by {fn.name}(), which is not an st.fragment"
