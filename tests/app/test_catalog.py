"""The Catalog page: search, function filter, department filter, overlaps, the adoption matrix."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import page

PAGE = "pages/public/catalog.py"


def _results(at: AppTest) -> set[str]:
    return {m.value.strip("*").replace("\\", "") for m in at.markdown if m.value.startswith("**")}


def test_search_matches_name_summary_and_department_case_insensitively(demo: Path) -> None:
    at = page(PAGE)
    assert len(_results(at)) == 22
    at.text_input(key="catalog.search").input("LICENCE").run()
    assert _results(at) == {"Online Driving Licence"}
    at.text_input(key="catalog.search").input("traffic police").run()  # a department name
    assert _results(at) == {"Traffic e-Challan", "Online Driving Licence"}
    at.text_input(key="catalog.search").input("no such thing").run()
    assert any("No digital service matches" in i.value for i in at.info)


def test_function_filter_and_live_in(demo: Path) -> None:
    at = page(PAGE, region="pk-kp")
    at.multiselect(key="catalog.function").select("complaints").run()
    assert _results(at) == {"Citizen Complaint Portal", "Police Access Service"}
    table = at.dataframe[0].value.set_index("Digital service")
    assert table.loc["Police Access Service", "Live in (local areas)"] == "30 of 36"
    assert table.loc["Citizen Complaint Portal", ["Where it stands", "Declared status"]].tolist() == ["Live", "Live"]


def test_badges_say_where_a_paused_service_stands_beside_its_declared_status(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-swat")
    table = at.dataframe[0].value.set_index("Digital service")
    # Farmer Advisory reached live in Swat, but its owner paused it: not live, and its status is shown beside
    row = table.loc["Farmer Advisory SMS and Helpline"]
    assert (row["Where it stands"], row["Declared status"]) == ("Paused, stopped or retired", "Paused")
    assert row["Live in (local areas)"].startswith("0 of ")
    badges = [m.value for m in at.markdown if "-badge[" in m.value]  # st.badge is drawn as a markdown badge
    assert ":orange-badge[Paused, stopped or retired in Swat]" in badges, badges[:4]
    assert ":orange-badge[Declared status: Paused]" in badges


def test_overlaps_listed_with_regions_and_department_filter(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-pesh", department="kp-itb")
    assert _results(at) == {"Citizen Complaint Portal"}
    ov = at.dataframe[1].value
    assert len(ov) == 1
    row = ov.iloc[0]
    assert row["Service"] == "Citizen Complaint Portal" and row["Also served by"] == "Police Access Service"
    assert row["Where"] == "Peshawar Division" and row["Local areas"] == 5


def test_adoption_matrix_rows_are_children_and_cells_say_the_stage(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-pesh")
    matrix = at.dataframe[-1].value.set_index("Area")
    assert list(matrix.index) == ["Charsadda", "Khyber", "Mohmand", "Nowshera", "Peshawar"]
    assert matrix.loc["Khyber", "Traffic e-Challan"] == "Not reached"
    assert matrix.loc["Peshawar", "Traffic e-Challan"] == "Scaled up"
    assert any("Stage of each service in the areas of Peshawar Division" in s.value for s in at.subheader)
    at = page(PAGE, region="pk-kp")
    assert at.dataframe[-1].value.set_index("Area").loc["Peshawar Division", "Traffic e-Challan"] == "Scaled up 3/5"
