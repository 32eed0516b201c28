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

from shafaf.boundaries import MAX_BYTES
from shafaf.contract.problems import PackageError, Problem, show
from shafaf.contract.schema import TABLES, TABLES_BY_NAME

PACKAGE_YAML = "package.yaml"
BOUNDARIES_FILE = "regions.geojson"  # optional: the package's own boundaries for the Regions map (contract 2.11)
KNOWN_FILES = {PACKAGE_YAML, BOUNDARIES_FILE, "metrics.parquet", *(t.filename for t in TABLES)}
DATA_SUFFIXES = {".csv", ".parquet", ".xlsx", ".yaml", ".yml", ".tsv", ".json"}
XLSX_PACKAGE_SHEET = "package"


@dataclass(frozen=True)
class Limits:
    """What a package may hold, checked before it is opened (docs/publishing.md, "Limits")."""

    # hostile or broken archives must not fill the disk or the memory, whatever their headers claim

    archive_bytes: int = 1024**3  # a .zip or .xlsx as received (the desk's uploads stop at 50 MB)
    unpacked_bytes: int = 2 * 1024**3  # all members together, unpacked (the 11 M-row benchmark is 0.8 GB)
    member_bytes: int = 2 * 1024**3  # one member, unpacked
    table_bytes: int = 256 * 1024**2  # one CSV read into memory (every table but metrics)
    members: int = 100  # a package has about a dozen files
    ratio: int = 100  # unpacked/packed, for members over ratio_from_bytes (CSV deflates ~5-15x)
    ratio_from_bytes: int = 1024**2


LIMITS = Limits()
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
# magic bytes of the kinds of file people send by mistake, for a message that says what was sent
KNOWN_MAGIC = {
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls (or password-protected) file",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}
# members that are archives themselves: refused, a package is one level deep
NESTED_SUFFIXES = {".zip", ".xlsx", ".xlsm", ".xls", ".gz", ".tgz", ".tar", ".7z", ".rar", ".bz2", ".xz", ".zst"}
NESTED_MAGIC = (
    ZIP_MAGIC,
    EMPTY_ZIP_MAGIC,
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\xfd7zXZ",
    b"BZh",
    b"\x28\xb5\x2f\xfd",
)
XLSX_REQUIRED = ("[Content_Types].xml", "xl/workbook.xml")


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
    boundaries_text: str | None = None  # regions.geojson as sent (checked by the validator), when present


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


def _read_xlsx(path: Path, pkg: RawPackage, limits: Limits = LIMITS) -> None:
    _check_xlsx(path, limits)
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


def _sniff(data: bytes) -> str:
    """What a file that is not a zip archive looks like, for the error message."""
    for magic, kind in KNOWN_MAGIC.items():
        if data.startswith(magic):
            return kind
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "not a zip archive"
    return "a text file (a CSV?)" if b"," in data or b"\n" in data else "a text file"


def _check_archive_file(path: Path, limits: Limits, what: str) -> None:
    """Size and magic bytes of a .zip/.xlsx before anything reads it as an archive."""
    size = path.stat().st_size
    if size == 0:
        raise PackageError(f"{path.name} is empty (0 bytes)")
    if size > limits.archive_bytes:
        raise PackageError(f"{path.name} is {size:,} bytes; at most {limits.archive_bytes:,} are accepted")
    with path.open("rb") as f:
        head = f.read(512)
    if head.startswith(EMPTY_ZIP_MAGIC):
        raise PackageError(f"{path.name} is an empty zip archive: it holds no files")
    if not head.startswith(ZIP_MAGIC):
        raise PackageError(f"{path.name} is {_sniff(head)}, not {what}")


def _member_problem(info: zipfile.ZipInfo, root: Path) -> str | None:
    """Why a member's name or type is unsafe to unpack, or None."""
    name = info.filename
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    if "\0" in name or "\\" in name or ":" in name:
        return "has a name with a backslash, colon or NUL"
    if name.startswith("/") or ".." in Path(name).parts:
        return "points outside the package"
    target = (root / name).resolve()
    if root not in (target, *target.parents):
        return "points outside the package"
    if info.flag_bits & 0x1:
        return "is password-protected"
    if not info.is_dir() and Path(name).suffix.lower() in NESTED_SUFFIXES:
        return "is an archive inside the archive (send its files instead)"
    return None


def check_zip(zf: zipfile.ZipFile, name: str, limits: Limits = LIMITS) -> list[zipfile.ZipInfo]:
    """The members of an archive after checking its central directory against the limits (bombs, path tricks)."""
    infos = zf.infolist()
    if len(infos) > limits.members:
        raise PackageError(f"{name} holds {len(infos):,} entries; at most {limits.members:,}")
    seen: set[str] = set()
    total = 0
    for info in infos:
        key = info.filename.rstrip("/").lower()
        if key in seen:
            raise PackageError(f"{name} has the entry {show(info.filename)} twice: refused")
        seen.add(key)
        if info.file_size > limits.member_bytes:
            raise PackageError(
                f"{name}: {show(info.filename)} would unpack to {info.file_size:,} bytes; at most {limits.member_bytes:,}"
            )
        if info.file_size > limits.ratio_from_bytes and info.file_size > limits.ratio * max(1, info.compress_size):
            raise PackageError(
                f"{name}: {show(info.filename)} would unpack to {info.file_size:,} bytes from "
                f"{info.compress_size:,} (more than {limits.ratio}x): refused as unsafe, a possible zip bomb"
            )
        total += info.file_size
    if total > limits.unpacked_bytes:
        raise PackageError(f"{name} would unpack to {total:,} bytes; at most {limits.unpacked_bytes:,}")
    return infos


def _copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int, name: str) -> int:
    """Unpack one member, counting bytes as they come (headers can lie); returns the bytes written."""
    limit = min(info.file_size, budget)
    written = 0
    with zf.open(info) as src, target.open("xb") as dst:
        first = True
        while chunk := src.read(1 << 20):
            if first and not target.suffix.lower() == ".parquet" and chunk.startswith(NESTED_MAGIC):
                raise PackageError(f"{name}: {show(info.filename)} is an archive inside the archive: refused")
            first = False
            written += len(chunk)
            if written > limit:
                raise PackageError(f"{name}: {show(info.filename)} unpacks to more than its header says: refused")
            dst.write(chunk)
    return written


def _safe_extract(path: Path, dest: Path, limits: Limits = LIMITS) -> Path:
    """Extract a zip into dest, refusing path tricks, nesting and bombs; returns the package folder."""
    _check_archive_file(path, limits, "a zip archive")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise PackageError(f"{path.name} is not a readable zip archive: damaged or incomplete ({e})") from e
    root = dest.resolve()
    with zf:
        infos = check_zip(zf, path.name, limits)
        for info in infos:
            why = _member_problem(info, root)
            if why:
                raise PackageError(f"{path.name}: the entry {show(info.filename)} {why}: refused")
        budget = limits.unpacked_bytes
        for info in infos:
            target = root / info.filename
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                budget -= _copy_member(zf, info, target, budget, path.name)
            except PackageError:
                raise
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as e:
                raise PackageError(f"{path.name} is damaged: {show(info.filename)} cannot be unpacked ({e})") from e
    entries = [p for p in dest.iterdir() if not p.name.startswith(("__MACOSX", "."))]
    if not entries:
        raise PackageError(f"{path.name} holds no files")
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return dest


def _check_xlsx(path: Path, limits: Limits = LIMITS) -> None:
    """The limits and checks of a zip, for the archive inside a workbook, before openpyxl opens it."""
    _check_archive_file(path, limits, "an Excel .xlsx workbook")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = check_zip(zf, path.name, limits)
            names = {i.filename for i in infos}
            for info in infos:
                if stat.S_ISLNK(info.external_attr >> 16) or info.flag_bits & 0x1:
                    raise PackageError(f"{path.name}: the entry {show(info.filename)} is not allowed in a workbook")
            # every member is read to its end once: a CRC or size that does not match stops here
            budget = limits.unpacked_bytes
            for info in infos:
                read = 0
                with zf.open(info) as f:
                    while chunk := f.read(1 << 20):
                        read += len(chunk)
                        if read > min(info.file_size, budget):
                            raise PackageError(
                                f"{path.name}: {show(info.filename)} unpacks to more than its header says"
                            )
                budget -= read
    except PackageError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as e:
        raise PackageError(f"{path.name} is a damaged workbook ({e})") from e
    missing = [n for n in XLSX_REQUIRED if n not in names]
    if missing:
        raise PackageError(f"{path.name} is a zip archive but not an Excel workbook (no {missing[0]})")
    if "xl/vbaProject.bin" in names:
        raise PackageError(f"{path.name} contains macros: save it as a plain .xlsx workbook")


def _read_folder(folder: Path, pkg: RawPackage, limits: Limits = LIMITS) -> None:
    pkg.root = folder
    names = {p.name: p for p in folder.iterdir() if p.is_file()}
    for name in (PACKAGE_YAML, *(t.filename for t in TABLES if not t.bulk)):
        # these are read into memory whole; metrics is streamed by DuckDB
        if name in names and (size := names[name].stat().st_size) > limits.table_bytes:
            raise PackageError(f"{name} is {size:,} bytes; at most {limits.table_bytes:,} (only metrics may be larger)")
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
    if BOUNDARIES_FILE in names:
        if (size := names[BOUNDARIES_FILE].stat().st_size) > MAX_BYTES:
            pkg.problems.append(
                Problem(
                    BOUNDARIES_FILE,
                    None,
                    None,
                    f"the file is {size:,} bytes; at most {MAX_BYTES:,} (simplify the shapes first, "
                    "e.g. mapshaper -simplify 10%)",
                )
            )
        else:
            pkg.boundaries_text = _decode(BOUNDARIES_FILE, names[BOUNDARIES_FILE].read_bytes(), pkg.problems)
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
def open_package(path: Path, limits: Limits = LIMITS) -> Iterator[RawPackage]:
    """Open a package folder, .zip or .xlsx for reading; temporary files go when the block ends."""
    path = Path(path)
    if not path.exists():
        raise PackageError(f"{path}: no such file or folder")
    if path.is_dir():
        pkg = RawPackage(path, "folder", sha256=package_hash(path))
        _read_folder(path, pkg, limits)
        yield pkg
        return
    suffix = path.suffix.lower()
    if suffix == ".zip":
        tmp = Path(tempfile.mkdtemp(prefix="shafaf-zip-"))
        try:
            folder = _safe_extract(path, tmp, limits)
            pkg = RawPackage(path, "zip", sha256=package_hash(path))
            _read_folder(folder, pkg, limits)
            yield pkg
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    if suffix == ".xlsx":
        pkg = RawPackage(path, "xlsx", sha256=package_hash(path))
        _read_xlsx(path, pkg, limits)
        yield pkg
        return
    raise PackageError(f"{path.name}: a package is a folder, a .zip of one, or one .xlsx workbook")
