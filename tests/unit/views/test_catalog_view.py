"""The Catalog's view model on the tiny package (and tiny with overlapping services), figures worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from shafaf.reads import Reads
from shafaf.views import catalog, render_json
from shafaf.views.base import BadParam, UnknownId
from tests.pkgtools import copy_fixture
from tests.unit.views.conftest import filters, publish, twin

# tiny: the country c (where the app opens: it has two provinces) holds p1 (districts a, b) and p2 (district d).
# dep1 (home p1) runs i1 Portal (complaints, live, rolled out live at p1, so live at a and b) and i2 Pay
# (payments, in progress, live at a since 2026-01-10); dep2 (home p2) runs i3 Other (payments, planned at d).
# Live in the home region: i1 2 of 2 (a, b), i2 1 of 2 (a), i3 0 of 1 (d).
# Where each stands in c: i1 live, i2 live (live at a), i3 planned.
# Grouped by function and sorted by (function, name): Complaints: Portal; Payments: Other, Pay.


def _ids(v: catalog.CatalogView) -> list[str]:
    return [s.initiative_id for g in v.groups for s in g.services]


def test_country_lists_every_service_grouped_by_function(tiny) -> None:
    v = catalog.build(tiny, filters(tiny), "en")
    assert v.meta.region_id == "c" and v.region == "Country"
    assert v.intro.text == "Every digital service in Country: what it does, who runs it, and where it is live."
    assert v.count.text == "Showing 3 of 3 digital services in Country."
    assert v.no_match is None
    assert [(g.label, g.count) for g in v.groups] == [("Complaints", 1), ("Payments", 2)]
    assert _ids(v) == ["i1", "i3", "i2"]
    assert [(o.id, o.label) for o in v.functions] == [("complaints", "Complaints"), ("payments", "Payments")]
    portal, other, pay = (s for g in v.groups for s in g.services)
    assert (portal.reach, portal.status, portal.live_leaves, portal.leaves) == ("live", "live", 2, 2)
    assert (pay.reach, pay.status, pay.live_leaves, pay.leaves) == ("live", "in_progress", 1, 2)
    assert (other.reach, other.status, other.live_leaves, other.leaves) == ("planned", "planned", 0, 1)
    assert portal.reach_badge == "Live in Country" and portal.reach_colour == "green"
    assert pay.status_badge == "Declared status: In progress" and pay.status_colour == "blue"
    assert other.reach_badge == "Planned in Country" and other.reach_colour == "gray"
    assert portal.live_in.text == "Live in 2 of 2 local areas of Province One (the area its department serves)."
    assert other.home_region_id == "p2" and other.home == "Province Two"
    assert portal.link is not None and (portal.link.page, dict(portal.link.params)) == (
        "initiative",
        {"initiative": "i1"},
    )
    assert (portal.summary, portal.website) == ("", "")


def test_table_lists_every_match_as_the_page_shows_it(tiny) -> None:
    t = catalog.build(tiny, filters(tiny, page="1"), "en").services
    assert t.answer == "reach" and t.answer_label() == "Where it stands"
    assert list(t.rows["initiative_id"]) == ["i1", "i3", "i2"]
    assert list(t.rows["reach"]) == ["live", "planned", "live"]
    assert list(t.rows["live_leaves"]) == [2, 0, 1] and list(t.rows["leaves"]) == [2, 1, 2]
    shown = t.frame()
    assert list(shown.columns) == [
        "Digital service",
        "Where it stands",
        "Declared status",
        "Department",
        "What it does",
        "Live in (local areas)",
        "Website",
    ]
    assert shown.values.tolist() == [
        ["Portal", "Live", "Live", "Dept One", "Complaints", "2 of 2", ""],
        ["Other", "Planned", "Planned", "Dept Two", "Payments", "0 of 1", ""],
        ["Pay", "Live", "In progress", "Dept One", "Payments", "1 of 2", ""],
    ]


def test_search_matches_name_and_department_case_insensitively(tiny) -> None:
    assert _ids(catalog.build(tiny, filters(tiny, search="PORTAL"), "en")) == ["i1"]
    assert _ids(catalog.build(tiny, filters(tiny, search=" dept two "), "en")) == ["i3"]  # a department's name
    v = catalog.build(tiny, filters(tiny, search="pay"), "en")  # "Payments" is the function: not searched
    assert _ids(v) == ["i2"] and v.count.text == "Showing 1 of 3 digital services in Country."
    v = catalog.build(tiny, filters(tiny, search="no such thing"), "en")
    assert v.groups == () and v.services.empty
    assert v.no_match is not None and v.no_match.text == "No digital service matches the search and filters."
    assert v.matrix.chart is None and v.matrix.summary == "There is nothing to show for these filters."


def test_function_filter_group_by_department_and_department_scope(tiny) -> None:
    v = catalog.build(tiny, filters(tiny, function="payments"), "en")
    assert _ids(v) == ["i3", "i2"] and v.chosen == ("payments",)
    v = catalog.build(tiny, filters(tiny, group="department"), "en")
    assert [(g.label, g.count) for g in v.groups] == [("Dept One", 2), ("Dept Two", 1)]
    assert _ids(v) == ["i2", "i1", "i3"]  # Pay before Portal within Dept One
    v = catalog.build(tiny, filters(tiny, department="dep1"), "en")
    assert _ids(v) == ["i1", "i2"] and v.count.text == "Showing 2 of 2 digital services in Country."


def test_paging_draws_a_page_of_cards_and_says_how_many_more(tiny, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog, "PAGE_SIZE", 2)
    v = catalog.build(tiny, filters(tiny), "en")
    # first page: Portal and Other drawn; the Payments heading still counts both of its matches
    assert _ids(v) == ["i1", "i3"] and [(g.label, g.count) for g in v.groups] == [("Complaints", 1), ("Payments", 2)]
    p = v.paging
    assert (p.page, p.page_size, p.drawn, p.total, p.more) == (1, 2, 2, 3, 1)
    assert p.note is not None and p.note.text.startswith("Showing 2 of 3 digital services; search or filter")
    assert p.more_label == "Show 1 more"
    assert len(v.services.rows) == 3  # the table holds every match
    assert v.matrix.summary.endswith("It covers the 2 services listed above, of 3; show more or search to see others.")
    v = catalog.build(tiny, filters(tiny, page="2"), "en")
    assert _ids(v) == ["i1", "i3", "i2"] and (v.paging.more, v.paging.note, v.paging.more_label) == (0, None, None)
    assert _ids(catalog.build(tiny, filters(tiny, page="9"), "en")) == ["i1", "i3", "i2"]  # past the end: all


def test_matrix_rows_are_the_provinces_and_cells_say_the_stage(tiny) -> None:
    # p1 (a, b): Portal live at both ("Live 2/2"), Pay live at a ("Live 1/2"), Other nowhere. p2 (d, one leaf):
    # Other planned ("Planned", no count for a single local area). Live cells: 2 of 6.
    m = catalog.build(tiny, filters(tiny), "en").matrix
    assert m.id == "catalog-matrix" and m.filename == "adoption-matrix-c"
    assert m.title == "Stage of each service in the areas of Country"
    assert m.summary == "Across 2 areas and 3 services, 2 of 6 combinations are live or scaled up."
    shown = m.table.frame().set_index("Area")
    assert list(shown.index) == ["Province One", "Province Two"]
    assert shown.loc["Province One"].to_dict() == {"Portal": "Live 2/2", "Other": "Not reached", "Pay": "Live 1/2"}
    assert shown.loc["Province Two"].to_dict() == {"Portal": "Not reached", "Other": "Planned", "Pay": "Not reached"}
    cells = m.table.rows.set_index(["region_id", "initiative_id"])
    assert cells.loc[("p1", "i2"), "stage"] == "live" and cells.loc[("p1", "i2"), "live_leaves"] == 1
    assert cells.loc[("p2", "i1"), "stage"] is None or pd.isna(cells.loc[("p2", "i1"), "stage"])  # null in JSON
    assert m.chart is not None and m.chart.kind == "heatmap"
    fig = m.chart.build()
    assert list(fig.data[0].y) == ["Province One", "Province Two"]


def test_a_district_is_its_own_matrix_row(tiny) -> None:
    # District D: only dep2's i3 is there (planned); the matrix is the district itself, 0 of 1 live
    v = catalog.build(tiny, filters(tiny, region="d"), "en")
    assert _ids(v) == ["i3"] and v.groups[0].services[0].reach_badge == "Planned in District D"
    assert v.matrix.table.frame().values.tolist() == [["District D", "Planned"]]
    assert v.matrix.summary == "Across 1 area and 1 service, 0 of 1 combination is live or scaled up."


def test_urdu_names_and_words(tiny) -> None:
    en = catalog.build(tiny, filters(tiny), "en")
    ur = catalog.build(tiny, filters(tiny), "ur")
    assert ur.region == "ملک" and "ملک" in ur.count.text
    # the Urdu labels sort the filter: "Payments" (no Urdu label) before "شکایات"
    assert [(o.id, o.label) for o in ur.functions] == [("payments", "Payments"), ("complaints", "شکایات")]
    assert [g.label for g in ur.groups] == ["Payments", "شکایات"]
    assert ur.services.rows["live_leaves"].tolist() == [0, 1, 2]  # Other, Pay, Portal: the same figures
    assert ur.services.columns[1].label != en.services.columns[1].label
    assert [c.id for c in ur.services.columns] == [c.id for c in en.services.columns]


def test_urdu_count_and_paging_words(tiny, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog, "PAGE_SIZE", 2)
    v = catalog.build(tiny, filters(tiny), "ur")
    assert v.count.text == "ملک کی 3 میں سے 3 ڈیجیٹل خدمات دکھائی جا رہی ہیں۔"
    assert v.paging.note is not None and v.paging.note.text.startswith("3 میں سے 2 ڈیجیٹل خدمات دکھائی جا رہی ہیں؛")
    assert v.paging.more_label == "مزید 1 دکھائیں"
    assert v.services.frame().iloc[0].tolist()[-2] == "1 میں سے 0"  # Other: live in 0 of 1


def test_json_twin_pages_and_keeps_numbers(tiny, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog, "PAGE_SIZE", 2)
    doc = render_json(tiny, "catalog", {"page": "2", "group": "department", "lang": "ps"})
    json.dumps(doc, allow_nan=False)
    assert doc["meta"]["params"] == {"page": "2", "group": "department"}
    assert doc["paging"] == {
        "page": 2,
        "page_size": 2,
        "drawn": 3,
        "total": 3,
        "more": 0,
        "note": None,
        "more_label": None,
    }
    rows = {r["initiative_id"]: r for r in doc["services"]["rows"]}
    assert rows["i2"]["live_leaves"] == 1 and rows["i2"]["status"] == "in_progress"
    assert [c["id"] for c in doc["services"]["columns"]][:4] == ["initiative_id", "service", "reach", "status"]
    card = doc["groups"][0]["services"][0]
    assert "reach_colour" not in card and card["initiative_id"] == "i2"
    assert doc["matrix"]["chart"] == {"kind": "heatmap"}
    assert {"region_id": "p2", "initiative_id": "i1", "stage": None, "live_leaves": 0, "leaves": 1} in doc["matrix"][
        "table"
    ]["rows"]
    assert doc["overlaps"]["table"]["rows"] == [] and doc["overlaps"]["drawn"] == 0


def test_bad_params_and_unknown_ids(tiny) -> None:
    for params, message in (
        ({"group": "size"}, "unknown group: 'size' (one of function, department)"),
        ({"page": "0"}, "page must be a whole number from 1 up, not '0'"),
        ({"page": "two"}, "page must be a whole number from 1 up, not 'two'"),
        ({"function": "complaints,nope"}, "unknown function: 'nope'"),
    ):
        with pytest.raises(BadParam, match=message.replace("(", r"\(").replace(")", r"\)")):
            render_json(tiny, "catalog", params)
    with pytest.raises(UnknownId, match="unknown department: 'nope'"):
        render_json(tiny, "catalog", {"department": "nope"})


# tiny plus dep3 (home p1) running two complaints services: i4 Helpdesk, live at b but paused by its owner (so
# "stopped": not live anywhere, 0 of 2 in p1), with a description (and its Urdu translation) and a website, and
# i5 Hotline, in pilot at a and b. Overlaps, pairs of one function from different departments sharing a local
# area: (i1 Portal, i5 Hotline) at a and b: 2 local areas, named by the region covering both, Province One;
# (i1 Portal, i4 Helpdesk) at b: 1 local area, District B. i4 and i5 are one department's: no pair.
INITIATIVES = """initiative_id,name,department_id,function,status,start_date,target_date,summary,summary:ur,website
i1,Portal,dep1,complaints,live,2025-01-01,2026-12-31,,,
i2,Pay,dep1,payments,in_progress,,,,,
i3,Other,dep2,payments,planned,,,,,
i4,Helpdesk,dep3,complaints,paused,,,Answers calls about water,پانی کے بارے میں کالوں کا جواب,https://help.example.pk
i5,Hotline,dep3,complaints,in_progress,,,,,
"""


@pytest.fixture(scope="module")
def overlapping(tmp_path_factory: pytest.TempPathFactory):
    p = copy_fixture(tmp_path_factory.mktemp("ov") / "pkg")
    with (p / "departments.csv").open("a", encoding="utf-8") as f:
        f.write("dep3,Dept Three,p1,\n")
    (p / "initiatives.csv").write_text(INITIATIVES, encoding="utf-8")
    with (p / "rollouts.csv").open("a", encoding="utf-8") as f:
        f.write("i4,b,live,2026-01-01\ni5,a,pilot,2026-02-01\ni5,b,pilot,2026-02-01\n")
    reads: Reads = publish(p, Path(tmp_path_factory.mktemp("ovdb")) / "shafaf.duckdb")
    yield reads
    reads.con.close()


def test_a_paused_service_stands_stopped_beside_its_declared_status(overlapping) -> None:
    v = catalog.build(overlapping, filters(overlapping, region="b"), "en")
    # District B holds the services with a stage there: Helpdesk, Hotline, Portal (Pay is only at a)
    assert _ids(v) == ["i4", "i5", "i1"]
    helpdesk, hotline = v.groups[0].services[:2]
    assert (helpdesk.reach, helpdesk.reach_badge, helpdesk.reach_colour) == (
        "stopped",
        "Paused, stopped or retired in District B",
        "orange",
    )
    assert (helpdesk.status_badge, helpdesk.status_colour) == ("Declared status: Paused", "orange")
    assert (hotline.reach_badge, hotline.reach_colour) == ("In pilot in District B", "blue")
    assert (helpdesk.summary, helpdesk.website) == ("Answers calls about water", "https://help.example.pk")
    assert v.services.frame().values.tolist()[0] == [
        "Helpdesk",
        "Paused, stopped or retired",
        "Paused",
        "Dept Three",
        "Complaints",
        "0 of 2",
        "https://help.example.pk",
    ]


def test_search_reads_the_description_in_the_readers_language(overlapping) -> None:
    assert _ids(catalog.build(overlapping, filters(overlapping, region="b", search="WATER"), "en")) == ["i4"]
    ur = catalog.build(overlapping, filters(overlapping, region="b", search="پانی"), "ur")
    assert _ids(ur) == ["i4"] and ur.groups[0].services[0].summary == "پانی کے بارے میں کالوں کا جواب"
    assert _ids(catalog.build(overlapping, filters(overlapping, region="b", search="water"), "ur")) == []


def test_overlaps_widest_first_with_where(overlapping, monkeypatch: pytest.MonkeyPatch) -> None:
    o = catalog.build(overlapping, filters(overlapping, region="p1"), "en").overlaps
    assert o.sentence.text == (
        "2 pairs of services from different departments do the same thing in the same places (1 function)."
    )
    assert o.rule.text.startswith("An **overlap** is two services that do the same thing")
    assert o.table.frame().values.tolist() == [
        ["Complaints", "Portal", "Dept One", "Hotline", "Dept Three", "Province One", 2],
        ["Complaints", "Portal", "Dept One", "Helpdesk", "Dept Three", "District B", 1],
    ]
    assert o.table.rows["places"].tolist() == [["p1"], ["b"]]
    assert (o.drawn, o.first, o.filename) == (2, None, "overlaps-p1")
    monkeypatch.setattr(catalog, "OVERLAP_ROWS", 1)  # the page draws the widest, the download holds both
    o = catalog.build(overlapping, filters(overlapping, region="p1"), "en").overlaps
    assert o.drawn == 1 and len(o.table.frame()) == 2
    assert o.first is not None and o.first.text.startswith("The 1 pairs with the most local areas in common are listed")


def test_overlaps_follow_the_department_and_function_filters(overlapping) -> None:
    # dep3's own list holds only i4 and i5, but its pairs with dep1's Portal are still overlaps
    v = catalog.build(overlapping, filters(overlapping, region="p1", department="dep3"), "en")
    assert _ids(v) == ["i4", "i5"] and len(v.overlaps.table.rows) == 2
    v = catalog.build(overlapping, filters(overlapping, region="p1", department="dep1", function="payments"), "en")
    assert v.overlaps.table.empty and v.overlaps.sentence.text == "No overlaps in this area."
    # District A: only the Portal and Hotline pair shares it
    ov = twin(overlapping, "catalog", region="a", lang="ur")["overlaps"]["table"]["rows"]
    assert [(r["initiative_a"], r["initiative_b"], r["places"], r["leaf_count"]) for r in ov] == [
        ("i1", "i5", ["a"], 1)
    ]
