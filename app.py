"""The server: the dashboard (dashboard.py) with the JSON twin's and the static edition's routes beside it.

`python -m shafaf.serve` (make run) runs this file; Streamlit finds `app` and serves dashboard.py as the
app's script, with /api/v1/<page>.json answered by shafaf.ui.api and /site/ (docs/site.md) by
shafaf.ui.site_routes, without running a script; /topojson/ (shafaf.ui.topojson_routes) stands in for
plotly.js's world map CDN.
"""

import streamlit as st

from shafaf.ui import site_routes, topojson_routes
from shafaf.ui.api import routes

app = st.App("dashboard.py", routes=routes() + site_routes.routes() + topojson_routes.routes())
