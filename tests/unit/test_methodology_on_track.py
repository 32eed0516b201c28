"""The "on track" rule for targets (docs/methodology-notes.md), on hand-made series with worked answers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from shafaf.metrics import (
    Scope,
    funding_flags,
    funding_totals,
    interpolated_target,
    lower_is_better,
    target_actual_values,
    target_status,
    target_statuses,
    targets_in,
)

AS_OF = dt.date(2026, 10, 31)


def frame(rows: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame({"month": pd.to_datetime([f"{m}-01" for m in rows]), "value": list(rows.values())})


POINTS = frame({"2026-01": 100.0, "2026-04": 130.0, "2026-10": 190.0})


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        ("2025-12-01", None),  # before the first point: no target yet
        ("2026-01-01", 100.0),  # on a point
        ("2026-02-01", 110.0),  # 100 + 1/3 * (130 - 100)
        ("2026-06-15", 150.0),  # mid-month counts as its month: 130 + 2/6 * (190 - 130)
        ("2026-12-01", 190.0),  # after the last point the last target holds
    ],
)
def test_interpolated_target(month: str, expected: float | None) -> None:
    got = interpolated_target(POINTS, month)
    assert got == (None if expected is None else pytest.approx(expected))


def test_no_points_means_no_target() -> None:
    assert interpolated_target(frame({}), "2026-01-01") is None


def test_on_track_within_five_percent_below_target() -> None:
    # target at 2026-09: 130 + 5/6 * 60 = 180; 95% of it is 171
    on = target_status(frame({"2026-08": 10.0, "2026-09": 171.0}), POINTS, "count", AS_OF)
    assert on["status"] == "on_track" and on["month"] == "2026-09"
    assert on["actual"] == 171.0 and on["target"] == pytest.approx(180.0)
    off = target_status(frame({"2026-09": 170.0}), POINTS, "count", AS_OF)
    assert off["status"] == "off_track"


def test_currency_is_lower_is_better() -> None:
    assert lower_is_better("PKR") and not lower_is_better("percent") and not lower_is_better("count")
    # target at 2026-10 is 190; 105% of it is 199.5
    assert target_status(frame({"2026-10": 199.5}), POINTS, "PKR", AS_OF)["status"] == "on_track"
    assert target_status(frame({"2026-10": 200.0}), POINTS, "PKR", AS_OF)["status"] == "off_track"


def test_no_data_when_latest_actual_is_stale_or_before_any_target() -> None:
    # as-of month 2026-10: the latest actual must be 2026-08 or newer
    stale = target_status(frame({"2026-07": 500.0}), POINTS, "count", AS_OF)
    assert stale["status"] == "no_data" and stale["actual"] == 500.0
    assert target_status(frame({"2026-08": 500.0}), POINTS, "count", AS_OF)["status"] == "on_track"
    early = target_status(frame({"2025-12": 500.0}), POINTS, "count", dt.date(2025, 12, 31))
    assert early["status"] == "no_data" and early["target"] is None
    none = target_status(frame({}), POINTS, "count", AS_OF)
    assert none["status"] == "no_data" and none["actual"] is None


def test_missing_values_are_not_zero() -> None:
    actuals = pd.DataFrame({"month": pd.to_datetime(["2026-09-01", "2026-10-01"]), "value": [175.0, None]})
    s = target_status(actuals, POINTS, "count", AS_OF)
    assert s["month"] == "2026-09" and s["status"] == "on_track"  # October's missing value is skipped, not 0


# ------------------------------------------------------------------ series, scope and funding

DEFS = pd.DataFrame(
    {
        "metric": ["tx", "sat", "cost"],
        "unit": ["count", "percent", "PKR"],
        "aggregate": ["sum", "mean", "mean"],
        "weight": [None, "tx", None],
    }
)


def test_target_actual_values_and_statuses_per_series() -> None:
    m = pd.to_datetime(["2026-09-01", "2026-10-01"])
    aggs = pd.DataFrame(
        {
            "initiative_id": ["a", "a", "a", "b"],
            "target_region_id": [None, None, "r1", None],
            "metric": ["tx", "sat", "tx", "cost"],
            "month": [m[1], m[1], m[1], m[0]],
            "sum_value": [300.0, 160.0, 50.0, 40.0],
            "row_count": [3, 2, 1, 2],
            # sat: rows 60 (weight 10) and 100 (weight 30) -> (600 + 3000) / 40 = 90
            "weighted_sum": [0.0, 3600.0, 0.0, 0.0],
            "weight_sum": [0.0, 40.0, 0.0, 0.0],
        }
    )
    values = target_actual_values(aggs, DEFS)
    got = {(r.initiative_id, r.target_region_id, r.metric): r.value for r in values.itertuples()}
    assert got == {
        ("a", None, "tx"): 300.0,
        ("a", None, "sat"): 90.0,
        ("a", "r1", "tx"): 50.0,
        ("b", None, "cost"): 20.0,
    }
    points = pd.DataFrame(
        {
            "initiative_id": ["a", "a", "a", "b"],
            "target_region_id": [None, None, "r1", None],
            "metric": ["tx", "sat", "tx", "cost"],
            "month": pd.to_datetime(["2026-10-01", "2026-10-01", "2026-10-01", "2026-01-01"]),
            "value": [310.0, 95.0, 60.0, 25.0],
        }
    )
    s = target_statuses(points, values, DEFS, AS_OF)
    status = {
        (r.initiative_id, r.target_region_id if isinstance(r.target_region_id, str) else None, r.metric): r.status
        for r in s.itertuples()
    }
    # tx 300 >= 0.95 * 310 = 294.5; sat 90 < 0.95 * 95 = 90.25; r1 50 < 57; cost 20 <= 26.25 (lower is better)
    assert status == {
        ("a", None, "tx"): "on_track",
        ("a", None, "sat"): "off_track",
        ("a", "r1", "tx"): "off_track",
        ("b", None, "cost"): "on_track",
    }


def test_targets_in_follow_the_milestone_area_rule() -> None:
    sc = Scope(
        "r1", frozenset({"r1", "r1a"}), frozenset({"r1a"}), frozenset({"r1", "root"}), frozenset({"a"}), frozenset()
    )
    statuses = pd.DataFrame(
        {
            "initiative_id": ["a", "a", "a", "a", "b"],
            "target_region_id": [None, "r1a", "root", "r2", None],
            "status": ["on_track"] * 5,
        }
    )
    kept = targets_in(statuses, sc)
    assert list(kept["target_region_id"].fillna("-")) == [
        "-",
        "r1a",
        "root",
    ]  # not r2 (elsewhere), not b (out of scope)


def test_funding_is_totalled_within_currency_and_flagged() -> None:
    f = pd.DataFrame(
        {
            "initiative_id": ["a", "a", "b", "b"],
            "funder": ["Gov", "Bank", "Gov", "Bank"],
            "committed": [100.0, 10.0, 50.0, 0.0],
            "disbursed": [90.0, 12.0, 70.0, 0.0],
            "currency": ["PKR", "USD", "PKR", "USD"],
        }
    )
    flags = funding_flags(f)
    assert list(flags["over_committed"]) == [False, True, True, False]
    assert flags["disbursed_share"].iloc[0] == pytest.approx(0.9) and pd.isna(flags["disbursed_share"].iloc[3])
    by_funder = funding_totals(f, "funder")
    rows = {
        (r.currency, r.funder): (r.committed, r.disbursed, r.over_committed, r.rows_over)
        for r in by_funder.itertuples()
    }
    assert rows == {("PKR", "Gov"): (150.0, 160.0, True, 1), ("USD", "Bank"): (10.0, 12.0, True, 1)}
    by_init = funding_totals(f, "initiative_id")
    assert len(by_init) == 4  # a and b each in PKR and in USD: never added across currencies
