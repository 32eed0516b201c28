"""What every view takes (the shared filters, checked against the snapshot) and says about itself (Meta)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shafaf import metrics
from shafaf.i18n import DEFAULT_LANG, LANGUAGES
from shafaf.views.model import Meta

if TYPE_CHECKING:
    from shafaf.reads import Reads, Tables

# the URL parameters every page shares (contract section 6); each page adds its own (its module's PARAMS)
SHARED_PARAMS = ("lang", "region", "department", "initiative", "snapshot")


class UnknownId(LookupError):
    """A URL parameter names something the snapshot does not have (exit 1 / HTTP 404 with this message)."""

    def __init__(self, param: str, value: str) -> None:
        super().__init__(f"unknown {param}: {value!r}")
        self.param, self.value = param, value


class BadParam(ValueError):
    """A page's own parameter has a value it does not take (exit 1 / HTTP 400 with this message)."""


@dataclass(frozen=True)
class Filters:
    """The shared filters (ids, checked) and the page's own parameters (strings as in its URL)."""

    region_id: str
    department_id: str | None = None
    initiative_id: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)


def resolve(tb: Tables, raw: Mapping[str, str | None], page_params: tuple[str, ...] = ()) -> Filters:
    """Filters from URL-style parameters; an unknown id raises UnknownId (the app shows a notice instead).

    No region means where a reader opens the app (metrics.opening_region), as on the pages. Parameters
    that are neither shared nor the page's own are ignored, as a page ignores them.
    """
    region = raw.get("region") or None
    if region is None:
        region = metrics.opening_region(tb.regions)
    elif region not in set(tb.regions["region_id"]):
        raise UnknownId("region", region)
    dept = raw.get("department") or None
    if dept is not None and dept not in set(tb.departments["department_id"]):
        raise UnknownId("department", dept)
    init = raw.get("initiative") or None
    if init is not None and init not in set(tb.initiatives["initiative_id"]):
        raise UnknownId("initiative", init)
    params = {k: str(raw[k]) for k in page_params if raw.get(k) not in (None, "")}
    return Filters(region, dept, init, params)


def check_lang(lang: str | None) -> str:
    """The language code (default English); anything else raises BadParam."""
    if lang in (None, ""):
        return DEFAULT_LANG
    if lang not in LANGUAGES:
        raise BadParam(f"unknown lang: {lang!r} (one of {', '.join(LANGUAGES)})")
    return str(lang)


def meta(reads: Reads, page: str, filters: Filters, lang: str) -> Meta:
    """The Meta of a view of `page`."""
    tb = reads.tables()
    publisher = tb.publisher(lang)
    return Meta(
        page=page,
        lang=lang,
        snapshot_id=reads.snapshot_id,
        as_of=tb.as_of,
        published_by=publisher,
        region_id=filters.region_id,
        department_id=filters.department_id,
        initiative_id=filters.initiative_id,
        params=dict(filters.params),
    )
