"""The filters every page shares (region, department, initiative, language, data version), bound to the URL.

They are drawn once by the entry point, so they survive page changes and a shared link reproduces
the view. Their keys are the URL parameter names of the data contract (section 6).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from shafaf import metrics
from shafaf.charts.theme import shorten
from shafaf.fmt import date
from shafaf.i18n import DEFAULT_LANG, LANGUAGES, t
from shafaf.ui import data

CTX_KEY = "shafaf.context"


@dataclass(frozen=True)
class Context:
    """What the reader asked to see, validated against the snapshot being shown."""

    lang: str
    snap: data.Current
    latest: data.Current
    region_id: str
    department_id: str | None
    initiative_id: str | None
    notices: tuple[str, ...] = ()
    page: str | None = None  # the public page being drawn (its key; set by shafaf.ui.layout.page)

    @property
    def tables(self) -> data.Tables:
        """The snapshot's small tables."""
        return data.tables(self.snap.path)

    @property
    def is_latest(self) -> bool:
        """True unless an earlier snapshot was chosen."""
        return self.snap.snapshot_id == self.latest.snapshot_id


def region_order(tb: data.Tables) -> list[str]:
    """Region ids depth-first from the root, children by name, so a list reads like the hierarchy."""
    children: dict[str, list[tuple[str, str]]] = {}
    for rid, parent, name in tb.regions[["region_id", "parent_id", "name"]].itertuples(index=False):
        if isinstance(parent, str):
            children.setdefault(parent, []).append((name, rid))
    out: list[str] = []
    stack = [tb.root_id]
    while stack:
        rid = stack.pop()
        out.append(rid)
        stack.extend(r for _, r in sorted(children.get(rid, []), reverse=True))
    return out


def _raw(key: str) -> str | None:
    value = st.query_params.get(key)
    return value if value else None


def _quoted(key: str) -> str | None:
    """A URL parameter as a notice repeats it: shortened (a link can carry 10,000 characters), controls shown as '?'."""
    raw = _raw(key)
    return None if raw is None else shorten("".join(c if c.isprintable() else "?" for c in raw), 60)


def _url_select(
    label: str,
    options: list[str],
    param: str,
    format_func: Callable[[str], str],
    *,
    container: Any = None,
    notice: str | None = None,
    notices: list[str] | None = None,
    default: str | None = None,
    **kw: Any,
) -> str:
    """A selectbox whose value is the URL parameter `param` (an id), both ways.

    Streamlit's own bind="query-params" writes the *displayed* label into the URL when a
    format_func is given, so ids are synced here instead: a changed URL wins, then the widget's
    value is written back (a default value leaves the URL). `notice` is added to `notices`
    when the URL names something that does not exist. `default` (else the first option) is the value shown when
    the URL has no `param`.
    """
    key, seen = f"filters.{param}", f"filters.{param}.url"
    default = options[0] if default is None else default
    raw = _raw(param)
    if raw != st.session_state.get(seen):  # the URL changed (first visit, a shared link, back/forward)
        st.session_state[seen] = raw
        if raw is None:
            st.session_state[key] = default
        elif raw in options:
            st.session_state[key] = raw
        else:
            st.session_state[key] = default
            if notice and notices is not None:
                notices.append(notice)
    if st.session_state.get(key) not in options:
        # e.g. the displayed label of the language before a language change: the URL still says what is shown
        st.session_state[key] = raw if raw in options else default
    value: str = (container or st.sidebar).selectbox(label, options, format_func=format_func, key=key, **kw)
    url_value = None if value == default else value
    if st.query_params.get(param) != url_value:
        if url_value is None:
            del st.query_params[param]
        else:
            st.query_params[param] = url_value
    st.session_state[seen] = url_value
    return value


def _entity_select(tb: data.Tables, ids: Any, entity: str, all_key: str, lang: str, notices: list[str]) -> str:
    """An optional department / initiative filter ('' = all), sorted by translated name; URL param `entity`."""
    return _url_select(
        t(f"filters.{entity}", lang),
        ["", *sorted(ids, key=lambda i: tb.name(entity, i, lang))],
        entity,
        lambda i: t(f"filters.{all_key}", lang) if i == "" else tb.name(entity, i, lang),
        notice=t(f"filters.unknown_{entity}", lang, value=_quoted(entity)),
        notices=notices,
    )


def sidebar() -> Context | None:
    """Draw the shared filters in the sidebar; None when nothing is published yet."""
    lang_raw = _raw("lang")
    notices: list[str] = []
    lang = _url_select(
        t("filters.language", lang_raw if lang_raw in LANGUAGES else DEFAULT_LANG),
        list(LANGUAGES),
        "lang",
        lambda code: LANGUAGES[code]["name"],
    )
    latest = data.current()
    if latest is None:
        st.session_state[CTX_KEY] = None
        return None

    history = [s for s in data.history() if s.snapshot_id != latest.snapshot_id]
    labels = {s.snapshot_id: str(s.manifest.get("published_at", ""))[:10] for s in history}
    latest_tb = data.tables(latest.path)
    snap_raw = _raw("snapshot")
    if snap_raw == latest.snapshot_id:  # a link to what is now the latest version: it is the default
        del st.query_params["snapshot"]
        snap_raw = None
    with st.sidebar.expander(t("filters.snapshot", lang), expanded=bool(snap_raw)):
        chosen = _url_select(
            t("filters.snapshot", lang),
            ["", *[s.snapshot_id for s in reversed(history)]],
            "snapshot",
            lambda sid: (
                t("filters.latest", lang, date=date(latest_tb.meta.get("published_at"), lang))
                if sid == ""
                else t("filters.published_on", lang, date=labels.get(sid, ""), snapshot=sid)
            ),
            container=st,
            notice=t("filters.unknown_snapshot", lang, value=_quoted("snapshot")),
            notices=notices,
            label_visibility="collapsed",
        )
    snap = (data.snapshot(chosen) if chosen else None) or latest
    tb = data.tables(snap.path)

    order = region_order(tb)
    opening = metrics.opening_region(tb.regions)  # no region in the URL: open where the reader is
    depth = dict(zip(tb.regions["region_id"], tb.regions["depth"], strict=True))
    region_id = _url_select(
        t("filters.region", lang),
        order,
        "region",
        lambda rid: "\u2003" * int(depth.get(rid, 0)) + tb.name("region", rid, lang),
        notice=t("filters.unknown_region", lang, value=_quoted("region"), fallback=tb.name("region", opening, lang)),
        notices=notices,
        default=opening,
    )
    department_id = _entity_select(tb, tb.departments["department_id"], "department", "all_departments", lang, notices)
    initiative_id = _entity_select(tb, tb.initiatives["initiative_id"], "initiative", "all_initiatives", lang, notices)
    ctx = Context(
        lang=lang,
        snap=snap,
        latest=latest,
        region_id=region_id,
        department_id=department_id or None,
        initiative_id=initiative_id or None,
        notices=tuple(notices),
    )
    st.session_state[CTX_KEY] = ctx
    return ctx


def get() -> Context | None:
    """The context the entry point drew for this rerun."""
    return st.session_state.get(CTX_KEY)
