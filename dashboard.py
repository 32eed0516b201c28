"""Shafaf: entry point only (page config, the shared URL-bound filters, navigation)."""

import streamlit as st

from shafaf.navigation import FAVICON, PAGES
from shafaf.ui import context

# a bundled image: a :material:/emoji page icon makes the browser fetch the favicon from a CDN
st.set_page_config(page_title="Shafaf", page_icon=str(FAVICON), layout="wide")
context.sidebar()
# the default page (Overview) is served at "/"
pages = [
    st.Page(p.path, title=p.title, url_path=None if p.default else p.url_path, icon=p.icon, default=p.default)
    for p in PAGES
]
st.navigation(pages).run()
