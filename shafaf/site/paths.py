"""The static edition's file names (docs/site.md): one home for the scheme, used by the pages, the feeds and the app."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

ALL = "all"  # the scope of a page with one view (About the data)
PREFIX = "/site"  # where the running server serves the current snapshot's edition (shafaf.ui.site_routes)
REGION_PAGES = ("overview", "regions", "milestones", "outcomes", "catalog")  # one view per region


def file_id(entity_id: str) -> str:
    """A file name for an id (ids are 1-64 of A-Z a-z 0-9 . _ -): as is, but never a hidden file or `..`."""
    return "~" + entity_id if entity_id.startswith(".") else entity_id


def page_path(lang: str, page: str, scope: str) -> str:
    """A page's path from the site's root: <lang>/<page>/<scope>.html."""
    return f"{lang}/{page}/{scope}.html"


def feed_path(lang: str, initiative_id: str | None = None) -> str:
    """A feed's path from the site's root: <lang>/feed.xml, or <lang>/feeds/<service>.xml."""
    return f"{lang}/feed.xml" if initiative_id is None else f"{lang}/feeds/{file_id(initiative_id)}.xml"


def view_path(page: str, params: Mapping[str, Any], lang: str, root_id: str) -> str | None:
    """The static page (path from the site's root) of `page` for URL-style `params`, or None when the edition
    has no such view: a region page for a region alone (the root when none), a department's or a service's
    own page (the region aside), About the data for the whole programme. Another filter is not in it."""
    p = {k: str(v) for k, v in params.items() if k != "lang" and v not in (None, "")}
    if page in REGION_PAGES and set(p) <= {"region"}:
        return page_path(lang, page, file_id(p.get("region", root_id)))
    if page == "departments" and set(p) <= {"department", "region"} and "department" in p:
        return page_path(lang, page, file_id(p["department"]))
    if page == "initiative" and set(p) <= {"initiative", "region"} and "initiative" in p:
        return page_path(lang, page, file_id(p["initiative"]))
    if page == "data" and set(p) <= {"region"} and p.get("region", root_id) == root_id:
        return page_path(lang, page, ALL)
    return None


def app_view_path(
    page: str, lang: str, region_id: str, department_id: str | None, initiative_id: str | None, root_id: str
) -> str | None:
    """The static page of what an app page shows (its key, language and shared filters), or None: see view_path."""
    params = {"region": region_id, "department": department_id, "initiative": initiative_id}
    return view_path(page, params, lang, root_id)


def served_url(rel: str) -> str:
    """The URL on the running server of a file of the current snapshot's edition (`rel` from the site's root)."""
    return f"{PREFIX}/{rel}"


def chart_file(card_id: str) -> str:
    """The file name of a card's chart page, in its page's downloads folder (card ids: A-Z a-z 0-9 . _ -)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", card_id).lstrip(".") + ".html"


def chart_path(view_rel: str, card_id: str) -> str:
    """A card's chart page beside its page `view_rel` (<lang>/<page>/<scope>.html): <lang>/<page>/<scope>/<card>.html."""
    return view_rel.removesuffix(".html") + "/" + chart_file(card_id)


def is_chart_page(rel: str) -> bool:
    """Whether `rel` (from the site's root) is a card's own chart page, <lang>/<page>/<scope>/<card>.html:
    the pages the site lets other sites frame (config.yaml frame_ancestors)."""
    parts = rel.split("/")
    return len(parts) == 4 and parts[3].endswith(".html")
