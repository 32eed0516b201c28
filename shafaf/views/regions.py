"""Regions: where are digital services live, and which areas are left behind? (children compared, or one district)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

from shafaf import boundaries, metrics, narrative
from shafaf.charts.adoption import adoption_matrix_chart
from shafaf.charts.regions import grid_columns, regions_map_chart, regions_tile_chart
from shafaf.charts.theme import STAGE_COLORS
from shafaf.fmt import date, is_rtl, month, number, percent
from shafaf.i18n import level_name, t
from shafaf.views.base import BadParam, Filters, meta
from shafaf.views.model import INTERACTIVE, Card, Chart, Link, Meta, Table, Text, from_frame, table

if TYPE_CHECKING:
    from shafaf.reads import Reads, Tables

PAGE = "regions"
PARAMS: tuple[str, ...] = ("measure", "metric")
MEASURES = ("coverage", "adoption")
# a cell is coloured by where the service stands (a paused service at the live stage is not drawn as live)
REACH_STAGE = {"live": "live", "pilot": "pilot", "planned": "planned", "stopped": "retired", "not_reached": None}


@dataclass(frozen=True)
class Leaf:
    """A district: every service meant for it, where it stands here."""

    sentence: Text | None  # None when no service is meant for the district (the page says so instead)
    reach: Text | None
    services: Table


@dataclass(frozen=True)
class Grid:
    """Every district of the region by every service, and the districts ranked."""

    rule: str
    gaps: Text
    card: Card | None
    ranking: Table | None


@dataclass(frozen=True)
class Children:
    """The children of the chosen region compared: map, ranking, left behind, the grid, drill-down links."""

    level: str
    measure: str
    metric: str | None
    metric_choices: tuple[tuple[str, str], ...] = field(metadata=INTERACTIVE)  # (metric id, label) the select offers
    map: Card
    map_note: Text  # who is not on the map and why, and whose boundaries these are (or how the tiles are placed)
    ranking: Table
    left_behind_rule: str
    left_behind: Text
    behind: Table | None
    grid: Grid
    drill: tuple[Link, ...]


@dataclass(frozen=True)
class RegionsView:
    """What the Regions page shows (`children` for a region with children, else `leaf`)."""

    meta: Meta
    region: str
    up: Link | None
    scope: tuple[str, str] | None  # ("initiative" or "department", its name) when the figures are for one
    children: Children | None
    leaf: Leaf | None


def candidates(reads: Reads, filters: Filters) -> set[str]:
    """The initiatives in the region's scope the filters allow: the chosen one, else the department's, else all."""
    inits = reads.tables().initiatives
    in_scope = set(reads.scope(filters.region_id).initiatives)
    if filters.initiative_id:
        return {filters.initiative_id} & in_scope
    if filters.department_id:
        return set(inits.loc[inits["department_id"] == filters.department_id, "initiative_id"]) & in_scope
    return in_scope


def sum_metrics(tb: Tables) -> list[str]:
    """The headline metrics that add up over regions (the metric select's choices, first the default)."""
    return metrics.headline_sum_metrics(tb.metric_defs)


def build(reads: Reads, filters: Filters, lang: str) -> RegionsView:
    """The Regions page of `filters.region_id` in `lang`; params `measure` (coverage|adoption), `metric`."""
    tb = reads.tables()
    measure = filters.params.get("measure", "coverage")
    if measure not in MEASURES:
        raise BadParam(f"unknown measure: {measure!r} (one of {', '.join(MEASURES)})")
    sums = sum_metrics(tb)
    metric = filters.params.get("metric") or (sums[0] if sums else None)
    if metric is not None and metric not in sums:
        raise BadParam(f"unknown metric: {metric!r} (one of {', '.join(sums) or 'none'})")
    rid = filters.region_id
    parent = tb.regions.set_index("region_id").loc[rid, "parent_id"]
    up = Link(PAGE, t("regions.up", lang, region=tb.name("region", parent, lang)), {"region": str(parent)})
    note = None
    if filters.initiative_id:
        note = ("initiative", tb.name("initiative", filters.initiative_id, lang))
    elif filters.department_id:
        note = ("department", tb.name("department", filters.department_id, lang))
    cands = candidates(reads, filters)
    kids = metrics.children(tb.regions, rid)
    return RegionsView(
        meta=meta(reads, PAGE, filters, lang),
        region=tb.name("region", rid, lang),
        up=up if isinstance(parent, str) else None,
        scope=note,
        children=_children(reads, filters, kids, cands, measure, metric, sums, lang) if kids else None,
        leaf=None if kids else _leaf(reads, rid, cands, lang),
    )


def _stage_word(stage: object, lang: str) -> str:
    return t(f"regions.stage_{stage}" if isinstance(stage, str) else "regions.stage_none", lang)


def _change(h: pd.Series, unit: str, lang: str) -> str:
    if pd.isna(h["value"]) or pd.isna(h["previous_value"]):
        return t("app.no_data", lang)
    diff = float(h["value"]) - float(h["previous_value"])
    sign = "+" if diff > 0 else ("−" if diff < 0 else "±")
    return sign + narrative.metric_value(abs(diff), unit, lang)


LEAF_COLS = ("service", "reach", "stage", "status", "since", "set_for", "department", "function", "reports")


def _leaf(reads: Reads, rid: str, cands: set[str], lang: str) -> Leaf:
    tb = reads.tables()
    region = tb.name("region", rid, lang)
    here = tb.leaf_stages[tb.leaf_stages["leaf_id"] == rid].set_index("initiative_id")
    reach = reads.reach(rid)
    reach = reach[reach["initiative_id"].isin(cands)].set_index("initiative_id")
    since = metrics.current_stages(tb.rollouts).set_index(["initiative_id", "region_id"])["date"]
    usage = reads.usage_reported(rid).set_index("initiative_id")
    inits = tb.initiatives[tb.initiatives["initiative_id"].isin(reach.index)]
    rows, raw = [], []
    for iid, did, fn, status in inits[["initiative_id", "department_id", "function", "status"]].itertuples(index=False):
        stage = here.loc[iid, "stage"] if iid in here.index else None
        via = here.loc[iid, "via_region_id"] if iid in here.index else None
        word = str(reach.loc[iid, "reach"])
        latest = usage.loc[iid, "latest_month"] if iid in usage.index else None
        reports = (
            t("regions.reports_yes", lang, month=month(latest, lang))
            if iid in usage.index
            else t("regions.reports_no", lang)
        )
        key = (metrics.REACH.index(word), metrics.STAGE_ORDER[stage], tb.name("initiative", iid, lang))
        when = since.get((iid, via)) if via else None
        shown = (
            tb.name("initiative", iid, lang),
            t(f"reach.{word}", lang),
            _stage_word(stage, lang),
            t(f"catalog.status_{status}", lang),
            date(when, lang) if via else "—",
            tb.name("region", via, lang) if via else "—",
            tb.name("department", did, lang),
            tb.name("function", fn, lang, "label"),
            reports,
        )
        rows.append((key, shown))
        raw.append((key, (iid, word, stage, status, when, via, did, fn, latest)))
    rows.sort(key=lambda r: r[0])
    raw.sort(key=lambda r: r[0])
    labels = {
        "service": t("regions.col_service", lang),
        "reach": t("reach.col_reach", lang),
        "stage": t("regions.col_stage", lang),
        "status": t("reach.col_status", lang),
        "since": t("regions.col_since", lang),
        "set_for": t("regions.col_set_for", lang),
        "department": t("regions.col_department", lang),
        "function": t("regions.col_function", lang),
        "reports": t("regions.col_reports", lang),
    }
    shown = pd.DataFrame([s for _, s in rows], columns=[labels[c] for c in LEAF_COLS])
    data = pd.DataFrame([r for _, r in raw], columns=list(LEAF_COLS))
    light = {_stage_word(s, lang) for s in ("planned", "pilot")}
    paint = {
        "stage": {
            _stage_word(s, lang): (c, "#000000" if _stage_word(s, lang) in light else "#ffffff")
            for s, c in STAGE_COLORS.items()
        }
    }
    services = table("services", data, labels, shown=shown, answer="stage", paint=paint)
    if not rows:
        return Leaf(None, None, services)
    counts = metrics.reach_counts(reach.reset_index())
    return Leaf(
        Text("leaf", narrative.regions_leaf_sentence(counts["live"], len(rows), region, lang)),
        Text("reach", narrative.reach_counts_sentence(counts, lang), help=t("reach.rule", lang)),
        services,
    )


RANK_COLS = ("rank", "region", "coverage", "live_in", "live_services", "value", "per_1000", "change")


def _children(
    reads: Reads,
    filters: Filters,
    kids: list[str],
    cands: set[str],
    measure: str,
    metric: str | None,
    sums: list[str],
    lang: str,
) -> Children:
    tb = reads.tables()
    rid = filters.region_id
    rtl = is_rtl(lang)
    region = tb.name("region", rid, lang)
    level = str(tb.regions.set_index("region_id").loc[kids[0], "level"])
    kids = sorted(kids, key=lambda r: tb.name("region", r, lang))
    defs = tb.metric_defs
    args = (tb.regions, tb.departments, tb.initiatives, tb.leaf_stages, tb.closure)
    cov = metrics.coverage_by_region(kids, *args, initiative_ids=cands, initiative_id=filters.initiative_id)
    parent = metrics.coverage_by_region([rid], *args, initiative_ids=cands, initiative_id=filters.initiative_id).iloc[0]
    if metric is not None:
        heads = reads.region_headlines((rid, *kids), tuple(sorted(cands)), metric)
        provenance = reads.region_provenance((rid, *kids), tuple(sorted(cands)), metric)
        unit = str(defs.set_index("metric").loc[metric, "unit"])
        metric_label = tb.name("metric", metric, lang, "label")
    else:
        heads = pd.DataFrame({"region_id": [rid, *kids]}).assign(
            month=None, value=None, previous_value=None, per_1000=None
        )
        unit, metric_label = "count", t("regions.measure_adoption", lang)
        provenance = None
    parent_head = heads[heads["region_id"] == rid].iloc[0]
    rows = cov.merge(heads, on="region_id", how="left")
    rows["name"] = [tb.name("region", r, lang) for r in rows["region_id"]]

    value_col = "coverage" if measure == "coverage" else "per_1000"
    ranked = rows.assign(_v=pd.to_numeric(rows[value_col], errors="coerce")).sort_values(
        ["_v", "name"], ascending=[False, True], na_position="last"
    )
    labels = {
        "rank": t("regions.col_rank", lang),
        "region": t("regions.col_region", lang),
        "coverage": t("regions.col_coverage", lang),
        "live_in": t("regions.col_live_in", lang),
        "live_services": t("regions.col_live_services", lang),
        "value": t("regions.col_value", lang, metric=metric_label),
        "per_1000": t("regions.col_per_1000", lang),
        "change": t("regions.col_change", lang),
    }
    shown = pd.DataFrame(
        {
            labels["rank"]: [str(i + 1) if pd.notna(v) else "—" for i, v in enumerate(ranked["_v"])],
            labels["region"]: ranked["name"],
            labels["coverage"]: [percent(v, lang) for v in ranked["coverage"]],
            labels["live_in"]: [
                t("regions.n_of_m", lang, n=n, m=m)
                for n, m in zip(ranked["live_leaves"], ranked["leaves"], strict=True)
            ],
            labels["live_services"]: ranked["live_services"].astype(int),
            labels["value"]: [
                t("app.no_data", lang) if pd.isna(v) else f"{narrative.metric_value(float(v), unit, lang)} ({m})"
                for v, m in zip(ranked["value"], ranked["month"], strict=True)
            ],
            labels["per_1000"]: [number(v, lang, 1) for v in ranked["per_1000"]],
            labels["change"]: [_change(h, unit, lang) for _, h in ranked.iterrows()],
        }
    )
    prev = pd.to_numeric(ranked["previous_value"], errors="coerce")
    val = pd.to_numeric(ranked["value"], errors="coerce")
    raw = pd.DataFrame(
        {
            "rank": [i + 1 if pd.notna(v) else None for i, v in enumerate(ranked["_v"])],
            "region": list(ranked["region_id"]),
            "coverage": list(ranked["coverage"]),
            "live_in": list(ranked["live_leaves"]),
            "live_services": list(ranked["live_services"].astype(int)),
            "value": list(val),
            "per_1000": list(ranked["per_1000"]),
            "change": list(val - prev),
        }
    )
    ranking = table(
        "ranking", raw, labels, shown=shown.reset_index(drop=True), answer="coverage", provenance=provenance
    )

    if measure == "coverage":
        tiles = rows.assign(value=rows["coverage"], value_text=[percent(v, lang) for v in rows["coverage"]])
        measure_label = t("regions.measure_coverage", lang)
        best_text = [percent(v, lang) for v in ranked["coverage"]]
    else:
        tiles = rows.assign(value=rows["per_1000"], value_text=[number(v, lang, 1) for v in rows["per_1000"]])
        measure_label = t("regions.per_1000_of", lang, metric=metric_label)
        best_text = [number(v, lang, 1) for v in ranked["per_1000"]]
    known = [(n, txt) for n, v, txt in zip(ranked["name"], ranked["_v"], best_text, strict=True) if pd.notna(v)]
    summary = narrative.regions_range_sentence(
        measure_label, known[0] if known else None, known[-1] if known else None, len(ranked) - len(known), lang
    )
    tiles = tiles.set_index("region_id").loc[kids].reset_index()
    bnd = reads.boundaries()
    style = {"measure": measure, "measure_label": measure_label, "rtl": rtl, "lang": lang}
    leaves = [] if _has_shapes(bnd, kids) else _leaves(tb, rid)
    if not _has_shapes(bnd, leaves):
        chart, map_note = _map(bnd, tiles, **style)
        card = Card(
            "regions-map",
            t("regions.map_title", lang, measure=measure_label, region=region),
            summary,
            chart,
            from_frame("ranking", shown, list(RANK_COLS), answer="coverage"),
            f"regions-{measure}-{rid}",
            provenance=provenance,
        )
    else:  # the children have no shapes (a province's divisions): the map shows the districts below them
        card, map_note = _districts_card(reads, filters, bnd, leaves, cands, metric, **style)

    latest = parent_head["month"] if isinstance(parent_head["month"], str) else None
    behind = metrics.left_behind(rows, parent["coverage"], latest)
    grid = metrics.district_service_grid(rid, *args[:4], tb.closure, cands)
    gaps = metrics.grid_gaps(grid)
    if behind.empty and gaps["gaps"]:  # never "none left behind" while services are missing somewhere
        sentence = t("grid.none_but_gaps", lang, region=region) + " " + narrative.grid_gaps_sentence(gaps, lang)
    else:
        sentence = narrative.regions_left_behind_sentence(
            len(behind), len(kids), region, percent(parent["coverage"], lang), lang
        )
    behind_table = None
    if not behind.empty:
        names = dict(zip(rows["region_id"], rows["name"], strict=True))
        covs = dict(zip(rows["region_id"], rows["coverage"], strict=True))
        months = dict(zip(rows["region_id"], rows["month"], strict=True))
        why = [
            "; ".join(
                t(
                    f"regions.reason_{x}",
                    lang,
                    coverage=percent(covs[r], lang),
                    month=months[r] if isinstance(months[r], str) else t("app.no_data", lang),
                    latest=latest or "",
                    metric=metric_label,
                )
                for x in reasons
            )
            for r, reasons in zip(behind["region_id"], behind["reasons"], strict=True)
        ]
        b_labels = {"region": t("regions.col_region", lang), "why": t("regions.col_why", lang)}
        behind_table = table(
            "left_behind",
            pd.DataFrame({"region": list(behind["region_id"]), "why": [list(r) for r in behind["reasons"]]}),
            b_labels,
            shown=pd.DataFrame({b_labels["region"]: [names[r] for r in behind["region_id"]], b_labels["why"]: why}),
        )
    return Children(
        level=level_name(level, lang),
        measure=measure,
        metric=metric,
        metric_choices=tuple((m, tb.name("metric", m, lang, "label")) for m in sums),
        map=card,
        map_note=map_note,
        ranking=ranking,
        left_behind_rule=t("regions.left_behind_rule", lang, share=number(100 * metrics.LEFT_BEHIND_SHARE, lang)),
        left_behind=Text("left_behind", sentence),
        behind=behind_table,
        grid=_grid(reads, rid, grid, gaps, cands, metric, metric_label if metric else None, lang),
        drill=tuple(Link(PAGE, tb.name("region", k, lang), {"region": k}) for k in kids),
    )


def _has_shapes(bnd: boundaries.Boundaries, ids: list[str]) -> bool:
    covered = bnd.covered()
    return any(r in bnd.shapes or r in covered for r in ids)


def _leaves(tb: Tables, rid: str) -> list[str]:
    """The districts (leaves) below `rid`, in file order."""
    below, leaves = metrics.subtree(tb.closure, rid), metrics.leaf_ids(tb.regions)
    return [str(r) for r in tb.regions["region_id"] if r in below and r in leaves and r != rid]


def _districts_card(
    reads: Reads,
    filters: Filters,
    bnd: boundaries.Boundaries,
    leaves: list[str],
    cands: set[str],
    metric: str | None,
    *,
    measure: str,
    measure_label: str,
    rtl: bool,
    lang: str,
) -> tuple[Card, Text]:
    """The map card of every district below the region, each by its own figure, with its table."""
    tb = reads.tables()
    rid = filters.region_id
    args = (tb.regions, tb.departments, tb.initiatives, tb.leaf_stages, tb.closure)
    provenance = None
    if measure == "coverage":
        cov = metrics.coverage_by_region(leaves, *args, initiative_ids=cands, initiative_id=filters.initiative_id)
        values = dict(zip(cov["region_id"], cov["coverage"], strict=True))
        words = {r: percent(v, lang) for r, v in values.items()}
    elif metric is not None:
        heads = reads.region_headlines(tuple(leaves), tuple(sorted(cands)), metric)
        provenance = reads.region_provenance(tuple(leaves), tuple(sorted(cands)), metric)
        values = dict(zip(heads["region_id"], heads["per_1000"], strict=True))
        words = {r: number(v, lang, 1) for r, v in values.items()}
    else:
        values, words = {}, {}
    names = {r: tb.name("region", r, lang) for r in leaves}
    parents = tb.regions.set_index("region_id")["parent_id"]
    tiles = pd.DataFrame(
        {
            "region_id": leaves,
            "name": [names[r] for r in leaves],
            "value": [values.get(r) for r in leaves],
            "value_text": [words.get(r, t("app.no_data", lang)) for r in leaves],
        }
    ).sort_values("name")
    chart, note = _map(bnd, tiles, measure=measure, measure_label=measure_label, rtl=rtl, lang=lang)
    ranked = tiles.assign(_v=pd.to_numeric(tiles["value"], errors="coerce")).sort_values(
        ["_v", "name"], ascending=[False, True], na_position="last"
    )
    labels = {
        "district": t("grid.col_district", lang),
        "within": t("regions.col_within", lang),
        "value": measure_label,
    }
    shown = pd.DataFrame(
        {
            labels["district"]: list(ranked["name"]),
            labels["within"]: [tb.name("region", str(parents[r]), lang) for r in ranked["region_id"]],
            labels["value"]: list(ranked["value_text"]),
        }
    )
    known = [(n, w) for n, v, w in zip(ranked["name"], ranked["_v"], ranked["value_text"], strict=True) if pd.notna(v)]
    summary = narrative.regions_range_sentence(
        measure_label, known[0] if known else None, known[-1] if known else None, len(ranked) - len(known), lang
    )
    region = tb.name("region", rid, lang)
    card = Card(
        "regions-map",
        t("regions.map_title_districts", lang, measure=measure_label, region=region),
        summary,
        chart,
        from_frame("districts", shown, ["district", "within", "value"], answer="value"),
        f"regions-districts-{measure}-{rid}",
        provenance=provenance,
    )
    return card, note


def _map(
    bnd: boundaries.Boundaries, tiles: pd.DataFrame, *, measure: str, measure_label: str, rtl: bool, lang: str
) -> tuple[Chart, Text]:
    """The map of `tiles` (region_id, name, value, value_text; by name): their shapes, else tiles by position."""
    kids = list(tiles["region_id"])
    shapes = boundaries.for_regions(bnd, kids)
    style = {"rtl": rtl, "colorbar_title": measure_label, "percent": measure == "coverage"}
    cols = ["region_id", "name", "value", "value_text"]
    if not shapes.located:  # no child has a shape: the tile grid, placed north to south, west to east
        order = boundaries.geographic_order(bnd, kids, grid_columns(len(kids)))
        placed = tiles.set_index("region_id").loc[order].reset_index()[cols]
        return Chart("tiles", partial(regions_tile_chart, placed, "", **style)), Text(
            "map_note", t("regions.tiles_note", lang)
        )
    names = dict(zip(tiles["region_id"], tiles["name"], strict=True))
    drawn = tiles.set_index("region_id").loc[list(shapes.located)].reset_index()[cols]
    drawn = drawn.assign(
        lon=[bnd.centroids[r][0] for r in drawn["region_id"]], lat=[bnd.centroids[r][1] for r in drawn["region_id"]]
    )
    within: dict[str, list[str]] = {}
    for rid, shape in shapes.within.items():
        within.setdefault(shape, []).append(names[rid])
    by_shape = {
        f["properties"]["shape_id"]: f["properties"] for f in shapes.geojson["features"] if "covers" in f["properties"]
    }
    context = pd.DataFrame(
        {
            "shape_id": list(shapes.context),
            "text": [
                t(
                    "regions.map_context",
                    lang,
                    shape=by_shape[s]["shape_name"],
                    names=narrative.names_list(within[by_shape[s]["shape_name"]], lang),
                )
                for s in shapes.context
            ],
        }
    )
    chart = partial(
        regions_map_chart,
        drawn,
        shapes.geojson,
        "",
        context=context,
        bounds=boundaries.bounds(shapes.geojson["features"]),
        **style,
    )
    source = None if bnd.source == boundaries.SOURCE else bnd.source  # None: the bundled geoBoundaries
    note = narrative.regions_map_note([names[r] for r in shapes.missing], within, lang, source)
    return Chart("map", chart), Text("map_note", note)


def _grid(
    reads: Reads,
    rid: str,
    grid: pd.DataFrame,
    gaps: dict[str, int],
    cands: set[str],
    metric: str | None,
    metric_label: str | None,
    lang: str,
) -> Grid:
    tb = reads.tables()
    region = tb.name("region", rid, lang)
    gaps_text = Text("gaps", narrative.grid_gaps_sentence(gaps, lang))
    if grid.empty:
        return Grid(t("grid.rule", lang), gaps_text, None, None)
    ranking = metrics.district_ranking(grid)
    provenance = None
    if metric is not None:
        heads = reads.region_headlines(tuple(ranking["leaf_id"]), tuple(sorted(cands)), metric)
        provenance = reads.region_provenance(tuple(ranking["leaf_id"]), tuple(sorted(cands)), metric)
        ranking = ranking.merge(heads[["region_id", "per_1000"]], left_on="leaf_id", right_on="region_id", how="left")
        ranking = ranking.assign(_s=pd.to_numeric(ranking["live_share"], errors="coerce"))
        ranking = ranking.assign(_u=pd.to_numeric(ranking["per_1000"], errors="coerce"))
        ranking = ranking.sort_values(["_s", "_u", "leaf_id"], ascending=[False, False, True], na_position="last")
    order = list(ranking["leaf_id"])
    cells = grid.assign(
        region_id=grid["leaf_id"],
        region=[tb.name("region", r, lang) for r in grid["leaf_id"]],
        initiative=[tb.name("initiative", i, lang) for i in grid["initiative_id"]],
        stage=[REACH_STAGE[r] if m else None for r, m in zip(grid["reach"], grid["meant"], strict=True)],
        text=[t(f"reach.{r}", lang) if m else "—" for r, m in zip(grid["reach"], grid["meant"], strict=True)],
    )
    cells = cells.assign(_o=cells["leaf_id"].map({r: i for i, r in enumerate(order)})).sort_values(["_o", "initiative"])
    names = dict(zip(cells["leaf_id"], cells["region"], strict=False))
    labels = {
        "rank": t("grid.col_rank", lang),
        "district": t("grid.col_district", lang),
        "live": t("grid.col_live", lang),
        "share": t("grid.col_share", lang),
        "per_1000": t("regions.per_1000_of", lang, metric=metric_label),
    }
    with_use = metric is not None
    shown = pd.DataFrame(
        {
            labels["rank"]: [str(i + 1) for i in range(len(ranking))],
            labels["district"]: [names[r] for r in ranking["leaf_id"]],
            labels["live"]: [
                t("regions.n_of_m", lang, n=n, m=m) for n, m in zip(ranking["live"], ranking["meant"], strict=True)
            ],
            labels["share"]: [percent(v, lang) for v in ranking["live_share"]],
            **({labels["per_1000"]: [number(v, lang, 1) for v in ranking["per_1000"]]} if with_use else {}),
        }
    )
    raw = pd.DataFrame(
        {
            "rank": list(range(1, len(ranking) + 1)),
            "district": list(ranking["leaf_id"]),
            "live": list(ranking["live"]),
            "share": list(ranking["live_share"]),
            **({"per_1000": list(ranking["per_1000"])} if with_use else {}),
        }
    )
    rank_table = table("grid_ranking", raw, labels, shown=shown, answer="district", provenance=provenance)
    district = t("grid.col_district", lang)
    pivot = (
        cells.pivot_table(index="region", columns="initiative", values="text", aggfunc="first", sort=False)
        .rename_axis(index=district, columns=None)
        .reset_index()
    )
    ids = ["district", *[str(i) for i in dict.fromkeys(cells["initiative_id"])]]
    if len(ids) != len(pivot.columns):  # two services of the same name: keep the names as ids
        ids = ["district", *[str(c) for c in pivot.columns[1:]]]
    else:
        by_name = dict(zip(cells["initiative"], cells["initiative_id"], strict=False))
        ids = ["district", *[str(by_name[c]) for c in pivot.columns[1:]]]
    card = Card(
        "regions-grid",
        t("grid.title", lang, region=region),
        gaps_text.text,
        Chart(
            "grid",
            partial(
                _grid_chart,
                cells[["region_id", "initiative_id", "region", "initiative", "stage", "text"]],
                is_rtl(lang),
            ),
        ),
        from_frame("grid", pivot, ids),
        f"district-by-service-{rid}",
    )
    return Grid(t("grid.rule", lang), gaps_text, card, rank_table)


def _grid_chart(cells: pd.DataFrame, rtl: bool) -> object:
    fig = adoption_matrix_chart(cells, "", rtl=rtl)
    fig.update_yaxes(automargin=True)  # district names in full, in either direction
    return fig
