"""Catalog: which digital services exist, what they do, who runs them, where they are live; overlaps; the matrix.

The services of the region (and department) matching a search and a function filter, grouped by function
or department, drawn as cards a page at a time (`page`: the first page * PAGE_SIZE cards); the table and
its download always hold every match. Overlaps need the other departments' services too, so they are
computed over the whole region and only picked by the department and function filters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

from shafaf import metrics, narrative
from shafaf.charts.adoption import adoption_matrix_chart
from shafaf.fmt import is_rtl
from shafaf.i18n import t
from shafaf.labels import unique_labels
from shafaf.navigation import PAGES
from shafaf.views.base import BadParam, Filters, meta
from shafaf.views.model import INTERACTIVE, KEEP_PLACE, NOT_JSON, Card, Chart, Link, Meta, Table, Text, table

if TYPE_CHECKING:
    from shafaf.reads import Reads, Tables

PAGE = "catalog"
PARAMS: tuple[str, ...] = ("search", "function", "group", "page")
GROUPS = ("function", "department")
PAGE_SIZE = 24  # cards drawn per page ("Show more" adds one); the table and the CSV always hold every service
OVERLAP_ROWS = 50  # overlap pairs drawn in the page (widest first); the CSV holds every pair
MAX_PLACES = 8  # regions named per overlap before "and N more"
STATUS_BADGE = {"planned": "gray", "in_progress": "blue", "live": "green", "paused": "orange", "cancelled": "red"}
REACH_BADGE = {"live": "green", "pilot": "blue", "planned": "gray", "stopped": "orange", "not_reached": "gray"}


@dataclass(frozen=True)
class Option:
    """One choice of the function filter: its id and label in the reader's language."""

    id: str
    label: str


@dataclass(frozen=True)
class Service:
    """One service as a card: where it stands in the region (reach) beside its declared status, and its home."""

    initiative_id: str
    name: str
    summary: str  # in the reader's language; "" when the package has none
    status: str
    reach: str  # metrics.REACH in the chosen region
    department_id: str
    department: str
    function_id: str
    function: str
    home_region_id: str | None  # the region its department serves
    home: str
    live_leaves: int  # leaves of home where it is live
    leaves: int  # all leaves of home
    website: str
    reach_badge: str
    status_badge: str
    live_in: Text
    link: Link | None
    reach_colour: str = field(default="gray", metadata=NOT_JSON)
    status_colour: str = field(default="gray", metadata=NOT_JSON)


@dataclass(frozen=True)
class Group:
    """A heading of cards: the function's (or department's) name, how many services match in all, those drawn."""

    label: str
    count: int
    services: tuple[Service, ...]


@dataclass(frozen=True)
class Paging:
    """Which page of cards is drawn: `drawn` of `total` matches; `more` the next page's size (0: none left)."""

    page: int
    page_size: int
    drawn: int
    total: int
    more: int
    note: Text | None
    more_label: str | None


@dataclass(frozen=True)
class Overlaps:
    """Pairs of services of different departments doing the same thing in the same places, widest first."""

    rule: Text
    sentence: Text
    table: Table  # every pair (the download); the page draws the first `drawn`
    drawn: int
    first: Text | None  # "The 50 pairs with the most local areas in common are listed, of N" when trimmed
    filename: str


@dataclass(frozen=True)
class CatalogView:
    """What the Catalog shows."""

    meta: Meta
    region: str
    intro: Text
    functions: tuple[Option, ...] = field(metadata=INTERACTIVE)  # the function filter's choices
    search: str
    chosen: tuple[str, ...] = field(metadata=INTERACTIVE)
    group: str
    count: Text
    no_match: Text | None
    groups: tuple[Group, ...]
    paging: Paging
    services: Table
    services_filename: str
    overlaps: Overlaps
    matrix: Card
    matrix_note: Text


def function_options(reads: Reads, filters: Filters, lang: str) -> tuple[Option, ...]:
    """The function filter's choices: the functions of the region's (and department's) services, by label."""
    tb = reads.tables()
    funcs = set(_in_scope(reads, filters)["function"])
    labels = {f: tb.name("function", f, lang, "label") for f in funcs}
    return tuple(Option(f, labels[f]) for f in sorted(funcs, key=lambda f: (labels[f], f)))


def intro(reads: Reads, filters: Filters, lang: str) -> Text:
    """The sentence above the search (drawn once per page run, outside the listing that searching reruns)."""
    return Text("intro", t("catalog.intro", lang, region=reads.tables().name("region", filters.region_id, lang)))


def build(reads: Reads, filters: Filters, lang: str) -> CatalogView:
    """The Catalog of `filters.region_id` (and department) in `lang`, for the page's own parameters."""
    tb = reads.tables()
    rid = filters.region_id
    p = filters.params
    search = p.get("search") or ""
    chosen = tuple(f for f in (p.get("function") or "").split(",") if f)
    unknown = [f for f in chosen if f not in set(tb.functions["function_id"])]
    if unknown:
        raise BadParam(f"unknown function: {unknown[0]!r}")
    group = p.get("group") or "function"
    if group not in GROUPS:
        raise BadParam(f"unknown group: {group!r} (one of {', '.join(GROUPS)})")
    page = _page(p.get("page"))
    region = tb.name("region", rid, lang)

    rows = _rows(reads, filters, lang)
    keep = [
        _matches(search, r.name, r.summary, r.department) and (not chosen or r.function_id in chosen)
        for r in rows.itertuples(index=False)
    ]
    # a boolean Series, not a list: an empty list would select zero columns instead of zero rows
    shown = rows[pd.Series(keep, index=rows.index, dtype=bool)].sort_values([group, "name"])
    size = PAGE_SIZE
    drawn = shown.head(page * size)
    totals = shown[group].value_counts()
    services = {s.initiative_id: s for s in _services(drawn, tb, rid, lang)}
    groups = tuple(
        Group(str(label), int(totals[label]), tuple(services[i] for i in g["initiative_id"]))
        for label, g in drawn.groupby(group, sort=False)
    )
    more = min(size, len(shown) - len(drawn))
    paging = Paging(
        page=page,
        page_size=size,
        drawn=len(drawn),
        total=len(shown),
        more=more,
        note=Text("showing_first", t("catalog.showing_first", lang, shown=len(drawn), total=len(shown)))
        if more
        else None,
        more_label=t("catalog.show_more", lang, n=more) if more else None,
    )
    in_scope_ids = tuple(sorted(reads.scope(rid).initiatives))
    return CatalogView(
        meta=meta(reads, PAGE, filters, lang),
        region=region,
        intro=intro(reads, filters, lang),
        functions=function_options(reads, filters, lang),
        search=search,
        chosen=chosen,
        group=group,
        count=Text("count", narrative.catalog_count_sentence(len(shown), len(rows), region, lang)),
        no_match=Text("no_match", t("catalog.no_match", lang)) if shown.empty and not rows.empty else None,
        groups=groups,
        paging=paging,
        services=_services_table(shown, lang),
        services_filename=f"digital-services-{rid}",
        overlaps=_overlaps(reads, filters, in_scope_ids, chosen, lang),
        matrix=_matrix(tb, rid, list(drawn["initiative_id"]), len(shown), region, lang),
        matrix_note=Text("matrix_note", t("catalog.matrix_note", lang)),
    )


def _page(raw: str | None) -> int:
    if raw in (None, ""):
        return 1
    if not str(raw).isdigit() or int(str(raw)) < 1:
        raise BadParam(f"page must be a whole number from 1 up, not {raw!r}")
    return int(str(raw))


def _matches(query: str, *texts: object) -> bool:
    q = query.strip().casefold()
    return not q or any(q in str(x).casefold() for x in texts if isinstance(x, str))


def _in_scope(reads: Reads, filters: Filters) -> pd.DataFrame:
    tb = reads.tables()
    inits = tb.initiatives[tb.initiatives["initiative_id"].isin(reads.scope(filters.region_id).initiatives)]
    if filters.department_id:
        inits = inits[inits["department_id"] == filters.department_id]
    return inits


ROW_COLUMNS = [
    "initiative_id",
    "name",
    "summary",
    "status",
    "reach",
    "department_id",
    "department",
    "function_id",
    "function",
    "home_id",
    "home",
    "live",
    "leaves",
    "website",
]


def _rows(reads: Reads, filters: Filters, lang: str) -> pd.DataFrame:
    """One row per service in scope: names in the reader's language, reach here, live in N of M of its home."""
    tb = reads.tables()
    dept_region = dict(zip(tb.departments["department_id"], tb.departments["region_id"], strict=True))
    live = reads.live_in_home()
    here = reads.reach(filters.region_id)
    reach = dict(zip(here["initiative_id"], here["reach"], strict=True))
    rows = []
    for r in _in_scope(reads, filters).itertuples(index=False):
        home = dept_region.get(r.department_id)
        n, m = live.get(r.initiative_id, (0, 0))
        rows.append(
            (
                r.initiative_id,
                tb.name("initiative", r.initiative_id, lang),
                tb.translated("initiative", r.initiative_id, "summary", lang, r.summary),
                r.status,
                reach.get(r.initiative_id, "not_reached"),
                r.department_id,
                tb.name("department", r.department_id, lang),
                r.function,
                tb.name("function", r.function, lang, "label"),
                home if isinstance(home, str) else None,
                tb.name("region", home, lang),
                n,
                m,
                r.website if isinstance(r.website, str) else "",
            )
        )
    return pd.DataFrame(rows, columns=ROW_COLUMNS)


def _services(drawn: pd.DataFrame, tb: Tables, rid: str, lang: str) -> list[Service]:
    region = tb.name("region", rid, lang)
    has_page = any(p.key == "initiative" for p in PAGES)
    out = []
    for r in drawn.itertuples(index=False):
        out.append(
            Service(
                initiative_id=r.initiative_id,
                name=r.name,
                summary=r.summary,
                status=r.status,
                reach=r.reach,
                department_id=r.department_id,
                department=r.department,
                function_id=r.function_id,
                function=r.function,
                home_region_id=r.home_id,
                home=r.home,
                live_leaves=int(r.live),
                leaves=int(r.leaves),
                website=r.website,
                reach_badge=t("reach.badge_here", lang, reach=t(f"reach.{r.reach}", lang), region=region),
                status_badge=t("reach.declared", lang, status=t(f"catalog.status_{r.status}", lang)),
                live_in=Text("live_in", t("catalog.live_in", lang, n=r.live, m=r.leaves, region=r.home)),
                link=Link("initiative", t("catalog.more", lang), {"initiative": r.initiative_id}, KEEP_PLACE)
                if has_page
                else None,
                reach_colour=REACH_BADGE[r.reach],
                status_colour=STATUS_BADGE.get(r.status, "gray"),
            )
        )
    return out


def _services_table(shown: pd.DataFrame, lang: str) -> Table:
    rows = pd.DataFrame(
        {
            "initiative_id": shown["initiative_id"],
            "service": shown["name"],
            "reach": shown["reach"],
            "status": shown["status"],
            "department_id": shown["department_id"],
            "department": shown["department"],
            "function_id": shown["function_id"],
            "function": shown["function"],
            "live_leaves": shown["live"].astype(int),
            "leaves": shown["leaves"].astype(int),
            "website": shown["website"],
        }
    )
    labels = {
        "initiative_id": "initiative_id",
        "service": t("catalog.col_service", lang),
        "reach": t("reach.col_reach", lang),
        "status": t("reach.col_status", lang),
        "department_id": "department_id",
        "department": t("catalog.col_department", lang),
        "function_id": "function_id",
        "function": t("catalog.col_function", lang),
        "live_leaves": t("catalog.col_live_in", lang),
        "leaves": t("catalog.col_areas", lang),
        "website": t("catalog.col_website", lang),
    }
    page_table = pd.DataFrame(
        {
            t("catalog.col_service", lang): shown["name"],
            t("reach.col_reach", lang): [t(f"reach.{x}", lang) for x in shown["reach"]],
            t("reach.col_status", lang): [t(f"catalog.status_{s}", lang) for s in shown["status"]],
            t("catalog.col_department", lang): shown["department"],
            t("catalog.col_function", lang): shown["function"],
            t("catalog.col_live_in", lang): [
                t("catalog.n_of_m", lang, n=n, m=m) for n, m in zip(shown["live"], shown["leaves"], strict=True)
            ],
            t("catalog.col_website", lang): shown["website"],
        }
    ).reset_index(drop=True)
    return table("services", rows, labels, shown=page_table, answer="reach")


def _places(region_ids: list[str], tb: Tables, lang: str) -> str:
    # only the named ones are looked up: a national pair can share thousands of local areas
    names = [tb.name("region", r, lang) for r in region_ids[:MAX_PLACES]]
    if len(region_ids) > MAX_PLACES:
        return ", ".join(names) + " " + t("catalog.and_more", lang, n=len(region_ids) - MAX_PLACES)
    return ", ".join(names)


def _overlaps(
    reads: Reads, filters: Filters, initiative_ids: tuple[str, ...], functions: tuple[str, ...], lang: str
) -> Overlaps:
    """Same function, different departments, a stage at a common leaf: each pair with where it happens."""
    tb = reads.tables()
    rid, dept = filters.region_id, filters.department_id
    # computed once per snapshot and region (all functions); the filters only pick rows (copies: shared read)
    ov = reads.overlaps(rid, initiative_ids)
    if functions:
        ov = ov[ov["function"].isin(functions)]
    if dept:
        ov = ov[(ov["department_a"] == dept) | (ov["department_b"] == dept)]
    sentence = narrative.catalog_overlaps_sentence(len(ov), ov["function"].nunique(), lang)
    # thousands of pairs at national scope weigh half a megabyte: the page draws the widest, downloads them all
    ov = ov.sort_values("leaf_count", ascending=False, kind="stable")
    top = OVERLAP_ROWS
    labels = {
        "function": t("catalog.col_overlap_function", lang),
        "initiative_a": t("catalog.col_service_a", lang),
        "department_a": t("catalog.col_department_a", lang),
        "initiative_b": t("catalog.col_service_b", lang),
        "department_b": t("catalog.col_department_b", lang),
        "places": t("catalog.col_where", lang),
        "leaf_count": t("catalog.col_areas", lang),
    }
    rows = pd.DataFrame({c: list(ov[c]) for c in labels})
    rows["places"] = [list(x) for x in rows["places"]]
    rows["leaf_count"] = rows["leaf_count"].astype(int)
    shown = pd.DataFrame(
        {
            labels["function"]: [tb.name("function", f, lang, "label") for f in rows["function"]],
            labels["initiative_a"]: [tb.name("initiative", i, lang) for i in rows["initiative_a"]],
            labels["department_a"]: [tb.name("department", d, lang) for d in rows["department_a"]],
            labels["initiative_b"]: [tb.name("initiative", i, lang) for i in rows["initiative_b"]],
            labels["department_b"]: [tb.name("department", d, lang) for d in rows["department_b"]],
            labels["places"]: [_places(x, tb, lang) for x in rows["places"]],
            labels["leaf_count"]: rows["leaf_count"],
        }
    )
    return Overlaps(
        rule=Text("overlaps_rule", t("catalog.overlaps_rule", lang)),
        sentence=Text("overlaps", sentence),
        table=table("overlaps", rows, labels, shown=shown),
        drawn=min(top, len(rows)),
        first=Text("overlaps_first", t("catalog.overlaps_first", lang, shown=top, total=len(rows)))
        if len(rows) > top
        else None,
        filename=f"overlaps-{rid}",
    )


def _matrix(tb: Tables, rid: str, ids: list[str], total: int, region: str, lang: str) -> Card:
    """Regions (children of the chosen region, or the leaf itself) by the services drawn as cards (of `total`)."""
    regions = metrics.children(tb.regions, rid) or [rid]
    regions = sorted(regions, key=lambda r: tb.name("region", r, lang))
    m = metrics.stage_matrix(regions, tb.regions, tb.closure, tb.leaf_stages, ids)
    m["region"] = [tb.name("region", r, lang) for r in m["region_id"]]
    m["initiative"] = [tb.name("initiative", i, lang) for i in m["initiative_id"]]
    words = [t(f"regions.stage_{s}" if isinstance(s, str) else "regions.stage_none", lang) for s in m["stage"]]
    m["text"] = [
        t("catalog.cell_count", lang, stage=w, n=n, m=k) if k > 1 and isinstance(s, str) else w
        for w, s, n, k in zip(words, m["stage"], m["live_leaves"], m["leaves"], strict=True)
    ]
    # keyed by id: two services (or areas) sharing a name keep a column (row) each, labelled "Name (id)"
    m["region_label"] = unique_labels(m["region_id"], m["region"])
    col_label = dict(zip(m["initiative_id"], unique_labels(m["initiative_id"], m["initiative"]), strict=True))
    shown = (
        m.pivot_table(index="region_label", columns="initiative_id", values="text", aggfunc="first", sort=False)
        .rename(columns=col_label)
        .rename_axis(index=t("catalog.col_area", lang), columns=None)
        .reset_index()
        if not m.empty
        else pd.DataFrame()
    )
    live = int((m["live_leaves"] > 0).sum())
    summary = narrative.catalog_matrix_sentence(live, len(m), len(regions), len(ids), lang)
    if len(ids) < total:  # only the services drawn as cards: a few hundred cells, not thousands
        summary += " " + t("catalog.matrix_limited", lang, n=len(ids), total=total)
    cells = m[["region_id", "initiative_id", "stage", "live_leaves", "leaves"]].copy()
    labels = {
        "region_id": t("catalog.col_area", lang),
        "initiative_id": t("catalog.col_service", lang),
        "stage": t("initiative.col_stage", lang),
        "live_leaves": t("catalog.col_live_in", lang),
        "leaves": t("catalog.col_areas", lang),
    }
    return Card(
        id="catalog-matrix",
        title=t("catalog.matrix_title", lang, region=region),
        summary=summary,
        chart=None if m.empty else Chart("heatmap", partial(adoption_matrix_chart, m, "", rtl=is_rtl(lang))),
        table=table("matrix", cells, labels, shown=shown),
        filename=f"adoption-matrix-{rid}",
    )
