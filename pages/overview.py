"""Overview: how is digitalisation going in this region? For citizens, officials and donors alike."""

import streamlit as st

from shafaf.store.deployment import StoreError
from shafaf.ui import data


def _number(v: object, digits: int = 0) -> str:
    if v is None:
        return "no data"
    return f"{v:,.{digits}f}" if isinstance(v, float) else f"{v:,}"


st.title("Overview")
try:
    cur = data.current()
except StoreError:
    cur = None
if cur is None:
    st.info("No data has been published yet. Publish a package with `python -m shafaf load PACKAGE`.")
    st.stop()

meta = data.meta(cur.path)
if meta.get("demo"):
    st.warning("Illustrative demo data: these figures are not real.", icon=":material/science:")
s = data.summary(cur.path, None)
st.caption(f"Source: {meta['publisher']} · data as of {meta['as_of']} · snapshot {cur.snapshot_id}")

c1, c2, c3, c4 = st.columns(4)
c1.metric("Digital services", _number(s["initiatives"]))
c2.metric("Live", _number(s["initiatives_live"]))
c3.metric("Districts reached", f"{s['regions_reached']} of {s['leaf_regions']}")
rate = s["on_time_rate"]
c4.metric("Milestones on time", "no data" if rate is None else f"{rate:.0%}")

st.subheader("Milestones")
st.table({k.replace("_", " "): [v] for k, v in s["milestones"].items()})

st.subheader("Headline metrics")
rows = [
    {
        "metric": m,
        "month": h["month"] or "no data",
        "value": _number(h["value"]),
        "previous month": _number(h["previous_value"]),
        "per 1,000 people": _number(h["per_1000"], 1),
    }
    for m, h in s["metrics"].items()
]
st.table(rows)
