"""Issue 11.6 on the pages that lacked it: Regions' ranking and grid, Departments' scorecard, Outcomes' targets,
About the data's freshness and completeness say how their figures are produced and which months hold
estimated or provisional values, over exactly the months each figure shows (expected values by hand)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd
import pytest

from shafaf.metrics import FigureProvenance
from shafaf.narrative import provenance_caption, with_provenance
from shafaf.reads import Reads
from shafaf.views import data, departments, outcomes, regions
from tests.conftest import provenance_tiny
from tests.unit.views.conftest import filters, publish, twin

DEC, JAN, FEB = dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1)
VERIFIED = FigureProvenance(("verified",))


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reads]:
    """tiny with transactions verified, and observation statuses (the rest A):
    i1/a 2025-12 estimated (a month no headline shows), i1/a Jan and Feb estimated, i1/b Feb provisional;
    a target for i1's transactions (its judged month is February)."""
    root = tmp_path_factory.mktemp("marked")
    pkg = provenance_tiny(root / "pkg")
    pkg.append(
        "metrics.csv",
        {"initiative_id": "i1", "region_id": "a", "metric": "transactions", "month": "2025-12", "value": "90"}
        | {"obs_status": "E"},
    )
    pkg.write(
        "targets.csv",
        "initiative_id,region_id,metric,month,value\ni1,,transactions,2025-06,100\ni1,,transactions,2026-12,500\n",
    )
    assert pkg.problems() == []
    reads = publish(pkg.path, root / "shafaf.duckdb")
    yield reads
    reads.con.close()


def test_regions_ranking_and_map_over_the_headline_months_only(marked: Reads) -> None:
    v = regions.build(marked, filters(marked, region="c", metric="transactions"), "en")
    want = FigureProvenance(("verified",), (JAN, FEB), (FEB,))  # Feb and the month before; never December
    assert v.children is not None
    assert v.children.map.provenance == want
    assert v.children.ranking.provenance == want


def test_regions_grid_ranking_of_a_province_and_a_clean_one(marked: Reads) -> None:
    p1 = regions.build(marked, filters(marked, region="p1", metric="transactions"), "en")
    assert p1.children is not None and p1.children.grid.ranking is not None
    assert p1.children.grid.ranking.provenance == FigureProvenance(("verified",), (JAN, FEB), (FEB,))
    p2 = regions.build(marked, filters(marked, region="p2", metric="transactions"), "en")
    assert p2.children is not None
    assert p2.children.ranking.provenance == VERIFIED  # District D's rows are all normal (A)


def test_departments_scorecard_over_its_twelve_month_trend(marked: Reads) -> None:
    v = departments.build(marked, filters(marked, region="c", metric="transactions"), "en")
    assert v.scorecard is not None
    # the trend column holds the twelve months to March 2026: December is among them
    assert v.scorecard.table.provenance == FigureProvenance(("verified",), (DEC, JAN, FEB), (FEB,))


def test_outcomes_targets_over_each_series_judged_month(marked: Reads) -> None:
    v = outcomes.build(marked, filters(marked, region="c"), "en")
    want = FigureProvenance(("verified",), (FEB,), (FEB,))  # judged in February only
    assert v.targets is not None and v.targets.provenance == want
    assert v.status.provenance == want


def test_about_the_data_cards(marked: Reads) -> None:
    v = data.build(marked, filters(marked, region="c"), "en")
    # every measure: transactions verified, satisfaction and users self-reported; both departments last
    # reported in February, and each measure is counted in February
    both = FigureProvenance(("self_reported", "verified"), (FEB,), (FEB,))
    assert v.freshness.provenance == both
    assert v.completeness.provenance == both
    p2 = data.build(marked, filters(marked, region="p2"), "en")
    assert p2.completeness.provenance == FigureProvenance(("self_reported", "verified"))


def test_provenance_in_words_in_the_json_twin_and_each_language(marked: Reads) -> None:
    j = twin(marked, "regions", region="c", metric="transactions")
    prov = j["children"]["ranking"]["provenance"]
    assert prov == {"provenances": ["verified"], "estimated_months": ["2026-01-01", "2026-02-01"]} | {
        "provisional_months": ["2026-02-01"]
    }
    v = departments.build(marked, filters(marked, region="c", metric="transactions"), "ur")
    assert v.scorecard is not None and v.scorecard.table.provenance is not None
    words = with_provenance(v.scorecard.table.frame(), v.scorecard.table.provenance, "ur")
    assert list(words.columns[-2:]) == ["کیسے تیار ہوا", "مشاہدے کی حیثیت"]
    assert provenance_caption(v.scorecard.table.provenance, "en") == (
        "How produced: verified independently · Estimated values in 2025-12, 2026-01, 2026-02; "
        "Provisional values in 2026-02"
    )


def test_a_table_with_provenance_needs_the_page_to_say_it() -> None:
    from shafaf.ui import render
    from shafaf.views.model import table

    x = table("t", pd.DataFrame({"a": [1]}), {"a": "A"}, provenance=VERIFIED)
    with pytest.raises(ValueError, match="needs the page's ctx"):
        render.table(x, key="t")
