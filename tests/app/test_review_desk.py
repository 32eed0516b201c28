"""Review of the officials' desk where its pieces meet: previews, sessions and who acts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from shafaf.auth import SESSION_KEY, session
from shafaf.i18n import t
from shafaf.officials import admin_page, desk, feedback_page, publish_page
from shafaf.store.audit import Actor, read_refusals
from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from tests.authtools import official_record
from tests.pkgtools import ROOT, copy_fixture, make_tiny_v2, replace_in

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


def test_a_roll_back_armed_before_a_sign_out_is_not_waiting_for_the_next_official(deployment: Path) -> None:
    """The confirmation step of a roll back (and the desk's preview) end with the sign-in that started them."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.session_state[SESSION_KEY] = official_record("root", role="admin")
    at.run()
    at.switch_page("pages/officials/admin.py").run()
    at.selectbox(key="admin.rollback_choice").set_value("000001").run()
    at.button(key="admin.rollback").click().run()
    assert at.button(key="admin.rollback_yes")  # armed
    at.button(key="auth.sign_out").click().run()
    assert SESSION_KEY not in at.session_state

    at.session_state[SESSION_KEY] = official_record("sara", role="admin")
    at.run()
    assert not at.exception
    assert "admin.rollback_yes" not in _keys(at)
    assert "admin.rollback" in _keys(at)
    assert Deployment(deployment).current_id() == "000002"


def test_an_expired_sign_in_forgets_an_armed_roll_back(deployment: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An admin arms a roll back and walks away: the sign-in expires; signing in again starts at step one."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.session_state[SESSION_KEY] = official_record("root", role="admin")
    at.run()
    at.switch_page("pages/officials/admin.py").run()
    at.button(key="admin.rollback").click().run()
    assert "admin.rollback_yes" in _keys(at)
    later = session.clock() + 24 * 3600
    monkeypatch.setattr(session, "clock", lambda: later)
    at.run()  # the expired sign-in: the page asks for a sign-in
    assert "admin.rollback_yes" not in _keys(at)
    assert Deployment(deployment).current_id() == "000002"
    rec = official_record("root", role="admin")
    rec["signed_in_at"] = rec["last_seen"] = later
    at.session_state[SESSION_KEY] = rec
    at.run()
    assert not at.exception
    assert "admin.rollback_yes" not in _keys(at)
    assert "admin.rollback" in _keys(at)
    assert Deployment(deployment).current_id() == "000002"


def _keys(at: AppTest) -> set[str]:
    return {b.key for b in at.button}


def test_the_state_a_sign_in_forgets_names_every_desk_key() -> None:
    """The keys are literal strings in shafaf.auth (it imports no officials' page); they must stay the pages' keys."""
    keys = {
        publish_page.PREVIEW_KEY,
        publish_page.PUBLISHED_KEY,
        admin_page.CONFIRM_KEY,
        admin_page.DONE_KEY,
        feedback_page.DONE_KEY,
    }
    assert keys == set(session.SIGNED_IN_STATE)


def test_a_roll_back_is_refused_when_someone_published_after_it_was_chosen(deployment: Path, tmp_path: Path) -> None:
    """Server side, at the moment of the action: a roll back names the version it was chosen against."""
    admin = Actor.official("root", "Root", None)
    v3 = copy_fixture(tmp_path / "v3")
    replace_in(v3 / "package.yaml", "as_of: 2026-03-15", "as_of: 2026-03-31")  # not 000001 again: a roll back changes
    assert load_package(v3, deployment, by=admin).snapshot_id == "000003"
    r = desk.roll_back(deployment, "000001", actor=admin, expected_previous="000002")
    assert r.snapshot_id is None and r.refused == "stale"
    assert Deployment(deployment).current_id() == "000003"
    assert read_refusals(Deployment(deployment).folder)[-1]["reason"] == "stale"
    assert desk.roll_back(deployment, "000001", actor=admin, expected_previous="000003").snapshot_id == "000004"


def test_a_confirmation_armed_before_someone_else_published_does_not_roll_back_their_version(
    deployment: Path, tmp_path: Path
) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.session_state[SESSION_KEY] = official_record("root", role="admin")
    at.run()
    at.switch_page("pages/officials/admin.py").run()
    at.selectbox(key="admin.rollback_choice").set_value("000001").run()
    at.button(key="admin.rollback").click().run()
    assert "admin.rollback_yes" in _keys(at)
    # meanwhile a publisher publishes new figures
    by = Actor.official("amina", "Amina", frozenset({"dep1", "dep2"}))
    assert load_package(copy_fixture(tmp_path / "v3"), deployment, by=by).snapshot_id == "000003"
    at.button(key="admin.rollback_yes").click().run()
    assert not at.exception
    assert Deployment(deployment).current_id() == "000003"  # amina's version was not silently replaced
    assert any("published version 000003 after you chose to roll back" in e.value for e in [*at.warning, *at.error])


def test_the_desk_refuses_a_package_identical_to_the_current_version(deployment: Path, tmp_path: Path) -> None:
    at = AppTest.from_file(str(PROBE), default_timeout=90)
    at.session_state["probe.upload"] = ("same.zip", _zip(make_tiny_v2(tmp_path / "same")))  # = snapshot 000002
    at.session_state["probe.official"] = official_record("root", role="admin")
    at.run()
    assert not at.exception
    assert at.button(key="desk.publish").disabled
    assert [e.value for e in at.error] == [t("desk.nothing_changed", snapshot="000002")]
    assert Deployment(deployment).current_id() == "000002"
