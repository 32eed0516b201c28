"""Regions: where are digital services live, and which areas are left behind?

For citizens (is it live in my district, what can I use here), officials (which divisions and districts
lag, where usage is not reported) and donors (reach that cannot be hidden in a provincial average).
It shows the children of the chosen region as a tile map and a ranking, drills down one level at a time,
and for a district lists what is live there.
"""

import pandas as pd
import streamlit as st

from shafaf import metrics, narrative
from shafaf.charts.adoption import adoption_matrix_chart
from shafaf.charts.regions import regions_tile_chart
from shafaf.charts.theme import STAGE_COLORS
from shafaf.fmt import date, is_rtl, md, month, number, percent
from shafaf.i18n import level_name, t
from shafaf.ui import data, layout
from shafaf.ui.chart_card import chart_card
from shafaf.ui.context import Context
from shafaf.ui.tables import data_table

PAGE = "pages/public/regions.py"
MEASURES = ("coverage", "adoption")
STAGE_ORDER = {"scaled": 0, "live": 1, "pilot": 2, "planned": 3, "retired": 4, None: 5}


def _link_params(region_id: str) -> dict[str, str]:
    keep = {k: v for k, v in st.query_params.to_dict().items() if k in ("lang", "department", "initiative", "snapshot")}
    return {**keep, "region": region_id}


def _candidates(ctx: Context) -> set[str]:
    """The initiatives in the chosen region's scope that the filters allow: the chosen one, else the chosen
    department's, else all of them (so the counts agree with the Overview's)."""
    inits = ctx.tables.initiatives
    in_scope = set(data.scope(ctx.snap.path, ctx.region_id).initiatives)
    if ctx.initiative_id:
        return {ctx.initiative_id} & in_scope
    if ctx.department_id:
        return set(inits.loc[inits["department_id"] == ctx.department_id, "initiative_id"]) & in_scope
    return in_scope


def _stage_word(stage: object, lang: str) -> str:
    return t(f"regions.stage_{stage}" if isinstance(stage, str) else "regions.stage_none", lang)


def _change(h: pd.Series, unit: str, lang: str) -> str:
    if pd.isna(h["value"]) or pd.isna(h["previous_value"]):
        return t("app.no_data", lang)
    diff = float(h["value"]) - float(h["previous_value"])
    sign = "+" if diff > 0 else ("−" if diff < 0 else "±")
    return sign + narrative.metric_value(abs(diff), unit, lang)


def up_link(ctx: Context) -> None:
    """A link to the parent region (none at the root)."""
    tb = ctx.tables
    parent = tb.regions.set_index("region_id").loc[ctx.region_id, "parent_id"]
    if isinstance(parent, str):
        st.page_link(
            PAGE,
            label=md(t("regions.up", ctx.lang, region=tb.name("region", parent, ctx.lang))),
            icon=":material/arrow_upward:",
            query_params=_link_params(parent),
        )


def leaf_view(ctx: Context, candidates: set[str]) -> None:
    """What is live in this district: every service with where it stands here (the methodology), its stage and
    declared status beside it, owner, function and usage reporting."""
    lang, tb = ctx.lang, ctx.tables
    region = tb.name("region", ctx.region_id, lang)
    st.header(t("regions.leaf_header", lang, region=md(region)))
    here = tb.leaf_stages[tb.leaf_stages["leaf_id"] == ctx.region_id].set_index("initiative_id")
    reach = data.reach(ctx.snap.path, ctx.region_id)
    reach = reach[reach["initiative_id"].isin(candidates)].set_index("initiative_id")
    since = metrics.current_stages(tb.rollouts).set_index(["initiative_id", "region_id"])["date"]
    usage = data.usage_reported(ctx.snap.path, ctx.region_id).set_index("initiative_id")
    inits = tb.initiatives[tb.initiatives["initiative_id"].isin(reach.index)]
    rows = []
    for iid, did, fn, status in inits[["initiative_id", "department_id", "function", "status"]].itertuples(index=False):
        stage = here.loc[iid, "stage"] if iid in here.index else None
        via = here.loc[iid, "via_region_id"] if iid in here.index else None
        word = str(reach.loc[iid, "reach"])
        reports = (
            t("regions.reports_yes", lang, month=month(usage.loc[iid, "latest_month"], lang))
            if iid in usage.index
            else t("regions.reports_no", lang)
        )
        rows.append(
            {
                "_order": metrics.REACH.index(word),
                "_stage_order": STAGE_ORDER[stage],
                "stage": stage,
                t("regions.col_service", lang): tb.name("initiative", iid, lang),
                t("reach.col_reach", lang): t(f"reach.{word}", lang),
                t("regions.col_stage", lang): _stage_word(stage, lang),
                t("reach.col_status", lang): t(f"catalog.status_{status}", lang),
                t("regions.col_since", lang): date(since.get((iid, via)), lang) if via else "—",
                t("regions.col_set_for", lang): tb.name("region", via, lang) if via else "—",
                t("regions.col_department", lang): tb.name("department", did, lang),
                t("regions.col_function", lang): tb.name("function", fn, lang, "label"),
                t("regions.col_reports", lang): reports,
            }
        )
    table = pd.DataFrame(rows)
    if table.empty:
        st.info(t("regions.leaf_none", lang, region=md(region)))
        return
    table = table.sort_values(["_order", "_stage_order", t("regions.col_service", lang)])
    counts = metrics.reach_counts(reach.reset_index())
    st.markdown(md(narrative.regions_leaf_sentence(counts["live"], len(table), region, lang)))
    st.markdown(narrative.reach_counts_sentence(counts, lang), help=t("reach.rule", lang))
    colour = {_stage_word(s, lang): c for s, c in STAGE_COLORS.items()}
    light = {_stage_word(s, lang) for s in ("planned", "pilot")}
    shown = table.drop(columns=["_order", "_stage_order", "stage"])
    stage_col = t("regions.col_stage", lang)

    def paint(word: str) -> str:
        if word not in colour:
            return ""
        return f"background-color: {colour[word]}; color: {'#000000' if word in light else '#ffffff'}"

    data_table(shown.style.map(paint, subset=[stage_col]), answer=stage_col, key="regions.leaf_table")
    st.caption(t("regions.leaf_note", lang))


@st.fragment
def children_view(ctx: Context, kids: list[str], candidates: set[str]) -> None:
    """Tile map, ranking, regions left behind and drill-down links for the children of the chosen region.

    A fragment: switching the measure or the metric reruns only this part, not the whole page.
    """
    lang, tb = ctx.lang, ctx.tables
    rtl = is_rtl(lang)
    region = tb.name("region", ctx.region_id, lang)
    level = str(tb.regions.set_index("region_id").loc[kids[0], "level"])
    kids = sorted(kids, key=lambda r: tb.name("region", r, lang))

    defs = tb.metric_defs
    sums = [str(m) for m in defs.loc[defs["headline"].astype(bool) & (defs["aggregate"] == "sum"), "metric"]]
    c1, c2 = st.columns(2)
    measure = c1.radio(
        t("regions.measure", lang),
        MEASURES,
        format_func=lambda m: t(f"regions.measure_{m}", lang),
        horizontal=True,
        key="regions.measure",
    )
    metric = None
    if sums:
        metric = c2.selectbox(
            t("regions.metric", lang),
            sums,
            format_func=lambda m: tb.name("metric", m, lang, "label"),
            key="regions.metric",
            placeholder=t("app.choose_one", lang),
        )
    elif measure == "adoption":
        st.info(t("regions.no_sum_metric", lang))

    args = (tb.regions, tb.departments, tb.initiatives, tb.leaf_stages, tb.closure)
    cov = metrics.coverage_by_region(kids, *args, initiative_ids=candidates, initiative_id=ctx.initiative_id)
    parent = metrics.coverage_by_region(
        [ctx.region_id], *args, initiative_ids=candidates, initiative_id=ctx.initiative_id
    ).iloc[0]
    if metric is not None:
        heads = data.region_headlines(ctx.snap.path, (ctx.region_id, *kids), tuple(sorted(candidates)), metric)
        unit = str(defs.set_index("metric").loc[metric, "unit"])
        metric_label = tb.name("metric", metric, lang, "label")
    else:
        heads = pd.DataFrame({"region_id": [ctx.region_id, *kids]}).assign(
            month=None, value=None, previous_value=None, per_1000=None
        )
        unit, metric_label = "count", t("regions.measure_adoption", lang)
    parent_head = heads[heads["region_id"] == ctx.region_id].iloc[0]
    rows = cov.merge(heads, on="region_id", how="left")
    rows["name"] = [tb.name("region", r, lang) for r in rows["region_id"]]

    value_col = "coverage" if measure == "coverage" else "per_1000"
    ranked = rows.assign(_v=pd.to_numeric(rows[value_col], errors="coerce")).sort_values(
        ["_v", "name"], ascending=[False, True], na_position="last"
    )
    ranking = pd.DataFrame(
        {
            t("regions.col_rank", lang): [str(i + 1) if pd.notna(v) else "—" for i, v in enumerate(ranked["_v"])],
            t("regions.col_region", lang): ranked["name"],
            t("regions.col_coverage", lang): [percent(v, lang) for v in ranked["coverage"]],
            t("regions.col_live_in", lang): [
                t("regions.n_of_m", lang, n=n, m=m)
                for n, m in zip(ranked["live_leaves"], ranked["leaves"], strict=True)
            ],
            t("regions.col_live_services", lang): ranked["live_services"].astype(int),
            t("regions.col_value", lang, metric=metric_label): [
                t("app.no_data", lang) if pd.isna(v) else f"{narrative.metric_value(float(v), unit, lang)} ({m})"
                for v, m in zip(ranked["value"], ranked["month"], strict=True)
            ],
            t("regions.col_per_1000", lang): [number(v, lang, 1) for v in ranked["per_1000"]],
            t("regions.col_change", lang): [_change(h, unit, lang) for _, h in ranked.iterrows()],
        }
    )

    if measure == "coverage":
        tiles = rows.assign(value=rows["coverage"], value_text=[percent(v, lang) for v in rows["coverage"]])
        measure_label = t("regions.measure_coverage", lang)
        best_text = [percent(v, lang) for v in ranked["coverage"]]
    else:
        tiles = rows.assign(value=rows["per_1000"], value_text=[number(v, lang, 1) for v in rows["per_1000"]])
        measure_label = t("regions.per_1000_of", lang, metric=metric_label)
        best_text = [number(v, lang, 1) for v in ranked["per_1000"]]
    tiles = tiles.set_index("region_id").loc[kids].reset_index()
    known = [(n, txt) for n, v, txt in zip(ranked["name"], ranked["_v"], best_text, strict=True) if pd.notna(v)]
    summary = narrative.regions_range_sentence(
        measure_label, known[0] if known else None, known[-1] if known else None, len(ranked) - len(known), lang
    )
    st.header(t("regions.compare", lang))
    map_col, rank_col = st.columns([3, 2])
    with map_col:
        chart_card(
            ctx,
            key="regions-map",
            title=t("regions.map_title", lang, measure=measure_label, region=region),
            summary=summary,
            fig=regions_tile_chart(
                tiles[["region_id", "name", "value", "value_text"]],
                "",
                rtl=rtl,
                colorbar_title=measure_label,
                percent=measure == "coverage",
            ),
            table=ranking,
            filename=f"regions-{measure}-{ctx.region_id}",
        )
    with rank_col:
        st.subheader(t("regions.ranking", lang))
        data_table(ranking, answer=t("regions.col_coverage", lang), key="regions.ranking")
        st.caption(t("regions.coverage_note", lang))

    st.header(t("regions.left_behind", lang))
    st.markdown(t("regions.left_behind_rule", lang, share=number(100 * metrics.LEFT_BEHIND_SHARE, lang)))
    latest = parent_head["month"] if isinstance(parent_head["month"], str) else None
    behind = metrics.left_behind(rows, parent["coverage"], latest)
    grid = metrics.district_service_grid(ctx.region_id, *args[:4], tb.closure, candidates)
    gaps = metrics.grid_gaps(grid)
    if behind.empty and gaps["gaps"]:  # never "none left behind" while services are missing somewhere
        st.markdown(md(t("grid.none_but_gaps", lang, region=region) + " " + narrative.grid_gaps_sentence(gaps, lang)))
    else:
        st.markdown(
            md(
                narrative.regions_left_behind_sentence(
                    len(behind), len(kids), region, percent(parent["coverage"], lang), lang
                )
            )
        )
    if not behind.empty:
        names = dict(zip(rows["region_id"], rows["name"], strict=True))
        covs = dict(zip(rows["region_id"], rows["coverage"], strict=True))
        months = dict(zip(rows["region_id"], rows["month"], strict=True))
        data_table(
            pd.DataFrame(
                {
                    t("regions.col_region", lang): [names[r] for r in behind["region_id"]],
                    t("regions.col_why", lang): [
                        "; ".join(
                            t(
                                f"regions.reason_{x}",
                                lang,
                                coverage=percent(covs[r], lang),
                                month=months[r] if isinstance(months[r], str) else t("app.no_data", lang),
                                latest=latest or "",
                                metric=metric_label,
                            )
                            for x in why
                        )
                        for r, why in zip(behind["region_id"], behind["reasons"], strict=True)
                    ],
                }
            ),
            answer=None,
            key="regions.left_behind",
        )

    grid_section(ctx, grid, gaps, candidates, metric, metric_label if metric else None)

    st.header(t("regions.drill", lang, level=md(level_name(level, lang))))
    cols = st.columns(3)
    for i, rid in enumerate(kids):
        cols[i % 3].page_link(
            PAGE, label=md(tb.name("region", rid, lang)), icon=":material/south_east:", query_params=_link_params(rid)
        )


# a cell is coloured by where the service stands (a paused service at the live stage is not drawn as live)
REACH_STAGE = {"live": "live", "pilot": "pilot", "planned": "planned", "stopped": "retired", "not_reached": None}


def grid_section(
    ctx: Context,
    grid: pd.DataFrame,
    gaps: dict[str, int],
    candidates: set[str],
    metric: str | None,
    metric_label: str | None,
) -> None:
    """Every district of the region by every service (where it stands), and the districts ranked by the share
    of the services meant for them that are live, then by use per 1,000 people."""
    lang, tb = ctx.lang, ctx.tables
    region = tb.name("region", ctx.region_id, lang)
    rtl = is_rtl(lang)
    st.header(t("grid.header", lang))
    st.markdown(t("grid.rule", lang))
    st.markdown(md(narrative.grid_gaps_sentence(gaps, lang)))
    if grid.empty:
        return
    ranking = metrics.district_ranking(grid)
    if metric is not None:
        heads = data.region_headlines(ctx.snap.path, tuple(ranking["leaf_id"]), tuple(sorted(candidates)), metric)
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
    table = pd.DataFrame(
        {
            t("grid.col_rank", lang): [str(i + 1) for i in range(len(ranking))],
            t("grid.col_district", lang): [names[r] for r in ranking["leaf_id"]],
            t("grid.col_live", lang): [
                t("regions.n_of_m", lang, n=n, m=m) for n, m in zip(ranking["live"], ranking["meant"], strict=True)
            ],
            t("grid.col_share", lang): [percent(v, lang) for v in ranking["live_share"]],
            **(
                {t("regions.per_1000_of", lang, metric=metric_label): [number(v, lang, 1) for v in ranking["per_1000"]]}
                if metric is not None
                else {}
            ),
        }
    )
    grid_fig = adoption_matrix_chart(
        cells[["region_id", "initiative_id", "region", "initiative", "stage", "text"]], "", rtl=rtl
    )
    grid_fig.update_yaxes(automargin=True)  # district names in full, in either direction
    chart_card(
        ctx,
        key="regions-grid",
        title=t("grid.title", lang, region=region),
        summary=narrative.grid_gaps_sentence(gaps, lang),
        fig=grid_fig,
        table=cells.pivot_table(index="region", columns="initiative", values="text", aggfunc="first", sort=False)
        .rename_axis(index=t("grid.col_district", lang), columns=None)
        .reset_index(),
        filename=f"district-by-service-{ctx.region_id}",
    )
    st.subheader(t("grid.ranking", lang))
    data_table(table, answer=t("grid.col_district", lang), key="regions.grid_ranking")


def body(ctx: Context) -> None:
    """The page's content."""
    lang, tb = ctx.lang, ctx.tables
    up_link(ctx)
    candidates = _candidates(ctx)
    if ctx.initiative_id:
        st.caption(t("regions.for_initiative", lang, name=md(tb.name("initiative", ctx.initiative_id, lang))))
    elif ctx.department_id:
        st.caption(t("regions.for_department", lang, name=md(tb.name("department", ctx.department_id, lang))))
    kids = metrics.children(tb.regions, ctx.region_id)
    if kids:
        children_view(ctx, kids, candidates)
    else:
        leaf_view(ctx, candidates)


layout.page("regions", body)
