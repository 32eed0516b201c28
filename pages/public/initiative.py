"""Digital service: one initiative in full, for citizens (is it live near me, is it used, does it work for
people: their feedback and the department's replies), officials (milestones, re-plans, rollout) and donors
(targets, funding). Without a chosen service: a short chooser."""

import dataclasses

import pandas as pd
import streamlit as st

from shafaf import metrics, narrative, public_record
from shafaf.charts.rollout import rollout_stage_bar_chart
from shafaf.charts.timeline import timeline_milestones_chart
from shafaf.contract.schema import STAGES
from shafaf.fmt import date, is_missing, is_rtl, isolate, md, number
from shafaf.i18n import t
from shafaf.ui import data, feedback, layout
from shafaf.ui.chart_card import chart_card, table_card
from shafaf.ui.context import Context
from shafaf.ui.outcome_cards import funding_card, target_card

PAGE = "pages/public/initiative.py"
STATUS_BADGE = {"planned": "gray", "in_progress": "blue", "live": "green", "paused": "orange", "cancelled": "red"}
STATUS_ICON = {
    "planned": ":material/schedule:",
    "in_progress": ":material/construction:",
    "live": ":material/check_circle:",
    "paused": ":material/pause_circle:",
    "cancelled": ":material/cancel:",
}


def chooser(ctx: Context) -> None:
    """The services in the region's scope, each a link to its own page."""
    lang, tb = ctx.lang, ctx.tables
    region = md(tb.name("region", ctx.region_id, lang))
    sc = data.scope(ctx.snap.path, ctx.region_id)
    ids = sorted(sc.initiatives, key=lambda i: tb.name("initiative", i, lang))
    if not ids:
        st.info(t("initiative.choose_none", lang, region=region))
        return
    st.write(t("initiative.choose", lang, region=region))
    keep = {k: v for k, v in st.query_params.to_dict().items() if k in ("region", "department", "lang", "snapshot")}
    for iid in ids:
        st.page_link(PAGE, label=md(tb.name("initiative", iid, lang)), query_params={**keep, "initiative": iid})


def facts(ctx: Context, row: pd.Series) -> None:
    """Summary, status, owner, function, website, dates, budget."""
    lang, tb = ctx.lang, ctx.tables
    st.header(md(tb.name("initiative", row["initiative_id"], lang)))
    status = str(row["status"])
    st.badge(
        t(f"initiative.status_{status}", lang), icon=STATUS_ICON.get(status), color=STATUS_BADGE.get(status, "gray")
    )
    summary = tb.translated("initiative", row["initiative_id"], "summary", lang, row["summary"])
    st.markdown(isolate(md(summary), lang) if summary else t("initiative.no_summary", lang))
    c1, c2 = st.columns(2)
    c1.markdown(f"**{t('initiative.department', lang)}:** {md(tb.name('department', row['department_id'], lang))}")
    c1.markdown(f"**{t('initiative.function', lang)}:** {md(tb.name('function', row['function'], lang, 'label'))}")
    open_source = row["open_source"]
    answer = (
        t("app.no_data", lang)
        if is_missing(open_source)
        else t("initiative.answer_yes" if bool(open_source) else "initiative.answer_no", lang)
    )
    c1.markdown(f"**{t('initiative.open_source', lang)}:** {answer}")
    c2.markdown(f"**{t('initiative.start_date', lang)}:** {date(row['start_date'], lang)}")
    c2.markdown(f"**{t('initiative.target_date', lang)}:** {date(row['target_date'], lang)}")
    c2.markdown(
        f"**{t('initiative.budget', lang)}:** {number(row['budget'], lang)}", help=t("initiative.budget_help", lang)
    )
    website = row["website"]
    if isinstance(website, str) and website.lower().startswith(("https://", "http://")):
        st.link_button(t("initiative.open_website", lang), website, icon=":material/open_in_new:")
        st.caption(md(website))
    else:
        st.caption(f"{t('initiative.website', lang)}: {t('initiative.no_website', lang)}")


def milestones_section(ctx: Context, iid: str, sc: metrics.Scope) -> None:
    """Every milestone: baseline, each re-plan, current plan and actual, with its class in words."""
    lang, tb = ctx.lang, ctx.tables
    rtl = is_rtl(lang)
    name = tb.name("initiative", iid, lang)
    st.header(t("initiative.timeline", lang))
    only = dataclasses.replace(sc, initiatives=frozenset({iid}))
    ms = metrics.milestones_in(tb.milestones, only)
    ms = metrics.classify_milestones(ms, tb.as_of).sort_values(["planned_date", "milestone_id"])
    replans = data.replans(ctx.snap.path, iid)
    replans = replans[replans["milestone_id"].isin(ms["milestone_id"])]
    words = [
        t(f"milestone_class.{c}", lang) + (f" ({t('initiative.blocked', lang)})" if b else "")
        for c, b in zip(ms["class"], ms["blocked"], strict=True)
    ]
    titles = [tb.name("milestone", m, lang, "title") for m in ms["milestone_id"]]
    ms = ms.assign(label=[f"{ti} · {w}" for ti, w in zip(titles, words, strict=True)])
    earlier = {
        m: ", ".join(date(d, lang) for d in sorted(g["old_planned_date"])) for m, g in replans.groupby("milestone_id")
    }
    table = pd.DataFrame(
        {
            t("initiative.col_milestone", lang): titles,
            t("initiative.col_class", lang): words,
            t("initiative.col_area", lang): [
                tb.name("region", r, lang) if isinstance(r, str) else t("initiative.whole_service", lang)
                for r in ms["region_id"]
            ],
            t("initiative.col_baseline", lang): [date(d, lang) for d in ms["effective_baseline_date"]],
            t("initiative.col_earlier", lang): [earlier.get(m, "") for m in ms["milestone_id"]],
            t("initiative.col_planned", lang): [date(d, lang) for d in ms["planned_date"]],
            t("initiative.col_actual", lang): [date(d, lang) if not pd.isna(d) else "" for d in ms["actual_date"]],
            t("initiative.col_slippage", lang): ms["slippage_days"],
            t("initiative.col_note", lang): ms["note"].fillna(""),
        }
    )
    names = {k: t(f"initiative.legend_{k}", lang) for k in ("path", "baseline", "replan", "planned", "actual", "as_of")}
    chart_card(
        ctx,
        key="initiative-timeline",
        title=t("initiative.timeline_title", lang, name=name),
        summary=narrative.timeline_sentence(metrics.milestone_counts(ms), int(ms["blocked"].sum()), len(replans), lang),
        fig=None if ms.empty else timeline_milestones_chart(ms, replans, "", names=names, as_of=tb.as_of, rtl=rtl),
        table=table,
        filename=f"milestones-{iid}",
    )


def withdrawn_section(ctx: Context, iid: str, sc: metrics.Scope) -> None:
    """Milestones left out of a later package: still on the record, with every planned date and the reason."""
    lang, tb = ctx.lang, ctx.tables
    gone = data.withdrawn(ctx.snap.path)
    gone = metrics.withdrawn_milestones_in(gone[gone["initiative_id"] == iid], sc)
    if gone.empty:
        return
    counts = metrics.withdrawn_counts(gone)
    table_card(
        ctx,
        key="initiative-withdrawn",
        title=t("record.withdrawn_title", lang, name=tb.name("initiative", iid, lang)),
        summary=t("record.withdrawn_summary", lang, count=counts["withdrawn"], overdue=counts["withdrawn_overdue"]),
        table=public_record.withdrawn_milestones_table(gone, lang),
        filename=f"withdrawn-milestones-{iid}",
    )


def history_section(ctx: Context, iid: str) -> None:
    """Every re-plan, withdrawal, status and stage change since the first publication, newest first."""
    lang, tb = ctx.lang, ctx.tables
    st.header(t("record.history", lang))
    table = public_record.history_table(
        data.service_history(ctx.snap.path, iid), lambda e, i, f: tb.name(e, i, lang, f), lang
    )
    table_card(
        ctx,
        key="initiative-history",
        title=t("record.history_title", lang, name=tb.name("initiative", iid, lang)),
        summary=t("record.history_summary", lang, count=len(table)) if len(table) else t("record.history_none", lang),
        table=table,
        filename=f"history-{iid}",
    )


def rollout_section(ctx: Context, iid: str, sc: metrics.Scope) -> None:
    """The stage reached at each local area of the chosen region, grouped by the region's children."""
    lang, tb = ctx.lang, ctx.tables
    rtl = is_rtl(lang)
    region = tb.name("region", ctx.region_id, lang)
    st.header(t("initiative.rollout", lang))
    children = set(tb.regions.loc[tb.regions["parent_id"] == ctx.region_id, "region_id"])
    c = tb.closure[tb.closure["region_id"].isin(sc.leaves) & tb.closure["ancestor_id"].isin(children)]
    group = dict(zip(c["region_id"], c["ancestor_id"], strict=True))
    at = tb.leaf_stages[(tb.leaf_stages["initiative_id"] == iid) & tb.leaf_stages["leaf_id"].isin(sc.leaves)]
    stage = dict(zip(at["leaf_id"], at["stage"], strict=True))
    via = dict(zip(at["leaf_id"], at["via_region_id"], strict=True))
    leaves = sorted(sc.leaves, key=lambda r: (tb.name("region", group.get(r, r), lang), tb.name("region", r, lang)))
    per_leaf = pd.DataFrame(
        {
            "area": [tb.name("region", group.get(r, r), lang) for r in leaves],
            "leaf": [tb.name("region", r, lang) for r in leaves],
            "stage": [stage.get(r, "none") for r in leaves],
            "via": [tb.name("region", via[r], lang) if r in via else "" for r in leaves],
        }
    )
    order = [*STAGES, "none"]
    counts = (
        per_leaf.groupby(["area", "stage"], sort=False).size().rename("count").reset_index()
        if not per_leaf.empty
        else pd.DataFrame(columns=["area", "stage", "count"])
    )
    counts = counts.assign(_o=counts["stage"].map(order.index)).sort_values(["_o", "area"]).drop(columns="_o")
    counts["label"] = [t(f"initiative.stage_{s}", lang) for s in counts["stage"]]
    dept = tb.initiatives.set_index("initiative_id").at[iid, "department_id"]
    dept_region = str(tb.departments.set_index("department_id").at[dept, "region_id"])
    # "Live in N of M" is the methodology's coverage: only the leaves also under the department's region
    live, reached, eligible = metrics.coverage_counts(iid, sc, dept_region, tb.closure, tb.leaf_stages)
    chart_card(
        ctx,
        key="initiative-rollout",
        title=t("initiative.rollout_title", lang, region=region, name=tb.name("initiative", iid, lang)),
        summary=narrative.rollout_sentence(live, reached, eligible, region, lang, area_leaves=len(per_leaf)),
        fig=None if counts.empty else rollout_stage_bar_chart(counts, "", rtl=rtl),
        table=pd.DataFrame(
            {
                t("initiative.col_area_group", lang): per_leaf["area"],
                t("initiative.col_leaf", lang): per_leaf["leaf"],
                t("initiative.col_stage", lang): [t(f"initiative.stage_{s}", lang) for s in per_leaf["stage"]],
                t("initiative.col_via", lang): per_leaf["via"],
            }
        ),
        filename=f"rollout-{iid}-{ctx.region_id}",
    )


def targets_section(ctx: Context, iid: str, sc: metrics.Scope) -> None:
    """Each metric with targets: the actual trajectory against the target points, on track or not."""
    lang = ctx.lang
    st.header(t("initiative.adoption", lang))
    points, values, statuses = data.targets(ctx.snap.path, (iid,))
    mine = metrics.targets_in(statuses, dataclasses.replace(sc, initiatives=frozenset({iid})))
    if mine.empty:
        st.write(t("initiative.no_targets", lang))
        return
    for i, status in enumerate(mine.to_dict("records")):
        target_card(ctx, status, points, values, key=f"initiative-target-{i}")


def funding_section(ctx: Context, iid: str) -> None:
    """Committed against disbursed per funder, one chart per currency."""
    lang = ctx.lang
    st.header(t("initiative.funding", lang))
    funding = data.funding(ctx.snap.path, (iid,))
    if funding.empty:
        st.write(t("initiative.funding_none", lang))
        return
    totals = metrics.funding_totals(funding, "funder")
    for currency, g in totals.groupby("currency", sort=True):
        funding_card(
            ctx,
            g,
            "funder",
            t("outcomes.funding_title", lang, currency=currency),
            key=f"initiative-funding-{currency}",
        )


def updates_section(ctx: Context, iid: str) -> None:
    """The service's status updates, newest first."""
    lang, tb = ctx.lang, ctx.tables
    st.header(t("initiative.updates", lang))
    updates = data.initiative_updates(ctx.snap.path, iid)
    if updates.empty:
        st.write(t("initiative.no_updates", lang))
    for u in updates.itertuples(index=False):
        with st.container(border=True):
            title = tb.translations.get(("update", u.update_id, "title", lang)) or u.title
            st.markdown(f"**{md(title)}**")
            st.caption(date(u.date, lang))
            st.markdown(isolate(md(tb.translated("update", u.update_id, "body", lang, u.body)), lang))


def body(ctx: Context) -> None:
    """The page's content."""
    iid = ctx.initiative_id
    if iid is None:
        chooser(ctx)
        return
    tb = ctx.tables
    row = tb.initiatives.set_index("initiative_id", drop=False).loc[iid]
    sc = data.scope(ctx.snap.path, ctx.region_id)
    facts(ctx, row)
    if iid not in sc.initiatives:
        region = md(tb.name("region", ctx.region_id, ctx.lang))
        st.info(t("initiative.not_in_region", ctx.lang, region=region), icon=":material/info:")
    milestones_section(ctx, iid, sc)
    withdrawn_section(ctx, iid, sc)
    rollout_section(ctx, iid, sc)
    targets_section(ctx, iid, sc)
    funding_section(ctx, iid)
    history_section(ctx, iid)
    updates_section(ctx, iid)
    feedback.section(ctx, iid, sc)


layout.page("initiative", body)
