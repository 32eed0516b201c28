"""Every registered page, for every kind of scope: no exception, one title, a source caption."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shafaf.navigation import PAGES
from tests.app.conftest import page
from tests.pkgtools import cli

SHARE_DEMO_CACHES = True  # read-only demo tests: caches cleared once per module (tests/app/conftest.py)

SCOPES = {
    "root": {},
    "province": {"region": "pk-kp"},
    "division": {"region": "pk-kp-pesh"},
    "district": {"region": "pk-kp-khyber"},
    "department": {"department": "kp-traffic"},
    "initiative": {"initiative": "e-challan"},
    "unknown": {"region": "nowhere", "department": "x'; DROP TABLE regions; --", "initiative": "../../etc/passwd"},
    "old snapshot": {"snapshot": "000001", "region": "pk-kp-peshawar"},
}


@pytest.mark.parametrize("scope", list(SCOPES))
@pytest.mark.parametrize("path", [p.path for p in PAGES])
def test_page_renders(demo: Path, path: str, scope: str) -> None:
    at = page(path, **SCOPES[scope])
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert len(at.title) == 1
    assert any("data as of" in c.value for c in at.caption)
    assert any("demo data" in w.value for w in at.warning)


def test_unknown_ids_say_so(demo: Path) -> None:
    at = page("pages/public/overview.py", **SCOPES["unknown"])
    notes = " ".join(w.value for w in at.warning)
    assert "nowhere" in notes and "DROP TABLE" in notes and "etc/passwd" in notes


def test_old_snapshot_is_shown_as_published(demo: Path) -> None:
    at = page("pages/public/overview.py", snapshot="000001")
    assert any("2026-04-30" in c.value for c in at.caption)
    assert any("not the latest" in i.value for i in at.info)


@pytest.mark.parametrize("region", ["pk", "pk-kp-pesh", "pk-kp-khyber"])
def test_overview_figures_equal_summary_json(demo: Path, region: str) -> None:
    r = cli("summary", "--db", str(demo), "--region", region, "--json")
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    at = page("pages/public/overview.py", region=region)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Digital services"] == f"{s['initiatives']:,}"
    assert shown["Live"] == f"{s['initiatives_live']:,}"
    if region == "pk-kp-khyber":  # a district: no "1 of 1 local areas", but what has not reached it
        assert "Areas reached" not in shown
        assert shown["Not reached"] == f"{s['initiatives_by_reach']['not_reached']:,}"
    else:
        assert shown["Areas reached"] == f"{s['regions_reached']} of {s['leaf_regions']}"
    rate = s["on_time_rate"]
    assert shown["Milestones on time"] == ("no data" if rate is None else f"{100 * rate:.0f}%")
    assert shown["Transactions"] == f"{s['metrics']['transactions']['value']:,.0f}"
    assert shown["Active users"] == f"{s['metrics']['active_users']['value']:,.0f}"


def test_a_link_to_the_latest_snapshot_by_id_is_simply_the_latest(demo: Path) -> None:
    at = page("pages/public/overview.py", snapshot="000002")
    assert not any("no data version" in w.value for w in at.warning)
    assert not any("not the latest" in i.value for i in at.info)
    assert any("2026-10-31" in c.value for c in at.caption)


def test_overview_metric_deltas_carry_their_sign_first(demo: Path) -> None:
    s = json.loads(cli("summary", "--db", str(demo), "--json").stdout)
    at = page("pages/public/overview.py")
    tx = s["metrics"]["transactions"]
    diff = tx["value"] - tx["previous_value"]
    shown = next(m for m in at.metric if m.label == "Transactions")
    # Streamlit draws a falling arrow only when the delta text starts with "-"
    assert shown.delta == f"{'-' if diff < 0 else '+'}{abs(diff):,.0f}"
