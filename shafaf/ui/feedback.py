"""The feedback section of a Digital service page: the form, the counts per month, comments and replies.

Every comment and reply is citizens' or officials' text: it goes through md() (escaped markdown), never HTML.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from shafaf import metrics, narrative
from shafaf.charts.feedback import feedback_month_bar_chart
from shafaf.feedback import model, view
from shafaf.feedback.model import ANSWERS, MAX_COMMENT, FeedbackError, Refused, Submission
from shafaf.feedback.store import FeedbackStore, FeedbackStoreError, deployment_salt, store_for
from shafaf.fmt import date, md, month
from shafaf.i18n import LANGUAGES, t
from shafaf.settings import Settings, load_settings
from shafaf.ui.chart_card import chart_card
from shafaf.ui.context import Context

log = logging.getLogger("shafaf")
FORM_KEY = "initiative.feedback"
ANSWER_ICON = {
    "works": ":material/check_circle:",
    "partly": ":material/remove_circle:",
    "does_not": ":material/cancel:",
}
ANSWER_COLOR = {"works": "green", "partly": "orange", "does_not": "red"}
SHOWN_COMMENTS = 30


@st.cache_resource(max_entries=4)
def _store(settings: Settings) -> FeedbackStore:
    return store_for(settings)


def store() -> FeedbackStore:
    """The deployment's feedback store (one object per process and settings)."""
    return _store(load_settings())


def client_address(settings: Settings) -> str:
    """This visitor's address as the rate limit sees it (X-Forwarded-For only from a trusted proxy)."""
    forwarded = st.context.headers.get_all("X-Forwarded-For") if settings.trusted_proxies else []
    return model.client_address(st.context.ip_address, forwarded, settings.trusted_proxies)


def answer_word(answer: str, lang: str) -> str:
    """'Works' / 'Partly' / 'Does not work' in `lang`."""
    return t(f"feedback.answer_{answer}", lang)


def _submit(ctx: Context, iid: str, answer: str | None, region_id: str, comment: str, leaves: list[str]) -> None:
    """Validate and store one submission; say what happened (acknowledged only after the commit)."""
    lang = ctx.lang
    settings = load_settings()
    try:
        # no answer chosen (None) is refused by the validation like any other bad answer
        sub = model.validate(Submission(iid, region_id, answer or "", comment, lang), [iid], leaves)
        salt = deployment_salt(Path(settings.database).absolute().parent)
        store().submit(sub, model.address_hash(client_address(settings), salt))
    except Refused as e:
        st.warning(t(f"feedback.refused_{e.limit}", lang), icon=":material/hourglass:")
        return
    except FeedbackError as e:
        st.warning(t(f"feedback.invalid_{e.code}", lang), icon=":material/warning:")
        return
    except (FeedbackStoreError, OSError):
        log.exception("feedback could not be stored")
        st.error(t("feedback.unavailable", lang), icon=":material/error:")
        return
    st.success(t("feedback.thanks", lang), icon=":material/check_circle:")


def form(ctx: Context, iid: str, leaves: list[str]) -> None:
    """'Does this service work for you?': answer, district, optional comment; no name, phone or e-mail."""
    lang, tb = ctx.lang, ctx.tables
    if not leaves:
        return
    default = leaves.index(ctx.region_id) if ctx.region_id in leaves else 0
    with st.form(FORM_KEY, clear_on_submit=True, border=True):
        st.subheader(t("feedback.question", lang, name=md(tb.name("initiative", iid, lang))))
        answer = st.radio(
            t("feedback.answer_label", lang),
            ANSWERS,
            index=None,
            format_func=lambda a: answer_word(a, lang),
            key=f"{FORM_KEY}.answer",
        )
        region_id = st.selectbox(
            t("feedback.district", lang),
            leaves,
            index=default,
            format_func=lambda r: tb.name("region", r, lang),
            key=f"{FORM_KEY}.district",
        )
        comment = st.text_area(
            t("feedback.comment", lang, n=MAX_COMMENT), max_chars=MAX_COMMENT, key=f"{FORM_KEY}.comment", height=100
        )
        st.caption(t("feedback.privacy", lang))
        sent = st.form_submit_button(t("feedback.send", lang), icon=":material/send:", type="primary")
    if sent:
        _submit(ctx, iid, answer, str(region_id), comment or "", leaves)


def counts_card(ctx: Context, iid: str, fb: view.PublicFeedback, region: str) -> None:
    """Works / partly / does not per month: every submission counted, moderated or not."""
    lang = ctx.lang
    labels = {a: answer_word(a, lang) for a in ANSWERS}
    months = [month(m, lang) for m in fb.counts["month"]]
    table = pd.DataFrame(
        {
            t("feedback.col_month", lang): months,
            **{labels[a]: fb.counts[a].tolist() for a in ANSWERS},
            t("feedback.col_total", lang): fb.counts["total"].tolist(),
        }
    )
    chart_card(
        ctx,
        key="initiative-feedback",
        title=t("feedback.counts_title", lang, region=region),
        summary=narrative.feedback_sentence(
            fb.total, fb.answered("works"), fb.answered("partly"), fb.answered("does_not"), region, lang
        ),
        fig=None
        if fb.counts.empty
        else feedback_month_bar_chart(fb.counts, labels, months, "", rtl=LANGUAGES[lang]["dir"] == "rtl"),
        table=table,
        filename=f"feedback-{iid}-{ctx.region_id}",
    )


def _comment(ctx: Context, r: dict[str, Any], department: str) -> None:
    lang, tb = ctx.lang, ctx.tables
    with st.container(border=True, key=f"feedback-comment-{int(r['feedback_id'])}"):
        st.badge(answer_word(r["answer"], lang), icon=ANSWER_ICON[r["answer"]], color=ANSWER_COLOR[r["answer"]])
        st.caption(f"{md(tb.name('region', r['region_id'], lang))} · {month(r['month'], lang)}")
        st.markdown(md(r["comment"]))
        if r["reply"]:
            st.markdown(
                f"**{t('feedback.reply_from', lang, department=md(department))}** · {date(r['reply_date'], lang)}"
            )
            st.markdown(md(r["reply"]))


def section(ctx: Context, iid: str, sc: metrics.Scope) -> None:
    """The whole feedback section of one service in the page's region (a district: that district only)."""
    lang, tb = ctx.lang, ctx.tables
    st.header(t("feedback.heading", lang))
    leaves = sorted(sc.leaves, key=lambda r: tb.name("region", r, lang))
    region = tb.name("region", ctx.region_id, lang)
    form(ctx, iid, leaves)
    try:
        rows = store().rows(iid)
    except (FeedbackStoreError, OSError):
        log.exception("feedback could not be read")
        st.info(t("feedback.unavailable", lang), icon=":material/info:")
        return
    fb = view.public_feedback(rows, None if ctx.region_id == tb.root_id else set(sc.leaves))
    counts_card(ctx, iid, fb, region)
    dept = tb.initiatives.set_index("initiative_id").at[iid, "department_id"]
    department = tb.name("department", dept, lang)
    st.subheader(t("feedback.comments_title", lang))
    if not fb.comments:
        st.caption(t("feedback.no_comments", lang))
    for r in fb.comments[:SHOWN_COMMENTS]:
        _comment(ctx, r, department)
    st.subheader(t("feedback.you_said_title", lang))
    if not fb.replies:
        st.caption(t("feedback.no_replies", lang))
    for r in fb.replies[:SHOWN_COMMENTS]:
        with st.container(key=f"feedback-said-{int(r['feedback_id'])}"):
            st.markdown(f"**{t('feedback.you_said', lang)}** {md(r['comment'])}")
            st.markdown(
                f"**{t('feedback.we_did', lang, department=md(department))}** ({date(r['reply_date'], lang)}) "
                f"{md(r['reply'])}"
            )
