"""The About the data view on the tiny package, against figures worked out by hand from its CSV files."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from shafaf.views import data, render_json
from shafaf.views.base import BadParam, UnknownId
from tests.pkgtools import make_tiny_v2
from tests.unit.views.conftest import filters, publish, twin

# Tiny (as_of 2026-03-15): both departments last reported 2026-02, one month behind; dep1 through i1 and i2,
# dep2 through i3. In p1, i1 is live at p1 (districts a and b): 2 live areas; in 2026-02 transactions and
# satisfaction came from a and b (2 of 2), users never (0 of 2). In d nothing is live: no share at all.
# Three measures: transactions (count, added up), satisfaction (percent, weighted by transactions), users.


def test_package_facts_and_measures(tiny) -> None:
    v = data.build(tiny, filters(tiny, region="p1"), "en")
    facts = dict(zip(v.facts.rows["fact"], v.facts.rows["value"], strict=True))
    assert facts["title"] == "Tiny test package" and facts["publisher"] == "Test Board"
    assert (facts["license"], facts["as_of"], facts["snapshot"], facts["demo"]) == (
        "CC-BY-4.0",
        "2026-03-15",
        "000001",
        False,
    )
    shown = v.facts.frame()
    assert list(shown.columns) == [c.label for c in v.facts.columns[1:]] and shown.columns[1] == "Value"
    assert shown.iloc[6].tolist() == ["Demo data", "no"]
    assert v.measures.frame().values.tolist() == [
        ["Transactions", "Number", "Added up", "yes"],
        ["Satisfaction", "Percent", "Averaged, weighted by Transactions", "yes"],
        ["Users", "People", "Added up", "yes"],
    ]
    assert list(v.measures.rows["unit"]) == ["count", "percent", "people"]
    assert [m.id for m in v.methodology][:3] == ["stage", "in_region", "reached"] and len(v.methodology) == 10


def test_freshness_has_every_department(tiny) -> None:
    v = data.build(tiny, filters(tiny), "en")
    rows = v.freshness.table.rows
    assert rows.values.tolist() == [
        ["dep1", "Dept One", dt.date(2026, 2, 1), 1, 2],
        ["dep2", "Dept Two", dt.date(2026, 2, 1), 1, 1],
    ]
    assert v.freshness.table.frame().values.tolist() == [["Dept One", "2026-02", 1, 2], ["Dept Two", "2026-02", 1, 1]]
    assert v.freshness.summary.startswith("0 of 2 departments have reported up to the latest month")
    assert v.freshness.chart is not None


def test_completeness_of_a_province_and_of_a_district_with_nothing_live(tiny) -> None:
    v = data.build(tiny, filters(tiny, region="p1"), "en")
    assert v.completeness.table.rows.values.tolist() == [
        ["transactions", "Transactions", dt.date(2026, 2, 1), 2, 2, 1.0],
        ["satisfaction", "Satisfaction", dt.date(2026, 2, 1), 2, 2, 1.0],
        ["users", "Users", None, 0, 2, 0.0],
    ]
    assert v.completeness.table.frame()["Share"].tolist() == ["100%", "100%", "0%"]
    assert v.completeness.summary == (
        "The least complete measure is Users: 0 of 2 areas with a live service reported in its latest month."
    )
    d = data.build(tiny, filters(tiny, region="d"), "en")
    assert d.completeness.table.rows["live_count"].tolist() == [0, 0, 0]
    assert d.completeness.table.frame()["Share"].tolist() == ["no data"] * 3  # never "0 / 0"
    assert d.completeness.summary == "There are no live services here whose reporting could be checked."
    assert d.completeness.filename == "completeness-d"


def test_history_and_links_to_every_version(tiny) -> None:
    v = data.build(tiny, filters(tiny), "en")
    h = v.history.rows
    assert h[["snapshot_id", "as_of", "published_by", "action", "package"]].values.tolist() == [
        ["000001", "2026-03-15", "Test Board", "Publication", "tiny"]
    ]
    assert [(x.page, dict(x.params)) for x in v.versions] == [("overview", {})]  # the newest: no snapshot=


def test_an_earlier_snapshot_lists_every_publication_of_the_newest(tiny, tmp_path) -> None:
    from tests.conftest import TINY

    db = tmp_path / "shafaf.duckdb"
    old, new = publish(TINY, db), publish(make_tiny_v2(tmp_path / "v2"), db)
    try:
        alone = data.build(old, filters(old), "ur")
        assert list(alone.history.rows["snapshot_id"]) == ["000001"]
        v = data.build(old, filters(old), "ur", latest=new)
        assert list(v.history.rows["snapshot_id"]) == ["000002", "000001"]
        assert [dict(x.params) for x in v.versions] == [{"lang": "ur"}, {"snapshot": "000001", "lang": "ur"}]
        assert v.facts.rows.set_index("fact").at["snapshot", "value"] == "000001"  # the facts stay the shown one's
    finally:
        old.con.close()
        new.con.close()


def test_urdu_words_same_figures(tiny) -> None:
    en = data.build(tiny, filters(tiny, region="p1"), "en")
    ur = data.build(tiny, filters(tiny, region="p1"), "ur")
    assert ur.completeness.table.rows.values.tolist() == en.completeness.table.rows.values.tolist()
    assert ur.freshness.table.frame().iloc[0, 1] == "فروری 2026"
    assert ur.measures.columns[1].id == "measure" and ur.measures.columns[1].label != en.measures.columns[1].label


def test_json_twin(tiny) -> None:
    doc = twin(tiny, "data", region="p1", lang="ps")
    json.dumps(doc, ensure_ascii=False, allow_nan=False)
    keys = ["api_version", "meta", "facts", "methodology", "measures", "freshness", "completeness", "history"]
    assert list(doc) == [*keys, "versions"]
    rows = doc["completeness"]["table"]["rows"]
    assert rows[2] == {
        "metric": "users",
        "measure": "Users",
        "month": None,
        "reported_count": 0,
        "live_count": 2,
        "share": 0,
    }
    assert doc["freshness"]["table"]["rows"][0]["latest_month"] == "2026-02-01"
    assert doc["freshness"]["table"]["rows"][0]["months_behind"] == 1
    assert doc["versions"] == [{"page": "overview", "label": doc["versions"][0]["label"], "params": {"lang": "ps"}}]


def test_unknown_region_and_bad_language(tiny) -> None:
    with pytest.raises(UnknownId, match="unknown region: 'nope'"):
        render_json(tiny, "data", {"region": "nope"})
    with pytest.raises(BadParam, match="unknown lang"):
        render_json(tiny, "data", {"lang": "xx"})
