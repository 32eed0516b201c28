"""Start the dashboard: `python -m shafaf.serve [streamlit options]` (what `make run` uses).

Streamlit decides at start-up, before any page has run, whether the app uses the legacy pages/
folder; while it thinks so, the first visitor's deep link (e.g. /regions) is answered with a
"Page not found" dialog. Shafaf declares its pages with st.navigation, so that legacy mode is
switched off here before the server starts (st.navigation would switch it off on the first run).
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

DASHBOARD = Path(__file__).resolve().parents[1] / "app.py"  # dashboard.py with the /api/v1 routes


def main(argv: list[str] | None = None) -> None:
    """Run `streamlit run dashboard.py` with the given options."""
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(DASHBOARD), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
