"""Docs kept honest: every config key, command and option is documented; the templates are valid."""

from __future__ import annotations

import argparse
import csv
import re

import openpyxl
import pytest

from shafaf.__main__ import _parser
from shafaf.contract.validate import validate_path
from shafaf.settings import KEYS
from tests.pkgtools import ROOT

DOCS = ROOT / "docs"


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_config_key_is_documented() -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    for key in KEYS:
        assert f"| `{key}` |" in text, key
    config = (ROOT / "config.yaml").read_text(encoding="utf-8")
    for key in re.findall(r"^(\w+):", config, re.M):
        assert key in KEYS, f"config.yaml has {key}, which settings.py does not know"


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_command_and_option_is_documented(command: str) -> None:
    guide = (DOCS / "publishing.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"python -m shafaf {command}" in guide and f"python -m shafaf {command}" in readme
    for action in _subcommands()[command]._actions:
        for opt in action.option_strings:
            if opt in ("-h", "--help", "--quiet", "--max-per-rule"):
                continue
            assert opt in guide, f"{command} {opt} is not in docs/publishing.md"


def test_readme_shows_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("package", ["docs/template", "docs/template.xlsx", "data/demo/2026-04", "data/demo/2026-10"])
def test_shipped_packages_are_valid(package: str) -> None:
    assert [str(p) for p in validate_path(ROOT / package)] == []


def test_template_workbook_matches_the_csv_template() -> None:
    wb = openpyxl.load_workbook(DOCS / "template.xlsx", read_only=True)
    try:
        for path in sorted((DOCS / "template").glob("*.csv")):
            with path.open(encoding="utf-8") as f:
                expected = [row for row in csv.reader(f)]
            got = [["" if v is None else str(v) for v in row] for row in wb[path.stem].iter_rows(values_only=True)]
            assert [r[: len(expected[0])] for r in got] == expected, path.name
        lines = [row[0] or "" for row in wb["package"].iter_rows(values_only=True)]
        assert lines == (DOCS / "template" / "package.yaml").read_text(encoding="utf-8").splitlines()
    finally:
        wb.close()


def test_streamlit_config_keeps_the_app_offline_and_quiet() -> None:
    import tomllib

    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["browser"]["serverAddress"]  # else start-up looks up the external IP online
    assert cfg["client"]["showErrorDetails"] == "none"
    assert cfg["server"]["enableXsrfProtection"] is True
    # the data grid's built-in CSV export would hand out formula cells un-neutralised
    assert cfg["client"]["disableDataExport"] is True
