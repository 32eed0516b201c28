"""Shafaf: entry point only (page config, navigation)."""

import streamlit as st

from shafaf.navigation import PAGES

st.set_page_config(page_title="Shafaf", page_icon=":material/visibility:", layout="wide")
pages = [st.Page(p.path, title=p.title, url_path=p.url_path, icon=p.icon, default=p.default) for p in PAGES]
st.navigation(pages).run()
