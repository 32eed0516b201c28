"""Review of the officials' desk where its pieces meet: previews, sessions and who acts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from shafaf.store.audit import Actor
from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from tests.authtools import official_record
from tests.pkgtools import copy_fixture, make_tiny_v2, replace_in

PROBE = Path(__file__).parent / "desk_upload_probe_app.py"


@pytest.fixture
def deployment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tiny package published twice from the command line."""
    db = tmp_path / "deploy" / "shafaf.duckdb"
    assert load_package(copy_fixture(tmp_path / "v1"), db).snapshot_id == "000001"
    assert load_package(make_tiny_v2(tmp_path / "v2"), db, by=Actor.command_line()).snapshot_id == "000002"
    monkeypatch.setenv("SHAFAF_DB", str(db))
    st.cache_data.clear()
    return db


def _zip(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in sorted(folder.iterdir()):
            zf.write(p, p.name)
    return buf.getvalue()


def test_a_preview_made_for_one_official_is_not_reused_for_the_next_in_the_same_session(
    deployment: Path, tmp_path: Path
) -> None:
    """An admin previews a package touching dep2; a publisher of dep1 then signs in in the same tab."""
    pkg = make_tiny_v2(tmp_path / "v3")
    replace_in(pkg / "initiatives.csv", "i3,Other,dep2,payments,planned,,", "i3,Other,dep2,payments,live,,")
    at = AppTest.from_file(str(PROBE), default_timeout=90)
    at.session_state["probe.upload"] = ("v3.zip", _zip(pkg))
    at.session_state["probe.official"] = official_record("root", role="admin")
    at.run()
    assert not at.exception
    assert not at.button(key="desk.publish").disabled  # the admin may publish dep2's rows

    at.session_state["probe.official"] = official_record("bilal", departments=["dep1"])
    at.run()
    assert not at.exception
    assert at.button(key="desk.publish").disabled
    assert any(e.value.startswith("You cannot publish this package") for e in at.error), [e.value for e in at.error]
    assert Deployment(deployment).current_id() == "000002"
