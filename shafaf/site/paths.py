"""The static edition's file names (docs/site.md): one home for the scheme, used by the pages and the feeds."""

from __future__ import annotations

ALL = "all"  # the scope of a page with one view (About the data)


def file_id(entity_id: str) -> str:
    """A file name for an id (ids are 1-64 of A-Z a-z 0-9 . _ -): as is, but never a hidden file or `..`."""
    return "~" + entity_id if entity_id.startswith(".") else entity_id


def page_path(lang: str, page: str, scope: str) -> str:
    """A page's path from the site's root: <lang>/<page>/<scope>.html."""
    return f"{lang}/{page}/{scope}.html"


def feed_path(lang: str, initiative_id: str | None = None) -> str:
    """A feed's path from the site's root: <lang>/feed.xml, or <lang>/feeds/<service>.xml."""
    return f"{lang}/feed.xml" if initiative_id is None else f"{lang}/feeds/{file_id(initiative_id)}.xml"
