"""The Digital service (Initiative) page on the demo: chooser, facts, re-plans, rollout, targets, funding."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from shafaf.store.deployment import Deployment
from shafaf.store.reader import connect_read_only
from tests.app.conftest import page

PAGE = "pages/public/initiative.py"


def query(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    """An independent query on the latest snapshot (same read-only settings as the app, closed at once)."""
    dep = Deployment(db)
    with connect_read_only(dep.snapshot_file(dep.current_id())) as con:
        return con.execute(sql).fetchall()


def spec(at, key: str) -> dict:  # type: ignore[no-untyped-def]
    return next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id.endswith(f"chart-{key}"))


def table(at, first_column: str) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return next(d.value for d in at.dataframe if d.value.columns[0] == first_column)


def test_without_a_service_the_page_lists_the_region_services(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-khyber")
    assert not at.exception and not at.error
    links = at.get("page_link")
    assert len(links) >= 2 and all(link.proto.page == "initiative" for link in links)
    queries = [link.proto.query_string for link in links]
    assert "region=pk-kp-khyber&initiative=citizen-portal" in queries  # the region filter is kept in the link
    assert not at.header  # a chooser, not an error


def test_unknown_service_shows_the_chooser(demo: Path) -> None:
    at = page(PAGE, initiative="no-such-service")
    # (the notice itself is shown on the run that reads the URL: the first page AppTest opens, see test_every_page)
    assert at.get("page_link") and not at.error


def test_facts_status_in_words_and_every_replan_drawn(demo: Path) -> None:
    at = page(PAGE, initiative="e-challan")
    assert not at.exception and not at.error
    assert at.header[0].value == "Traffic e\\-Challan"
    assert any("Live" in m.value and "badge" in m.value for m in at.markdown)
    shown = " ".join(m.value for m in at.markdown)
    assert "Traffic Police" in shown and "2026\\-12\\-31" not in shown  # dates are plain text, not markdown
    assert any("2026-12-31" in m.value for m in at.markdown)
    ms = table(at, "Milestone")
    row = ms[ms["Earlier plans"] != ""].iloc[0]
    # ms-ec-4 was re-planned from 2026-03-31 to 2026-06-30 by the second publication
    assert row["Earlier plans"] == "2026-03-31" and row["Current plan"] == "2026-06-30"
    fig = spec(at, "initiative-timeline")
    earlier = next(tr for tr in fig["data"] if tr["name"] == "Earlier plan")
    assert [x[:10] for x in earlier["x"]] == ["2026-03-31"]
    # every milestone's class is in its label, in words: the label keeps its end when shortened for the axis,
    # and the hover has the whole "title · class"
    planned = fig["data"][3]
    words = ("Done on time", "Done late", "Overdue", "Due soon", "Upcoming")
    assert all(y.endswith(words) for y in planned["y"]), planned["y"]
    assert all(" · " in c.replace("<br>", " ") for c in planned["customdata"]), planned["customdata"]


def test_old_snapshot_has_no_replans_yet(demo: Path) -> None:
    at = page(PAGE, initiative="e-challan", snapshot="000001")
    assert not at.error
    assert (table(at, "Milestone")["Earlier plans"] == "").all()
    assert any("Re-plans recorded since publication began: 0." in m.value.replace("\\", "") for m in at.markdown)


def test_rollout_of_a_division_matches_the_leaf_stages(demo: Path) -> None:
    at = page(PAGE, initiative="e-challan", region="pk-kp-pesh")
    rollout = table(at, "Area")
    leaves = query(
        demo,
        "SELECT r.region_id, ls.stage FROM regions r JOIN region_closure c ON c.region_id = r.region_id "
        "AND c.ancestor_id = 'pk-kp-pesh' LEFT JOIN leaf_stages ls ON ls.leaf_id = r.region_id "
        "AND ls.initiative_id = 'e-challan' WHERE r.is_leaf",
    )
    assert len(rollout) == len(leaves)
    live = sum(1 for _, s in leaves if s in ("live", "scaled"))
    assert any(f"Live in {live} of {len(leaves)} local areas" in m.value for m in at.markdown)


def test_targets_are_judged_against_their_own_area(demo: Path) -> None:
    whole = query(
        demo,
        "SELECT sum(value) FROM metrics WHERE initiative_id = 'e-challan' AND metric = 'transactions' "
        "AND month = DATE '2026-10-01'",
    )[0][0]
    at = page(PAGE, initiative="e-challan", region="pk-kp-khyber")
    titles = [s.value for s in at.subheader]
    assert any("whole service" in s for s in titles) and not any("Peshawar" in s for s in titles)
    assert any(f"{whole:,.0f} in 2026\\-10" in m.value for m in at.markdown)
    at = page(PAGE, initiative="e-challan", region="pk-kp-peshawar")
    assert any("\\(Peshawar\\) · On track" in s.value for s in at.subheader)


def test_funding_flags_disbursed_above_committed(demo: Path) -> None:
    at = page(PAGE, initiative="vehicle-registration")
    funding = table(at, "Funder")
    assert list(funding["Check"]) == ["above committed"] and list(funding["Currency"]) == ["PKR"]
    assert any("Disbursed above committed: 1" in m.value.replace("\\", "") for m in at.markdown)


def test_updates_newest_first(demo: Path) -> None:
    at = page(PAGE, initiative="e-challan")
    dates = [c.value for c in at.caption if len(c.value) == 10 and c.value[4] == "-"]
    assert dates and dates == sorted(dates, reverse=True)
