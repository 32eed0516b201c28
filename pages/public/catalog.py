"""Catalog: which digital services exist, what do they do, who runs them and where are they live?

For citizens (find a service by name or need), officials (overlapping tools of different departments doing
the same job in the same places) and donors (what is being built, and how far each service has reached).
"""

import pandas as pd
import streamlit as st

from shafaf import metrics, narrative
from shafaf.charts.adoption import adoption_matrix_chart
from shafaf.fmt import is_rtl, isolate, md
from shafaf.i18n import t
from shafaf.labels import unique_labels
from shafaf.navigation import PAGES
from shafaf.ui import data, layout, paging
from shafaf.ui.chart_card import chart_card, csv_download
from shafaf.ui.context import Context
from shafaf.ui.tables import data_table

INITIATIVE_PAGE = "pages/public/initiative.py"
STATUS_BADGE = {"planned": "gray", "in_progress": "blue", "live": "green", "paused": "orange", "cancelled": "red"}
REACH_BADGE = {"live": "green", "pilot": "blue", "planned": "gray", "stopped": "orange", "not_reached": "gray"}
MAX_PLACES = 8  # regions named per overlap before "and N more"


def _matches(query: str, *texts: object) -> bool:
    q = query.strip().casefold()
    return not q or any(q in str(x).casefold() for x in texts if isinstance(x, str))


def catalog_rows(ctx: Context, ids: list[str]) -> pd.DataFrame:
    """One row per service: names in the reader's language, status, live in N of M of its department's region."""
    lang, tb = ctx.lang, ctx.tables
    dept_region = dict(zip(tb.departments["department_id"], tb.departments["region_id"], strict=True))
    inits = tb.initiatives.set_index("initiative_id").loc[ids].reset_index()
    live = data.live_in_home(ctx.snap.path)
    here = data.reach(ctx.snap.path, ctx.region_id)
    reach = dict(zip(here["initiative_id"], here["reach"], strict=True))
    rows = []
    for r in inits.itertuples(index=False):
        home = dept_region.get(r.department_id)
        n, m = live.get(r.initiative_id, (0, 0))
        rows.append(
            {
                "initiative_id": r.initiative_id,
                "name": tb.name("initiative", r.initiative_id, lang),
                "summary": tb.translated("initiative", r.initiative_id, "summary", lang, r.summary),
                "status": r.status,
                "reach": reach.get(r.initiative_id, "not_reached"),
                "department_id": r.department_id,
                "department": tb.name("department", r.department_id, lang),
                "function_id": r.function,
                "function": tb.name("function", r.function, lang, "label"),
                "home": tb.name("region", home, lang),
                "live": n,
                "leaves": m,
                "website": r.website if isinstance(r.website, str) else "",
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "initiative_id",
            "name",
            "summary",
            "status",
            "reach",
            "department_id",
            "department",
            "function_id",
            "function",
            "home",
            "live",
            "leaves",
            "website",
        ],
    )


def card(ctx: Context, r: pd.Series, has_page: bool) -> None:
    """One service as a card: name, where it stands in the region (the methodology) with the declared status
    beside it, owner, function, reach, description, website."""
    lang = ctx.lang
    region = ctx.tables.name("region", ctx.region_id, lang)
    with st.container(border=True):
        st.markdown(f"**{md(r['name'])}**")
        st.badge(
            md(t("reach.badge_here", lang, reach=t(f"reach.{r['reach']}", lang), region=region)),
            color=REACH_BADGE[r["reach"]],
        )
        st.badge(
            t("reach.declared", lang, status=t(f"catalog.status_{r['status']}", lang)),
            color=STATUS_BADGE.get(r["status"], "gray"),
        )
        st.caption(f"{md(r['department'])} · {md(r['function'])}")
        st.markdown(isolate(md(r["summary"]), lang) if r["summary"] else t("catalog.no_summary", lang))
        st.markdown(md(t("catalog.live_in", lang, n=r["live"], m=r["leaves"], region=r["home"])))
        site = r["website"]
        if site.startswith(("https://", "http://")):
            st.link_button(t("catalog.open_website", lang), site, icon=":material/open_in_new:")
        elif site:
            st.text(f"{t('catalog.website', lang)}: {site}")
        if has_page:
            keep = {k: v for k, v in st.query_params.to_dict().items() if k in ("region", "lang", "snapshot")}
            st.page_link(
                INITIATIVE_PAGE,
                label=t("catalog.more", lang),
                icon=":material/arrow_forward:",
                query_params={**keep, "initiative": r["initiative_id"]},
            )


def _places(region_ids: list[str], tb: data.Tables, lang: str) -> str:
    # only the named ones are looked up: a national pair can share thousands of local areas
    names = [tb.name("region", r, lang) for r in region_ids[:MAX_PLACES]]
    if len(region_ids) > MAX_PLACES:
        return ", ".join(names) + " " + t("catalog.and_more", lang, n=len(region_ids) - MAX_PLACES)
    return ", ".join(names)


def overlaps_section(ctx: Context, initiative_ids: tuple[str, ...], functions: list[str]) -> None:
    """Same function, different departments, a stage at a common leaf: each pair with where it happens."""
    lang = ctx.lang
    st.header(t("catalog.overlaps", lang))
    st.markdown(t("catalog.overlaps_rule", lang))
    # computed once per snapshot and region (all functions); a function filter only picks rows
    ov = data.overlaps(ctx.snap.path, ctx.region_id, initiative_ids)
    if functions:
        ov = ov[ov["function"].isin(functions)]
    if ctx.department_id:
        ov = ov[(ov["department_a"] == ctx.department_id) | (ov["department_b"] == ctx.department_id)]
    st.markdown(md(narrative.catalog_overlaps_sentence(len(ov), ov["function"].nunique(), lang)))
    if ov.empty:
        return
    # thousands of pairs at national scope weigh half a megabyte: draw the widest, download them all
    ov = ov.sort_values("leaf_count", ascending=False, kind="stable")
    top = paging.OVERLAP_ROWS
    if len(ov) > top:
        st.markdown(t("catalog.overlaps_first", lang, shown=top, total=len(ov)))
    data_table(overlaps_table(ctx, ov.head(top)), answer=None, key="catalog.overlaps")
    if len(ov) > top:
        csv_download(
            ctx,
            t("catalog.overlaps_download", lang),
            overlaps_table(ctx, ov),
            f"overlaps-{ctx.region_id}",
            key="catalog.overlaps_csv",
        )


def overlaps_table(ctx: Context, ov: pd.DataFrame) -> pd.DataFrame:
    """The overlap pairs in the reader's language, one row per pair."""
    lang, tb = ctx.lang, ctx.tables
    return pd.DataFrame(
        {
            t("catalog.col_overlap_function", lang): [tb.name("function", f, lang, "label") for f in ov["function"]],
            t("catalog.col_service_a", lang): [tb.name("initiative", i, lang) for i in ov["initiative_a"]],
            t("catalog.col_department_a", lang): [tb.name("department", d, lang) for d in ov["department_a"]],
            t("catalog.col_service_b", lang): [tb.name("initiative", i, lang) for i in ov["initiative_b"]],
            t("catalog.col_department_b", lang): [tb.name("department", d, lang) for d in ov["department_b"]],
            t("catalog.col_where", lang): [_places(x, tb, lang) for x in ov["places"]],
            t("catalog.col_areas", lang): ov["leaf_count"].astype(int),
        }
    )


def matrix_section(ctx: Context, shown: pd.DataFrame, total: int) -> None:
    """Regions (children of the chosen region, or the leaf itself) by the services drawn as cards (of `total`)."""
    lang, tb = ctx.lang, ctx.tables
    rtl = is_rtl(lang)
    region = tb.name("region", ctx.region_id, lang)
    st.header(t("catalog.matrix", lang))
    rows = metrics.children(tb.regions, ctx.region_id) or [ctx.region_id]
    rows = sorted(rows, key=lambda r: tb.name("region", r, lang))
    ids = list(shown["initiative_id"])
    m = metrics.stage_matrix(rows, tb.regions, tb.closure, tb.leaf_stages, ids)
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
    table = (
        m.pivot_table(index="region_label", columns="initiative_id", values="text", aggfunc="first", sort=False)
        .rename(columns=col_label)
        .rename_axis(index=t("catalog.col_area", lang), columns=None)
        .reset_index()
        if not m.empty
        else pd.DataFrame()
    )
    live = int((m["live_leaves"] > 0).sum())
    summary = narrative.catalog_matrix_sentence(live, len(m), len(rows), len(ids), lang)
    if len(ids) < total:  # only the services drawn as cards: a few hundred cells, not thousands
        summary += " " + t("catalog.matrix_limited", lang, n=len(ids), total=total)
    chart_card(
        ctx,
        key="catalog-matrix",
        title=t("catalog.matrix_title", lang, region=region),
        summary=summary,
        fig=adoption_matrix_chart(m, "", rtl=rtl) if not m.empty else None,
        table=table,
        filename=f"adoption-matrix-{ctx.region_id}",
    )
    st.caption(t("catalog.matrix_note", lang))


def body(ctx: Context) -> None:
    """The page's content."""
    lang, tb = ctx.lang, ctx.tables
    region = tb.name("region", ctx.region_id, lang)
    sc = data.scope(ctx.snap.path, ctx.region_id)
    st.markdown(md(t("catalog.intro", lang, region=region)))
    all_in_scope = tb.initiatives[tb.initiatives["initiative_id"].isin(sc.initiatives)]
    in_scope = all_in_scope
    if ctx.department_id:
        in_scope = in_scope[in_scope["department_id"] == ctx.department_id]
    rows = catalog_rows(ctx, list(in_scope["initiative_id"]))
    listing(ctx, rows, tuple(sorted(all_in_scope["initiative_id"])))


@st.fragment
def listing(ctx: Context, rows: pd.DataFrame, in_scope_ids: tuple[str, ...]) -> None:
    """Search, the cards, the table, overlaps and the matrix. A fragment: searching reruns only this part."""
    lang, tb = ctx.lang, ctx.tables
    region = tb.name("region", ctx.region_id, lang)
    c1, c2, c3 = st.columns([2, 2, 1])
    query = c1.text_input(
        t("catalog.search", lang),
        key="catalog.search",
        help=t("catalog.search_help", lang),
        placeholder=t("catalog.search_placeholder", lang),
    )
    functions = sorted(set(rows["function_id"]), key=lambda f: tb.name("function", f, lang, "label"))
    chosen = c2.multiselect(
        t("catalog.function", lang),
        functions,
        format_func=lambda f: tb.name("function", f, lang, "label"),
        key="catalog.function",
        placeholder=t("app.choose_options", lang),
    )
    group = c3.radio(
        t("catalog.group", lang),
        ("function", "department"),
        format_func=lambda g: t(f"catalog.group_{g}", lang),
        key="catalog.group",
    )
    keep = [
        _matches(query, r.name, r.summary, r.department) and (not chosen or r.function_id in chosen)
        for r in rows.itertuples(index=False)
    ]
    # a boolean Series, not a list: an empty list would select zero columns instead of zero rows
    shown = rows[pd.Series(keep, index=rows.index, dtype=bool)].sort_values([group, "name"])
    st.markdown(md(narrative.catalog_count_sentence(len(shown), len(rows), region, lang)))
    if shown.empty and not rows.empty:
        st.info(t("catalog.no_match", lang))

    # a first page of cards (hundreds of bordered cards weigh a megabyte); the table and CSV list them all
    size = paging.CATALOG_PAGE_SIZE
    limit = paging.limit("catalog", (ctx.region_id, ctx.department_id, lang, query, tuple(chosen), group), size)
    drawn = shown.head(limit)
    totals = shown[group].value_counts()
    has_page = any(p.path == INITIATIVE_PAGE for p in PAGES)
    for label, g in drawn.groupby(group, sort=False):
        st.header(f"{md(label)} ({int(totals[label])})")
        cols = st.columns(2)
        for i, (_, r) in enumerate(g.iterrows()):
            with cols[i % 2]:
                card(ctx, r, has_page)
    if len(drawn) < len(shown):
        st.markdown(t("catalog.showing_first", lang, shown=len(drawn), total=len(shown)))
        st.button(
            t("catalog.show_more", lang, n=min(size, len(shown) - len(drawn))),
            key="catalog.show_more",
            on_click=paging.more,
            args=("catalog", size),
            icon=":material/expand_more:",
        )

    if not shown.empty:
        table = pd.DataFrame(
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
        )
        with st.expander(t("catalog.table", lang)):
            data_table(table, answer=t("reach.col_reach", lang), key="catalog.table")
        csv_download(ctx, t("catalog.download", lang), table, f"digital-services-{ctx.region_id}", key="catalog.csv")

    # overlaps need the other departments' services too; the department filter keeps pairs involving it
    overlaps_section(ctx, in_scope_ids, chosen)
    matrix_section(ctx, drawn, len(shown))


layout.page("catalog", body)
