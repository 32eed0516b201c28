"""Shafaf: entry point only (page config, the shared URL-bound filters, navigation)."""

import streamlit as st

from shafaf.auth import current_official
from shafaf.i18n import DEFAULT_LANG, t
from shafaf.navigation import FAVICON, OFFICIAL_PAGES, PAGES, shown_in_menu
from shafaf.settings import load_settings
from shafaf.ui import context

# a bundled image: a :material:/emoji page icon makes the browser fetch the favicon from a CDN
st.set_page_config(page_title="Shafaf", page_icon=str(FAVICON), layout="wide")
ctx = context.sidebar()
lang = ctx.lang if ctx else st.session_state.get("filters.lang", DEFAULT_LANG)
official = current_official()
# the default page (Overview) is served at "/"; menu titles are in the reader's language. The officials'
# pages follow the public ones in one flat menu (menu sections would put <div>s inside Streamlit's <ul>,
# an accessibility fault); a page for a role the reader lacks stays reachable by URL, off the menu.
# A public replica behind the proxy (officials_pages: false) has no officials' pages at all: only the
# desk process, which alone may write the deployment folder, signs officials in (docs/deploy.md).
officials_pages = OFFICIAL_PAGES if load_settings().officials_pages else ()
pages = [
    st.Page(
        p.path,
        title=t(f"pages.{p.key}", lang),
        url_path=None if p.default else p.url_path,
        icon=p.icon,
        default=p.default,
        visibility="visible" if shown_in_menu(p, official) else "hidden",
    )
    for p in (*PAGES, *officials_pages)
]
page = st.navigation(pages)
# the browser tab and screen readers name the page, in the reader's language
st.set_page_config(page_title=f"{page.title} · {t('app.name', lang)}")
page.run()
