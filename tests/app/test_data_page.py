"""About the data: facts, freshness, completeness, open data and publication history."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.app.conftest import page

PATH = "pages/public/data.py"


def test_about_the_data_draws_its_view(demo: Path) -> None:
    """Facts, measures, freshness, completeness and history as the view has them (figures: test_data_view.py)."""
    at = page(PATH)
    assert not at.exception
    assert not at.table  # package text goes into a dataframe (plain text), never a markdown table
    facts = next(d.value for d in at.dataframe if "Value" in d.value.columns)
    assert "CC-BY-4.0" in facts.to_string()
    assert "2026-10-31" in facts.to_string()
    headers = [h.value for h in at.header]
    assert "How fresh is the data?" in headers and "Publication history" in headers
    history = next(d.value for d in at.dataframe if "Package" in d.value.columns)
    assert list(history["Data version"]) == ["000002", "000001"]
    assert list(history["Package"]) == ["2026-10", "2026-04"]
    fresh = next(d.value for d in at.dataframe if "Latest month reported" in d.value.columns)
    assert len(fresh) == 16  # every department of the demo
    assert [c.proto.id.rsplit("chart-", 1)[-1] for c in at.get("plotly_chart")] == [
        "data-freshness",
        "data-completeness",
    ]
    assert [link.proto.query_string for link in at.get("page_link") if "history" in link.proto.icon] == [
        "",
        "snapshot=000001",
    ]


def test_open_data_zip_holds_every_table_and_passes_frictionless(demo: Path, tmp_path: Path) -> None:
    import frictionless

    from shafaf.ui import data

    cur = data.current()
    assert cur is not None
    blob = data.open_data_zip(cur.path, cur.snapshot_id)
    zf = zipfile.ZipFile(io.BytesIO(blob))
    names = zf.namelist()
    assert f"shafaf-{cur.snapshot_id}/datapackage.json" in names
    assert f"shafaf-{cur.snapshot_id}/metrics.csv" in names
    assert f"shafaf-{cur.snapshot_id}/history_replans.csv" in names
    zf.extractall(tmp_path)
    report = frictionless.validate(str(tmp_path / f"shafaf-{cur.snapshot_id}" / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "type", "note"])[:5]


def test_the_pages_zip_is_of_the_snapshot_shown(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from shafaf.ui import data

    asked: list[tuple[str, str]] = []
    real = data.open_data_zip_later

    def spy(path: str, snapshot_id: str) -> Callable[[], bytes]:
        asked.append((path, snapshot_id))
        return real(path, snapshot_id)

    monkeypatch.setattr(data, "open_data_zip_later", spy)
    at = page(PATH, snapshot="000001")  # the page lists 000002 then 000001 after the download button
    assert not at.exception
    assert [sid for _p, sid in asked] == ["000001"]
    zf = zipfile.ZipFile(io.BytesIO(real(*asked[0])()))  # what the reader downloads, built later
    assert {n.split("/")[0] for n in zf.namelist()} == {"shafaf-000001"}
    assert json.loads(zf.read("shafaf-000001/datapackage.json"))["name"] == "shafaf-snapshot-000001"
