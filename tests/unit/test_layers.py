"""The layers are enforced by import-linter (`make lint`): the real tree passes, a forbidden import fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(root: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    args = [str(LINT_IMPORTS), "--no-logo", "--no-cache", *(a for c in contracts for a in ("--contract", c))]
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, timeout=120)


def _copy_tree(dest: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("shafaf", "pages"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest


def test_the_real_tree_keeps_every_contract() -> None:
    r = _lint(ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "6 kept, 0 broken" in r.stdout


@pytest.mark.parametrize(
    ("contract", "path", "source"),
    [
        # a chart builder that reaches for Streamlit
        ("pure", "shafaf/charts/bad.py", "import streamlit as st\n"),
        # a chart builder reaching DuckDB indirectly, through the queries
        ("pure", "shafaf/charts/bad.py", "from shafaf import queries\n"),
        # a store module importing the UI (a lower layer importing a higher one)
        ("layers", "shafaf/store/bad.py", "from shafaf.ui import data\n"),
        # a public page importing the officials' desk (issue 12: pages/public/data.py did)
        ("public-pages", "pages/public/bad.py", "from shafaf.officials.desk import admin_history_frame\n"),
        # a page importing another page
        ("pages-independent", "pages/public/bad.py", "from pages.public import overview\n"),
        # a page opening DuckDB itself
        ("pages-no-duckdb", "pages/public/bad.py", "import duckdb\n"),
    ],
)
def test_a_forbidden_import_breaks_the_lint(tmp_path: Path, contract: str, path: str, source: str) -> None:
    root = _copy_tree(tmp_path)
    (root / path).write_text(f'"""A module that breaks the layers."""\n\n{source}', encoding="utf-8")
    r = _lint(root, contract)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "BROKEN" in r.stdout and "bad" in r.stdout


def test_every_page_file_only_renders_in_at_most_80_lines() -> None:
    # issue 12: a page draws its view model (shafaf/views/); what it computes lives in the view
    root = Path(__file__).resolve().parents[2]
    long = {
        str(p.relative_to(root)): n
        for p in sorted((root / "pages").rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 80
    }
    assert long == {}


def test_the_command_line_does_not_import_streamlit() -> None:
    """`python -m shafaf` starts in about a second: Streamlit is imported only by what draws or signs in."""
    code = (
        "import sys, shafaf.__main__, shafaf.auth; print(sorted(m for m in sys.modules if m.startswith('streamlit')))"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
    # and the session's names are still there on first use
    r = subprocess.run(
        [sys.executable, "-c", "from shafaf.auth import SESSION_KEY, current_official; print(SESSION_KEY)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0 and r.stdout.strip() == "auth.official", r.stderr
