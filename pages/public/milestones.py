"""Milestones: which milestones are overdue, due soon, blocked, re-planned or slipping, and whose are they?

The tracker for officials (what to chase this month) and donors (slippage that cannot be hidden), over the
milestones in the chosen region, narrowed by the department and digital-service filters.
"""

import pandas as pd
import streamlit as st

from shafaf import metrics, narrative, public_record
from shafaf.charts.tracker import tracker_class_department_chart, tracker_overdue_bar_chart
from shafaf.fmt import date, is_rtl, md, number, percent
from shafaf.i18n import t
from shafaf.metrics import MILESTONE_CLASSES
from shafaf.ui import data, layout
from shafaf.ui.chart_card import chart_card, csv_download, table_card
from shafaf.ui.context import Context
from shafaf.ui.tables import data_table

HORIZONS = (30, 60, 90)
RECENT_DAYS = 90
TOP = 15  # rows in the "most re-planned" and "most slipped" lists
CHART_MAX = 30  # overdue milestones drawn; the table lists them all


def tracker(ctx: Context) -> pd.DataFrame:
    """Milestones in scope (region, then department and service filters), classified, with names and re-plans."""
    lang, tb = ctx.lang, ctx.tables
    sc = data.scope(ctx.snap.path, ctx.region_id)
    ms = metrics.milestones_in(tb.milestones, sc)
    owner = dict(zip(tb.initiatives["initiative_id"], tb.initiatives["department_id"], strict=True))
    ms = ms.assign(department_id=ms["initiative_id"].map(owner))
    if ctx.department_id:
        ms = ms[ms["department_id"] == ctx.department_id]
    if ctx.initiative_id:
        ms = ms[ms["initiative_id"] == ctx.initiative_id]
    ms = metrics.classify_milestones(ms.reset_index(drop=True), tb.as_of)
    ms["days_late"] = metrics.days_late(ms, tb.as_of)
    replans = data.replan_counts(ctx.snap.path, tuple(sorted(set(ms["initiative_id"]))))
    ms = ms.merge(replans, on="milestone_id", how="left")
    ms["replan_count"] = ms["replan_count"].fillna(0).astype(int)
    whole = t("milestones.whole_service", lang)
    ms["title_text"] = [tb.name("milestone", m, lang, "title") for m in ms["milestone_id"]]
    ms["initiative"] = [tb.name("initiative", i, lang) for i in ms["initiative_id"]]
    ms["department"] = [tb.name("department", d, lang) for d in ms["department_id"]]
    ms["area"] = [tb.name("region", r, lang) if isinstance(r, str) else whole for r in ms["region_id"]]
    ms["class_text"] = [
        t(f"milestone_class.{c}", lang) + (f" ({t('milestones.blocked_word', lang)})" if b else "")
        for c, b in zip(ms["class"], ms["blocked"], strict=True)
    ]
    return ms


def withdrawn(ctx: Context) -> pd.DataFrame:
    """Withdrawn milestones in the same scope as the tracker (region, then department and service filters)."""
    tb = ctx.tables
    gone = metrics.withdrawn_milestones_in(data.withdrawn(ctx.snap.path), data.scope(ctx.snap.path, ctx.region_id))
    owner = dict(zip(tb.initiatives["initiative_id"], tb.initiatives["department_id"], strict=True))
    if ctx.department_id:
        gone = gone[gone["initiative_id"].map(owner) == ctx.department_id]
    if ctx.initiative_id:
        gone = gone[gone["initiative_id"] == ctx.initiative_id]
    return gone


def search(ms: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows whose title, service, department, area, note or id contains `text` (any case; plain text, no patterns)."""
    needle = text.strip().casefold()
    if not needle:
        return ms
    hay = (
        ms["title_text"]
        + "\n"
        + ms["initiative"]
        + "\n"
        + ms["department"]
        + "\n"
        + ms["area"]
        + "\n"
        + ms["note"].fillna("").astype(str)
        + "\n"
        + ms["milestone_id"]
    )
    return ms[hay.str.casefold().str.contains(needle, regex=False)]


def plan_history(old: object, new: object, lang: str) -> str:
    """'2026-03-31 → 2026-06-30 → 2026-08-31': the plan before the first re-plan, then each new plan."""
    if isinstance(old, str) or not hasattr(old, "__len__") or len(old) == 0:  # no re-plan: a missing value
        return ""
    olds, news = list(old), list(new)  # type: ignore[call-overload]
    return " → ".join(date(pd.Timestamp(d), lang) for d in [olds[0], *news])


def columns(ms: pd.DataFrame, names: list[str], lang: str) -> pd.DataFrame:
    """The tracker's rows as a table for people: the chosen columns, in words, dates as YYYY-MM-DD."""
    value = {
        "milestone": lambda: ms["title_text"],
        "initiative": lambda: ms["initiative"],
        "department": lambda: ms["department"],
        "area": lambda: ms["area"],
        "class": lambda: ms["class_text"],
        "blocked": lambda: [t("milestones.yes", lang) if b else "" for b in ms["blocked"]],
        "baseline": lambda: [date(d, lang) for d in ms["effective_baseline_date"]],
        "planned": lambda: [date(d, lang) for d in ms["planned_date"]],
        "actual": lambda: ["" if pd.isna(d) else date(d, lang) for d in ms["actual_date"]],
        "days_late": lambda: [number(d, lang) if not pd.isna(d) else "" for d in ms["days_late"]],
        "slippage": lambda: [number(d, lang) for d in ms["slippage_days"]],
        "replans": lambda: ms["replan_count"],
        "plans": lambda: [
            plan_history(o, n, lang) for o, n in zip(ms["old_planned_dates"], ms["new_planned_dates"], strict=True)
        ],
        "done": lambda: [t(f"milestones.done_{c}", lang) for c in ms["class"]],
        "note": lambda: ms["note"].fillna("").astype(str),
        "id": lambda: ms["milestone_id"],
    }
    return pd.DataFrame({t(f"milestones.col_{n}", lang): list(value[n]()) for n in names})


def show(ms: pd.DataFrame, names: list[str], answer: str, empty_key: str, lang: str, **values: object) -> None:
    """A section's table, its `answer` (one of `names`) first, or a sentence saying there is nothing in it."""
    if ms.empty:
        st.write(t(empty_key, lang, **values))
    else:
        data_table(columns(ms, names, lang), answer=t(f"milestones.col_{answer}", lang), key=f"milestones.{empty_key}")


def body(ctx: Context) -> None:
    """The page's content."""
    lang, tb = ctx.lang, ctx.tables
    region = tb.name("region", ctx.region_id, lang)
    everything = tracker(ctx)
    st.markdown(md(t("milestones.intro", lang, region=region, as_of=date(tb.as_of, lang))))
    counts = metrics.milestone_counts(everything)
    gone = withdrawn(ctx)
    late = metrics.withdrawn_counts(gone)["withdrawn_overdue"]
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("milestones.kpi_total", lang), number(len(everything), lang))
    c2.metric(t("milestone_class.overdue", lang), number(counts["overdue"], lang))
    c3.metric(t("milestones.kpi_blocked", lang), number(int(metrics.open_blocked(everything).sum()), lang))
    c4.metric(t("milestones.kpi_on_time", lang), percent(metrics.on_time_rate(counts, late), lang))
    if not gone.empty:
        st.markdown(
            md(
                t(
                    "record.overdue_withdrawn",
                    lang,
                    overdue=number(counts["overdue"], lang),
                    withdrawn=number(late, lang),
                )
            )
        )
    filtered(ctx, everything)
    if not gone.empty:
        st.header(t("record.tracker_withdrawn", lang))
        table_card(
            ctx,
            key="milestones-withdrawn",
            title=t("record.tracker_withdrawn_title", lang, region=region),
            summary=t("record.withdrawn_summary", lang, count=len(gone), overdue=late),
            table=public_record.withdrawn_milestones_table(gone, lang, lambda e, i, f: tb.name(e, i, lang, f)),
            filename=f"withdrawn-milestones-{ctx.region_id}",
        )


@st.fragment
def filtered(ctx: Context, everything: pd.DataFrame) -> None:
    """Everything below the filters. A fragment: changing the class filter or the search reruns only this part."""
    lang, tb = ctx.lang, ctx.tables
    rtl = is_rtl(lang)
    region = tb.name("region", ctx.region_id, lang)
    f1, f2 = st.columns([2, 1])
    chosen = f1.multiselect(
        t("milestones.filter_class", lang),
        list(MILESTONE_CLASSES),
        default=list(MILESTONE_CLASSES),
        format_func=lambda c: t(f"milestone_class.{c}", lang),
        key="milestones.class",
        placeholder=t("app.choose_options", lang),
    )
    text = f2.text_input(t("milestones.filter_search", lang), key="milestones.search", max_chars=100)
    ms = search(everything[everything["class"].isin(chosen)], text)
    if len(ms) != len(everything):
        st.caption(t("milestones.filtered", lang, shown=len(ms), total=len(everything)))

    # Overdue, most late first
    st.header(t("milestones.overdue", lang))
    overdue = ms[ms["class"] == "overdue"].sort_values(["days_late", "milestone_id"], ascending=[False, True])
    drawn = overdue.head(CHART_MAX)
    bars = pd.DataFrame(
        {
            "milestone_id": drawn["milestone_id"],
            "label": [f"{m} · {i}" for m, i in zip(drawn["title_text"], drawn["initiative"], strict=True)],
            "days_late": drawn["days_late"],
            "text": [
                t("milestones.days_late_text", lang, days=number(d, lang))
                + (f" ({t('milestones.blocked_word', lang)})" if b else "")
                for d, b in zip(drawn["days_late"], drawn["blocked"], strict=True)
            ],
        }
    )
    worst = overdue.iloc[0] if not overdue.empty else None
    chart_card(
        ctx,
        key="milestones-overdue",
        title=t(
            "milestones.overdue_title_top" if len(overdue) > CHART_MAX else "milestones.overdue_title",
            lang,
            region=region,
            n=CHART_MAX,
        ),
        summary=narrative.overdue_sentence(
            len(overdue),
            None if worst is None else f"{worst['title_text']} ({worst['initiative']})",
            None if worst is None else int(worst["days_late"]),
            lang,
        ),
        fig=None if overdue.empty else tracker_overdue_bar_chart(bars, "", rtl=rtl),
        table=columns(
            overdue, ["milestone", "initiative", "department", "area", "planned", "days_late", "class", "note"], lang
        ),
        filename=f"overdue-milestones-{ctx.region_id}",
    )

    due_soon(ctx, ms)

    # Blocked
    st.header(t("milestones.blocked", lang))
    blocked = ms[metrics.open_blocked(ms)].sort_values(["planned_date", "milestone_id"])
    show(
        blocked,
        ["milestone", "initiative", "department", "area", "planned", "class", "days_late", "note"],
        "days_late",
        "milestones.blocked_none",
        lang,
    )

    # Recently done
    st.header(t("milestones.recent", lang, days=RECENT_DAYS))
    recent = metrics.done_within(ms, tb.as_of, RECENT_DAYS)
    show(
        recent,
        ["milestone", "initiative", "department", "area", "planned", "actual", "done"],
        "done",
        "milestones.recent_none",
        lang,
        days=RECENT_DAYS,
    )

    # Most re-planned and most slipped
    st.header(t("milestones.replanned", lang))
    st.caption(t("milestones.replanned_help", lang))
    replanned = ms[ms["replan_count"] > 0].sort_values(["replan_count", "milestone_id"], ascending=[False, True])
    show(
        replanned.head(TOP),
        ["milestone", "initiative", "department", "replans", "plans", "class"],
        "replans",
        "milestones.replanned_none",
        lang,
    )
    st.header(t("milestones.slipped", lang))
    st.caption(t("milestones.slipped_help", lang))
    slipped = ms[ms["slippage_days"].fillna(0) > 0].sort_values(
        ["slippage_days", "milestone_id"], ascending=[False, True]
    )
    show(
        slipped.head(TOP),
        ["milestone", "initiative", "department", "baseline", "planned", "actual", "slippage", "class"],
        "slippage",
        "milestones.slipped_none",
        lang,
    )

    # Classes per department
    st.header(t("milestones.by_department", lang))
    per = (
        ms.groupby(["department", "class"], sort=False).size().rename("count").reset_index()
        if not ms.empty
        else pd.DataFrame(columns=["department", "class", "count"])
    )
    per = per.assign(_o=per["class"].map(list(MILESTONE_CLASSES).index)).sort_values(["department", "_o"])
    per["class_label"] = [t(f"milestone_class.{c}", lang) for c in per["class"]]
    overdue_by = per[per["class"] == "overdue"].sort_values(["count", "department"], ascending=[False, True])
    most = int(overdue_by["count"].max()) if not overdue_by.empty else 0
    chart_card(
        ctx,
        key="milestones-by-department",
        title=t("milestones.by_department_title", lang, region=region),
        summary=narrative.overdue_department_sentence(
            list(overdue_by.loc[overdue_by["count"] == most, "department"]), most, lang
        ),
        fig=None if per.empty else tracker_class_department_chart(per.drop(columns="_o"), "", rtl=rtl),
        table=pd.DataFrame(
            {
                t("milestones.col_department", lang): per["department"],
                t("milestones.col_class", lang): per["class_label"],
                t("milestones.col_count", lang): per["count"].astype(int),
            }
        ),
        filename=f"milestones-by-department-{ctx.region_id}",
    )

    # The whole filtered tracker
    st.header(t("milestones.all", lang))
    full = columns(
        ms.sort_values(["planned_date", "milestone_id"]),
        [
            "milestone",
            "initiative",
            "department",
            "area",
            "class",
            "blocked",
            "baseline",
            "planned",
            "actual",
            "days_late",
            "slippage",
            "replans",
            "plans",
            "note",
            "id",
        ],
        lang,
    )
    if full.empty:
        st.write(t("milestones.none", lang))
    else:
        data_table(full, answer=t("milestones.col_class", lang), key="milestones.all")
    csv_download(ctx, t("milestones.download", lang), full, f"milestones-{ctx.region_id}", key="milestones.download")


@st.fragment
def due_soon(ctx: Context, ms: pd.DataFrame) -> None:
    """Milestones due in the chosen horizon. A fragment: changing the horizon reruns only this section."""
    lang, tb = ctx.lang, ctx.tables
    st.header(t("milestones.due", lang))
    horizon = st.segmented_control(
        t("milestones.horizon", lang),
        list(HORIZONS),
        default=HORIZONS[0],
        format_func=lambda d: t("milestones.horizon_days", lang, days=d),
        key="milestones.horizon",
    )
    days = int(horizon or HORIZONS[0])
    due = metrics.due_within(ms, tb.as_of, days)
    st.write(narrative.due_sentence(len(due), days, lang))
    show(
        due,
        ["milestone", "initiative", "department", "area", "planned", "class"],
        "planned",
        "milestones.due_none",
        lang,
    )


layout.page("milestones", body)
