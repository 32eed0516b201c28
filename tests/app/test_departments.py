"""The Departments page on the demo: the scorecard, one department's own page, links, unknown and empty cases."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from shafaf.store.deployment import Deployment
from shafaf.store.reader import connect_read_only
from tests.app.conftest import page

PAGE = "pages/public/departments.py"


def query(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    """An independent query on the latest snapshot."""
    dep = Deployment(db)
    with connect_read_only(dep.snapshot_file(dep.current_id())) as con:
        return con.execute(sql).fetchall()


def table(at, first_column: str) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return next(d.value for d in at.dataframe if d.value.columns[0] == first_column)


def spec(at, key: str) -> dict:  # type: ignore[no-untyped-def]
    return next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id.endswith(f"chart-{key}"))


ON_TIME_SQL = """
SELECT count(*) FILTER (WHERE m.actual_date <= m.planned_date AND m.status IS DISTINCT FROM 'cancelled'),
       count(*) FILTER (WHERE m.status IS DISTINCT FROM 'cancelled' AND (m.actual_date IS NOT NULL
                         OR m.planned_date < DATE '2026-10-31'))
FROM milestones m JOIN initiatives i USING (initiative_id) WHERE i.department_id = '{dept}'
"""


LIVE_SQL = """
SELECT count(*) FILTER (WHERE i.initiative_id IN (SELECT initiative_id FROM leaf_stages
                                                 WHERE stage IN ('live', 'scaled'))
                         AND i.status NOT IN ('paused', 'cancelled')),
       count(*) FILTER (WHERE i.status = 'live')
FROM initiatives i WHERE i.department_id = '{dept}'
"""


def test_scorecard_one_row_per_department_with_the_methodology_figures(demo: Path) -> None:
    at = page(PAGE)
    assert not at.exception and not at.error
    card = table(at, "Department").set_index("Department")
    assert len(card) == query(demo, "SELECT count(*) FROM departments")[0][0]  # all seated in the province
    traffic = card.loc["Traffic Police"]
    assert (traffic["Digital services"], traffic["Live"], traffic["Declared status: Planned"]) == (2, 2, 0)
    on_time, due = query(demo, ON_TIME_SQL.format(dept="kp-traffic"))[0]
    assert traffic["Milestones on time"] == f"{100 * on_time / due:.0f}%"
    wssc = card.loc["Water and Sanitation Services Company"]
    assert (wssc["Live"], wssc["Declared status: Cancelled"]) == (1, 1)
    # "Live" is the methodology's (live or scaled at a local area, and neither paused nor cancelled), not the
    # declared status: at the root every leaf counts, so it is the department's services with a live stage
    # anywhere that their owner has not paused or cancelled
    for dept, name in (("kp-agri", "Agriculture Department"), ("kp-bor", "Board of Revenue")):
        live, declared = query(demo, LIVE_SQL.format(dept=dept))[0]
        row = card.loc[name]
        assert (row["Live"], row["Declared status: Live"]) == (live, declared)
    # Farmer Advisory reached live in eight districts but is declared paused: live nowhere
    assert card.loc["Agriculture Department", "Live"] == 0
    # adoption: the department's transactions in the as-of month, over every region (the root's subtree)
    total = query(
        demo,
        "SELECT sum(value) FROM metrics m JOIN initiatives i USING (initiative_id) "
        "WHERE i.department_id = 'kp-traffic' AND metric = 'transactions' AND month = DATE '2026-10-01'",
    )[0][0]
    assert traffic["Transactions in 2026-10"] == f"{total:,.0f}"
    fig = spec(at, "departments-on-time")
    bars = fig["data"][0]
    assert all(x.endswith("%") or x == "no data" for x in bars["text"])  # the bar's own label: short, never turned
    assert all("on time" in words or words == "no data" for _, words in bars["customdata"])  # the rate in words
    assert any("median" in c.value.lower() for c in at.caption)  # the text says which average coverage is


def test_a_district_scorecard_lists_only_departments_with_services_there(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-khyber")
    card = table(at, "Department")
    staged = query(
        demo,
        "SELECT count(DISTINCT i.department_id) FROM leaf_stages ls JOIN initiatives i USING (initiative_id) "
        "WHERE ls.leaf_id = 'pk-kp-khyber'",
    )[0][0]
    assert len(card) == staged and (card["Digital services"] > 0).all()


def test_department_page_services_links_milestones_and_adoption(demo: Path) -> None:
    at = page(PAGE, department="kp-traffic", region="pk-kp-pesh")
    assert not at.exception and not at.error
    assert at.header[0].value == "Traffic Police"
    services = table(at, "Digital service")
    assert list(services["Digital service"]) == ["Online Driving Licence", "Traffic e-Challan"]
    assert set(services["Status"]) == {"Live"}
    links = [(link.proto.page, link.proto.query_string) for link in at.get("page_link")]
    assert ("initiative", "region=pk-kp-pesh&initiative=driving-licence") in links
    assert ("initiative", "region=pk-kp-pesh&initiative=e-challan") in links
    assert ("milestones", "region=pk-kp-pesh&department=kp-traffic") in links
    counts = table(at, "Milestone status").set_index("Milestone status")["Milestones"]
    assert counts.sum() == 6  # ms-dl-*, ms-ec-1..3 in the division; Karak's and Lakki Marwat's are elsewhere
    trend = table(at, "Month")
    total = query(
        demo,
        "SELECT sum(m.value) FROM metrics m JOIN initiatives i USING (initiative_id) "
        "JOIN region_closure c ON c.region_id = m.region_id AND c.ancestor_id = 'pk-kp-pesh' "
        "WHERE i.department_id = 'kp-traffic' AND metric = 'transactions' AND month = DATE '2026-10-01'",
    )[0][0]
    assert len(trend) == 12 and trend.iloc[-1]["Month"] == "2026-10"
    assert trend.iloc[-1]["Transactions"] == f"{total:,.0f}"


def test_department_without_services_in_the_region_says_so(demo: Path) -> None:
    at = page(PAGE, department="kp-transport", region="pk-kp-khyber")  # BRT runs in Peshawar only
    assert not at.error
    assert any("has no digital service in Khyber" in i.value for i in at.info)


def test_unknown_department_shows_the_scorecard(demo: Path) -> None:
    at = page(PAGE, department="no-such-department")
    assert not at.exception and not at.error
    assert len(table(at, "Department")) > 1
