"""Every public page on a package whose every text field is hostile: markup, links, images, Streamlit
directives, very long words, bidi overrides, zero-width characters. Everything must arrive as text."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
import yaml

from shafaf.contract.schema import TABLES_BY_NAME
from shafaf.navigation import PAGES
from shafaf.store.publish import load_package
from tests.app.conftest import page
from tests.pkgtools import copy_fixture

LONG = "W" * 5000  # one word, no spaces
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    ":red[alert] :material/warning: :blue-background[x]",
    "<a href='https://evil.example'>x</a> <b>b</b>",
    LONG,
    "\u202egnp.exe \u2066isolated\u2069 \u202bembedded\u202c \u2067x\u2068y",
    "zero\u200bwidth\u200c\u200d\ufeff\u2060",
    "![i](https://evil.example/p.gif)",
    "$\\alpha$ `code` **bold** # head | pipe",
    '=HYPERLINK("http://x","y")',
]
MARKERS = ["<script", "<img", "](javascript", "](http", ":red[", ":material/", "<a ", "<b>", "![", "$\\alpha"]


def payload(i: int) -> str:
    """The i-th hostile text, made unique (some names must differ) without breaking the long word."""
    return f"{PAYLOADS[i % len(PAYLOADS)]} {i}"


def _rewrite_csv(path: Path, counter: list[int]) -> None:
    """Every text column of a table (and its translations) set to hostile text."""
    table = TABLES_BY_NAME[path.stem]
    text_cols = {c.name for c in table.columns if c.type == "text"}
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = rows[0]
    for row in rows[1:]:
        for j, h in enumerate(header):
            if h.split(":")[0] in text_cols:
                row[j] = payload(counter[0])
                counter[0] += 1
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _add(path: Path, header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    path.write_text(out.getvalue(), encoding="utf-8")


def hostile_package(dest: Path) -> Path:
    """The tiny package with funding, updates and targets added, then every text field hostile."""
    pkg = copy_fixture(dest)
    _add(pkg / "funding.csv", ["initiative_id", "funder", "committed", "disbursed", "currency", "as_of"], [
        ["i1", "x", "1000", "1200", "PKR", "2026-03-01"], ["i2", "y", "500", "100", "PKR", "2026-03-01"],
    ])  # fmt: skip
    _add(pkg / "updates.csv", ["update_id", "initiative_id", "date", "title", "title:ur", "body"], [
        ["u1", "i1", "2026-03-01", "t", "t", "b"], ["u2", "", "2026-02-01", "t", "t", "b"],
    ])  # fmt: skip
    _add(pkg / "targets.csv", ["initiative_id", "region_id", "metric", "month", "value"], [
        ["i1", "", "transactions", "2026-12", "5000"],
    ])  # fmt: skip
    with (pkg / "regions.csv").open(encoding="utf-8") as f:
        assert "name:ur" in f.readline()
    initiatives = pkg / "initiatives.csv"
    rows = list(csv.reader(io.StringIO(initiatives.read_text(encoding="utf-8"))))
    rows[0] += ["name:ur", "summary", "website"]
    for k, row in enumerate(rows[1:]):
        row += ["x", "x", ["https://evil.example/a](x)", "", "http://evil.example/*b*"][k % 3]]
    _add(initiatives, rows[0], rows[1:])
    departments = pkg / "departments.csv"
    rows = list(csv.reader(io.StringIO(departments.read_text(encoding="utf-8"))))
    _add(departments, rows[0], [[*r[:-1], "x"] for r in rows[1:]])
    for name in ("milestones.csv", "rollouts.csv"):  # the reasons published beside a change (contract 1.1)
        rows = list(csv.reader(io.StringIO((pkg / name).read_text(encoding="utf-8"))))
        _add(pkg / name, [*rows[0], "change_note"], [[*r, "x"] for r in rows[1:] if r])
    counter = [0]
    for f in sorted(pkg.glob("*.csv")):
        _rewrite_csv(f, counter)
    for name, col, value in [
        ("initiatives.csv", 1, '=HYPERLINK("http://x","y") i3'),  # a service that pages name in English
        ("departments.csv", 1, "@SUM(1+1) dep2"),
        ("funding.csv", 1, "+1-2 funder"),
    ]:
        rows = list(csv.reader(io.StringIO((pkg / name).read_text(encoding="utf-8"))))
        rows[-1][col] = value
        _add(pkg / name, rows[0], rows[1:])
    meta = yaml.safe_load((pkg / "package.yaml").read_text(encoding="utf-8"))
    meta["title"] = PAYLOADS[4] + " title"
    meta["publisher"] = PAYLOADS[3] + " publisher"  # a directive, on every page (the source line)
    for i, (_, f) in enumerate(meta["functions"].items()):
        f["label"] = payload(counter[0] + 3 + i)
    for i, (_, m) in enumerate(meta["metrics"].items()):
        m["label"] = payload(counter[0] + 6 + i)
    (pkg / "package.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pkg


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    db = tmp / "db" / "shafaf.duckdb"
    result = load_package(hostile_package(tmp / "pkg"), db)
    assert result.snapshot_id, [str(p) for p in result.problems]
    return db


@pytest.fixture
def hostile(hostile_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SHAFAF_DB", str(hostile_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    return hostile_db


SCOPES = {
    "root": {},
    "district": {"region": "a"},
    "initiative": {"region": "p1", "initiative": "i1"},
    "department": {"department": "dep1", "initiative": "i2"},
    "urdu": {"lang": "ur", "initiative": "i1"},
}
CASES = [(p.path, s) for p in PAGES for s in SCOPES]
IDS = [f"{Path(p).stem}-{s}" for p, s in CASES]

# markdown that would do something if it arrived unescaped (a backslash before it makes it text)
ACTIVE = [
    re.compile(r"(?<!\\)\]\((?!\\)"),  # [text](url) a link, ![alt](url) an image
    re.compile(r"(?<!\\)<[a-zA-Z/!]"),  # HTML
    re.compile(r"(?<!\\):[a-z-]+\\?\["),  # :red[...]
    re.compile(r"(?<!\\):material(?<!\\)/"),  # :material/icon:
    re.compile(r"(?<!\\)\$"),  # LaTeX
]
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# on right-to-left pages the app sets each package text apart itself (shafaf.fmt.isolate: LRI or RLI ... PDI
# around text md() has already cleaned); those pairs are the app's, any other control leaked from the package
OWN_ISOLATE = re.compile("[\u2066\u2067]([^\u202a-\u202e\u2066-\u2069]*)\u2069")


def leaked_bidi(s: str, rtl: bool) -> re.Match[str] | None:
    """A bidi control in shown text that is not one of the app's own isolates (on a right-to-left page)."""
    return BIDI.search(OWN_ISOLATE.sub(r"\1", s) if rtl else s)


BADGE = re.compile(r"^:[a-z]+-badge\[(?::material/[a-z_]+: )?(.*)\]$", re.S)
RAW_TAG = re.compile(r"<(?!/?(br|extra)>)[a-zA-Z/!]")  # Plotly markup but the chart's own
# widgets whose options Streamlit shows as plain text, never markdown; charts and tables are checked apart
NOT_MARKDOWN = {"Selectbox", "Multiselect", "SegmentedControl", "Dataframe", "PlotlyChart", "Html", "Radio"}


def _proto_strings(msg: Any) -> Iterator[str]:
    """Every string field of a protobuf message, nested messages and lists included."""
    for field, value in msg.ListFields():
        if field.name in (
            "id",
            "form_id",
            "spec",
            "data",
            "arrow_data",
            "theme",
            "page",
            "page_script_hash",
            "icon",
            "url",
        ):
            continue
        values = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
        for v in values:
            if isinstance(v, str):
                yield v
            elif hasattr(v, "ListFields"):
                yield from _proto_strings(v)


def _nodes(node: Any) -> Iterator[Any]:
    if getattr(node, "proto", None) is not None:
        yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _nodes(child)


def _plotly_strings(node: Any) -> list[str]:
    out: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(json.loads(node.proto.spec))
    return out


@pytest.mark.parametrize(("path", "scope"), CASES, ids=IDS)
def test_every_page_shows_hostile_text_as_text(hostile: Path, path: str, scope: str) -> None:
    at = page(path, **SCOPES[scope])
    rtl = SCOPES[scope].get("lang") in ("ur", "ps")
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    shown: list[str] = []
    for node in _nodes(at._tree):
        kind = type(node).__name__
        if node.proto.DESCRIPTOR.name == "PlotlyChart":
            for s in _plotly_strings(node):
                assert not RAW_TAG.search(s), s[:200]
                assert not BIDI.search(s), s[:200]
                assert "W" * 100 not in s, "a 5,000-character word reached a chart unshortened"
            continue
        if kind == "Html":
            body = node.proto.body
            assert "evil.example" not in body and "onerror" not in body and "alert(1)" not in body
            continue
        if kind == "LinkButton":
            assert node.proto.url.startswith(("https://", "http://")), node.proto.url
        if kind in NOT_MARKDOWN:
            continue
        for s in _proto_strings(node.proto):
            shown.append(s)
            s = BADGE.sub(r"\1", s)  # st.badge's own markup around our words
            for rule in ACTIVE:
                assert not rule.search(s), (kind, rule.pattern, s[:300])
            assert not leaked_bidi(s, rtl), (kind, s[:300])
    # the checks above looked at the right place: the publisher (a directive) is on every page, escaped
    assert any("\\:red\\[alert\\]" in s for s in shown), shown[:20]


def test_hostile_package_covers_every_text_field(hostile_db: Path) -> None:
    """Every text column of every table of the contract (and package title, publisher, labels) is hostile."""
    from shafaf.contract.schema import TABLES

    pkg = hostile_package(hostile_db.parent.parent / "check")
    for table in TABLES:
        text_cols = [c.name for c in table.columns if c.type == "text"]
        if not text_cols or not (pkg / table.filename).exists():
            assert not text_cols, table.name
            continue
        rows = list(csv.DictReader(io.StringIO((pkg / table.filename).read_text(encoding="utf-8"))))
        for col in text_cols:
            hostile_values = [r[col] for r in rows if r.get(col) and any(p.split()[0] in r[col] for p in PAYLOADS)]
            assert hostile_values, f"{table.filename}:{col} carries no hostile text"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize(("path", "scope"), [c for c in CASES if c[1] in ("root", "initiative")], ids=lambda x: x)
def test_every_csv_download_neutralises_formulas(
    hostile: Path, path: str, scope: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each download button's CSV: no text cell and no column name a spreadsheet would run."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    files: list[bytes] = []
    real = MemoryMediaFileStorage.load_and_get_id

    def record(self: Any, data: Any, mimetype: str, kind: Any, filename: str | None = None) -> str:
        if mimetype == "text/csv":
            files.append(data if isinstance(data, bytes) else Path(data).read_bytes())
        return real(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    at = page(path, **SCOPES[scope])
    assert not at.exception
    hostile_seen = False
    for blob in files:
        rows = list(csv.reader(io.StringIO(blob.decode("utf-8-sig"), newline="")))
        for row in rows:
            for cell in row:
                assert not cell.startswith(FORMULA_START), cell[:80]
                hostile_seen |= cell.startswith(("'=HYPERLINK", "'@SUM", "'+1-2"))
    if scope == "root" and path.endswith(("catalog.py", "departments.py")):
        assert hostile_seen, "a download of a page that names services should hold the formula name, neutralised"
