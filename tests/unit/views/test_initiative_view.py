"""The Digital service view on the tiny package and on a service package (two publications), figures by hand."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest

from shafaf.reads import Reads
from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from shafaf.views import initiative, render_json
from shafaf.views.base import BadParam, UnknownId
from tests.pkgtools import make_withdrawal_v1, make_withdrawal_v2
from tests.unit.views.conftest import filters, twin

# Tiny: dep1 (Province One, p1) runs i1 "Portal" (live at p1, so in districts a and b) and i2 "Pay" (pilot
# then live in a since 2026-01-10); dep2 (Province Two) runs i3 "Other", only planned in d. i3 has not
# reached p1 and its department is elsewhere, so it is not counted in p1.

# The service package: tiny with descriptions, a budget and a website for i1, plus (in the second
# publication, as_of 2026-04-30) what make_withdrawal_v2 does (m3 "Pilot", overdue since 2026-01-01, is
# left out: 119 days late on 2026-04-30; m4 "Scale" moves 2026-06-30 -> 2027-03-31; i2's Donor Fund line
# goes), targets, updates and one more funding line (i1, Gov, 200 committed, 250 disbursed, PKR). A third
# province p3 has one district e and no department: no service is counted there.
INITIATIVES = (
    "initiative_id,name,department_id,function,status,start_date,target_date,summary,summary:ur,budget,website,"
    "open_source\n"
    "i1,Portal,dep1,complaints,live,2025-01-01,2026-12-31,File a complaint online.,آن لائن شکایت درج کریں۔,"
    "1200000,https://portal.example.org,true\n"
    "i2,Pay,dep1,payments,in_progress,,,,,,,false\n"
    "i3,Other,dep2,payments,planned,,,,,,,\n"
)
TARGETS = (
    "initiative_id,region_id,metric,month,value\n"
    "i1,,transactions,2026-02,500\n"
    "i1,,transactions,2026-06,800\n"
    "i1,a,transactions,2026-02,100\n"
)
UPDATES = (
    "update_id,initiative_id,date,title,title:ur,body\n"
    "u1,i1,2026-01-10,Portal opens,پورٹل کھل گیا,Anyone can file a complaint.\n"
    "u2,i1,2026-03-01,Faster replies,,Replies within a week.\n"
    "u3,,2026-02-01,Programme news,,Not about one service.\n"
)
REGIONS = "p3,c,province,Province Three,,\ne,p3,district,District E,,100\n"
REASON = "Merged into Scale"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Reads]]:
    """The service package published twice: {"000001": its reads, "000002": its reads}."""
    root = tmp_path_factory.mktemp("service")
    v1, v2 = make_withdrawal_v1(root / "v1"), make_withdrawal_v2(root / "v2")
    for p in (v1, v2):
        (p / "initiatives.csv").write_text(INITIATIVES, encoding="utf-8")
        with (p / "regions.csv").open("a", encoding="utf-8") as f:
            f.write(REGIONS)
    (v2 / "targets.csv").write_text(TARGETS, encoding="utf-8")
    (v2 / "updates.csv").write_text(UPDATES, encoding="utf-8")
    with (v2 / "funding.csv").open("a", encoding="utf-8") as f:
        f.write("i1,Gov,200,250,PKR,2026-04-30\n")
    db = root / "deploy" / "shafaf.duckdb"
    assert load_package(v1, db).snapshot_id == "000001"
    assert load_package(v2, db, reasons={"milestones:m3": REASON}).snapshot_id == "000002"
    dep = Deployment(db)
    out = {sid: Reads.open(dep.snapshot_file(sid), sid) for sid in ("000001", "000002")}
    yield out
    for r in out.values():
        r.con.close()


def test_without_a_service_the_region_services_to_choose_from(tiny, service) -> None:
    v = initiative.build(tiny, filters(tiny, region="p1"), "en")
    assert v.service is None and v.timeline is None and v.targets == () and v.updates == ()
    # p1 counts i1 and i2, by name: "Pay" before "Portal"; each link keeps the page and sets the service
    assert [(c.page, c.label, dict(c.params)) for c in v.choices] == [
        ("initiative", "Pay", {"initiative": "i2"}),
        ("initiative", "Portal", {"initiative": "i1"}),
    ]
    assert v.choose.text == "Choose a digital service to see it in full. These are the services in Province One:"
    empty = initiative.build(service["000002"], filters(service["000002"], region="p3"), "en")
    assert empty.choices == () and empty.choose.text == "There are no digital services in Province Three."


def test_facts_of_a_service_in_words_and_numbers(service) -> None:
    reads = service["000002"]
    v = initiative.build(reads, filters(reads, region="p1", initiative="i1"), "en")
    s = v.service
    assert (s.name, s.status, s.status_text) == ("Portal", "live", "Live")
    assert s.summary.text == "File a complaint online."
    facts = {f.id: (f.value, f.text) for f in s.facts}
    assert facts == {
        "department": ("dep1", "Dept One"),
        "function": ("complaints", "Complaints"),
        "open_source": (True, "yes"),
        "start_date": (dt.date(2025, 1, 1), "2025-01-01"),
        "target_date": (dt.date(2026, 12, 31), "2026-12-31"),
    }
    assert [f.id for f in s.facts if f.from_package] == ["department", "function"]  # the page escapes those
    assert (s.budget.value, s.budget.unit, s.budget.text) == (1200000.0, "currency", "1,200,000")
    assert s.website == "https://portal.example.org"
    assert v.notice is None
    pay = initiative.build(reads, filters(reads, region="p1", initiative="i2"), "en").service
    assert pay.summary is None and pay.website is None and pay.budget.text == "no data"
    assert {f.id: f.text for f in pay.facts}["open_source"] == "no"
    assert pay.status_text == "In progress"


def test_a_service_not_counted_in_the_region_says_so(tiny) -> None:
    v = initiative.build(tiny, filters(tiny, region="p1", initiative="i3"), "en")
    assert v.notice is not None and v.notice.text.startswith("This service is not counted in Province One")
    # its department is in Province Two: no leaf of p1 is eligible, so its coverage here is no data
    assert list(v.rollout.table.rows["stage"]) == ["none", "none"]
    assert v.rollout.summary == (
        "None of the local areas of Province One is under this service's department, so its coverage here is no data."
    )


def test_timeline_of_a_province_and_of_a_district(tiny) -> None:
    # i1 at p1: m1 "Launch" (whole service) done on 2025-06-01 as planned, 31 days after its baseline
    # 2025-05-01; m2 "District A" done 2026-01-05, 35 days after its plan 2025-12-01 (= its baseline)
    v = initiative.build(tiny, filters(tiny, region="p1", initiative="i1"), "en")
    rows = v.timeline.table.rows
    assert list(rows["milestone_id"]) == ["m1", "m2"]
    assert list(rows["class"]) == ["done_on_time", "done_late"]
    assert list(rows["slippage_days"]) == [31, 35]
    assert list(rows["area"]) == ["whole service", "District A"]
    assert v.timeline.summary == (
        "Of 2 milestones: 1 done on time, 1 done late, 0 overdue, 0 upcoming, 0 cancelled; 0 blocked. "
        "Re-plans recorded since publication began: 0."
    )
    shown = v.timeline.table.frame()
    assert list(shown.columns)[:3] == ["Milestone", "Status", "Concerns"]
    assert list(shown["Done on"]) == ["2025-06-01", "2026-01-05"]
    # District B: m2 concerns District A only, so only m1
    b = initiative.build(tiny, filters(tiny, region="b", initiative="i1"), "en")
    assert list(b.timeline.table.rows["milestone_id"]) == ["m1"]
    # i2: m3 "Pilot" (2026-01-01, blocked) is overdue on 2026-03-15, m4 "Scale" upcoming
    pay = initiative.build(tiny, filters(tiny, region="p1", initiative="i2"), "en")
    assert list(pay.timeline.table.frame()["Status"]) == ["Overdue (blocked)", "Upcoming"]


def test_every_replan_is_in_the_table_and_drawn_and_not_in_the_older_snapshot(service) -> None:
    old = initiative.build(service["000001"], filters(service["000001"], initiative="i2"), "en")
    assert (old.timeline.table.frame()["Earlier plans"] == "").all()
    assert old.timeline.summary.endswith("Re-plans recorded since publication began: 0.")
    new = initiative.build(service["000002"], filters(service["000002"], initiative="i2"), "en")
    row = new.timeline.table.rows.iloc[0]
    # m4 was re-planned from 2026-06-30 to 2027-03-31: 274 days after its first plan
    assert (row["milestone_id"], row["earlier_dates"], row["planned_date"]) == (
        "m4",
        [dt.date(2026, 6, 30)],
        dt.date(2027, 3, 31),
    )
    assert row["slippage_days"] == 274
    shown = new.timeline.table.frame().iloc[0]
    assert (shown["Earlier plans"], shown["Current plan"]) == ("2026-06-30", "2027-03-31")
    assert new.timeline.summary.endswith("Re-plans recorded since publication began: 1.")
    fig = new.timeline.chart.build()
    earlier = next(tr for tr in fig.data if tr.name == "Earlier plan")
    assert [str(x)[:10] for x in earlier.x] == ["2026-06-30"]
    # every milestone's class is in its label, in words, and the hover has the whole "title · class"
    planned = next(tr for tr in fig.data if tr.name == "Current plan")
    assert all(y.endswith("Upcoming") for y in planned.y), planned.y
    assert all(" · " in c.replace("<br>", " ") for c in planned.customdata)


def test_withdrawn_milestone_and_the_service_history(service) -> None:
    v = initiative.build(service["000002"], filters(service["000002"], initiative="i2"), "en")
    gone = v.withdrawn.table.rows
    # m3 "Pilot": planned 2026-01-01, overdue when left out of the package of 2026-04-30: 119 days late
    assert gone[["milestone", "plans", "class", "days_late", "reason"]].values.tolist() == [
        ["Pilot", "2026-01-01", "Overdue", "119", REASON]
    ]
    assert v.withdrawn.summary == (
        "Milestones left out of a later package: 1; overdue when withdrawn (counted as missed): 1."
    )
    h = v.history.table.rows
    assert h[["change", "what", "before", "after", "reason"]].values.tolist() == [
        ["Withdrawn", "Donor Fund (USD)", "—", "Withdrawn", ""],
        ["Withdrawn", "Pilot", "2026-01-01", "Withdrawn 119 days late", REASON],
        ["Re-planned", "Scale", "2026-06-30", "2027-03-31", "Vendor contract re-tendered"],
    ]
    assert v.history.summary.startswith("Changes recorded since the first publication, newest first: 3.")
    first = initiative.build(service["000001"], filters(service["000001"], initiative="i2"), "en")
    assert first.withdrawn is None and first.history.table.empty
    assert first.history.summary == "No change has been recorded for this service since its first publication."


def test_rollout_per_local_area_and_its_coverage(tiny) -> None:
    # i2 at p1: live in a (set for a itself), not reached in b; eligible leaves under dep1's p1: a and b
    v = initiative.build(tiny, filters(tiny, region="p1", initiative="i2"), "en")
    rows = v.rollout.table.rows
    assert rows[["leaf_id", "stage"]].values.tolist() == [["a", "live"], ["b", "none"]]
    assert rows["via"].iloc[0] == "District A" and rows["via"].isna().iloc[1]  # null in the JSON
    shown = v.rollout.table.frame()
    assert list(shown.columns) == ["Area", "Local area", "Stage", "Stage set for"]
    assert list(shown["Stage"]) == ["Live", "Not reached"] and list(shown["Stage set for"]) == ["District A", ""]
    assert v.rollout.summary == "Live in 1 of 2 local areas of Province One; reached at any stage in 1."
    # i1 is live at p1: both districts, stage set for Province One
    i1 = initiative.build(tiny, filters(tiny, region="p1", initiative="i1"), "en")
    assert list(i1.rollout.table.rows["via"]) == ["Province One", "Province One"]
    assert i1.rollout.summary == "Live in 2 of 2 local areas of Province One; reached at any stage in 2."


def test_targets_are_judged_against_their_own_area(service) -> None:
    reads = service["000002"]
    # whole service: i1's transactions were 100 + 300 = 400 in 2026-01 and 150 + 250 = 400 in 2026-02, the
    # latest month; the target there is 500, and 400 < 500 * 0.95: off track. District A: 150 against 100:
    # on track. At p1 both series (area a first), at District B only the whole service's.
    v = initiative.build(reads, filters(reads, region="p1", initiative="i1"), "en")
    assert [c.id for c in v.targets] == ["initiative-target-0", "initiative-target-1"]
    a, whole = v.targets
    assert a.title.endswith("(District A) · On track")
    assert whole.title.endswith("(whole service) · Off track")
    assert whole.summary == "Off track. Transactions: 400 in 2026-02; the target for that month is 500."
    assert whole.table.rows.astype(object).where(whole.table.rows.notna(), None).values.tolist() == [
        [dt.date(2026, 1, 1), 400.0, None],
        [dt.date(2026, 2, 1), 400.0, 500.0],
        [dt.date(2026, 6, 1), None, 800.0],
    ]
    assert list(whole.table.frame()["Latest month"]) == ["2026-01", "2026-02", "2026-06"]
    assert whole.chart is not None and whole.provenance is not None
    b = initiative.build(reads, filters(reads, region="b", initiative="i1"), "en")
    assert [c.title.endswith("(whole service) · Off track") for c in b.targets] == [True]
    assert initiative.build(reads, filters(reads, region="p1", initiative="i2"), "en").targets == ()


def test_funding_per_currency_flags_disbursed_above_committed(service) -> None:
    reads = service["000002"]
    v = initiative.build(reads, filters(reads, initiative="i1"), "en")
    assert [c.id for c in v.funding] == ["initiative-funding-PKR", "initiative-funding-USD"]
    pkr, usd = v.funding
    # PKR: Gov committed 200 and disbursed 250 (125%): above committed. USD: World Bank 1000 and 650 (65%).
    assert pkr.table.rows.values.tolist() == [["Gov", "PKR", 200.0, 250.0, 1.25, True, 1]]
    shown = pkr.table.frame()
    assert list(shown["Check"]) == ["above committed"] and list(shown["Disbursed share"]) == ["125%"]
    assert pkr.summary.endswith("Disbursed above committed: 1.")
    assert usd.table.rows.values.tolist() == [["World Bank", "USD", 1000.0, 650.0, 0.65, False, 0]]
    assert usd.summary == "USD 1,000 committed and USD 650 disbursed (65% of the commitment)."
    assert initiative.build(reads, filters(reads, initiative="i3"), "en").funding == ()  # i3 has no funding line


def test_updates_newest_first_in_the_readers_language(service) -> None:
    reads = service["000002"]
    # u2 (2026-03-01) then u1 (2026-01-10); the programme-wide u3 is not about this service
    en = initiative.build(reads, filters(reads, initiative="i1"), "en")
    assert [(u.date, u.title) for u in en.updates] == [
        (dt.date(2026, 3, 1), "Faster replies"),
        (dt.date(2026, 1, 10), "Portal opens"),
    ]
    ur = initiative.build(reads, filters(reads, initiative="i1"), "ur")
    assert [u.title for u in ur.updates] == ["Faster replies", "پورٹل کھل گیا"]  # untranslated: as given


def test_urdu_words_same_figures(service) -> None:
    reads = service["000002"]
    en = initiative.build(reads, filters(reads, region="p1", initiative="i1"), "en")
    ur = initiative.build(reads, filters(reads, region="p1", initiative="i1"), "ur")
    assert ur.service.status_text == "فعال" and ur.service.summary.text == "آن لائن شکایت درج کریں۔"
    assert {f.id: f.text for f in ur.service.facts}["function"] == "شکایات"
    assert [f.value for f in ur.service.facts] == [f.value for f in en.service.facts]
    assert ur.service.budget.value == en.service.budget.value
    assert ur.timeline.table.rows["slippage_days"].tolist() == en.timeline.table.rows["slippage_days"].tolist()
    assert list(ur.timeline.table.rows["area"]) == ["پوری سروس", "District A"]
    assert list(ur.rollout.table.rows["stage"]) == list(en.rollout.table.rows["stage"])
    assert ur.rollout.table.columns[0].id == en.rollout.table.columns[0].id == "area_group"
    assert ur.rollout.table.columns[0].label != en.rollout.table.columns[0].label


def test_json_twin(service) -> None:
    reads = service["000002"]
    doc = twin(reads, "initiative", region="p1", initiative="i1", lang="ps")
    text = json.dumps(doc, ensure_ascii=False, allow_nan=False)
    assert list(doc) == [
        "api_version",
        "meta",
        "region",
        "choose",
        "choices",
        "service",
        "notice",
        "timeline",
        "withdrawn",
        "rollout",
        "targets",
        "funding",
        "history",
        "updates",
    ]
    assert doc["meta"]["initiative_id"] == "i1" and doc["meta"]["snapshot_id"] == "000002"
    assert doc["service"]["budget"]["value"] == 1200000 and doc["service"]["facts"][2]["value"] is True
    assert "from_package" not in doc["service"]["facts"][0]
    assert doc["timeline"]["table"]["rows"][0]["baseline_date"] == "2025-05-01"
    assert doc["funding"][0]["table"]["rows"][0] == {
        "funder": "Gov",
        "currency": "PKR",
        "committed": 200,
        "disbursed": 250,
        "disbursed_share": 1.25,
        "above_committed": True,
        "rows_over": 1,
    }
    assert doc["targets"][1]["table"]["rows"][2] == {"month": "2026-06-01", "actual": None, "target": 800}
    assert doc["updates"][0] == {"date": "2026-03-01", "title": "Faster replies", "body": "Replies within a week."}
    assert "Traceback" not in text
    chooser = twin(reads, "initiative", region="p1")
    assert [c["params"] for c in chooser["choices"]] == [{"initiative": "i2"}, {"initiative": "i1"}]


def test_unknown_service_and_bad_language(tiny) -> None:
    with pytest.raises(UnknownId, match="unknown initiative: 'nope'"):
        render_json(tiny, "initiative", {"initiative": "nope"})
    with pytest.raises(BadParam, match="unknown lang"):
        render_json(tiny, "initiative", {"initiative": "i1", "lang": "de"})
