"""The Outcomes view on a hand-made package: target series judged by the rule, trajectories, funding per currency."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest

from shafaf.reads import Reads
from shafaf.views import outcomes
from shafaf.views.base import BadParam, UnknownId
from tests.pkgtools import copy_fixture, replace_in
from tests.unit.views.conftest import filters, publish, twin

# Tiny (as_of 2026-03-15) plus a cost metric (unit PKR: lower is better) and targets and funding:
# dep1 (p1) runs i1 "Portal" (in a and b) and i2 "Pay" (in a only); dep2 (p2) runs i3 "Other" (in d).
# Latest month of every series: 2026-02 (recent: 2026-01..2026-03). On track: actual >= 95% of the target
# (<= 105% when lower is better).
#   i1 whole transactions: 150 + 250 = 400 against 500 (points 2026-02 500, 2026-06 800): 400 < 475, off.
#   i1 at a transactions: 150 against 100: on.     i2 whole transactions: 50 against 40: on.
#   i2 whole cost: 30 against 25 (after its only point, 2026-01): 30 > 26.25, off (lower is better).
#   i2 whole satisfaction: 90 but the first target point is 2026-06: no target yet, no data.
#   i3 at d transactions: 1000 against 900: on (only under c and p2).
# Funding: USD World Bank -> i1 1000/400, Donor Fund -> i2 500/100; PKR Gov -> i1 200/250 (above), Gov -> i3 300/0.
METRIC = "  cost: {label: Cost per transaction, unit: PKR, aggregate: mean}\n  users: {"
TARGETS = (
    "initiative_id,region_id,metric,month,value\n"
    "i1,,transactions,2026-02,500\ni1,,transactions,2026-06,800\ni1,a,transactions,2026-02,100\n"
    "i2,,transactions,2026-02,40\ni2,,cost,2026-01,25\ni2,,satisfaction,2026-06,95\ni3,d,transactions,2026-02,900\n"
)
FUNDING = (
    "initiative_id,funder,committed,disbursed,currency,as_of\n"
    "i1,World Bank,1000,400,USD,2026-01-31\ni2,Donor Fund,500,100,USD,2026-01-31\n"
    "i1,Gov,200,250,PKR,2026-02-28\ni3,Gov,300,0,PKR,2026-02-28\n"
)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reads]:
    root = tmp_path_factory.mktemp("outcomes")
    p = copy_fixture(root / "pkg")
    replace_in(p / "package.yaml", "  users: {", METRIC)
    with (p / "metrics.csv").open("a", encoding="utf-8") as f:
        f.write("i2,a,cost,2026-02,30,\n")
    (p / "targets.csv").write_text(TARGETS, encoding="utf-8")
    (p / "funding.csv").write_text(FUNDING, encoding="utf-8")
    reads = publish(p, root / "db" / "shafaf.duckdb")
    yield reads
    reads.con.close()


def test_every_target_series_in_scope_with_its_status_in_words(out) -> None:
    v = outcomes.build(out, filters(out, region="p1"), "en")
    assert v.intro.text.startswith("Each published target of the digital services in Province One")
    assert v.status.summary == (
        "Of 5 targets, 2 are on track, 2 are off track and 1 have no recent figure or no target yet to judge."
    )
    assert v.status.table.rows.values.tolist() == [
        ["on_track", "On track", 2],
        ["off_track", "Off track", 2],
        ["no_data", "No data", 1],
    ]
    assert v.status.chart is not None and v.status.filename == "targets-status-p1"
    shown = v.targets.frame()
    assert shown.values.tolist() == [
        ["Portal", "Transactions", "District A", "On track", "2026-02", "150", "100", "higher"],
        ["Portal", "Transactions", "whole service", "Off track", "2026-02", "400", "500", "higher"],
        ["Pay", "Cost per transaction", "whole service", "Off track", "2026-02", "PKR 30.00", "PKR 25.00", "lower"],
        ["Pay", "Satisfaction", "whole service", "No data", "2026-02", "90.0%", "no data", "higher"],
        ["Pay", "Transactions", "whole service", "On track", "2026-02", "50", "40", "higher"],
    ]
    assert v.targets.answer_label() == "Status"
    rows = v.targets.rows
    assert list(rows["status"]) == ["on_track", "off_track", "off_track", "no_data", "on_track"]
    assert list(rows["lower_is_better"]) == [False, False, True, False, False]
    assert rows["target_region_id"].fillna("-").tolist() == ["a", "-", "-", "-", "-"]
    assert rows["month"].tolist() == [dt.date(2026, 2, 1)] * 5
    assert v.choose.text.startswith("Choose a digital service") and v.selected is None and v.trajectories == ()


def test_a_district_shows_only_targets_that_apply_to_it_and_the_chosen_service(out) -> None:
    b = outcomes.build(out, filters(out, region="b"), "en")  # i2 has not reached b; i1's target at a is not b's
    assert b.targets.frame()["Target set for"].tolist() == ["whole service"]
    a = outcomes.build(out, filters(out, region="a", initiative="i1"), "en")
    assert a.choose is None and a.selected.text == "Targets of Portal"
    assert [c.id for c in a.trajectories] == ["outcomes-target-0", "outcomes-target-1"]
    assert [c.title for c in a.trajectories] == [
        "Transactions: actual against target (District A) · On track",
        "Transactions: actual against target (whole service) · Off track",
    ]
    whole = a.trajectories[1]
    assert whole.summary == "Off track. Transactions: 400 in 2026-02; the target for that month is 500."
    assert outcomes.build(out, filters(out, region="b", initiative="i2"), "en").selected is None  # none here


def test_department_filter_and_a_department_without_targets_or_funding(out) -> None:
    v = outcomes.build(out, filters(out, region="p1", department="dep1"), "en")
    assert set(v.targets.rows["initiative"]) == {"Portal", "Pay"}
    none = outcomes.build(out, filters(out, region="p1", department="dep2"), "en")
    assert none.status.summary == "There are no published targets here." and none.status.chart is None
    assert none.targets is None and none.funding == () and none.funding_lines is None
    assert none.funding_note.id == "funding_none"


def test_funding_totals_per_currency_never_added_and_flags(out) -> None:
    v = outcomes.build(out, filters(out, region="p1"), "en")
    assert v.funding_note.text == "Amounts are shown per currency and never added across currencies."
    # PKR: only Portal's Gov line (i3 is not in p1): no per-service card. USD: two services, two funders.
    assert [c.id for c in v.funding] == ["outcomes-funder-PKR", "outcomes-funder-USD", "outcomes-initiative-USD"]
    pkr, usd, usd_services = v.funding
    assert pkr.title == "Funding in PKR by funder"
    assert pkr.summary == (
        "PKR 200 committed and PKR 250 disbursed (125% of the commitment). Disbursed above committed: 1."
    )
    assert usd.summary == "USD 1,500 committed and USD 500 disbursed (33% of the commitment)."
    assert usd_services.table.frame()[["Digital service", "Disbursed share"]].values.tolist() == [
        ["Portal", "40%"],
        ["Pay", "20%"],
    ]
    assert pkr.table.frame()["Check"].tolist() == ["above committed"]
    lines = v.funding_lines.frame()
    assert lines.values.tolist() == [
        ["Portal", "Gov", "PKR", 200.0, 250.0, "125%", "above committed", "2026-02-28"],
        ["Portal", "World Bank", "USD", 1000.0, 400.0, "40%", "", "2026-01-31"],
        ["Pay", "Donor Fund", "USD", 500.0, 100.0, "20%", "", "2026-01-31"],
    ]
    assert v.funding_lines.answer_label() == "Disbursed share"
    country = outcomes.build(out, filters(out), "en")  # i3's PKR line joins: two services in PKR
    assert [c.id for c in country.funding][:2] == ["outcomes-funder-PKR", "outcomes-initiative-PKR"]
    assert country.funding[0].summary.startswith("PKR 500 committed and PKR 250 disbursed (50%")


def test_urdu_words_same_figures(out) -> None:
    en = outcomes.build(out, filters(out, region="p1"), "en")
    ur = outcomes.build(out, filters(out, region="p1"), "ur")
    assert ur.targets.rows["status"].tolist() == en.targets.rows["status"].tolist()
    assert ur.targets.rows[["actual", "target"]].equals(en.targets.rows[["actual", "target"]])
    assert [c.id for c in ur.targets.columns] == [c.id for c in en.targets.columns]
    assert ur.targets.labels()["status"] != en.targets.labels()["status"]
    assert ur.status.table.rows["count"].tolist() == [2, 2, 1]
    assert ur.funding_lines.rows["disbursed_share"].tolist() == [1.25, 0.4, 0.2]


def test_json_twin(out) -> None:
    doc = twin(out, "outcomes", region="a", initiative="i1", lang="ps")
    json.dumps(doc, ensure_ascii=False, allow_nan=False)
    assert list(doc) == [
        "api_version",
        "meta",
        "region",
        "intro",
        "status",
        "targets",
        "choose",
        "selected",
        "trajectories",
        "funding_note",
        "funding",
        "funding_lines",
    ]
    assert doc["meta"]["page"] == "outcomes" and doc["meta"]["params"] == {}
    assert doc["targets"]["rows"][1] == {
        "initiative_id": "i1",
        "initiative": "Portal",
        "metric": "transactions",
        "measure": "Transactions",
        "target_region_id": None,
        "area": "ټول خدمت",
        "status": "off_track",
        "month": "2026-02-01",
        "actual": 400,
        "target": 500,
        "unit": "count",
        "lower_is_better": False,
    }
    assert doc["targets"]["rows"][3]["target"] is None  # no target yet: null, not "no data"
    assert doc["funding_lines"]["rows"][0] == {
        "initiative_id": "i1",
        "initiative": "Portal",
        "funder": "Gov",
        "currency": "PKR",
        "committed": 200,
        "disbursed": 250,
        "disbursed_share": 1.25,
        "above_committed": True,
        "as_of": "2026-02-28",
    }
    assert doc["trajectories"][0]["table"]["rows"][0] == {"month": "2026-01-01", "actual": 100, "target": None}


def test_unknown_ids_and_no_own_params(out) -> None:
    with pytest.raises(UnknownId, match="unknown initiative: 'nope'"):
        twin(out, "outcomes", initiative="nope")
    with pytest.raises(UnknownId, match="unknown department"):
        twin(out, "outcomes", department="nope")
    with pytest.raises(BadParam, match="unknown lang"):
        twin(out, "outcomes", lang="xx")
    assert outcomes.PARAMS == () and twin(out, "outcomes", metric="x")["meta"]["params"] == {}  # not its own
