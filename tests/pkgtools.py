"""Helpers to build data packages for tests: copy a fixture, then edit its text files."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def copy_fixture(dest: Path, name: str = "tiny") -> Path:
    """A fresh copy of a fixture package."""
    shutil.copytree(FIXTURES / name, dest)
    return dest


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of text in a package file (it must occur once)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file and link below `folder` with a hash of its bytes (links: their target)."""
    out: dict[str, str] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            p = Path(root) / name
            rel = str(p.relative_to(folder))
            if p.is_symlink():
                out[rel] = "link:" + os.readlink(p)
            elif p.is_file():
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
            else:
                out[rel] = "dir"
    return out


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `python -m shafaf ARGS` from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "shafaf", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def make_tiny_v2(dest: Path) -> Path:
    """The tiny package a month later: a re-plan, status changes, a removed milestone, a new rollout."""
    p = copy_fixture(dest)
    replace_in(p / "package.yaml", "as_of: 2026-03-15", "as_of: 2026-04-30")
    replace_in(p / "milestones.csv", "m4,i2,Scale,,2026-06-30,,,,", "m4,i2,Scale,,2026-08-31,,,,")
    replace_in(p / "milestones.csv", "m6,i3,Other province,d,2026-01-01,,,,\n", "")
    replace_in(p / "milestones.csv", "m3,i2,Pilot,,2026-01-01,,,blocked,", "m3,i2,Pilot,,2026-01-01,,2026-04-02,,")
    replace_in(p / "initiatives.csv", "i2,Pay,dep1,payments,in_progress,,", "i2,Pay,dep1,payments,live,,")
    with (p / "rollouts.csv").open("a", encoding="utf-8") as f:
        f.write("i2,b,pilot,2026-04-01\n")
    with (p / "metrics.csv").open("a", encoding="utf-8") as f:
        f.write("i1,a,transactions,2026-03,170,\ni1,b,transactions,2026-03,280,\n")
    return p


def make_big(dest: Path, districts: int = 200, initiatives: int = 20, months: int = 60) -> Path:
    """A valid package with many metric rows (districts x initiatives x months x 2), for slow-path tests."""
    import duckdb

    p = copy_fixture(dest)
    with (p / "regions.csv").open("a", encoding="utf-8") as f:
        for i in range(districts):
            f.write(f"x{i},p2,district,Extra {i},,{1000 + i}\n")
    with (p / "initiatives.csv").open("a", encoding="utf-8") as f:
        for i in range(initiatives):
            f.write(f"big{i},Big {i},dep2,payments,live,,\n")
    with (p / "rollouts.csv").open("a", encoding="utf-8") as f:
        for i in range(initiatives):
            f.write(f"big{i},p2,live,2021-01-01\n")
    con = duckdb.connect()
    con.execute(
        f"""
        COPY (
          SELECT 'big' || i AS initiative_id, 'x' || d AS region_id, metric,
                 strftime(DATE '2021-01-01' + to_months(m), '%Y-%m') AS month,
                 (i * 7 + d + m) % 1000 AS value, '' AS source
          FROM range({initiatives}) t(i), range({districts}) r(d), range({months}) s(m),
               (VALUES ('transactions'), ('users')) v(metric)
        ) TO '{p / "big.csv"}' (HEADER false)
        """
    )
    con.close()
    with (p / "metrics.csv").open("ab") as out, (p / "big.csv").open("rb") as src:
        shutil.copyfileobj(src, out)
    (p / "big.csv").unlink()
    return p


def zip_bytes(folder: Path) -> bytes:
    """A folder package as the bytes of a .zip (files at the top of the archive)."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(folder.iterdir()):
            if p.is_file():
                zf.write(p, p.name)
    return buf.getvalue()


def workbook_bytes(folder: Path) -> bytes:
    """A folder package as the bytes of one .xlsx workbook (a `package` sheet, one text sheet per CSV)."""
    import csv
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "package"
    for line in (folder / "package.yaml").read_text(encoding="utf-8").splitlines():
        ws.append([line])
    for f in sorted(folder.glob("*.csv")):
        sheet = wb.create_sheet(f.stem)
        with f.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                sheet.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bomb_bytes(unpacked_mb: int = 60) -> bytes:
    """A small .zip that unpacks to `unpacked_mb` MB of zeros (compression ratio far above 200:1)."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("metrics.csv", "w", force_zip64=True) as f:
        chunk = b"0" * 2**20
        for _ in range(unpacked_mb):
            f.write(chunk)
    return buf.getvalue()


FUNDING_V1 = (
    "initiative_id,funder,committed,disbursed,currency,as_of\n"
    "i1,World Bank,1000,400,USD,2026-01-31\n"
    "i2,Donor Fund,500,100,USD,2026-01-31\n"
)


def make_withdrawal_v1(dest: Path) -> Path:
    """The tiny package with two funding lines (i1 from the World Bank, i2 from the Donor Fund)."""
    p = copy_fixture(dest)
    (p / "funding.csv").write_text(FUNDING_V1, encoding="utf-8")
    return p


def make_withdrawal_v2(dest: Path) -> Path:
    """make_withdrawal_v1 six weeks later, hiding slippage: the overdue, blocked m3 ("Pilot", 2026-01-01) is left
    out, m4 ("Scale") moves nine months (2026-06-30 -> 2027-03-31) with a change_note, the rollout i3/d/planned
    is left out, i1's funding line moves its as_of (a change, not a withdrawal) and i2's line is left out."""
    p = copy_fixture(dest)
    (p / "funding.csv").write_text(
        "initiative_id,funder,committed,disbursed,currency,as_of\ni1,World Bank,1000,650,USD,2026-04-30\n",
        encoding="utf-8",
    )
    replace_in(p / "package.yaml", "as_of: 2026-03-15", "as_of: 2026-04-30")
    (p / "milestones.csv").write_text(
        "milestone_id,initiative_id,title,region_id,planned_date,baseline_date,actual_date,status,note,change_note\n"
        "m1,i1,Launch,,2025-06-01,2025-05-01,2025-06-01,,,\n"
        "m2,i1,District A,a,2025-12-01,,2026-01-05,,,\n"
        "m4,i2,Scale,,2027-03-31,,,,,Vendor contract re-tendered\n"
        "m5,i3,Plan,,2026-02-01,,,cancelled,,\n"
        "m6,i3,Other province,d,2026-01-01,,,,,\n",
        encoding="utf-8",
    )
    replace_in(p / "rollouts.csv", "i3,d,planned,2026-01-01\n", "")
    return p
