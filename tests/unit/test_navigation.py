"""The page registry: public URL paths never change by accident; every page has its title text."""

from __future__ import annotations

from pathlib import Path

from shafaf.i18n import catalog
from shafaf.navigation import PAGES

ROOT = Path(__file__).resolve().parents[2]
# Public, shared and bookmarked: removing or renaming one breaks people's links.
PUBLIC_PATHS = {"", "regions", "departments", "initiative", "milestones", "outcomes", "catalog", "data"}


def test_public_url_paths_are_exactly_the_published_ones() -> None:
    assert {p.url_path for p in PAGES} == PUBLIC_PATHS
    assert [p.url_path for p in PAGES if p.default] == [""]


def test_every_page_file_exists_outside_the_legacy_pages_folder() -> None:
    for p in PAGES:
        assert (ROOT / p.path).exists(), p.path
        assert Path(p.path).parent != Path("pages"), "top-level pages/*.py triggers Streamlit's legacy pages"
    assert not list((ROOT / "pages").glob("*.py"))


def test_every_page_has_a_title_and_a_docstring() -> None:
    for p in PAGES:
        assert f"pages.{p.key}" in catalog("en"), p.key
        source = (ROOT / p.path).read_text(encoding="utf-8")
        assert source.lstrip().startswith('"""'), f"{p.path} needs a docstring saying what it answers, for whom"
