"""The page registry shared by the app and the tests; URL paths here are public and must not change."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """One page: its file, title, public URL path and icon."""

    path: str
    title: str
    url_path: str
    icon: str
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "Overview", "overview", ":material/dashboard:", default=True),
)
