"""The Digital service (Initiative) page on the demo: the chooser, and every section drawn from its view model.

The figures, tables and sentences are tested on the view (tests/unit/views/test_initiative_view.py); here the
page is drawn in its scopes (a region, an earlier snapshot, Urdu) and shows exactly what its view says.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from shafaf.reads import Reads
from shafaf.store.deployment import Deployment
from shafaf.views import initiative
from shafaf.views.base import resolve
from tests.app.conftest import page

SHARE_DEMO_CACHES = True  # read-only demo tests: caches cleared once per module (tests/app/conftest.py)

PAGE = "pages/public/initiative.py"


def view(db: Path, lang: str = "en", snapshot: str | None = None, **params: str) -> initiative.InitiativeView:
    """The page's view model, built apart from the app on the same snapshot."""
    dep = Deployment(db)
    sid = snapshot or dep.current_id()
    reads = Reads.open(dep.snapshot_file(sid), sid)
    try:
        return initiative.build(reads, resolve(reads.tables(), params), lang)
    finally:
        reads.con.close()


def frame(at, first_column: str) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return next(d.value for d in at.dataframe if d.value.columns[0] == first_column)


def chart_keys(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.proto.id.rsplit("chart-", 1)[-1] for c in at.get("plotly_chart")]


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


def test_a_service_in_full_shows_its_view(demo: Path) -> None:
    at = page(PAGE, initiative="e-challan")
    assert not at.exception and not at.error
    v = view(demo, initiative="e-challan")
    assert at.header[0].value == "Traffic e\\-Challan"
    assert any("Live" in m.value and "badge" in m.value for m in at.markdown)
    shown = " ".join(m.value for m in at.markdown)
    assert "Traffic Police" in shown and "2026\\-12\\-31" not in shown  # dates are plain text, not markdown
    assert any("2026-12-31" in m.value for m in at.markdown)
    assert at.get("link_button")  # the service's website
    cards = [c.id for c in (v.timeline, v.rollout, *v.targets, *v.funding)]
    assert chart_keys(at)[: len(cards)] == cards and v.targets and len(v.funding) == 2
    pd.testing.assert_frame_equal(frame(at, "Milestone"), v.timeline.table.frame(), check_dtype=False)
    history = frame(at, "Published on")
    assert len(history) == len(v.history.table.rows)
    dates = [c.value for c in at.caption if len(c.value) == 10 and c.value[4] == "-"]
    assert dates == [u.date.isoformat() for u in v.updates] and dates == sorted(dates, reverse=True)


def test_a_region_an_earlier_snapshot_and_urdu(demo: Path) -> None:
    at = page(PAGE, initiative="e-challan", region="pk-kp-pesh", snapshot="000001", lang="ur")
    assert not at.exception and not at.error
    v = view(demo, "ur", "000001", initiative="e-challan", region="pk-kp-pesh")
    assert at.header[0].value == v.service.name.replace("-", "\\-")
    rollout = frame(at, v.rollout.table.columns[0].label)
    assert len(rollout) > 1
    pd.testing.assert_frame_equal(rollout, v.rollout.table.frame(), check_dtype=False)
    assert any(v.rollout.summary in m.value.replace("\\", "") for m in at.markdown)
    spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id.endswith("initiative-timeline"))
    assert spec["layout"]["yaxis"]["side"] == "right"  # drawn right to left
