"""The static edition says each figure's provenance as the app does: the sentence beside it, the CSV's columns.

Package: tests/fixtures/tiny with transactions `verified` (the others self-reported by default), i1/a's
January and February transactions estimated (E), i1/b's February provisional (P). At the country (c) the
transactions trend covers January (100 + 300) and February (150 + 250 + 50 + 1000): estimated in both,
provisional in February.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from shafaf.reads import Reads
from shafaf.site import Site
from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from shafaf.views import VIEWS
from tests.conftest import provenance_tiny

SOURCE_EN = "Source: <bdi>Test Board</bdi> · data as of 2026-03-15"
PROV_EN = "How produced: verified independently · Estimated values in 2026-01, 2026-02; Provisional values in 2026-02"
SOURCE_UR = "ماخذ: <bdi>Test Board</bdi> · ڈیٹا 15 مارچ، 2026 تک کا"
PROV_UR = (
    "کیسے تیار ہوا: آزادانہ طور پر تصدیق شدہ · جنوری 2026, فروری 2026 میں تخمینی اعداد; فروری 2026 میں عارضی اعداد"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("prov")
    pkg = provenance_tiny(root / "pkg")
    db = root / "db" / "shafaf.duckdb"
    sid = load_package(pkg.path, db).snapshot_id
    reads = Reads.open(Deployment(db).snapshot_file(sid), sid)
    try:
        s = Site(reads, root / "site", lambda line: None, None)
        s.available = list(VIEWS)
        for page, scope, params in (("overview", "c", {"region": "c"}), ("regions", "c", {"region": "c"})):
            for lang in ("en", "ur"):
                s.build_view(page, scope, params, lang)
    finally:
        reads.con.close()
    return root / "site"


def _csv(site: Path, rel: str) -> list[str]:
    return (site / rel).read_text(encoding="utf-8-sig").splitlines()


def test_a_card_says_how_its_figures_are_produced_and_their_status(site: Path) -> None:
    en = (site / "en" / "overview" / "c.html").read_text(encoding="utf-8")
    assert f'<p class="source">{SOURCE_EN} · {PROV_EN}</p>' in en  # the transactions trend card
    # satisfaction: self-reported (the default), every row normal (A)
    assert (
        f'<p class="source">{SOURCE_EN} · How produced: self-reported by the departments · '
        "No estimated or provisional values</p>"
    ) in en
    ur = (site / "ur" / "overview" / "c.html").read_text(encoding="utf-8")
    assert f'<p class="source">{SOURCE_UR} · {PROV_UR}</p>' in ur
    assert "محکموں کی اپنی رپورٹ · کوئی تخمینی یا عارضی اعداد نہیں</p>" in ur


def test_a_cards_csv_carries_the_apps_two_provenance_columns(site: Path) -> None:
    assert _csv(site, "en/overview/c/transactions-c.csv") == [
        "Month,Transactions,How produced,Observation status",
        '2026-01,400,verified independently,"Estimated values in 2026-01, 2026-02; Provisional values in 2026-02"',
        '2026-02,1450,verified independently,"Estimated values in 2026-01, 2026-02; Provisional values in 2026-02"',
    ]
    ur = _csv(site, "ur/overview/c/transactions-c.csv")
    assert ur[0] == "مہینہ,Transactions,کیسے تیار ہوا,مشاہدے کی حیثیت"
    assert ur[1] == (
        'جنوری 2026,400,آزادانہ طور پر تصدیق شدہ,"جنوری 2026, فروری 2026 میں تخمینی اعداد; فروری 2026 میں عارضی اعداد"'
    )
    # a card of no metric (milestones) has none
    assert _csv(site, "en/overview/c/milestones-c.csv")[0] == "Milestone status,Milestones"


def test_a_table_of_figures_says_it_under_it_and_in_its_csv(site: Path) -> None:
    en = (site / "en" / "regions" / "c.html").read_text(encoding="utf-8")
    # the districts' ranking (a table of figures) and the regions' card: both built from transactions
    assert en.count(f'<p class="source">{SOURCE_EN} · {PROV_EN}</p>') == 2
    head = _csv(site, "en/regions/c/grid_ranking.csv")[0]
    assert head.endswith(",How produced,Observation status")
    ur = (site / "ur" / "regions" / "c.html").read_text(encoding="utf-8")
    assert ur.count(f"{SOURCE_UR} · {PROV_UR}</p>") == 2
    assert _csv(site, "ur/regions/c/grid_ranking.csv")[0].endswith(",کیسے تیار ہوا,مشاہدے کی حیثیت")
