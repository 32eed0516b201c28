"""The Regions page: children, drill-down figures equal to the Overview's, left behind, the district view."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.conftest import page
from tests.pkgtools import cli

PAGE = "pages/public/regions.py"


def test_division_ranking_uses_each_districts_own_figures(demo: Path) -> None:
    at = page(PAGE, region="pk-kp")
    assert not at.exception and not at.error
    ranking = at.dataframe[1].value
    assert len(ranking) == 7  # the seven divisions of the province
    pesh = ranking[ranking["Area"] == "Peshawar Division"].iloc[0]
    s = json.loads(cli("summary", "--db", str(demo), "--region", "pk-kp-pesh", "--json").stdout)
    tx = s["metrics"]["transactions"]
    assert pesh["Transactions (latest month)"] == f"{tx['value']:,.0f} ({tx['month']})"
    assert pesh["Per 1,000 people"] == f"{tx['per_1000']:,.1f}"
    assert pesh["Live in (local areas)"] == f"{s['regions_reached']} of {s['leaf_regions']}"


def test_one_service_coverage_and_left_behind(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-pesh", initiative="e-challan")
    ranking = at.dataframe[1].value.set_index("Area")
    assert ranking.loc["Peshawar", "Coverage"] == "100%"
    assert ranking.loc["Khyber", "Coverage"] == "0%"
    behind = at.dataframe[2].value.set_index("Area")
    assert set(behind.index) == {"Khyber", "Mohmand"}
    assert behind.loc["Khyber", "Why"] == "no live service"
    assert any("2 of 5 areas of Peshawar Division are left behind" in m.value for m in at.markdown)


def test_measure_switch_colours_by_use_per_1000(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-pesh")
    at.radio(key="regions.measure").set_value("adoption").run()
    assert not at.exception
    assert any("Transactions per 1,000 people in the areas of Peshawar Division" in s.value for s in at.subheader)


def test_district_shows_what_is_live_there(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-khyber")
    assert not at.exception and not at.error
    assert any(h.value == "What is live in Khyber" for h in at.header)
    table = at.dataframe[0].value.set_index("Digital service")
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


def test_a_paused_service_is_not_live_in_a_district(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-swat")
    table = at.dataframe[0].value.set_index("Digital service")
    row = table.loc["Farmer Advisory SMS and Helpline"]
    assert (row["Stage here"], row["Declared status"]) == ("Live", "Paused")
    assert row["Where it stands"] == "Paused, stopped or retired"
    counts = table["Where it stands"].value_counts()
    sentence = (
        f"{counts.get('Live', 0)} live, {counts.get('In pilot', 0)} in pilot, {counts.get('Planned', 0)} planned, "
        f"{counts.get('Paused, stopped or retired', 0)} paused, stopped or retired, and "
        f"{counts.get('Not reached', 0)} not reached: {len(table)} digital services in all."
    )
    assert any(sentence in m.value for m in at.markdown), sentence
    assert not any("1 of 1" in m.value for m in at.markdown)


def test_a_division_gets_a_district_by_service_grid_and_never_none_left_behind_with_gaps(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-mala")
    assert not at.exception and not at.error
    ranking = next(d.value for d in at.dataframe if "Share live" in d.value.columns)
    # every district of Malakand Division, ranked by share live (highest first)
    shares = [float(x.rstrip("%")) for x in ranking["Share live"]]
    assert shares == sorted(shares, reverse=True) and len(ranking) >= 2
    text = " ".join(m.value for m in at.markdown)
    assert "district and service pairs where a service is meant to be are not live yet" in text
    assert "No area of Malakand Division is left behind" not in text  # services are missing: it never says none
    assert any(s.value == "Districts ranked by services live" for s in at.subheader)
