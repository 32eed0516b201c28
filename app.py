"""The server: the dashboard (dashboard.py) with the JSON twin's HTTP routes beside it (docs/api.md).

`python -m shafaf.serve` (make run) runs this file; Streamlit finds `app` and serves dashboard.py as the
app's script, with /api/v1/<page>.json answered by shafaf.ui.api without running a script.
"""

import streamlit as st

from shafaf.ui.api import routes

app = st.App("dashboard.py", routes=routes())
