"""The Milestones page (tracker) on the demo: sections, filters, scopes, re-plans, the whole download."""

from __future__ import annotations

import gc
import io
import json
from pathlib import Path

import pandas as pd
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from shafaf.store.deployment import Deployment
from shafaf.store.reader import connect_read_only
from tests.app.conftest import page
from tests.pkgtools import cli

PAGE = "pages/public/milestones.py"


def query(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    """An independent query on the latest snapshot."""
    dep = Deployment(db)
    with connect_read_only(dep.snapshot_file(dep.current_id())) as con:
        return con.execute(sql).fetchall()


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


def test_root_counts_equal_summary_and_overdue_most_late_first(demo: Path) -> None:
    s = json.loads(cli("summary", "--db", str(demo), "--json").stdout)
    at = page(PAGE)
    assert not at.exception and not at.error
    shown = {m.label: m.value for m in at.metric}
    assert shown["Milestones"] == str(sum(s["milestones"].values()))
    assert shown["Overdue"] == str(s["milestones"]["overdue"])
    assert shown["Milestones on time"] == f"{100 * s['on_time_rate']:.0f}%"
    overdue = table(at, "Milestone", "Days late")
    overdue = overdue[overdue.columns.intersection(["Milestone", "Days late", "Current plan"])]
    days = [int(d.replace(",", "")) for d in overdue["Days late"]]
    assert days == sorted(days, reverse=True) and len(days) == s["milestones"]["overdue"]
    # the most late: planned 2023-12-31, as_of 2026-10-31 -> 1,035 days
    assert (overdue.iloc[0]["Current plan"], days[0]) == ("2023-12-31", 1035)
    full = tracker(at)
    assert len(full) == sum(s["milestones"].values())
    assert full["Department"].ne("").all() and full["Digital service"].ne("").all() and full["Area"].ne("").all()


def test_department_filter_keeps_only_its_milestones(demo: Path) -> None:
    at = page(PAGE, department="kp-traffic")
    full = tracker(at)
    n = query(
        demo,
        "SELECT count(*) FROM milestones m JOIN initiatives i USING (initiative_id) WHERE i.department_id = 'kp-traffic'",
    )[0][0]
    assert len(full) == n and set(full["Department"]) == {"Traffic Police"}


def test_division_scope_keeps_milestones_of_its_area_or_whole_service(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-pesh", initiative="e-challan")
    full = tracker(at)
    # ms-ec-1 and -2 concern Peshawar (in the division), -3 the whole service; -4 (Karak), -5 (Lakki Marwat) are elsewhere
    assert sorted(full["Milestone id"]) == ["ms-ec-1", "ms-ec-2", "ms-ec-3"]
    assert set(full["Area"]) == {"Peshawar", "Whole service"}


def test_a_service_not_in_the_region_has_no_milestones_there(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-khyber", initiative="e-challan")
    assert not at.error
    assert {m.label: m.value for m in at.metric}["Milestones on time"] == "no data"
    assert any("There are no milestones here." in m.value for m in at.markdown)


def test_filters_class_search_and_horizon(demo: Path) -> None:
    at = page(PAGE)
    assert any("Milestones due in the next 30 days: 1." in m.value for m in at.markdown)
    at.button_group(key="milestones.horizon").set_value(90).run()
    assert any("Milestones due in the next 90 days: 6." in m.value for m in at.markdown)
    at.multiselect(key="milestones.class").set_value(["overdue"]).run()
    full = tracker(at)
    assert set(full["Status"]) <= {"Overdue", "Overdue (blocked)"} and len(full) == 8
    at.text_input(key="milestones.search").set_value("bajaur").run()
    full = tracker(at)
    assert list(full["Milestone id"]) == ["ms-pa-3"]
    assert any("Showing 1 of 89 milestones" in c.value for c in at.caption)
    csv = pd.read_csv(io.BytesIO(downloaded(at, "milestones.download")), encoding="utf-8-sig")
    assert list(csv["Milestone id"]) == ["ms-pa-3"]  # the download is the filtered tracker


def test_replans_with_their_dates_and_none_in_the_first_snapshot(demo: Path) -> None:
    at = page(PAGE)
    replanned = table(at, "Milestone", "Plans over time")
    replanned = replanned[replanned["Re-plans"] > 0]
    assert len(replanned) == query(demo, "SELECT count(DISTINCT milestone_id) FROM history_replans")[0][0]
    row = replanned[replanned["Milestone"] == "Live in Karak"].iloc[0]
    assert row["Plans over time"] == "2026-03-31 → 2026-06-30"
    old = page(PAGE, snapshot="000001")
    assert any("No milestone has been re-planned" in m.value for m in old.markdown)


def test_most_slipped_largest_first(demo: Path) -> None:
    at = page(PAGE)
    slipped = table(at, "Milestone", "Slippage (days)")
    assert "Milestone id" not in slipped.columns  # the "most slipped" list, not the whole tracker
    days = [int(str(d).replace(",", "")) for d in slipped["Slippage (days)"]]
    assert days == sorted(days, reverse=True) and min(days) > 0 and len(days) == 15
    # the largest: BRT Zu Card's "Live in Peshawar", first planned 2018-06-30, live 2020-08-13 -> 775 days
    assert (slipped.iloc[0]["Milestone"], days[0]) == ("Live in Peshawar", 775)
