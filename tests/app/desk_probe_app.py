"""A test entry point: the publish page's result views for a package path in session state (AppTest cannot upload)."""

from pathlib import Path

import streamlit as st

from shafaf.officials import desk
from shafaf.officials.publish_page import show_preview, show_problems
from shafaf.store.preview import preview_package

pkg = Path(st.session_state["probe.package"])
deps = st.session_state.get("probe.departments")
deps = None if deps is None else frozenset(deps)
p = preview_package(pkg, Path(st.session_state["probe.db"]), allowed_departments=deps)
if not p.valid:
    show_problems(p.problems, "en", key="probe.problems")
else:
    show_preview(p, deps, "en")
    if p.refused:
        show_problems(p.refused, "en", key="probe.refused")
st.caption(f"may publish: {p.may_publish}; problems: {len(desk.problems_frame(p.problems + p.refused, 'en'))}")
