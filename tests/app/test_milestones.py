"""The Milestones page (tracker) on the demo: a scope from the URL, its widgets, the whole download.

Its figures, lists and sentences are tested on the view model (tests/unit/views/test_milestones_view.py).
"""

from __future__ import annotations

import gc
import io
from pathlib import Path

import pandas as pd
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from tests.app.conftest import page

SHARE_DEMO_CACHES = True  # read-only demo tests: caches cleared once per module (tests/app/conftest.py)

PAGE = "pages/public/milestones.py"


def table(at, first_column: str, second_column: str | None = None) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return next(
        d.value
        for d in at.dataframe
        if d.value.columns[0] == first_column and (second_column is None or second_column in d.value.columns)
    )


def tracker(at) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return table(at, "Milestone", "Milestone id")


def downloaded(at, key: str) -> bytes:  # type: ignore[no-untyped-def]
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(key))
    file_id = button.proto.url.rsplit("/", 1)[1].split(".")[0]
    for store in (o for o in gc.get_objects() if isinstance(o, MemoryMediaFileStorage)):
        try:
            return bytes(store.get_file(file_id).content)
        except Exception:  # another test's store
            continue
    raise AssertionError("download not found")


def test_division_scope_keeps_milestones_of_its_area_or_whole_service(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-pesh", initiative="e-challan")
    full = tracker(at)
    # ms-ec-1 and -2 concern Peshawar (in the division), -3 the whole service; -4 (Karak), -5 (Lakki Marwat) are elsewhere
    assert sorted(full["Milestone id"]) == ["ms-ec-1", "ms-ec-2", "ms-ec-3"]
    assert set(full["Area"]) == {"Peshawar", "Whole service"}


def test_filters_class_search_and_horizon(demo: Path) -> None:
    at = page(PAGE)
    assert any("Milestones due in the next 30 days: 1." in m.value for m in at.markdown)
    at.button_group(key="milestones.horizon").set_value(90).run()
    assert any("Milestones due in the next 90 days: 6." in m.value for m in at.markdown)
    at.multiselect(key="milestones.class").set_value(["overdue"]).run()
    full = tracker(at)
    assert set(full["Status"]) <= {"Overdue", "Overdue (blocked)"} and len(full) == 8
    assert any("Milestones due in the next 90 days: 0." in m.value for m in at.markdown)  # none overdue is due
    at.text_input(key="milestones.search").set_value("bajaur").run()
    full = tracker(at)
    assert list(full["Milestone id"]) == ["ms-pa-3"]
    assert any("Showing 1 of 89 milestones" in c.value for c in at.caption)
    csv = pd.read_csv(io.BytesIO(downloaded(at, "milestones.download")), encoding="utf-8-sig")
    assert list(csv["Milestone id"]) == ["ms-pa-3"]  # the download is the filtered tracker
