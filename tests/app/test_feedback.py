"""Feedback in the app: a citizen's answer through the form (and the limit's message), hostile comments
and replies shown as text on the public page and on the moderation page, a publisher moderating only
their departments' services, every action in the audit record."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from shafaf.auth import SESSION_KEY
from shafaf.feedback.model import Submission
from shafaf.feedback.store import SqliteStore
from shafaf.fmt import md
from shafaf.i18n import t
from shafaf.store.audit import read_records
from tests.app.conftest import page
from tests.app.test_hostile import ACTIVE, BADGE, NOT_MARKDOWN, PAYLOADS, _nodes, _proto_strings, leaked_bidi
from tests.authtools import official_record
from tests.pkgtools import ROOT

DISTRICT, SERVICE, HEALTH = "pk-kp-peshawar", "e-challan", "health-card"


@pytest.fixture
def fb(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SqliteStore]:
    """A deployment sharing the demo's snapshots, with its own (empty) feedback store; limit 1 an hour."""
    folder = tmp_path / "deploy"
    folder.mkdir()
    (folder / "snapshots").symlink_to(demo_db.parent / "snapshots")
    (folder / "shafaf.duckdb").symlink_to(os.readlink(demo_db))
    config = tmp_path / "config.yaml"
    config.write_text("feedback_per_address_per_hour: 1\n", encoding="utf-8")
    monkeypatch.setenv("SHAFAF_DB", str(folder / "shafaf.duckdb"))
    monkeypatch.setenv("SHAFAF_CONFIG", str(config))
    monkeypatch.delenv("SHAFAF_FEEDBACK_DATABASE", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield SqliteStore(folder / "feedback.sqlite")
    st.cache_resource.clear()


def _strings(at: AppTest) -> list[str]:
    """Every markdown-rendered string on the page, checked to carry no active markup or bidi control."""
    shown: list[str] = []
    for node in _nodes(at._tree):
        if type(node).__name__ in NOT_MARKDOWN or node.proto.DESCRIPTOR.name == "PlotlyChart":
            continue
        for s in _proto_strings(node.proto):
            shown.append(s)
            s = BADGE.sub(r"\1", s)
            for rule in ACTIVE:
                assert not rule.search(s), (rule.pattern, s[:300])
            assert not leaked_bidi(s, rtl=True), s[:300]
    return shown


def _seed_hostile(store: SqliteStore, service: str) -> list[int]:
    ids = []
    for i, p in enumerate(PAYLOADS):
        ids.append(store.submit(Submission(service, DISTRICT, "does_not", p[:500], "en"), f"h{service}{i}"))
    return ids


def test_a_citizen_answers_in_urdu_and_a_second_answer_in_the_hour_is_refused(fb: SqliteStore) -> None:
    at = page("pages/public/initiative.py", region=DISTRICT, initiative=SERVICE, lang="ur")
    assert not at.exception
    at.radio(key="initiative.feedback.answer").set_value("partly")
    at.text_area(key="initiative.feedback.comment").set_value("رات کو بہت سست")
    next(b for b in at.button if b.label == t("feedback.send", "ur")).click().run()
    assert [s.value for s in at.success] == [t("feedback.thanks", "ur")]
    [row] = fb.rows()
    assert (row["initiative_id"], row["region_id"], row["answer"], row["comment"], row["lang"], row["state"]) == (
        SERVICE,
        DISTRICT,
        "partly",
        "رات کو بہت سست",
        "ur",
        "pending",
    )
    at.radio(key="initiative.feedback.answer").set_value("works")
    next(b for b in at.button if b.label == t("feedback.send", "ur")).click().run()
    assert t("feedback.refused_address", "ur") in [w.value for w in at.warning]
    assert len(fb.rows()) == 1
    # counted at once (pending answers count); the comment waits for the department
    assert "رات کو بہت سست" not in " ".join(_strings(at))


def test_hostile_comments_and_replies_show_as_text_on_the_public_page(fb: SqliteStore) -> None:
    ids = _seed_hostile(fb, SERVICE)
    for i, fid in enumerate(ids):
        fb.moderate(fid, "approved", "root", None)
        fb.reply(fid, PAYLOADS[(i + 3) % len(PAYLOADS)][:2000], "root")
    secret = fb.submit(Submission(SERVICE, DISTRICT, "works", "PENDING-SECRET", "en"), "p")
    hidden = fb.submit(Submission(SERVICE, DISTRICT, "works", "HIDDEN-SECRET", "en"), "q")
    fb.moderate(hidden, "hidden", "root", "abuse")
    assert secret
    at = page("pages/public/initiative.py", region=DISTRICT, initiative=SERVICE)
    assert not at.exception and not at.error
    shown = _strings(at)
    text = "\n".join(shown)
    assert "\\<script\\>alert\\(1\\)\\</script\\>" in text  # the comment, escaped, and its reply
    assert sum("\\:red\\[alert\\]" in s for s in shown) >= 3  # the publisher, a comment, a reply
    assert "PENDING-SECRET" not in text and "HIDDEN-SECRET" not in text
    assert md(t("feedback.summary", region="Peshawar", total="13", works="2", partly="0", does_not="11")) in text
    table = next(d.value for d in at.dataframe if t("feedback.col_total") in d.value.columns)
    assert table[t("feedback.col_total")].tolist() == [13]


def test_a_publisher_moderates_only_their_services_and_every_action_is_audited(fb: SqliteStore) -> None:
    mine = _seed_hostile(fb, HEALTH)
    theirs = fb.submit(Submission(SERVICE, DISTRICT, "works", "TRAFFIC-COMMENT", "en"), "t")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state[SESSION_KEY] = official_record("amina", departments=["kp-health"])
    at.run()
    at.switch_page("pages/officials/feedback.py").run()
    assert not at.exception and not at.error
    shown = "\n".join(_strings(at))
    assert "TRAFFIC-COMMENT" not in shown and md(PAYLOADS[1]) in shown
    assert t("feedback.queue_count", n=len(mine)) in shown
    at.text_area(key=f"feedback.reply.{mine[0]}").set_value("We changed the form.")
    at.button(key=f"feedback.save_reply.{mine[0]}").click().run()
    at.button(key=f"feedback.approve.{mine[0]}").click().run()
    at.text_input(key=f"feedback.reason.{mine[1]}").set_value("spam")
    at.button(key=f"feedback.hide.{mine[1]}").click().run()
    assert [s.value for s in at.success] == [t("feedback.done_hide", id=mine[1])]
    assert (fb.get(mine[0]) or {})["state"] == "approved" and (fb.get(mine[0]) or {})["reply"] == "We changed the form."
    assert ((fb.get(mine[1]) or {})["state"], (fb.get(mine[1]) or {})["moderation_reason"]) == ("hidden", "spam")
    assert (fb.get(theirs) or {})["state"] == "pending"
    recs = read_records(fb.path.parent, "feedback")
    assert [(r["action"], r["feedback_id"], r["by"]["username"]) for r in recs] == [
        ("reply", mine[0], "amina"),
        ("approve", mine[0], "amina"),
        ("hide", mine[1], "amina"),
    ]
    # hiding without a reason is refused with a message, and nothing changes
    at.button(key=f"feedback.hide.{mine[2]}").click().run()
    assert [e.value for e in at.error] == [t("feedback.invalid_reason_needed")]
    assert (fb.get(mine[2]) or {})["state"] == "pending"
