"""A test entry point: the real /publish body with an upload given in session state (AppTest cannot upload).

`probe.upload` holds (file name, bytes); `probe.official` the signed-in official's session record. The
upload widget is replaced only for the duration of the body, so everything else is the page's own code.
"""

from unittest import mock

import streamlit as st

from shafaf.auth.model import from_record
from shafaf.auth.ui import OfficialsView
from shafaf.officials import publish_page


class _Upload:
    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


name, data = st.session_state["probe.upload"]
official = from_record(st.session_state["probe.official"])
with mock.patch.object(publish_page.st, "file_uploader", lambda *a, **k: _Upload(name, data)):
    publish_page.body(OfficialsView("en", official, None))
