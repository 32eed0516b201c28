"""The desk's upload handling with bytes (what the page gets from st.file_uploader): checks, previews,
publishes, refusals; temporary files always removed; the deployment unchanged by anything refused."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from shafaf.officials import desk
from shafaf.store.audit import Actor
from shafaf.store.publish import load_package
from tests.pkgtools import (
    copy_fixture,
    make_tiny_v2,
    replace_in,
    tree_digest,
    workbook_bytes,
    zip_bomb_bytes,
    zip_bytes,
)

MB = 2**20
DEP1 = Actor.official("amina", "Amina Q.", frozenset({"dep1"}))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "deploy" / "shafaf.duckdb"
    assert load_package(copy_fixture(tmp_path / "v1"), path).snapshot_id == "000001"
    return path


def _uploads() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("shafaf-upload-*")}


@pytest.mark.parametrize(
    ("name", "size", "key"), [("pkg.csv", 10, "wrong_type"), ("pkg.zip", 0, "empty"), ("pkg.xlsx", 51 * MB, "too_big")]
)
def test_wrong_type_empty_and_oversized_uploads_are_refused_before_anything_is_written(
    db: Path, name: str, size: int, key: str
) -> None:
    before, temps = tree_digest(db.parent), _uploads()
    with pytest.raises(desk.UploadError) as e:
        desk.check_upload(name, b"x" * size, db, departments=None, max_bytes=50 * MB)
    assert e.value.key == key
    assert tree_digest(db.parent) == before and _uploads() == temps


def test_too_big_message_values() -> None:
    with pytest.raises(desk.UploadError) as e:
        desk.check_upload_name_and_size("a.zip", 51 * MB, 50 * MB)
    assert e.value.values == {"size_mb": "51.0", "max_mb": "50"}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.zip", b"PK\x03\x04 this is not really a zip", "is not a readable zip archive"),
        ("broken.xlsx", b"PK\x03\x04 nor a workbook", ""),
        ("bomb.zip", None, "refused as unsafe"),
    ],
)
def test_corrupt_files_and_zip_bombs_give_one_clear_problem_and_change_nothing(
    db: Path, name: str, data: bytes | None, message: str
) -> None:
    data = zip_bomb_bytes() if data is None else data
    before, temps = tree_digest(db.parent), _uploads()
    p = desk.check_upload(name, data, db, departments=None, max_bytes=50 * MB)
    assert not p.valid and p.total_problems == 1 and p.changes is None
    assert p.problems[0].file == name and message in p.problems[0].message
    assert tree_digest(db.parent) == before and _uploads() == temps


def test_a_broken_workbook_lists_its_problems_by_sheet_row(db: Path, tmp_path: Path) -> None:
    bad = copy_fixture(tmp_path / "bad")
    replace_in(bad / "metrics.csv", "i1,a,transactions,2026-01,100,", "i1,a,transactions,2026-13,100,")
    replace_in(bad / "initiatives.csv", "i2,Pay,dep1,payments,in_progress,,", "i2,Pay,dep9,payments,in_progress,,")
    p = desk.check_upload("march.xlsx", workbook_bytes(bad), db, departments=None, max_bytes=50 * MB)
    assert [str(x) for x in p.problems] == [
        "initiatives.csv:3:department_id: 'dep9' is not a department_id in departments.csv",
        "metrics.csv:2:month: '2026-13' is not a month (YYYY-MM)",
    ]


def test_a_valid_upload_is_previewed_then_published_under_its_own_name(db: Path, tmp_path: Path) -> None:
    data = zip_bytes(make_tiny_v2(tmp_path / "v2"))
    temps = _uploads()
    p = desk.check_upload(
        "../../etc/April data.zip", data, db, departments=frozenset({"dep1", "dep2"}), max_bytes=50 * MB
    )
    assert p.may_publish and p.previous_snapshot_id == "000001" and p.sha256 == desk.upload_sha256(data)
    r = desk.publish_upload(
        "../../etc/April data.zip", data, db, actor=DEP1, expected_previous=p.previous_snapshot_id, max_bytes=50 * MB
    )
    # amina may publish dep1 only; the package removes a dep2 milestone: refused at publish time as well
    assert r.snapshot_id is None and r.refused == "departments"
    admin = Actor.official("root", "Admin", None)
    r = desk.publish_upload(
        "../../etc/April data.zip", data, db, actor=admin, expected_previous="000001", max_bytes=50 * MB
    )
    assert r.snapshot_id == "000002"
    assert [f.name for f in (db.parent / "snapshots" / "000002" / "package").iterdir()] == ["April-data.zip"]
    assert _uploads() == temps
    stale = desk.publish_upload("x.zip", data, db, actor=admin, expected_previous="000001", max_bytes=50 * MB)
    assert stale.refused == "stale" and stale.snapshot_id is None


def test_safe_name_keeps_a_harmless_base_name() -> None:
    assert desk.safe_name("C:\\Users\\x\\My file (2).XLSX") == "My-file-2.xlsx"
    assert desk.safe_name("../../.zip") == "upload.zip"
