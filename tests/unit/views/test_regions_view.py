"""The Regions view model on the tiny package, against figures worked out by hand from its CSV files."""

from __future__ import annotations

import json

import pytest

from shafaf.views import regions
from shafaf.views.base import BadParam, UnknownId
from tests.unit.views.conftest import filters, twin

# Province One (p1, 1,000 people): districts a (400) and b (600). i1 (Portal, dep1) is live at p1 so in a
# and b; i2 (Pay, dep1) is live in a since 2026-01-10 (pilot from 2025-09-01). Province Two (p2): district
# d (500), i3 (Other, dep2) only planned there.
# Transactions 2026-02: a = 150 (i1) + 50 (i2) = 200, per 1,000 = 200/400*1000 = 500.0; change on 2026-01
# (100) = +100. b = 250, per 1,000 = 250/600*1000 = 416.7, change on 300 = -50.
# p1 = 450 (per 1,000: 450), p2 = 1,000 from i3 (500 people: 2,000.0 per 1,000), no January: no change.
# Coverage of the country's provinces: p1 100% (2 of 2 districts live), p2 0% (0 of 1): p2 left behind,
# "no live service". Grid of p1: pairs meant = a x {i1, i2}, b x {i1, i2}; b x i2 not reached: 1 of 4 gaps.


def test_province_ranking_and_usage(tiny) -> None:
    v = regions.build(tiny, filters(tiny, region="p1"), "en")
    assert v.up is not None and v.up.params == {"region": "c"} and v.up.label == "Up to Country"
    c = v.children
    assert c is not None and v.leaf is None
    assert (c.measure, c.metric) == ("coverage", "transactions")
    assert [m for m, _ in c.metric_choices] == ["transactions", "users"]  # the summable headline metrics
    rows = c.ranking.rows.set_index("region")
    assert list(rows.index) == ["a", "b"]
    assert (rows.loc["a", "value"], rows.loc["a", "change"], round(rows.loc["a", "per_1000"], 1)) == (200, 100, 500.0)
    assert (rows.loc["b", "value"], rows.loc["b", "change"], round(rows.loc["b", "per_1000"], 1)) == (250, -50, 416.7)
    shown = c.ranking.frame().set_index("Area")
    assert shown.loc["District A", "Transactions (latest month)"] == "200 (2026-02)"
    assert shown.loc["District B", "Per 1,000 people"] == "416.7"
    assert shown.loc["District B", "Change on the month before"] == "−50"
    assert shown.loc["District A", "Live in (local areas)"] == "1 of 1"
    assert c.map.summary == "Coverage is 100% in every area with data."
    assert c.map.chart is not None and c.map.filename == "regions-coverage-p1"
    assert [link.params["region"] for link in c.drill] == ["a", "b"]


def test_never_none_left_behind_while_services_are_missing(tiny) -> None:
    c = regions.build(tiny, filters(tiny, region="p1"), "en").children
    assert c is not None and c.behind is None
    gaps = "1 of 4 district and service pairs where a service is meant to be are not live yet"
    assert c.left_behind.text.startswith("No area of Province One falls under the rule above")
    assert gaps in c.left_behind.text and c.grid.gaps.text.startswith(gaps)
    assert c.grid.card is not None and c.grid.ranking is not None
    cells = c.grid.card.table.rows.set_index("district")
    assert (cells.loc["District B", "i2"], cells.loc["District B", "i1"]) == ("Not reached", "Live")
    ranking = c.grid.ranking.rows
    assert list(ranking["district"]) == ["a", "b"] and list(ranking["share"]) == [1.0, 0.5]
    assert list(c.grid.ranking.frame()["Services live"]) == ["2 of 2", "1 of 2"]


def test_country_left_behind_and_its_reason(tiny) -> None:
    c = regions.build(tiny, filters(tiny, region="c"), "en").children
    assert c is not None and c.behind is not None
    assert c.behind.rows.to_dict("records") == [{"region": "p2", "why": ["no_live"]}]
    assert c.behind.frame().to_dict("records") == [{"Area": "Province Two", "Why": "no live service"}]
    assert c.left_behind.text == "1 of 2 areas of Country are left behind (coverage of Country: 67%)."
    assert list(c.ranking.frame()["Coverage"]) == ["100%", "0%"]
    assert c.map.summary == "Coverage ranges from 100% in Province One to 0% in Province Two."


def test_adoption_ranks_by_use_per_1000(tiny) -> None:
    c = regions.build(tiny, filters(tiny, region="c", measure="adoption"), "en").children
    assert c is not None and c.measure == "adoption"
    assert list(c.ranking.rows["region"]) == ["p2", "p1"]  # 2,000.0 before 450.0
    assert c.map.title == "Transactions per 1,000 people in the areas of Country"
    assert c.map.filename == "regions-adoption-c"


def test_district_lists_its_services_with_stage_colours(tiny) -> None:
    v = regions.build(tiny, filters(tiny, region="a"), "en")
    assert v.children is None and v.leaf is not None and v.leaf.sentence is not None
    assert v.leaf.sentence.text == "In District A, 2 of 2 digital services are live."
    s = v.leaf.services
    assert list(s.rows["service"]) == ["i2", "i1"]  # both live: by name, Pay before Portal
    shown = s.frame().set_index("Digital service")
    assert shown.loc["Pay", "Since"] == "2026-01-10" and shown.loc["Pay", "Set for"] == "District A"
    assert shown.loc["Portal", "Set for"] == "Province One"
    assert shown.loc["Portal", "Reports usage here"] == "yes, up to 2026-02"
    assert s.answer == "stage" and s.paint["stage"]["Live"][1] == "#ffffff"
    assert s.paint["stage"]["Planned"][1] == "#000000"  # a light colour gets black text


def test_department_filter_and_scope_note(tiny) -> None:
    v = regions.build(tiny, filters(tiny, region="d", department="dep1"), "en")
    assert v.scope == ("department", "Dept One")
    assert v.leaf is not None and v.leaf.sentence is None and v.leaf.services.empty  # dep1 has nothing in d


def test_urdu_words(tiny) -> None:
    c = regions.build(tiny, filters(tiny, region="c"), "ur").children
    assert c is not None
    assert "ملک" in c.map.title  # Country's Urdu name
    assert c.ranking.labels()["coverage"] != "Coverage"
    assert list(c.ranking.rows["region"]) == ["p1", "p2"]  # the same figures in any language


def test_json_twin(tiny) -> None:
    j = twin(tiny, "regions", region="c", measure="adoption", lang="ps")
    json.dumps(j)
    assert j["meta"]["params"] == {"measure": "adoption"} and j["leaf"] is None
    assert set(j) == {"api_version", "meta", "region", "up", "scope", "children", "leaf"}
    ranking = j["children"]["ranking"]
    assert ranking["rows"][0] == {
        "rank": 1,
        "region": "p2",
        "coverage": 0,
        "live_in": 0,
        "live_services": 0,
        "value": 1000,
        "per_1000": 2000,
        "change": None,
    }
    assert "build" not in j["children"]["map"]["chart"]


def test_bad_params_and_unknown_ids(tiny) -> None:
    with pytest.raises(BadParam, match="measure"):
        regions.build(tiny, filters(tiny, region="c", measure="speed"), "en")
    with pytest.raises(BadParam, match="metric"):
        regions.build(tiny, filters(tiny, region="c", metric="satisfaction"), "en")  # not summed over regions
    with pytest.raises(UnknownId):
        twin(tiny, "regions", region="nowhere")
