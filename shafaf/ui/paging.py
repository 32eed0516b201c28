"""A long list shown a page at a time: how many items to draw, more after "Show more", back to one page on new filters."""

from __future__ import annotations

from collections.abc import Hashable

import streamlit as st


def limit(key: str, filters: Hashable, page_size: int) -> int:
    """How many items to draw now: `page_size`, grown by `more(...)`, reset when `filters` change."""
    sig, n = f"{key}.filters", f"{key}.limit"
    if st.session_state.get(sig) != filters or n not in st.session_state:
        st.session_state[sig] = filters
        st.session_state[n] = page_size
    return int(st.session_state[n])


def more(key: str, page_size: int) -> None:
    """The "Show more" callback: one more page next run."""
    n = f"{key}.limit"
    st.session_state[n] = int(st.session_state.get(n, page_size)) + page_size
