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


def _broken(tmp_path: Path, name: str, edit) -> Path:
    """A copy of data/demo/source with one file edited."""
    shutil.copytree(DEMO / "source", tmp_path, dirs_exist_ok=True)
    text = (DEMO / "source" / f"{name}.yaml").read_text(encoding="utf-8")
    edited = edit(text)
    assert edited != text, "the edit must change the file"
    (tmp_path / f"{name}.yaml").write_text(edited, encoding="utf-8")
    return tmp_path


def _message(make_demo, folder: Path) -> str:
    with pytest.raises(SystemExit) as exc:
        make_demo.read_sources(folder)
    return str(exc.value)


def test_the_committed_source_files_are_well_formed(make_demo) -> None:
    src = make_demo.read_sources(DEMO / "source")
    assert make_demo.cross_check(src) == []
    assert set(src) == {p.stem for p in (DEMO / "source").glob("*.yaml")}, "every source file is read"


def test_the_source_files_name_each_other_correctly(make_demo) -> None:
    # independent of the generator's own checks: the facts the brief's examples name
    src = make_demo.read_sources(DEMO / "source")
    districts = {d["id"] for div in src["divisions"] for d in div["districts"]}
    for group, members in src["district_groups"]["groups"].items():
        assert set(members) <= districts, group
    services = {i["id"] for i in src["initiatives"]}
    milestones = {m["id"] for m in src["milestones"]}
    updates = {u["id"] for u in src["updates"]}
    story = src["story"]
    assert {p["initiative"] for p in story["pauses"] + story["restated"]} <= services
    assert {r["milestone"] for r in story["removed"] if "milestone" in r} <= milestones
    assert {r["update"] for r in story["removed"] if "update" in r} <= updates
    for row in src["funding"]:
        for folder, as_of in src["package_meta"]["packages"].items():
            assert row[f"as_of_{folder.replace('-', '_')}"] <= as_of.isoformat(), (row, folder)
    assert sorted(src["package_meta"]["packages"]) == list(FOLDERS)


def test_a_row_missing_a_field_names_the_file_row_and_fields(make_demo, tmp_path) -> None:
    # the second update loses its date line
    folder = _broken(tmp_path, "updates", lambda t: t.replace("  date: '2019-06-05'\n", "", 1))
    assert _message(make_demo, folder) == (
        "demo source updates.yaml: row 2 (up-002) has ['body', 'id', 'initiative', 'title', 'title_ps', "
        "'title_ur'], expected the fields id, initiative, date, title, title_ur, title_ps, body"
    )


def test_unreadable_yaml_missing_files_and_wrong_shapes_are_named(make_demo, tmp_path) -> None:
    folder = _broken(tmp_path, "funding", lambda t: t + "- [unclosed\n")
    assert _message(make_demo, folder).startswith("demo source funding.yaml: cannot read it: ")
    folder = _broken(tmp_path, "funding", lambda t: t.replace("  as_of_2026_10: '2026-09-30'\n", "", 1))
    assert "demo source funding.yaml: row 1 (?) has [" in _message(make_demo, folder)
    (tmp_path / "story.yaml").write_text("[]\n", encoding="utf-8")
    assert _message(make_demo, tmp_path) == "demo source story.yaml: expected a non-empty mapping"
    (tmp_path / "story.yaml").unlink()
    assert _message(make_demo, tmp_path).startswith("demo source story.yaml: cannot read it: ")
    folder = _broken(tmp_path, "divisions", lambda t: t.replace("    population: 4758762\n", "", 1))
    assert _message(make_demo, folder).startswith("demo source divisions.yaml (pesh): row 1 (peshawar) has [")


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "district_groups",
            "  - tank\n",
            "  - tank-city\n",
            "district_groups.yaml: row 4 (flood_2022): districts 'tank-city' is not a district id in divisions.yaml",
        ),
        (
            "story",
            "{milestone: ms-sm-3,",
            "{milestone: ms-sm-9,",
            "story.yaml (removed): row 1 (?): milestone 'ms-sm-9' is not a milestone id in milestones.yaml",
        ),
        (
            "story",
            "{initiative: telemedicine,",
            "{initiative: tele-medicine,",
            "story.yaml (pauses): row 1 (tele-medicine): initiative 'tele-medicine' is not an initiative id in "
            "initiatives.yaml",
        ),
        (
            "story",
            "factor: 0.94, package: 2026-10}",
            "factor: 0.94, package: 2026-11}",
            "story.yaml (restated): row 1 (e-challan): package '2026-11' is not a package in package_meta.yaml",
        ),
        (
            "funding",
            "  as_of_2026_04: '2026-03-31'\n",
            "  as_of_2026_04: '2026-05-31'\n",
            "funding.yaml: row 1 (citizen-portal): as_of_2026_04 2026-05-31 is after 2026-04-30",
        ),
        (
            "milestones",
            "  title: design\n",
            "  title: desing\n",
            "milestones.yaml: row 1 (ms-cp-1): title 'desing' is not a title template in titles.yaml",
        ),
        (
            "rollouts",
            "regions: mardan abbottabad swat",
            "regions: mardan abottabad swat",
            "rollouts.yaml: row 9 (e-challan): regions 'abottabad' is not pk-kp, pk-kp-<id> or an id in divisions.yaml",
        ),
        (
            "rollouts",
            "{initiative: e-challan, regions: peshawar, stage: live, date: '2020-01-15'}",
            "{initiative: e-challan, regions: peshawar, stage: live, date: '2019-09-15'}",
            "rollouts.yaml: e-challan at pk-kp-peshawar: a later stage is dated before an earlier one",
        ),
        (
            "seasons",
            "{event: ramadan, factor: 0.85}",
            "{event: ramazan, factor: 0.85}",
            "seasons.yaml: row 1 (services): event 'ramazan' is not an event in seasons.yaml",
        ),
        (
            "model",
            "  season: complaints\n",
            "  season: grievances\n",
            "model.yaml: row 1 (citizen-portal): season 'grievances' is not a kind in seasons.yaml",
        ),
    ],
)
def test_a_source_file_naming_what_another_lacks_stops_the_generator(
    make_demo, tmp_path, name, old, new, message
) -> None:
    folder = _broken(tmp_path, name, lambda t: t.replace(old, new, 1))
    assert _message(make_demo, folder) == f"demo source {message}"


def test_a_package_the_contract_validator_rejects_is_not_written(make_demo, tmp_path, monkeypatch, capsys) -> None:
    build = make_demo.build

    def broken_build(n: int) -> dict[str, list[dict]]:
        tables = build(n)
        tables["initiatives"] = [dict(tables["initiatives"][0], department_id="no-such-department")]
        return tables

    monkeypatch.setattr(make_demo, "build", broken_build)
    assert make_demo.main(["--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("demo package 2026-04 fails the data contract's validator; not written:\n")
    assert "'no-such-department' is not a department_id in departments.csv" in err
    assert list(tmp_path.iterdir()) == []
