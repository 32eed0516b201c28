"""The Outcomes page on the demo: targets by the published rule, funding per currency, the filters."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from shafaf.store.deployment import Deployment
from shafaf.store.reader import connect_read_only
from tests.app.conftest import page

PAGE = "pages/public/outcomes.py"


def query(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    """An independent query on the latest snapshot (same read-only settings as the app, closed at once)."""
    dep = Deployment(db)
    with connect_read_only(dep.snapshot_file(dep.current_id())) as con:
        return con.execute(sql).fetchall()


def targets_table(at) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return next(d.value for d in at.dataframe if "Target set for" in d.value.columns)


def text(at) -> str:  # type: ignore[no-untyped-def]
    return " ".join(m.value for m in at.markdown).replace("\\", "")


def test_every_target_series_is_listed_with_a_status_in_words(demo: Path) -> None:
    series = query(demo, "SELECT count(*) FROM (SELECT DISTINCT initiative_id, region_id, metric FROM targets)")[0][0]
    at = page(PAGE)
    assert not at.exception and not at.error
    rows = targets_table(at)
    assert len(rows) == series
    assert set(rows["Status"]) <= {"On track", "Off track", "No data"}
    counts = rows["Status"].value_counts()
    assert (
        f"Of {series} targets, {counts.get('On track', 0)} are on track, {counts.get('Off track', 0)} are off track"
        in text(at)
    )
    cost = rows[rows["Measure"] == "Cost per transaction"]
    assert (cost["Better when"] == "lower").all() and (
        rows[rows["Measure"] == "Transactions"]["Better when"] == "higher"
    ).all()


def test_on_track_by_hand_for_one_series(demo: Path) -> None:
    # e-challan, whole service, transactions: the October actual against the target interpolated at October
    actual = query(
        demo,
        "SELECT sum(value) FROM metrics WHERE initiative_id = 'e-challan' AND metric = 'transactions' "
        "AND month = DATE '2026-10-01'",
    )[0][0]
    points = query(
        demo,
        "SELECT month, value FROM targets WHERE initiative_id = 'e-challan' AND region_id IS NULL "
        "AND metric = 'transactions' ORDER BY month",
    )
    (m0, v0), (m1, v1) = next(
        (a, b) for a, b in zip(points, points[1:], strict=False) if a[0].isoformat() <= "2026-10-01" <= b[0].isoformat()
    )
    months = (m1.year - m0.year) * 12 + m1.month - m0.month
    target = v0 + (v1 - v0) * ((2026 - m0.year) * 12 + 10 - m0.month) / months
    expected = "On track" if actual >= 0.95 * target else "Off track"
    at = page(PAGE, department="kp-traffic")
    rows = targets_table(at)
    whole = rows[rows["Target set for"] == "whole service"].iloc[0]
    assert whole["Status"] == expected
    assert whole["Actual"] == f"{actual:,.0f}" and whole["Target for that month"] == f"{target:,.0f}"
    assert set(rows["Digital service"]) == {"Traffic e-Challan"}  # the department filter


def test_a_district_shows_only_targets_that_apply_to_it(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-khyber")
    assert "Peshawar" not in set(targets_table(at)["Target set for"])
    at = page(PAGE, region="pk-kp-peshawar", initiative="e-challan")
    assert "Peshawar" in set(targets_table(at)["Target set for"])
    assert any("Targets of Traffic e" in s.value for s in at.subheader)  # small multiples of the chosen service
    assert len([s for s in at.subheader if "actual against target" in s.value]) == 2


def test_funding_totals_per_currency_and_flags(demo: Path) -> None:
    pkr = query(demo, "SELECT sum(committed), sum(disbursed) FROM funding WHERE currency = 'PKR'")[0]
    over = query(demo, "SELECT count(*) FROM funding WHERE currency = 'PKR' AND disbursed > committed")[0][0]
    at = page(PAGE)
    shown = text(at)
    assert f"PKR {pkr[0]:,.0f} committed and PKR {pkr[1]:,.0f} disbursed" in shown
    assert f"Disbursed above committed: {over}" in shown
    titles = [s.value.replace("\\", "") for s in at.subheader]
    assert "Funding in PKR by funder" in titles and "Funding in USD by funder" in titles
    services = next(
        d.value
        for d in at.dataframe
        if d.value.columns[0] == "Digital service"
        and "Lines above committed" in d.value.columns
        and set(d.value["Currency"]) == {"PKR"}
    )
    flagged = services.loc[services["Check"] == "above committed", "Digital service"].tolist()
    assert flagged == ["Vehicle Registration and Token Tax"]
    lines = next(d.value for d in at.dataframe if "As of" in d.value.columns)
    every = query(demo, "SELECT count(*) FROM funding WHERE disbursed > committed")[0][0]
    assert (lines["Check"] == "above committed").sum() == every
    for cur in ("USD", "EUR", "GBP"):
        assert f"{cur} " in shown  # every currency has its own figures, never converted or added together


def test_department_without_targets_or_funding_says_so(demo: Path) -> None:
    dept = query(
        demo,
        "SELECT d.department_id FROM departments d WHERE NOT EXISTS (SELECT 1 FROM initiatives i "
        "JOIN targets t USING (initiative_id) WHERE i.department_id = d.department_id) ORDER BY 1 LIMIT 1",
    )[0][0]
    at = page(PAGE, department=dept)
    assert not at.error
    assert "There are no published targets here." in text(at)
