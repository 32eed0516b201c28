"""The Outcomes page on the demo, as a smoke test of the page and its scopes: its figures, sentences and
tables are tested on the view (tests/unit/views/test_outcomes_view.py)."""

from __future__ import annotations

from pathlib import Path

from shafaf.i18n import t
from tests.app.conftest import page

SHARE_DEMO_CACHES = True  # read-only demo tests: caches cleared once per module (tests/app/conftest.py)

PAGE = "pages/public/outcomes.py"


def text(at) -> str:  # type: ignore[no-untyped-def]
    return " ".join(m.value for m in at.markdown).replace("\\", "")


def test_the_page_draws_targets_and_funding_per_currency(demo: Path) -> None:
    at = page(PAGE)
    assert not at.exception and not at.error
    assert [h.value for h in at.header][-2:] == [t("outcomes.targets", "en"), t("outcomes.funding", "en")]
    targets = next(d.value for d in at.dataframe if "Target set for" in d.value.columns)
    assert set(targets["Status"]) <= {"On track", "Off track", "No data"}
    titles = [s.value.replace("\\", "") for s in at.subheader]
    assert "Funding in PKR by funder" in titles and "Funding in USD by funder" in titles
    assert "Disbursed above committed:" in text(at)
    assert any("As of" in d.value.columns for d in at.dataframe)  # the funding lines
    assert any("Choose a digital service" in c.value for c in at.caption)


def test_a_district_department_and_chosen_service(demo: Path) -> None:
    at = page(PAGE, region="pk-kp-peshawar", department="kp-traffic", initiative="e-challan")
    assert not at.exception and not at.error
    targets = next(d.value for d in at.dataframe if "Target set for" in d.value.columns)
    assert set(targets["Digital service"]) == {"Traffic e-Challan"}  # the department filter
    assert "Peshawar" in set(targets["Target set for"])
    assert any("Targets of Traffic e" in s.value for s in at.subheader)  # small multiples of the chosen service
    assert len([s for s in at.subheader if "actual against target" in s.value]) == 2
