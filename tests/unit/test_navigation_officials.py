"""The officials' pages: their own files and URL paths, apart from the public ones, each with a title."""

from __future__ import annotations

from pathlib import Path

from shafaf.auth import Official
from shafaf.auth.model import ROLES
from shafaf.i18n import catalog
from shafaf.navigation import OFFICIAL_PAGES, PAGES, PageSpec, shown_in_menu

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


def test_menu_shows_a_role_s_pages_only_to_officials_with_that_role() -> None:
    admin_page = PageSpec("pages/officials/x.py", "X", "x", ":material/build:", role="admin")
    desk_page = PageSpec("pages/officials/y.py", "Y", "y", ":material/upload:", role="publisher")
    publisher = Official("p", "P", "publisher", frozenset({"health"}))
    admin = Official("a", "A", "admin", None)
    assert [shown_in_menu(admin_page, o) for o in (None, publisher, admin)] == [False, False, True]
    assert [shown_in_menu(desk_page, o) for o in (None, publisher, admin)] == [False, True, True]
    assert all(shown_in_menu(p, None) for p in (*PAGES, *[q for q in OFFICIAL_PAGES if q.role is None]))
