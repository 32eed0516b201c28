"""The Catalog draws a first page of cards with "Show more"; the table, CSV and count always cover every service.

The last page, the words in Urdu and the page size are tested on the view (tests/unit/views/test_catalog_view.py).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from shafaf.views import catalog
from tests.app.conftest import page

PAGE = "pages/public/catalog.py"


def _cards(at: AppTest) -> set[str]:
    return {m.value.strip("*").replace("\\", "") for m in at.markdown if m.value.startswith("**")}


def _matrix_services(at: AppTest) -> int:
    return len(at.dataframe[-1].value.columns) - 1  # the "Area" column, then one per service


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(catalog, "PAGE_SIZE", 5)
    return 5


def test_first_page_then_show_more_then_reset_on_search(demo: Path, small_pages: int) -> None:
    at = page(PAGE)
    assert len(_cards(at)) == 5
    assert any(m.value.startswith("Showing 5 of 22 digital services; search or filter") for m in at.markdown)
    assert len(at.dataframe[0].value) == 22  # the table lists every service
    assert _matrix_services(at) == 5
    assert any("It covers the 5 services listed above, of 22" in m.value for m in at.markdown)
    assert at.button(key="catalog.show_more").label == "Show 5 more"

    at.button(key="catalog.show_more").click().run()  # the page asks the view for its second page
    assert len(_cards(at)) == 10
    assert any(m.value.startswith("Showing 10 of 22") for m in at.markdown)
    assert _matrix_services(at) == 10

    at.text_input(key="catalog.search").input("e").run()  # a new search starts at the first page again
    matches = len(at.dataframe[0].value)
    assert matches > 5
    assert len(_cards(at)) == 5
    assert any(m.value.startswith(f"Showing 5 of {matches} digital services;") for m in at.markdown)


def test_list_and_overlap_downloads_hold_everything(
    demo: Path, small_pages: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    files: dict[str, bytes] = {}
    real = MemoryMediaFileStorage.load_and_get_id

    def record(self: Any, data: Any, mimetype: str, kind: Any, filename: str | None = None) -> str:
        files[str(filename)] = data if isinstance(data, bytes) else Path(data).read_bytes()
        return real(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    monkeypatch.setattr(catalog, "OVERLAP_ROWS", 1)
    at = page(PAGE, region="pk-kp")
    overlaps = at.dataframe[1].value
    assert len(overlaps) == 1
    assert any("The 1 pairs with the most local areas in common are listed" in m.value for m in at.markdown)
    lists = [v for k, v in files.items() if k.startswith("digital-services-pk-kp")]
    pairs = [v for k, v in files.items() if k.startswith("overlaps-pk-kp")]
    assert len(lists) == 1 and len(pairs) == 1
    services = list(csv.DictReader(io.StringIO(lists[0].decode("utf-8-sig"))))
    assert len(services) == len(at.dataframe[0].value) > 5
    all_pairs = list(csv.DictReader(io.StringIO(pairs[0].decode("utf-8-sig"))))
    assert len(all_pairs) > 1
    assert int(all_pairs[0]["Local areas"]) == overlaps.iloc[0]["Local areas"]
    assert [int(r["Local areas"]) for r in all_pairs] == sorted(
        (int(r["Local areas"]) for r in all_pairs), reverse=True
    )
