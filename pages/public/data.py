"""About the data: where the figures come from, what they mean, how fresh and complete they are, the open
data, and every earlier publication. For everyone who wants to check the dashboard's figures."""

import pandas as pd
import streamlit as st

from shafaf import metrics, narrative
from shafaf.charts.data_quality import completeness_bar_chart, freshness_bar_chart
from shafaf.fmt import date, is_rtl, md, percent, plural
from shafaf.fmt import month as fmt_month
from shafaf.history import public_history_frame
from shafaf.i18n import t
from shafaf.ui import data, layout
from shafaf.ui.chart_card import chart_card
from shafaf.ui.context import Context
from shafaf.ui.tables import data_table

METHOD_KEYS = (
    "stage",
    "in_region",
    "reached",
    "coverage",
    "milestones",
    "baseline",
    "metrics",
    "per_1000",
    "missing",
    "history",
)


def body(ctx: Context) -> None:
    """The page's content."""
    lang, tb = ctx.lang, ctx.tables
    rtl = is_rtl(lang)
    meta = tb.meta

    st.header(t("about.package", lang))
    facts = [
        (t("about.title", lang), meta.get("title")),
        (t("about.publisher", lang), tb.translated("package", "package", "publisher", lang, meta.get("publisher"))),
        (t("about.license", lang), meta.get("license")),
        (t("about.as_of", lang), date(meta.get("as_of"), lang)),
        (t("about.published_at", lang), date(meta.get("published_at"), lang)),
        (t("about.snapshot", lang), ctx.snap.snapshot_id),
        (t("about.demo", lang), t("about.answer_yes" if meta.get("demo") else "about.answer_no", lang)),
    ]
    if meta.get("source_url"):
        facts.append((t("about.source_url", lang), meta["source_url"]))
    # a dataframe shows plain text: the package's title, publisher, licence and link are not read as markdown
    data_table(
        pd.DataFrame(facts, columns=[t("about.col_fact", lang), t("about.col_fact_value", lang)]),
        answer=None,
        key="data.facts",
    )

    st.header(t("about.methodology", lang))
    for key in METHOD_KEYS:
        st.markdown("- " + t(f"about.method_{key}", lang))

    st.header(t("about.definitions", lang))
    defs = tb.metric_defs

    def how(row: pd.Series) -> str:
        if row["aggregate"] == "sum":
            return t("about.how_sum", lang)
        if isinstance(row["weight"], str):
            return t("about.how_weighted", lang, weight=tb.name("metric", row["weight"], lang, "label"))
        return t("about.how_mean", lang)

    data_table(
        pd.DataFrame(
            {
                t("about.col_measure", lang): [tb.name("metric", m, lang, "label") for m in defs["metric"]],
                t("about.col_unit", lang): [
                    t(f"about.unit_{u}", lang) if u in ("count", "people", "percent") else u for u in defs["unit"]
                ],
                t("about.col_how", lang): [how(r) for _, r in defs.iterrows()],
                t("about.col_headline", lang): [
                    t("about.answer_yes" if h else "about.answer_no", lang) for h in defs["headline"]
                ],
            }
        ),
        answer=None,
        key="data.measures",
    )

    st.header(t("about.freshness", lang))
    fresh = data.freshness(ctx.snap.path).set_index("department_id")
    as_of = tb.as_of
    behind: dict[str, int | None] = {}
    rows = []
    for dep in tb.departments["department_id"]:
        latest = fresh["latest_month"].get(dep) if dep in fresh.index else None
        n = metrics.months_behind(latest, as_of)
        behind[dep] = n
        rows.append(
            {
                "label": tb.name("department", dep, lang),
                "latest": t("about.never", lang) if n is None else fmt_month(latest, lang),
                "months_behind": n,
                "reporting": int(fresh["reporting_initiatives_count"].get(dep, 0)) if dep in fresh.index else 0,
                "text": t("about.never", lang)
                if n is None
                else (t("about.up_to_date", lang) if n == 0 else plural("about.months_behind", n, lang)),
            }
        )
    fdf = pd.DataFrame(rows).sort_values("months_behind", na_position="first", ascending=False)
    chart_card(
        ctx,
        key="data-freshness",
        title=t("about.freshness_title", lang),
        summary=narrative.freshness_sentence(behind, lang),
        fig=freshness_bar_chart(fdf, "", t("about.freshness_axis", lang), rtl=rtl) if len(fdf) else None,
        table=pd.DataFrame(
            {
                t("about.col_department", lang): fdf["label"],
                t("about.col_latest_month", lang): fdf["latest"],
                t("about.col_months_behind", lang): fdf["months_behind"].astype("Int64"),
                t("about.col_reporting", lang): fdf["reporting"],
            }
        ),
        filename="freshness",
    )

    st.header(t("about.completeness", lang))
    sc = data.scope(ctx.snap.path, ctx.region_id)
    reported = data.reported_leaves(ctx.snap.path, ctx.region_id, tuple(sorted(sc.initiatives)))
    crow = []
    for metric in defs["metric"]:
        r = reported[reported["metric"] == metric]
        if r.empty:
            n_rep, n_live, month = 0, metrics.reporting_completeness(set(), sc, tb.leaf_stages)[1], None
        else:
            month = r["month"].max()
            n_rep, n_live = metrics.reporting_completeness(
                set(r.loc[r["month"] == month, "leaf_id"]), sc, tb.leaf_stages
            )
        label = tb.name("metric", metric, lang, "label")
        share = n_rep / n_live if n_live else None
        crow.append(
            {
                "label": label,
                "month": fmt_month(month, lang),
                "reported": n_rep,
                "live": n_live,
                "share": share,
                "text": f"{n_rep} / {n_live}" if n_live else t("app.no_data", lang),
            }
        )
    cdf = pd.DataFrame(crow)
    chart_card(
        ctx,
        key="data-completeness",
        title=t("about.completeness_title", lang),
        summary=narrative.completeness_sentence(
            list(zip(cdf["label"], cdf["reported"], cdf["live"], strict=True)), lang
        ),
        fig=completeness_bar_chart(cdf, "", t("about.completeness_axis", lang), rtl=rtl) if len(cdf) else None,
        table=pd.DataFrame(
            {
                t("about.col_measure", lang): cdf["label"],
                t("about.col_month", lang): cdf["month"],
                t("about.col_reported", lang): cdf["reported"],
                t("about.col_live", lang): cdf["live"],
                t("about.col_share", lang): [percent(s, lang) for s in cdf["share"]],
            }
        ),
        filename=f"completeness-{ctx.region_id}",
    )

    st.header(t("about.open_data", lang))
    st.markdown(t("about.open_data_text", lang))
    st.download_button(
        t("about.download_zip", lang),
        data=data.open_data_zip_later(ctx.snap.path, ctx.snap.snapshot_id),
        file_name=f"shafaf-open-data-{ctx.snap.snapshot_id}.zip",
        mime="application/zip",
        key="data.download_zip",
        icon=":material/folder_zip:",
    )

    st.header(t("about.history", lang))
    st.markdown(t("about.history_text", lang))
    pubs = data.publishes(ctx.latest.path)
    # "published by" is the publishing department (or the package's publisher), never a person's name
    data_table(
        public_history_frame(pubs, lang, lambda d: tb.name("department", d, lang)),
        answer=None,
        key="data.history",
    )
    for earlier in pubs["snapshot_id"]:
        params = {"snapshot": earlier} if earlier != ctx.latest.snapshot_id else {}
        if lang != "en":
            params["lang"] = lang
        st.page_link(
            "pages/public/overview.py",
            label=md(t("about.view_this", lang, snapshot=earlier)),
            query_params=params,
            icon=":material/history:",
        )


layout.page("data", body)
