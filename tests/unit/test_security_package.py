"""Hostile and broken packages (zip bombs, path tricks, nesting, wrong types, damage, size): each is refused
with one clear line before anything is unpacked or published, and the deployment is left byte for byte."""

from __future__ import annotations

import io
import stat
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from shafaf.contract import package as package_mod
from shafaf.contract.package import LIMITS, Limits, open_package
from shafaf.contract.problems import PackageError
from shafaf.store.publish import load_package
from tests.pkgtools import FIXTURES, cli, copy_fixture, tree_digest

TINY = FIXTURES / "tiny"


def _zip(out: Path, members: dict[str, bytes], *, top: str = "", method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(top + name, data)
    return out


def _tiny_members() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(TINY.iterdir()) if p.is_file()}


def _xlsx(out: Path, extra: dict[str, bytes] | None = None) -> Path:
    """The tiny package as a workbook (cells as text), with extra zip members added afterwards."""
    import csv

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "package"
    for line in (TINY / "package.yaml").read_text(encoding="utf-8").splitlines():
        ws.append([line])
    for f in sorted(TINY.glob("*.csv")):
        sheet = wb.create_sheet(f.stem)
        for row in csv.reader(io.StringIO(f.read_text(encoding="utf-8"))):
            if row:
                sheet.append(row)
    wb.save(out)
    if extra:
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:
            for name, data in extra.items():
                zf.writestr(name, data)
    return out


def _forge_central(path: Path, member: str, offset: int, fmt: str, value: int) -> None:
    """Rewrite one field of a member's central-directory entry (where zip readers take it from)."""
    data = bytearray(path.read_bytes())
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_len].decode() == member:
            struct.pack_into(fmt, data, at + offset, value)
            path.write_bytes(bytes(data))
            return
        at += 4
    raise AssertionError(f"{member} not in {path}")


def _forge_central_size(path: Path, member: str, size: int) -> None:
    """The member's unpacked size, as the central directory states it."""
    _forge_central(path, member, 24, "<I", size)


def _symlink_zip(out: Path) -> Path:
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in _tiny_members().items():
            zf.writestr(name, data)
        info = zipfile.ZipInfo("regions.csv.link")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    return out


def _encrypted_zip(out: Path) -> Path:
    """A member marked encrypted (general-purpose flag bit 0): refused from the directory, never decrypted."""
    _zip(out, _tiny_members())
    _forge_central(out, "regions.csv", 8, "<H", 0x1)
    return out


ZEROS = b"0" * (20 * 1024**2)  # 20 MB that deflates about 1000 to 1


def _bomb(out: Path) -> Path:
    return _zip(out, {**_tiny_members(), "metrics.csv": b"region_id,initiative_id,metric,month,value\n" + ZEROS})


def _lying_smaller(out: Path) -> Path:
    """A member whose directory says 100 bytes while it unpacks to 20 MB."""
    _zip(out, {**_tiny_members(), "notes.txt": ZEROS})
    _forge_central_size(out, "notes.txt", 100)
    return out


def _lying_huge(out: Path) -> Path:
    """A member whose directory says 3 GB: refused from the directory alone."""
    _zip(out, _tiny_members())
    _forge_central_size(out, "regions.csv", 3 * 1024**3)
    return out


def _truncated(out: Path) -> Path:
    _zip(out, _tiny_members())
    data = out.read_bytes()
    out.write_bytes(data[: len(data) // 2])
    return out


def _truncated_xlsx(out: Path) -> Path:
    _xlsx(out)
    data = out.read_bytes()
    out.write_bytes(data[: len(data) - 200])
    return out


def _bad_workbook(out: Path) -> Path:
    """A zip with the parts of a workbook whose XML is rubbish."""
    return _zip(out, {"[Content_Types].xml": b"<nope", "xl/workbook.xml": b"<<<", "_rels/.rels": b"x"})


def _inner_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("regions.csv", "x")
    return buf.getvalue()


CASES: dict[str, tuple[str, Callable[[Path], Path], str]] = {
    # name: (file name, builder, words the one-line message must hold)
    "zip-bomb-ratio": ("p.zip", _bomb, "zip bomb"),
    "header-says-3GB": ("p.zip", _lying_huge, "would unpack to 3,221,225,472 bytes"),
    "header-says-less-than-it-unpacks": ("p.zip", _lying_smaller, "notes.txt"),
    "too-many-members": ("p.zip", lambda o: _zip(o, {f"f{i}.txt": b"x" for i in range(LIMITS.members + 1)}), "entries"),
    "path-traversal": ("p.zip", lambda o: _zip(o, {**_tiny_members(), "../evil.csv": b"x"}), "outside the package"),
    "absolute-path": ("p.zip", lambda o: _zip(o, {**_tiny_members(), "/tmp/evil.csv": b"x"}), "outside the package"),
    "backslash-path": ("p.zip", lambda o: _zip(o, {**_tiny_members(), "..\\evil.csv": b"x"}), "backslash"),
    "symlink-member": ("p.zip", _symlink_zip, "symbolic link"),
    "duplicate-member": (
        "p.zip",
        lambda o: _zip(o, {**_tiny_members(), "REGIONS.csv": b"region_id\n"}),
        "twice",
    ),
    "encrypted-member": ("p.zip", _encrypted_zip, "password-protected"),
    "nested-zip-by-name": (
        "p.zip",
        lambda o: _zip(o, {**_tiny_members(), "more.zip": _inner_bytes()}),
        "archive inside",
    ),
    "nested-zip-by-content": (
        "p.zip",
        lambda o: _zip(o, {**_tiny_members(), "regions.csv": _inner_bytes()}),
        "archive inside",
    ),
    "zip-that-is-a-pdf": ("p.zip", lambda o: (o.write_bytes(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n"), o)[1], "a PDF"),
    "xlsx-that-is-a-csv": ("p.xlsx", lambda o: (o.write_bytes((TINY / "regions.csv").read_bytes()), o)[1], "CSV"),
    "xlsx-that-is-an-old-xls": (
        "p.xlsx",
        lambda o: (o.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), o)[1],
        ".xls",
    ),
    "xlsx-that-is-a-plain-zip": ("p.xlsx", lambda o: _zip(o, _tiny_members()), "not an Excel workbook"),
    "empty-zip-file": ("p.zip", lambda o: (o.write_bytes(b""), o)[1], "empty"),
    "empty-xlsx-file": ("p.xlsx", lambda o: (o.write_bytes(b""), o)[1], "empty"),
    "zip-archive-with-no-files": ("p.zip", lambda o: _zip(o, {}), "holds no files"),
    "truncated-zip": ("p.zip", _truncated, "p.zip"),
    "truncated-xlsx": ("p.xlsx", _truncated_xlsx, "p.xlsx"),
    "corrupt-workbook": ("p.xlsx", _bad_workbook, "cannot be read as an Excel workbook"),
    "xlsx-bomb": ("p.xlsx", lambda o: _xlsx(o, {"xl/media/zeros.bin": ZEROS}), "zip bomb"),
    "xlsx-with-macros": ("p.xlsx", lambda o: _xlsx(o, {"xl/vbaProject.bin": b"\x00" * 64}), "macros"),
}


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A deployment with the tiny package published once."""
    tmp = tmp_path_factory.mktemp("sec-pkg")
    db = tmp / "db" / "shafaf.duckdb"
    assert load_package(copy_fixture(tmp / "tiny"), db).snapshot_id
    return db


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_refused_with_one_clear_line_and_nothing_published(case: str, deployment: Path, tmp_path: Path) -> None:
    name, build, words = CASES[case]
    pkg = build(tmp_path / name)
    before = tree_digest(deployment.parent)
    with pytest.raises(PackageError) as e:
        load_package(pkg, deployment)
    message = str(e.value)
    assert words in message, message
    assert "\n" not in message and len(message) < 300, message
    assert tree_digest(deployment.parent) == before


def test_the_checks_do_not_refuse_good_packages(tmp_path: Path) -> None:
    """The same tiny package as a zip (flat and in a folder) and as a workbook opens without a problem."""
    for out in (_zip(tmp_path / "a.zip", _tiny_members()), _zip(tmp_path / "b.zip", _tiny_members(), top="tiny/")):
        with open_package(out) as pkg:
            assert {"regions", "initiatives"} <= set(pkg.tables), out
    with open_package(_xlsx(tmp_path / "c.xlsx")) as pkg:
        assert {"regions", "initiatives"} <= set(pkg.tables)


def test_nothing_is_unpacked_from_a_refused_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The directory is checked before the first byte is written: a bad last entry stops everything."""
    writes: list[str] = []
    real = package_mod._copy_member
    monkeypatch.setattr(
        package_mod, "_copy_member", lambda zf, info, *a: (writes.append(info.filename), real(zf, info, *a))[1]
    )
    with pytest.raises(PackageError):
        with open_package(_zip(tmp_path / "p.zip", {**_tiny_members(), "../evil.csv": b"x"})):
            pass
    assert writes == []
    assert not (tmp_path / "evil.csv").exists()


def test_openpyxl_never_sees_a_refused_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[object] = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(a))
    with pytest.raises(PackageError, match="zip bomb"):
        with open_package(_xlsx(tmp_path / "p.xlsx", {"xl/media/zeros.bin": ZEROS})):
            pass
    assert opened == []


@pytest.mark.parametrize(
    ("limits", "words"),
    [
        (Limits(archive_bytes=1000), "at most 1,000 are accepted"),
        (Limits(unpacked_bytes=1000), "would unpack to"),
        (Limits(member_bytes=100), "would unpack to"),
    ],
)
def test_size_limits_of_an_archive(limits: Limits, words: str, tmp_path: Path) -> None:
    out = _zip(tmp_path / "p.zip", _tiny_members())
    with pytest.raises(PackageError, match=words):
        with open_package(out, limits):
            pass


def test_streaming_stops_at_the_budget_even_if_the_directory_is_consistent(tmp_path: Path) -> None:
    """_copy_member counts what it writes: a member may not write more than what is left of the total."""
    out = _zip(tmp_path / "p.zip", {"a.csv": b"x" * 5000})
    dest = tmp_path / "dest"
    dest.mkdir()
    with zipfile.ZipFile(out) as zf, pytest.raises(PackageError, match="more than"):
        package_mod._copy_member(zf, zf.getinfo("a.csv"), dest / "a.csv", 1000, "p.zip")
    assert (dest / "a.csv").stat().st_size <= 1000


def test_an_oversized_table_in_a_folder(tmp_path: Path) -> None:
    pkg = copy_fixture(tmp_path / "tiny")
    with pytest.raises(PackageError, match=r"\.(yaml|csv) is [0-9,]+ bytes; at most 100 "):
        with open_package(pkg, Limits(table_bytes=100)):
            pass


def test_an_empty_csv_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    out = _zip(tmp_path / "p.zip", {**_tiny_members(), "regions.csv": b""})
    with open_package(out) as pkg:
        assert any(p.file == "regions.csv" and "empty" in p.message for p in pkg.problems)


@pytest.mark.parametrize("case", ["zip-bomb-ratio", "path-traversal", "xlsx-that-is-a-csv", "truncated-zip"])
def test_the_command_line_prints_one_line_and_exits_1(case: str, deployment: Path, tmp_path: Path) -> None:
    name, build, words = CASES[case]
    pkg = build(tmp_path / name)
    before = tree_digest(deployment.parent)
    r = cli("load", str(pkg), env={"SHAFAF_DB": str(deployment)})
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert "Traceback" not in r.stdout + r.stderr
    assert words in r.stdout
    assert r.stdout.startswith(f"{name}::: ")
    assert tree_digest(deployment.parent) == before


def test_the_publishers_guide_states_the_limits_the_code_applies() -> None:
    guide = (FIXTURES.parents[1] / "docs" / "publishing.md").read_text(encoding="utf-8")
    section = guide.split("## Limits: what a package may hold", 1)[1].split("\n## ", 1)[0]
    assert LIMITS.archive_bytes == 1024**3 and "at most 1 GB" in section
    assert LIMITS.members == 100 and "at most 100;" in section
    assert LIMITS.unpacked_bytes == LIMITS.member_bytes == 2 * 1024**3 and "at most 2 GB" in section
    assert LIMITS.ratio == 100 and "more than 100 times" in section
    assert LIMITS.ratio_from_bytes == 1024**2 and "more than 1 MB" in section
    assert LIMITS.table_bytes == 256 * 1024**2 and "at most 256 MB" in section
