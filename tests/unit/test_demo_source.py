"""The demo as data: tools/make_demo.py reads data/demo/source/*.yaml and reproduces the committed packages."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from shafaf.contract.validate import validate_path
from tests.pkgtools import ROOT

DEMO = ROOT / "data" / "demo"
FOLDERS = ("2026-04", "2026-10")


@pytest.fixture(scope="module")
def make_demo():
    spec = importlib.util.spec_from_file_location("make_demo", ROOT / "tools" / "make_demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def regenerated(make_demo, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    assert make_demo.main(["--out", str(out)]) == 0
    return out


def test_regenerating_reproduces_the_committed_packages_byte_for_byte(regenerated: Path) -> None:
    for folder in FOLDERS:
        committed = sorted(p.name for p in (DEMO / folder).iterdir())
        assert sorted(p.name for p in (regenerated / folder).iterdir()) == committed
        assert len(committed) == 10
        for name in committed:
            assert (regenerated / folder / name).read_bytes() == (DEMO / folder / name).read_bytes(), (folder, name)


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_regenerated_packages_pass_the_contract_validator(regenerated: Path, folder: str) -> None:
    assert [str(p) for p in validate_path(regenerated / folder)] == []


def test_the_generator_writes_only_where_it_is_told(make_demo, tmp_path: Path) -> None:
    assert make_demo.main(["--bogus"]) == 2
    assert make_demo.main(["--out"]) == 2


def _broken(make_demo, tmp_path: Path, monkeypatch, name: str, edit) -> None:
    text = (DEMO / "source" / f"{name}.yaml").read_text(encoding="utf-8")
    shutil.copytree(DEMO / "source", tmp_path, dirs_exist_ok=True)
    (tmp_path / f"{name}.yaml").write_text(edit(text), encoding="utf-8")
    monkeypatch.setattr(make_demo, "SOURCE", tmp_path)


def test_a_row_missing_a_field_names_the_file_row_and_fields(make_demo, tmp_path, monkeypatch) -> None:
    # the second update loses its date line
    _broken(make_demo, tmp_path, monkeypatch, "updates", lambda t: t.replace("  date: '2019-06-05'\n", "", 1))
    fields = ("id", "initiative", "date", "title", "title_ur", "title_ps", "body")
    with pytest.raises(SystemExit) as exc:
        make_demo.source("updates", fields)
    assert str(exc.value) == (
        "demo source updates.yaml: row 2 (up-002) has ['body', 'id', 'initiative', 'title', 'title_ps', "
        "'title_ur'], expected the fields id, initiative, date, title, title_ur, title_ps, body"
    )


def test_unreadable_yaml_and_missing_keys_are_named(make_demo, tmp_path, monkeypatch) -> None:
    _broken(make_demo, tmp_path, monkeypatch, "funding", lambda t: t + "- [unclosed\n")
    with pytest.raises(SystemExit, match=r"^demo source funding\.yaml: cannot read it: "):
        make_demo.source("funding")
    _broken(make_demo, tmp_path, monkeypatch, "initiatives", lambda t: t.replace("  dept: kp-itb\n", "", 1))
    with pytest.raises(SystemExit) as exc:
        make_demo.source("initiatives", required=("id", "dept"))
    assert str(exc.value) == "demo source initiatives.yaml: row 1 lacks dept"
    (tmp_path / "pauses.yaml").write_text("[]\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        make_demo.source("pauses")
    assert str(exc.value) == "demo source pauses.yaml: expected a non-empty list or mapping"
