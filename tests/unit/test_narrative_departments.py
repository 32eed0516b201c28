"""Summary sentences of the Departments page, on hand-made figures."""

from __future__ import annotations

import pandas as pd

from shafaf import narrative


def test_change_words() -> None:
    assert narrative.change_words(100.0, 112.0, "en") == "up 12%"
    assert narrative.change_words(200.0, 150.0, "en") == "down 25%"
    assert narrative.change_words(5.0, 5.0, "en") == "no change"
    assert narrative.change_words(None, 5.0, "en") == "no data"
    assert narrative.change_words(0.0, 5.0, "en") == "no data"  # no percentage change from zero


def test_departments_on_time_sentence() -> None:
    rates = [("Roads", 0.25), ("Health", 0.8), ("Water", 0.5)]
    assert narrative.departments_on_time_sentence(rates, "en") == (
        "Of 3 departments with milestones due, Health has the highest on-time rate (80%) and Roads the lowest (25%)."
    )
    assert narrative.departments_on_time_sentence([("Roads", 1.0)], "en") == (
        "Roads is the only department with milestones due; 100% were on time."
    )
    assert narrative.departments_on_time_sentence([], "en") == "No department has milestones due yet."


def test_department_sentence_says_no_data_not_zero() -> None:
    assert narrative.department_sentence("Traffic", "Peshawar", 2, 1, 0.75, 0.6, "en") == (
        "In Peshawar, Traffic runs 2 digital services (1 live). Milestones on time: 75%. Median coverage: 60%."
    )
    assert narrative.department_sentence("Traffic", "Peshawar", 1, 0, None, None, "en") == (
        "In Peshawar, Traffic runs 1 digital services (0 live). Milestones on time: no data. Median coverage: no data."
    )


def test_adoption_trend_sentence_over_the_months_with_data() -> None:
    months = pd.to_datetime(["2025-11-01", "2025-12-01", "2026-10-01"])
    trend = pd.DataFrame({"month": months, "value": pd.array([None, 1200.0, 1500.0], dtype="Float64")})
    assert narrative.adoption_trend_sentence("Transactions", "count", trend, "en") == (
        "Transactions went from 1,200 in 2025-12 to 1,500 in 2026-10 (up 25%)."
    )
    one = trend.assign(value=pd.array([None, None, 40.0], dtype="Float64"))
    assert narrative.adoption_trend_sentence("Users", "people", one, "en") == (
        "Users: 40 in 2026-10, the only month with data in the last year."
    )
    empty = trend.assign(value=pd.array([None, None, None], dtype="Float64"))
    assert narrative.adoption_trend_sentence("Users", "people", empty, "en") == "There is no data on Users here."
