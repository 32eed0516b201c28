"""The officials' pages: their own files and URL paths, apart from the public ones, each with a title."""

from __future__ import annotations

from pathlib import Path

from shafaf.auth.model import ROLES
from shafaf.i18n import catalog
from shafaf.navigation import OFFICIAL_PAGES, PAGES

ROOT = Path(__file__).resolve().parents[2]


def test_officials_pages_live_in_their_own_folder_with_their_own_paths() -> None:
    assert {p.url_path for p in OFFICIAL_PAGES}.isdisjoint({p.url_path for p in PAGES})
    assert len({p.url_path for p in OFFICIAL_PAGES}) == len(OFFICIAL_PAGES)
    for p in OFFICIAL_PAGES:
        assert Path(p.path).parent == Path("pages/officials"), p.path
        assert (ROOT / p.path).exists(), p.path
        assert not p.default
        assert p.role is None or p.role in ROLES


def test_sign_in_page_is_registered_at_sign_in() -> None:
    assert [p.path for p in OFFICIAL_PAGES if p.url_path == "sign-in"] == ["pages/officials/sign_in.py"]


def test_public_pages_are_in_everyone_s_menu() -> None:
    assert all(p.role is None for p in PAGES)


def test_every_officials_page_has_a_title_and_a_docstring() -> None:
    for p in OFFICIAL_PAGES:
        assert f"pages.{p.key}" in catalog("en"), p.key
        assert (ROOT / p.path).read_text(encoding="utf-8").lstrip().startswith('"""'), p.path
