"""Reading a data package (folder, .zip or .xlsx) into raw text tables, reporting structural problems."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from shafaf.contract.problems import PackageError, Problem, show
from shafaf.contract.schema import TABLES, TABLES_BY_NAME

PACKAGE_YAML = "package.yaml"
KNOWN_FILES = {PACKAGE_YAML, "metrics.parquet", *(t.filename for t in TABLES)}
DATA_SUFFIXES = {".csv", ".parquet", ".xlsx", ".yaml", ".yml", ".tsv", ".json"}
XLSX_PACKAGE_SHEET = "package"

# Limits that keep a hostile or broken archive from exhausting the machine.
MAX_ZIP_MEMBERS = 1000
MAX_ZIP_BYTES = 8 * 1024**3
MAX_ZIP_RATIO = 200


@dataclass
class RawTable:
    """A table read as text: its header and its rows with their line numbers in the file."""

    file: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    header_line: int = 1


@dataclass
class BulkFile:
    """A large table left on disk for DuckDB to read (metrics.csv or metrics.parquet)."""

    file: str
    path: Path
    kind: str  # "csv" | "parquet"
    header: list[str] = field(default_factory=list)


@dataclass
class RawPackage:
    """Everything read from a package, before validation."""

    source: Path
    kind: str  # "folder" | "zip" | "xlsx"
    yaml_text: str | None = None
    yaml_file: str = PACKAGE_YAML
    tables: dict[str, RawTable] = field(default_factory=dict)
    bulk: dict[str, BulkFile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sha256: str = ""
    root: Path | None = None  # the folder the files were read from (for archiving)


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def package_hash(path: Path) -> str:
    """sha256 of a package as received: of the file, or of a folder's file names and hashes."""
    if path.is_file():
        return _sha256_file(path)
    h = hashlib.sha256()
    for p in sorted(x for x in path.iterdir() if x.is_file()):
        h.update(f"{p.name}\0{_sha256_file(p)}\n".encode())
    return h.hexdigest()


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _decode(file: str, data: bytes, problems: list[Problem]) -> str | None:
    """UTF-8 text of a file (BOM dropped), or None with a problem at the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        start = e.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = _line_of_offset(data, start)
        problems.append(
            Problem(
                file,
                line,
                None,
                f"the file is not UTF-8 (byte 0x{data[start]:02x} cannot be decoded); save it as 'CSV UTF-8'",
            )
        )
        return None


def read_csv_text(file: str, text: str, problems: list[Problem]) -> RawTable | None:
    """Parse CSV text exactly (quoted newlines allowed), keeping each record's first line number."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    header_line = 1
    rows: list[tuple[int, list[str]]] = []
    last_end = 0
    try:
        for record in reader:
            start = last_end + 1
            last_end = reader.line_num
            if not record or (len(record) == 1 and record[0] == ""):
                continue  # blank line
            if header is None:
                header, header_line = record, start
                continue
            if len(record) != len(header):
                problems.append(
                    Problem(
                        file,
                        start,
                        None,
                        f"the row has {len(record)} fields but the header has {len(header)}",
                    )
                )
                continue
            rows.append((start, record))
    except csv.Error as e:
        problems.append(Problem(file, last_end + 1, None, f"the CSV cannot be parsed: {e}"))
        return None
    if header is None:
        problems.append(Problem(file, None, None, "the file is empty: a header row is required"))
        return None
    return RawTable(file, header, rows, header_line)


def read_csv_file(file: str, path: Path, problems: list[Problem]) -> RawTable | None:
    """Read one CSV file of the package as text."""
    text = _decode(file, path.read_bytes(), problems)
    return None if text is None else read_csv_text(file, text, problems)


def read_csv_header(file: str, path: Path, problems: list[Problem]) -> list[str] | None:
    """The header row of a (possibly very large) CSV file."""
    with path.open("rb") as f:
        head = f.read(1 << 16)
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    text = _decode(file, first, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(Problem(file, 1, None, "the header row is empty"))
        return None
    return next(csv.reader([text]))


def _cell_text(value: object, col_type: str | None) -> str:
    """A workbook cell as contract text (dates as YYYY-MM-DD, months as YYYY-MM, plain decimals)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            value = value.date()
        else:
            return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        if col_type == "month" and value.day == 1:
            return value.strftime("%Y-%m")
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    return str(value)


def _read_xlsx(path: Path, pkg: RawPackage) -> None:
    try:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for corrupt files
        raise PackageError(f"{path.name} cannot be read as an Excel workbook: {e}") from e
    try:
        for ws in wb.worksheets:
            sheet = ws.title.strip()
            if sheet == XLSX_PACKAGE_SHEET:
                lines = [
                    "" if row[0] is None else str(row[0])
                    for row in ws.iter_rows(min_col=1, max_col=1, values_only=True)
                ]
                pkg.yaml_text = "\n".join(lines)
                continue
            table = TABLES_BY_NAME.get(sheet)
            if table is None:
                pkg.problems.append(
                    Problem(
                        sheet,
                        None,
                        None,
                        "unknown sheet (allowed: package, " + ", ".join(t.name for t in TABLES) + ")",
                    )
                )
                continue
            types: dict[str, str] = {c.name: c.type for c in table.columns}
            header: list[str] | None = None
            rows: list[tuple[int, list[str]]] = []
            for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = list(values)
                while cells and cells[-1] is None:
                    cells.pop()
                if not cells:
                    continue
                if header is None:
                    header = [_cell_text(v, None).strip() for v in cells]
                    header_line = n
                    continue
                if len(cells) > len(header):
                    pkg.problems.append(
                        Problem(
                            table.filename,
                            n,
                            None,
                            f"the row has {len(cells)} cells but the header has {len(header)}",
                        )
                    )
                    continue
                cells += [None] * (len(header) - len(cells))
                rows.append((n, [_cell_text(v, types.get(h)) for h, v in zip(header, cells, strict=True)]))
            if header is None:
                pkg.problems.append(Problem(table.filename, None, None, "the sheet is empty: a header row is required"))
                continue
            pkg.tables[table.name] = RawTable(table.filename, header, rows, header_line)
    finally:
        wb.close()


def _safe_extract(path: Path, dest: Path) -> Path:
    """Extract a zip into dest, refusing path tricks and bombs; returns the package folder."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        raise PackageError(f"{path.name} is not a readable zip archive: {e}") from e
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise PackageError(f"{path.name} holds {len(infos)} entries; at most {MAX_ZIP_MEMBERS}")
        total = sum(i.file_size for i in infos)
        packed = max(1, sum(i.compress_size for i in infos))
        if total > MAX_ZIP_BYTES or (total > 50 * 1024**2 and total / packed > MAX_ZIP_RATIO):
            raise PackageError(f"{path.name} would unpack to {total:,} bytes from {packed:,}: refused as unsafe")
        root = dest.resolve()
        for info in infos:
            name = info.filename
            mode = info.external_attr >> 16
            target = (dest / name).resolve()
            if (
                name.startswith(("/", "\\"))
                or ".." in Path(name).parts
                or root
                not in (
                    target,
                    *target.parents,
                )
            ):
                raise PackageError(f"{path.name} has an unsafe entry {show(name)}: refused")
            if stat.S_ISLNK(mode):
                raise PackageError(f"{path.name} has a symbolic link {show(name)}: refused")
        try:
            zf.extractall(dest)
        except (zipfile.BadZipFile, OSError, RuntimeError) as e:
            raise PackageError(f"{path.name} cannot be unpacked: {e}") from e
    entries = [p for p in dest.iterdir() if not p.name.startswith(("__MACOSX", "."))]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return dest


def _read_folder(folder: Path, pkg: RawPackage) -> None:
    pkg.root = folder
    names = {p.name: p for p in folder.iterdir() if p.is_file()}
    for name, p in sorted(names.items()):
        if name not in KNOWN_FILES and p.suffix.lower() in DATA_SUFFIXES:
            pkg.problems.append(
                Problem(
                    name,
                    None,
                    None,
                    "unknown file (a typo would silently drop data); allowed: " + ", ".join(sorted(KNOWN_FILES)),
                )
            )
    if PACKAGE_YAML in names:
        text = _decode(PACKAGE_YAML, names[PACKAGE_YAML].read_bytes(), pkg.problems)
        pkg.yaml_text = text
    for table in TABLES:
        p = names.get(table.filename)
        if table.bulk:
            pq = names.get(f"{table.name}.parquet")
            if p and pq:
                pkg.problems.append(
                    Problem(
                        pq.name,
                        None,
                        None,
                        f"both {table.filename} and {pq.name} are present: send one of them",
                    )
                )
                continue
            if pq:
                pkg.bulk[table.name] = BulkFile(pq.name, pq, "parquet")
                continue
            if p:
                header = read_csv_header(p.name, p, pkg.problems)
                if header is not None:
                    pkg.bulk[table.name] = BulkFile(p.name, p, "csv", header)
                continue
        if p is None:
            continue
        raw = read_csv_file(table.filename, p, pkg.problems)
        if raw is not None:
            pkg.tables[table.name] = raw


@contextmanager
def open_package(path: Path) -> Iterator[RawPackage]:
    """Open a package folder, .zip or .xlsx for reading; temporary files go when the block ends."""
    path = Path(path)
    if not path.exists():
        raise PackageError(f"{path}: no such file or folder")
    if path.is_dir():
        pkg = RawPackage(path, "folder", sha256=package_hash(path))
        _read_folder(path, pkg)
        yield pkg
        return
    suffix = path.suffix.lower()
    if suffix == ".zip":
        tmp = Path(tempfile.mkdtemp(prefix="shafaf-zip-"))
        try:
            folder = _safe_extract(path, tmp)
            pkg = RawPackage(path, "zip", sha256=package_hash(path))
            _read_folder(folder, pkg)
            yield pkg
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    if suffix == ".xlsx":
        pkg = RawPackage(path, "xlsx", sha256=package_hash(path))
        _read_xlsx(path, pkg)
        yield pkg
        return
    raise PackageError(f"{path.name}: a package is a folder, a .zip of one, or one .xlsx workbook")
