"""Drawing a view model's pieces (shafaf/views/model.py) with Streamlit: what every page uses to render.

Pages build their view model with `build(view_module, ctx)` and draw it with these; every text that came
from a package goes through `md` (and `isolate` where it stands alone) here, so no page needs to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any

import streamlit as st

from shafaf.fmt import date, isolate, md
from shafaf.narrative import provenance_caption, with_provenance
from shafaf.navigation import PAGES
from shafaf.ui import data, layout
from shafaf.ui.chart_card import chart_card, table_card
from shafaf.ui.context import Context
from shafaf.ui.tables import data_table
from shafaf.views.base import Filters
from shafaf.views.model import Card, Figure, Link, Table, Text

PAGE_FILES = {p.key: p.path for p in PAGES}


def filters(ctx: Context, params: Mapping[str, str] | None = None) -> Filters:
    """The view filters of this rerun: the shared ones (already checked by the sidebar) and the page's own."""
    return Filters(ctx.region_id, ctx.department_id, ctx.initiative_id, dict(params or {}))


def build(view: ModuleType, ctx: Context, params: Mapping[str, str] | None = None, *, latest: bool = False) -> Any:
    """`view.build` on this rerun's snapshot, filters and language: one shared view model per
    (snapshot, view, filters, language), charts included (shafaf.ui.data.view_model; never modify it).
    `latest`: the view also reads the newest snapshot (About the data's record of publications)."""
    f = filters(ctx, params)
    return data.view_model(
        view.__name__,
        ctx.snap.path,
        f.region_id,
        f.department_id,
        f.initiative_id,
        tuple(sorted(f.params.items())),
        ctx.lang,
    )


def text(x: Text, *, lang: str | None = None) -> None:
    """A sentence (package names inside escaped); with `lang`, bidi-isolated as a text from a package."""
    body = md(x.text)
    st.markdown(isolate(body, lang) if lang else body, help=x.help)


def figures(figs: Sequence[Figure], *, per_row: int = 4) -> None:
    """Headline figures side by side (at most `per_row` a row), each with its change where it has one."""
    if not figs:
        return
    cols = st.columns(min(len(figs), per_row))
    for i, f in enumerate(figs):
        colour = "off" if not f.delta else ("inverse" if f.lower_is_better else "normal")
        cols[i % len(cols)].metric(md(f.label), f.text, delta=f.delta_text, delta_color=colour, help=f.help)


def table(x: Table, *, key: str, ctx: Context | None = None) -> None:
    """A view's table through data_table (answer first and pinned), cells painted as the view says.

    A table of figures with a `provenance` says it in two columns and, under it, in the source line (`ctx`).
    """
    frame = x.frame()
    if x.provenance is not None:
        if ctx is None:
            raise ValueError(f"table {x.id} has a provenance: render.table needs the page's ctx to say it")
        frame = with_provenance(frame, x.provenance, ctx.lang)
    if x.paint:
        styler = frame.style
        for col_id, colours in x.paint.items():
            label = x.labels()[col_id]

            def paint(word: Any, colours: Mapping[str, tuple[str, str]] = colours) -> str:
                bg_fg = colours.get(str(word))
                return "" if bg_fg is None else f"background-color: {bg_fg[0]}; color: {bg_fg[1]}"

            styler = styler.map(paint, subset=[label])
        data_table(styler, answer=x.answer_label(), key=key)
    else:
        data_table(frame, answer=x.answer_label(), key=key)
    if x.provenance is not None and ctx is not None:  # (ctx is set: checked above)
        st.caption(f"{layout.source_line(ctx)} · {md(provenance_caption(x.provenance, ctx.lang))}")


def card(ctx: Context, c: Card) -> None:
    """A chart card: title, summary, chart, table, source, download (shafaf.ui.chart_card)."""
    chart_card(
        ctx,
        key=c.id,
        title=c.title,
        summary=c.summary,
        fig=None if c.chart is None else c.chart.figure(),
        table=c.table.frame(),
        filename=c.filename,
        provenance=c.provenance,
        answer=c.table.answer_label(),
        embed=None if c.chart is None else layout.chart_page_url(ctx, c.id),
    )


def record(ctx: Context, c: Card) -> None:
    """A card that is a table only (the public record)."""
    table_card(ctx, key=c.id, title=c.title, summary=c.summary, table=c.table.frame(), filename=c.filename)


def link(x: Link, *, icon: str | None = None) -> None:
    """A link to a page of the app, carrying the reader's URL parameters the link keeps unless it sets them."""
    keep = {k: v for k, v in st.query_params.to_dict().items() if k in x.keep}
    st.page_link(PAGE_FILES[x.page], label=md(x.label), icon=icon, query_params={**keep, **x.params})


def dated(when: Any, lang: str) -> str:
    """A date in the reader's language (for captions)."""
    return date(when, lang)
