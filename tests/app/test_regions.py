"""The Regions page: children, drill-down figures equal to the Overview's, left behind, the district view."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from shafaf.reads import Reads
from shafaf.store.deployment import Deployment
from shafaf.views import regions
from shafaf.views.base import resolve
from tests.app.conftest import page
from tests.pkgtools import cli

SHARE_DEMO_CACHES = True  # read-only demo tests: caches cleared once per module (tests/app/conftest.py)

PAGE = "pages/public/regions.py"


@pytest.fixture(scope="module")
def reads(demo_db: Path) -> Iterator[Reads]:
    """The demo's current snapshot, read as the views read it."""
    dep = Deployment(demo_db)
    sid = dep.current_id()
    assert sid is not None
    r = Reads.open(dep.snapshot_file(sid), sid)
    yield r
    r.con.close()


def view(reads: Reads, **params: str) -> regions.RegionsView:
    return regions.build(reads, resolve(reads.tables(), params, regions.PARAMS), "en")


def test_division_ranking_uses_each_districts_own_figures(demo_db: Path, reads: Reads) -> None:
    c = view(reads, region="pk-kp").children
    assert c is not None
    ranking = c.ranking.frame()
    assert len(ranking) == 7  # the seven divisions of the province
    pesh = ranking[ranking["Area"] == "Peshawar Division"].iloc[0]
    s = json.loads(cli("summary", "--db", str(demo_db), "--region", "pk-kp-pesh", "--json").stdout)
    tx = s["metrics"]["transactions"]
    assert pesh["Transactions (latest month)"] == f"{tx['value']:,.0f} ({tx['month']})"
    assert pesh["Per 1,000 people"] == f"{tx['per_1000']:,.1f}"
    assert pesh["Live in (local areas)"] == f"{s['regions_reached']} of {s['leaf_regions']}"


def test_one_service_coverage_and_left_behind(reads: Reads) -> None:
    c = view(reads, region="pk-kp-pesh", initiative="e-challan").children
    assert c is not None and c.behind is not None
    ranking = c.ranking.frame().set_index("Area")
    assert ranking.loc["Peshawar", "Coverage"] == "100%"
    assert ranking.loc["Khyber", "Coverage"] == "0%"
    behind = c.behind.frame().set_index("Area")
    assert set(behind.index) == {"Khyber", "Mohmand"}
    assert behind.loc["Khyber", "Why"] == "no live service"
    assert "2 of 5 areas of Peshawar Division are left behind" in c.left_behind.text


def test_a_division_page_smoke(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-pesh", initiative="e-challan")
    assert not at.exception and not at.error
    assert set(at.dataframe[2].value["Area"]) == {"Khyber", "Mohmand"}  # the left-behind table is drawn
    assert any("2 of 5 areas of Peshawar Division are left behind" in m.value for m in at.markdown)


def test_measure_switch_colours_by_use_per_1000(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-pesh")
    at.radio(key="regions.measure").set_value("adoption").run()
    assert not at.exception
    assert any("Transactions per 1,000 people in the areas of Peshawar Division" in s.value for s in at.subheader)


def test_district_shows_what_is_live_there(reads: Reads) -> None:
    v = view(reads, region="pk-kp-khyber")
    assert v.leaf is not None
    table = v.leaf.services.frame().set_index("Digital service")
    assert table.loc["Citizen Complaint Portal", "Stage here"] == "Scaled up"
    assert table.loc["Citizen Complaint Portal", "Set for"] == "Khyber Pakhtunkhwa"
    assert table.loc["Digital Land Records", "Set for"] == "Khyber"
    assert table.loc["Birth and Death Registration", "Reports usage here"] == "yes, up to 2026-10"
    # e-Challan's department sits at the province and it has no stage in Khyber: not a service of Khyber
    assert "Traffic e-Challan" not in table.index


def test_district_counts_agree_with_the_overview_summary(demo: Path) -> None:
    s = json.loads(cli("summary", "--db", str(demo), "--region", "pk-kp-khyber", "--json").stdout)
    at = page(PAGE, region="pk-kp-khyber")
    assert not at.exception and not at.error
    assert any(h.value == "What is live in Khyber" for h in at.header)
    assert len(at.dataframe[0].value) == s["initiatives"]  # the services in Khyber's scope, not in the package
    sentence = f"In Khyber, {s['initiatives_live']} of {s['initiatives']} digital services are live"
    assert any(sentence in m.value.replace("\\", "") for m in at.markdown)


def test_department_filter_and_unknown_region(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-khyber", department="kp-traffic")
    services = set(at.dataframe[0].value["Digital service"])
    assert services == {"Online Driving Licence"}  # e-Challan has not reached Khyber (its department is above)
    at = page(PAGE, region="nowhere")  # falls back to the opening region (the notice is shown on the first run)
    assert not at.exception and not at.error
    assert len(at.dataframe[1].value["Area"]) == 7  # Khyber Pakhtunkhwa's divisions


def test_opens_where_the_reader_is_and_the_url_still_decides(demo: Path) -> None:
    # Pakistan has one child in the demo: with no region in the URL the app opens on Khyber Pakhtunkhwa
    at = page(PAGE)
    assert not at.exception and not at.error
    assert at.selectbox(key="filters.region").value == "pk-kp"
    assert len(at.dataframe[1].value["Area"]) == 7
    assert "region" not in at.query_params  # the default leaves the URL
    at = page(PAGE, region="pk")  # a link to the root still shows the root
    assert at.selectbox(key="filters.region").value == "pk"
    assert list(at.dataframe[1].value["Area"]) == ["Khyber Pakhtunkhwa"]


def test_a_paused_service_is_not_live_in_a_district(reads: Reads) -> None:
    leaf = view(reads, region="pk-kp-swat").leaf
    assert leaf is not None and leaf.reach is not None and leaf.sentence is not None
    table = leaf.services.frame().set_index("Digital service")
    row = table.loc["Farmer Advisory SMS and Helpline"]
    assert (row["Stage here"], row["Declared status"]) == ("Live", "Paused")
    assert row["Where it stands"] == "Paused, stopped or retired"
    counts = table["Where it stands"].value_counts()
    sentence = (
        f"{counts.get('Live', 0)} live, {counts.get('In pilot', 0)} in pilot, {counts.get('Planned', 0)} planned, "
        f"{counts.get('Paused, stopped or retired', 0)} paused, stopped or retired, and "
        f"{counts.get('Not reached', 0)} not reached: {len(table)} digital services in all."
    )
    assert sentence in leaf.reach.text, sentence
    assert "1 of 1" not in leaf.reach.text and "1 of 1" not in leaf.sentence.text


def test_a_division_gets_a_district_by_service_grid_and_never_none_left_behind_with_gaps(reads: Reads) -> None:
    c = view(reads, region="pk-kp-mala").children
    assert c is not None and c.grid.ranking is not None
    ranking = c.grid.ranking.frame()
    # every district of Malakand Division, ranked by share live (highest first)
    shares = [float(x.rstrip("%")) for x in ranking["Share live"]]
    assert shares == sorted(shares, reverse=True) and len(ranking) >= 2
    text = " ".join((c.left_behind.text, c.grid.gaps.text))
    assert "district and service pairs where a service is meant to be are not live yet" in text
    assert "No area of Malakand Division is left behind" not in text  # services are missing: it never says none
