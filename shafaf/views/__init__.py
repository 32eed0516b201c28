"""One pure view module per public page: `build(reads, filters, lang) -> a view model` (docs/api.md).

`VIEWS` names each page's module by the page's key (its URL path; the Overview's is "overview"), the
same keys as shafaf.navigation.PAGES. Each module has `PAGE`, `PARAMS` (its own URL parameters beside
the shared ones) and `build`. No Streamlit and no DuckDB below this package (import-linter, pyproject.toml).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shafaf.reads import Reads

API_VERSION = 1  # /api/v1: a key removed or changed in meaning is a new version (docs/api.md)

VIEWS: dict[str, str] = {
    "overview": "shafaf.views.overview",
    "regions": "shafaf.views.regions",
    "departments": "shafaf.views.departments",
    "initiative": "shafaf.views.initiative",
    "milestones": "shafaf.views.milestones",
    "outcomes": "shafaf.views.outcomes",
    "catalog": "shafaf.views.catalog",
    "data": "shafaf.views.data",
}


class UnknownPage(LookupError):
    """No public page has this name."""

    def __init__(self, page: str) -> None:
        super().__init__(f"unknown page: {page!r} (one of {', '.join(VIEWS)})")
        self.page = page


def module(page: str) -> ModuleType:
    """The view module of a page, by its key; UnknownPage for anything else."""
    if page not in VIEWS:
        raise UnknownPage(page)
    return importlib.import_module(VIEWS[page])


def _view(reads: Reads, page: str, params: Mapping[str, str | None]) -> Any:
    from shafaf.views.base import check_lang, resolve

    view = module(page)
    lang = check_lang(params.get("lang"))
    filters = resolve(reads.tables(), params, view.PARAMS)
    return view.build(reads, filters, lang)


def render_json(reads: Reads, page: str, params: Mapping[str, str | None]) -> dict[str, Any]:
    """The JSON twin of a page: its view model for URL-style `params` (lang, region, ..., the page's own).

    Raises UnknownPage, base.UnknownId (a region/department/initiative the snapshot lacks) or base.BadParam.
    """
    from shafaf.views.model import jsonable

    return {"api_version": API_VERSION, **jsonable(_view(reads, page, params))}


def render_docs(reads: Reads, page: str, params: Mapping[str, str | None]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the JSON twin, what the static edition renders: model.readable) of a page, from one build of its view."""
    from shafaf.views.model import jsonable, readable

    v = _view(reads, page, params)
    return {"api_version": API_VERSION, **jsonable(v)}, {"api_version": API_VERSION, **readable(v)}
