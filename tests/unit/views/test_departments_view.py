"""The Departments view model on the tiny package, against figures worked out by hand from its CSV files."""

from __future__ import annotations

import json
import math
import shutil

import pytest

from shafaf.i18n import t
from shafaf.views import departments
from shafaf.views.base import BadParam, UnknownId
from tests.conftest import TINY, PackageCopy
from tests.unit.views.conftest import filters, publish, twin

# tests/fixtures/tiny, as of 2026-03-15: the country c has provinces p1 (districts a, b) and p2 (district d).
# dep1 "Dept One" (seat p1, sector IT) runs i1 Portal (declared live; live at p1, so at a and b) and i2 Pay
# (declared in progress; pilot then live at a since 2026-01-10). dep2 "Dept Two" (seat p2, no sector) runs
# i3 Other (declared planned; planned at d).
# - services and live: dep1 2 and 2 (i1 and i2 are live at a leaf), dep2 1 and 0.
# - declared status: dep1 one live, one in progress; dep2 one planned.
# - milestones due by 2026-03-15: dep1 m1 on time (done 2025-06-01 as planned), m2 late (done 2026-01-05,
#   planned 2025-12-01), m3 overdue (planned 2026-01-01, open), m4 upcoming (2026-06-30): 1 of 3 on time,
#   33%. dep2: m5 cancelled, m6 overdue (planned 2026-01-01 at d): 0 of 1, 0%.
# - coverage (leaves of the region under the department's seat where a service is live): at c, dep1 over
#   {a, b}: i1 2/2 = 1, i2 1/2 = 0.5, median 0.75; dep2 over {d}: i3 0/1, median 0.
# - transactions by month (the window is 2025-04 .. 2026-03): dep1 2026-01 100 + 300 = 400, 2026-02
#   150 + 250 + 50 = 450, none in 2026-03; dep2 2026-02 1000 (i3 at d). The headline `sum` metrics are
#   transactions and users (satisfaction is a mean), in declared order; users has no rows.
NONE9 = [None] * 9


def test_scorecard_of_the_country_by_hand(tiny) -> None:
    v = departments.build(tiny, filters(tiny, region="c"), "en")
    assert v.department is None and v.portfolio is None and v.notice is None
    assert v.metric == "transactions" and dict(v.metric_options) == {"transactions": "Transactions", "users": "Users"}
    s = v.scorecard
    rows = s.table.rows.set_index("department_id")
    assert list(rows.index) == ["dep1", "dep2"]  # by name: Dept One, Dept Two
    one, two = rows.loc["dep1"], rows.loc["dep2"]
    assert (one["services"], one["live"], one["status_live"], one["status_in_progress"]) == (2, 2, 1, 1)
    assert (two["services"], two["live"], two["status_planned"], two["overdue"]) == (1, 0, 1, 1)
    assert math.isclose(one["on_time_rate"], 1 / 3) and one["overdue"] == 1 and two["on_time_rate"] == 0
    assert (one["coverage_median"], two["coverage_median"]) == (0.75, 0)
    assert one["trend"] == [*NONE9, 400, 450, None] and two["trend"] == [*NONE9, None, 1000, None]
    assert one["latest"] is None and one["change"] is None  # nothing in 2026-03, nothing in 2025-04
    shown = s.table.frame()
    assert list(shown.columns) == [
        "Department",
        "Digital services",
        "Live",
        "Declared status: Planned",
        "Declared status: In progress",
        "Declared status: Live",
        "Declared status: Paused",
        "Declared status: Cancelled",
        "Milestones on time",
        "Overdue",
        "Median coverage",
        "Transactions in 2026-03",
        "Change since 2025-04",
        "Transactions, last 12 months",
    ]
    assert shown.iloc[0, :3].tolist() == ["Dept One", 2, 2]
    assert shown["Milestones on time"].tolist() == ["33%", "0%"]
    assert shown["Median coverage"].tolist() == ["75%", "0%"]
    assert shown["Transactions in 2026-03"].tolist() == ["no data", "no data"]
    assert shown["Change since 2025-04"].tolist() == ["no data", "no data"]
    assert s.table.answer_label() == "Milestones on time" and s.trend == "trend" and s.download == "departments-c"
    assert s.intro.text == "How each department's digital services are doing in Country: one row per department."
    assert "median" in s.coverage_help.text  # the text says which average coverage is


def test_on_time_card_by_hand(tiny) -> None:
    card = departments.build(tiny, filters(tiny, region="c"), "en").scorecard.on_time
    assert card.id == "departments-on-time" and card.filename == "departments-on-time-c"
    assert card.title == "Milestones on time by department in Country"
    assert card.summary == (
        "Of 2 departments with milestones due, Dept One has the highest on-time rate (33%) and Dept Two the lowest (0%)."
    )
    assert card.table.frame().to_dict("list") == {
        "Department": ["Dept One", "Dept Two"],
        "Milestones on time": ["33% on time (1 of 3 due)", "0% on time (0 of 1 due)"],
        "Done on time": [1, 0],
        "Done late": [1, 0],
        "Overdue": [1, 1],
    }
    bars = card.chart.build().data[0]
    assert list(bars.text) == ["33%", "0%"]  # the bar's own label: the rate only, highest first
    assert [words for _, words in bars.customdata] == ["33% on time (1 of 3 due)", "0% on time (0 of 1 due)"]


def test_a_district_lists_only_departments_with_services_there(tiny) -> None:
    # d: only i3 has a stage there, and no department sits in d: Dept Two alone
    s = departments.build(tiny, filters(tiny, region="d"), "en").scorecard
    assert s.table.rows["department"].tolist() == ["Dept Two"]
    # a: i1 and i2 are live there: dep1 alone, coverage over {a} 1 and 1
    s = departments.build(tiny, filters(tiny, region="a"), "en").scorecard
    assert s.table.rows["department_id"].tolist() == ["dep1"]
    assert s.table.rows["coverage_median"].tolist() == [1.0]


def test_another_measure_is_a_parameter(tiny) -> None:
    v = departments.build(tiny, filters(tiny, region="c", metric="users"), "en")
    assert v.metric == "users" and twin(tiny, "departments", metric="users")["meta"]["params"] == {"metric": "users"}
    shown = v.scorecard.table.frame()
    assert "Users in 2026-03" in shown.columns and shown["Users in 2026-03"].tolist() == ["no data", "no data"]
    with pytest.raises(BadParam, match="unknown metric: 'satisfaction'"):  # a mean cannot be added up
        departments.build(tiny, filters(tiny, region="c", metric="satisfaction"), "en")


def test_one_department_by_hand(tiny) -> None:
    v = departments.build(tiny, filters(tiny, region="p1", department="dep1"), "en")
    assert v.scorecard is None and v.notice is None
    assert (v.department.name, v.department.seat.text) == ("Dept One", "Government: Province One · Sector: IT")
    p = v.portfolio
    assert p.sentence.text == (
        "In Province One, Dept One runs 2 digital services (2 live). Milestones on time: 33%. Median coverage: 75%."
    )
    assert [(f.id, f.value, f.text) for f in p.figures] == [
        ("services", 2, "2"),
        ("live", 2, "2"),
        ("on_time_rate", pytest.approx(1 / 3), "33%"),
        ("coverage_median", 0.75, "75%"),
    ]
    assert p.services.frame().to_dict("list") == {
        "Digital service": ["Pay", "Portal"],
        "Status": ["In progress", "Live"],
        "Coverage in Province One": ["50%", "100%"],  # i2 live at a of {a, b}; i1 at both
    }
    assert p.services.answer_label() == "Status"
    assert [(x.page, x.label, dict(x.params)) for x in p.links] == [
        ("initiative", "Pay", {"initiative": "i2"}),
        ("initiative", "Portal", {"initiative": "i1"}),
    ]
    assert (p.tracker.page, dict(p.tracker.params)) == ("milestones", {"department": "dep1"})
    ms = p.milestones
    assert ms.table.rows.set_index("class")["count"].to_dict() == {
        "done_on_time": 1,
        "done_late": 1,
        "overdue": 1,
        "upcoming": 1,
        "cancelled": 0,
    }
    assert ms.summary.startswith("Of 3 milestones due so far, 1 were done on time, 1 late and 1 are overdue (33%")
    assert ms.filename == "milestones-dep1-p1" and ms.chart is not None
    ad = p.adoption
    assert ad.id == "departments-adoption" and ad.filename == "transactions-dep1-p1"
    assert ad.title == "Transactions of Dept One's services in Province One, last 12 months"
    assert ad.summary == "Transactions went from 400 in 2026-01 to 450 in 2026-02 (up 12%)."  # 50/400 = 12.5%
    trend = ad.table.frame()
    assert len(trend) == 12 and trend["Month"].iloc[0] == "2025-04" and trend["Month"].iloc[-1] == "2026-03"
    assert trend["Transactions"].tolist()[-3:] == ["400", "450", "no data"]
    assert ad.provenance is not None and ad.chart is not None


def test_a_department_without_services_in_the_region_says_so(tiny) -> None:
    # dep2's only service i3 is at d, in p2: nothing of it in p1, and it does not sit in p1
    v = departments.build(tiny, filters(tiny, region="p1", department="dep2"), "en")
    assert v.portfolio is None and v.department.seat.text == "Government: Province Two"  # no sector
    assert v.notice.text == "Dept Two has no digital service in Province One."


def test_urdu_has_the_same_figures_in_urdu_words(tiny) -> None:
    en = departments.build(tiny, filters(tiny, region="c"), "en").scorecard
    ur = departments.build(tiny, filters(tiny, region="c"), "ur").scorecard
    assert [c.id for c in ur.table.columns] == [c.id for c in en.table.columns]
    assert ur.table.rows.drop(columns="department").equals(en.table.rows.drop(columns="department"))
    assert ur.table.labels()["department"] == t("departments.col_department", "ur") != "Department"
    assert ur.intro.text == t("departments.intro", "ur", region="ملک")  # Country's Urdu name
    p = departments.build(tiny, filters(tiny, region="p1", department="dep1"), "ur").portfolio
    assert [f.value for f in p.figures][:2] == [2, 2]
    assert p.services.frame().iloc[:, 1].tolist() == [
        t("departments.status_in_progress", "ur"),
        t("departments.status_live", "ur"),
    ]


def test_json_twin(tiny) -> None:
    doc = twin(tiny, "departments", region="c")
    json.dumps(doc, allow_nan=False)
    assert doc["meta"]["page"] == "departments" and doc["metric"] == "transactions"
    table = doc["scorecard"]["table"]
    assert table["answer"] == "on_time_rate"
    units = {c["id"]: c["unit"] for c in table["columns"]}
    assert (units["services"], units["on_time_rate"], units["latest"]) == ("count", "percent", "count")
    one = table["rows"][0]
    assert (one["department_id"], one["services"], one["coverage_median"]) == ("dep1", 2, 0.75)
    assert one["trend"] == [*NONE9, 400, 450, None] and one["latest"] is None
    assert doc["scorecard"]["on_time"]["chart"] == {"kind": "bar"}
    doc = twin(tiny, "departments", region="p1", department="dep1", lang="ps")
    assert doc["portfolio"]["figures"][0]["value"] == 2 and doc["scorecard"] is None
    assert doc["portfolio"]["adoption"]["table"]["rows"][-2] == {"month": "2026-02-01", "value": 450}
    with pytest.raises(UnknownId, match="unknown department: 'nope'"):
        twin(tiny, "departments", department="nope")


@pytest.fixture(scope="module")
def february(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """tiny as of 2026-02-28, with transactions in 2025-03 too, and i2 Pay declared paused."""
    pkg = PackageCopy(shutil.copytree(TINY, tmp_path_factory.mktemp("feb") / "pkg"))
    pkg.yaml_replace("as_of: 2026-03-15", "as_of: 2026-02-28")
    pkg.append(
        "metrics.csv",
        {"initiative_id": "i1", "region_id": "a", "metric": "transactions", "month": "2025-03", "value": "300"},
    )
    pkg.set_cell("initiatives.csv", 3, "status", "paused")
    reads = publish(pkg.path, tmp_path_factory.mktemp("feb-db") / "shafaf.duckdb")
    yield reads
    reads.con.close()


def test_latest_month_change_and_a_paused_service(february) -> None:
    # the window is 2025-03 .. 2026-02: dep1 300 (2025-03), 400, 450 (2026-02): up (450 - 300) / 300 = 50%;
    # dep2 1000 in 2026-02 only: no change to tell. i2 is paused: live nowhere, though its stage at a is live,
    # so dep1 has 1 live service of 2, and its coverage median is (1 + 0) / 2
    s = departments.build(february, filters(february, region="c"), "en").scorecard
    rows = s.table.rows.set_index("department_id")
    assert (rows.loc["dep1", "latest"], rows.loc["dep1", "change"], rows.loc["dep2", "latest"]) == (450, 0.5, 1000)
    assert rows.loc["dep2", "change"] is None
    assert (rows.loc["dep1", "live"], rows.loc["dep1", "status_paused"], rows.loc["dep1", "coverage_median"]) == (
        1,
        1,
        0.5,
    )
    shown = s.table.frame().set_index("Department")
    assert shown.loc["Dept One", "Transactions in 2026-02"] == "450"
    assert shown.loc["Dept Two", "Transactions in 2026-02"] == "1,000"
    assert shown["Change since 2025-03"].tolist() == ["up 50%", "no data"]
