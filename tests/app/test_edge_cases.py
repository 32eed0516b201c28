"""Every page on packages at the edges: without optional tables, and with hostile text in every name."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

from shafaf.navigation import PAGES
from shafaf.store.publish import load_package
from tests.app.conftest import page
from tests.pkgtools import copy_fixture, replace_in

# tests/fixtures/tiny: root c -> province p1 -> districts a, b; province p2 -> district d
SCOPES = {
    "root": {},
    "province": {"region": "p1"},
    "district": {"region": "a"},
    "initiative": {"region": "p1", "initiative": "i1"},
}
CASES = [(p.path, s) for p in PAGES for s in SCOPES]
IDS = [f"{Path(p).stem}-{s}" for p, s in CASES]


def _publish(pkg: Path, folder: Path) -> Path:
    db = folder / "db" / "shafaf.duckdb"
    assert load_package(pkg, db).snapshot_id
    return db


_last_db = [Path()]  # the deployment the caches were last filled from


def _use(db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """SHAFAF_DB set to `db`; the caches cleared when the previous test read another deployment."""
    monkeypatch.setenv("SHAFAF_DB", str(db))
    if _last_db[0] != db:
        st.cache_data.clear()
        st.cache_resource.clear()
        _last_db[0] = db
    return db


def _sparse(dest: Path) -> Path:
    """tiny without milestones, rollouts or metrics, and with an open_source column left empty."""
    pkg = copy_fixture(dest)
    for name in ("milestones.csv", "rollouts.csv", "metrics.csv"):
        (pkg / name).unlink()
    inits = pkg / "initiatives.csv"
    lines = inits.read_text(encoding="utf-8").splitlines()
    inits.write_text("\n".join([lines[0] + ",open_source"] + [x + "," for x in lines[1:]]) + "\n", encoding="utf-8")
    return pkg


HOSTILE = {
    "package.yaml": [
        ("title: Tiny test package", 'title: "[x](https://evil.example)"'),
        ("publisher: Test Board", 'publisher: "![i](https://evil.example/p.gif)"'),
        ("label: Complaints,", 'label: "<script>alert(1)</script>",'),
        ("label: Transactions,", 'label: ":red[alert]",'),
    ],
    "regions.csv": [
        ("Province One", "[x](https://evil.example)"),
        ("District A", "![i](https://evil.example/p.gif)"),
        ("District B", "<script>alert(1)</script>"),
        ("Province Two", ":red[alert]"),
    ],
    "departments.csv": [
        ("Dept One", "[d](https://evil.example)"),
        ("Dept Two", '"=HYPERLINK(""http://x"")"'),
    ],
    "initiatives.csv": [
        ("i1,Portal,", "i1,[x](https://evil.example),"),
        ("i2,Pay,", "i2,![i](https://evil.example/p.gif),"),
        ("i3,Other,", 'i3,"=HYPERLINK(""http://x"")",'),
    ],
    "milestones.csv": [
        ("m1,i1,Launch,", "m1,i1,:red[alert],"),
        ("m3,i2,Pilot,", "m3,i2,[m](https://evil.example),"),
    ],
}


def _hostile(dest: Path) -> Path:
    pkg = copy_fixture(dest)
    for name, edits in HOSTILE.items():
        for old, new in edits:
            replace_in(pkg / name, old, new)
    return pkg


# Published once per module (the pages only read them); each test still runs its page script.
@pytest.fixture(scope="module")
def sparse_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sparse")
    return _publish(_sparse(folder / "pkg"), folder)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    return _publish(_hostile(folder / "pkg"), folder)


@pytest.fixture
def sparse(sparse_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return _use(sparse_db, monkeypatch)


@pytest.fixture
def hostile(hostile_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return _use(hostile_db, monkeypatch)


@pytest.mark.parametrize(("path", "scope"), CASES, ids=IDS)
def test_pages_render_without_optional_tables(sparse: Path, path: str, scope: str) -> None:
    at = page(path, **SCOPES[scope])
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert len(at.title) == 1


def _markdown_texts(at) -> list[str]:  # type: ignore[no-untyped-def]
    """Every text Streamlit renders as markdown on the page."""
    texts: list[str] = []
    for kind in ("markdown", "header", "subheader", "title", "info", "warning", "caption"):
        texts += [str(e.value) for e in getattr(at, kind)]
    texts += [str(m.label) for m in at.metric]
    return texts


@pytest.mark.parametrize(("path", "scope"), CASES, ids=IDS)
def test_hostile_names_are_shown_as_text(hostile: Path, path: str, scope: str) -> None:
    at = page(path, **SCOPES[scope])
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    texts = _markdown_texts(at)
    assert texts
    for text in texts:
        assert "](http" not in text, text  # a link or image; escaped text reads "\\]\\(http"
        assert "![" not in text, text
        assert ":red[" not in text, text  # a colour directive
        assert "<script>" not in text, text


def test_hostile_names_do_reach_the_page(hostile: Path) -> None:
    """The check above looks at the right place: the escaped names are there."""
    at = page("pages/public/catalog.py")
    shown = " ".join(_markdown_texts(at))
    assert "\\[x\\]\\(https" in shown


def test_completeness_without_live_areas_says_no_data(sparse: Path) -> None:
    import json

    at = page("pages/public/data.py")
    chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith("chart-data-completeness"))
    texts = json.loads(chart.proto.spec)["data"][0]["text"]
    assert texts and set(texts) == {"no data"}  # nothing is live: "no data", never "0 / 0"
