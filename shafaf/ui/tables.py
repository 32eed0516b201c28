"""data_table: every table with its answer first, so a 390 px phone shows the answer without scrolling sideways.

A table's answer is the column that answers the page's question (the stage in my district, the status,
the days late, on or off track). It is declared where the table is drawn, ordered first (the first
column is on the right in Urdu and Pashto) and pinned, so it stays in view when the reader scrolls
the other columns. Every table shown to the public goes through here (chart_card's too); the browser
test (tests/browser/test_readable_browser.py) reads the declared answer from the holder's key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

ANSWER_MARK = "--answer-"  # the holder's key: table-<key>--answer-<the answer's header, UTF-8 in hex>


def answer_first(columns: list[str], answer: str) -> list[str]:
    """The columns with `answer` first and the rest in their order; a ValueError if `answer` is not one of them."""
    if answer not in columns:
        raise ValueError(f"the answer column {answer!r} is not among {columns}")
    return [answer, *(c for c in columns if c != answer)]


def holder_key(key: str, answer: str) -> str:
    """The key of the container around a table: its own key and its declared answer (hex, so any script survives)."""
    return f"table-{key}{ANSWER_MARK}{answer.encode('utf-8').hex()}"


def data_table(
    data: pd.DataFrame | Styler,
    *,
    answer: str | None,
    key: str,
    column_config: Mapping[str, Any] | None = None,
) -> None:
    """st.dataframe without the index, `answer` (a column header; None: the first column) first and pinned."""
    frame = data.data if isinstance(data, Styler) else data
    columns = [str(c) for c in frame.columns]
    answer = columns[0] if answer is None and columns else answer
    config: dict[str, Any] = dict(column_config or {})
    if answer is None:  # a table without columns: nothing to put first
        with st.container(key=f"table-{key}"):
            st.dataframe(data, hide_index=True, column_config=config or None)
        return
    order = answer_first(columns, answer)
    config.setdefault(answer, st.column_config.Column(pinned=True))
    with st.container(key=holder_key(key, answer)):
        st.dataframe(data, hide_index=True, column_order=order, column_config=config, key=key)
