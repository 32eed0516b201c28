"""The Catalog page's widgets and drawing; its figures are tested on the view (tests/unit/views/test_catalog_view.py)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import page

SHARE_DEMO_CACHES = True  # read-only demo tests: caches cleared once per module (tests/app/conftest.py)

PAGE = "pages/public/catalog.py"


def _results(at: AppTest) -> set[str]:
    return {m.value.strip("*").replace("\\", "") for m in at.markdown if m.value.startswith("**")}


def test_cards_badges_links_and_the_search_and_function_widgets(demo: Path) -> None:
    at = page(PAGE, department="kp-pdma")
    assert _results(at) == {"Disaster Early Warning SMS"}  # the department filter reaches the view
    link = at.get("page_link")[0].proto  # a service's own page opens without the department filter
    assert (link.page, link.query_string) == ("initiative", "initiative=flood-alerts")
    at = page(PAGE)
    # the default page size draws every card of the demo: no "Show more", the matrix has all 22 services
    assert len(_results(at)) == 22 and len(at.dataframe[0].value) == 22
    assert not [b for b in at.button if b.key == "catalog.show_more"]
    assert len(at.dataframe[-1].value.columns) == 1 + 22  # "Area", then one column per service
    assert not any("It covers the" in m.value for m in at.markdown)
    # a paused service's badges: where it stands beside its declared status, colour and words
    badges = [m.value for m in at.markdown if "-badge[" in m.value]  # st.badge is drawn as a markdown badge
    assert ":orange-badge[Paused, stopped or retired in Khyber Pakhtunkhwa]" in badges
    assert ":orange-badge[Declared status: Paused]" in badges
    assert len(at.get("page_link")) == 22

    at.multiselect(key="catalog.function").select("complaints").run()
    assert _results(at) == {"Citizen Complaint Portal", "Police Access Service"}
    at.text_input(key="catalog.search").input("POLICE").run()  # within the chosen function
    assert _results(at) == {"Police Access Service"}
    at.text_input(key="catalog.search").input("no such thing").run()
    assert _results(at) == set()
    assert any("No digital service matches" in i.value for i in at.info)
