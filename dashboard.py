"""Shafaf: entry point only (page config, the shared URL-bound filters, navigation)."""

import streamlit as st

from shafaf.navigation import PAGES
from shafaf.ui import context

st.set_page_config(page_title="Shafaf", page_icon=":material/visibility:", layout="wide")
context.sidebar()
pages = [st.Page(p.path, title=p.title, url_path=p.url_path, icon=p.icon, default=p.default) for p in PAGES]
st.navigation(pages).run()
