"""Shared test helpers: a copy of the tiny fixture package that a test can break one line at a time."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny"


class PackageCopy:
    """A data package copied into a temporary folder, with small edits by file, line and column."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def file(self, name: str) -> Path:
        """The path of one file of the package."""
        return self.path / name

    def read(self, name: str) -> str:
        """The text of one file."""
        return self.file(name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        """Replace (or create) one file with `text`."""
        self.file(name).write_text(text, encoding="utf-8", newline="")

    def remove(self, name: str) -> None:
        """Delete one file."""
        self.file(name).unlink()

    def table(self, name: str) -> tuple[list[str], list[list[str]]]:
        """A CSV file as (header, rows)."""
        rows = list(csv.reader(io.StringIO(self.read(name), newline="")))
        return rows[0], [r for r in rows[1:] if r]

    def write_table(self, name: str, header: list[str], rows: list[list[str]]) -> None:
        """Write a CSV file from a header and rows ('\\n' line ends, minimal quoting)."""
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
        self.write(name, out.getvalue())

    def append(self, name: str, values: dict[str, str]) -> None:
        """Append one row given by column name (missing columns empty); the file need not exist yet."""
        if self.file(name).exists():
            header, rows = self.table(name)
        else:
            header, rows = list(values), []
        unknown = set(values) - set(header)
        assert not unknown, f"{name} has no column {unknown}"
        rows.append([values.get(h, "") for h in header])
        self.write_table(name, header, rows)

    def set_cell(self, name: str, line: int, column: str, value: str) -> None:
        """Set one cell, addressed by its line in the file (header = 1) and column name."""
        header, rows = self.table(name)
        rows[line - 2][header.index(column)] = value
        self.write_table(name, header, rows)

    def add_column(self, name: str, column: str, default: str = "") -> None:
        """Add a column at the end of the header, `default` in every row."""
        header, rows = self.table(name)
        self.write_table(name, [*header, column], [[*r, default] for r in rows])

    def drop_column(self, name: str, column: str) -> None:
        """Remove a column from the header and every row."""
        header, rows = self.table(name)
        i = header.index(column)
        self.write_table(name, header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in rows])

    def yaml_replace(self, old: str, new: str) -> None:
        """Replace one exact piece of package.yaml's text."""
        text = self.read("package.yaml")
        assert text.count(old) == 1, f"{old!r} is not exactly once in package.yaml"
        self.write("package.yaml", text.replace(old, new))

    def problems(self, path: Path | None = None, **kw: object) -> list[str]:
        """The validator's problems for this package (or another path), as formatted lines."""
        from shafaf.contract.validate import validate_path

        return [str(p) for p in validate_path(path or self.path, **kw)]  # type: ignore[arg-type]


def provenance_tiny(dest: Path) -> PackageCopy:
    """tiny copied to `dest`, with transactions `verified` and observation statuses (the rest A):
    i1/a Jan and Feb 2026 estimated (E), i1/b Feb provisional (P)."""
    shutil.copytree(TINY, dest)
    pkg = PackageCopy(dest)
    pkg.yaml_replace("transactions: {label: Transactions,", "transactions: {provenance: verified, label: Transactions,")
    pkg.add_column("metrics.csv", "obs_status")
    pkg.set_cell("metrics.csv", 2, "obs_status", "E")  # i1,a,transactions,2026-01
    pkg.set_cell("metrics.csv", 4, "obs_status", "E")  # i1,a,transactions,2026-02
    pkg.set_cell("metrics.csv", 5, "obs_status", "P")  # i1,b,transactions,2026-02
    return pkg


@pytest.fixture
def pkg(tmp_path: Path) -> PackageCopy:
    """A fresh copy of tests/fixtures/tiny to break."""
    dest = tmp_path / "pkg"
    shutil.copytree(TINY, dest)
    return PackageCopy(dest)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for the session (tests/pgtools.py); its URL."""
    from tests.pgtools import running_postgres

    try:
        with running_postgres() as url:
            yield url
    except RuntimeError as e:
        pytest.fail(str(e))
