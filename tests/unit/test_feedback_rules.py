"""Feedback's pure rules and plumbing: validation, the client address behind a proxy, the salted hash,
the public and open-data views, moderation rights and its audit record, settings, the export."""

from __future__ import annotations

import csv
import json
import stat
from pathlib import Path

import pytest

from shafaf.export import export_snapshot
from shafaf.feedback import view
from shafaf.feedback.model import FeedbackError, Submission, address_hash, client_address, validate
from shafaf.feedback.moderation import act
from shafaf.feedback.store import SqliteStore, deployment_salt
from shafaf.settings import SettingsError, load_settings
from shafaf.store.audit import Actor, append_refusal, read_records, read_refusals
from shafaf.store.publish import load_package
from shafaf.store.reader import open_snapshot
from tests.pkgtools import copy_fixture


def test_validation_on_the_server() -> None:
    ok = validate(Submission("s1", "d1", "partly", "  \x00slow  ", "ps"), ["s1"], ["d1"])
    assert ok.comment == "slow" and ok.answer == "partly"
    assert validate(Submission("s1", "d1", "works", "   ", "en")).comment is None
    assert validate(Submission("s1", "d1", "works", "x" * 500, "en")).comment == "x" * 500
    for bad, code in [
        (Submission("s1", "d1", "works", "x" * 501, "en"), "too_long"),
        (Submission("s1", "d1", "great", None, "en"), "bad_answer"),
        (Submission("s1", "d1", "", None, "en"), "bad_answer"),  # the form sent without an answer
        (Submission("s1", "d1", "works", None, "fr"), "bad_lang"),
        (Submission("s9", "d1", "works", None, "en"), "bad_service"),
        (Submission("s1", "d9", "works", None, "en"), "bad_region"),
    ]:
        with pytest.raises(FeedbackError) as e:
            validate(bad, ["s1"], ["d1"])
        assert e.value.code == code


@pytest.mark.parametrize(
    ("remote", "xff", "trusted", "expected"),
    [
        ("203.0.113.9", ["198.51.100.1"], [], "203.0.113.9"),  # no proxy trusted: the header is ignored
        (None, [], [], "local"),  # Streamlit reports a visitor on this machine as None
        ("10.0.0.2", ["198.51.100.1"], ["10.0.0.0/8"], "198.51.100.1"),
        ("10.0.0.2", ["6.6.6.6, 198.51.100.1, 10.0.0.3"], ["10.0.0.0/8"], "198.51.100.1"),  # rightmost untrusted
        ("203.0.113.9", ["198.51.100.1"], ["10.0.0.0/8"], "203.0.113.9"),  # not from the proxy: header ignored
        ("10.0.0.2", ["junk, 198.51.100.1"], ["10.0.0.0/8"], "198.51.100.1"),
        ("10.0.0.2", ["198.51.100.1, junk"], ["10.0.0.0/8"], "10.0.0.2"),  # garbage nearest: trust nothing
        (None, ["198.51.100.7"], ["127.0.0.1"], "198.51.100.7"),  # a proxy on this machine
    ],
)
def test_client_address_reads_x_forwarded_for_only_from_a_trusted_proxy(
    remote: str | None, xff: list[str], trusted: list[str], expected: str
) -> None:
    assert client_address(remote, xff, trusted) == expected


def test_the_address_is_kept_only_as_a_salted_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHAFAF_FEEDBACK_SALT", raising=False)
    salt = deployment_salt(tmp_path)
    assert len(salt) == 64 and deployment_salt(tmp_path) == salt
    assert stat.S_IMODE((tmp_path / "feedback.salt").stat().st_mode) == 0o600
    h = address_hash("203.0.113.9", salt)
    assert len(h) == 64 and "203.0.113.9" not in h
    assert h == address_hash("203.0.113.9", salt) != address_hash("203.0.113.9", b"other")
    monkeypatch.setenv("SHAFAF_FEEDBACK_SALT", "shared-secret")
    assert deployment_salt(tmp_path / "elsewhere") == b"shared-secret"


def _row(fid: int, state: str, comment: str | None, month: str = "2026-11", region: str = "d1", **kw: object) -> dict:
    base = {"feedback_id": fid, "initiative_id": "s1", "region_id": region, "answer": "works", "comment": comment}
    base |= {"lang": "en", "month": month, "state": state, "reply": None, "reply_date": None}
    return base | kw


ROWS = [
    _row(1, "approved", "good", "2026-10", answer="works"),
    _row(2, "pending", "secret", "2026-10", answer="does_not"),
    _row(3, "hidden", "abuse", "2026-11", answer="does_not"),
    _row(4, "pending", None, "2026-11", region="d2", answer="partly"),
    _row(5, "approved", "slow", "2026-11", answer="partly", reply="fixed", reply_date="2026-11-20"),
    _row(6, "approved", "late", "2026-11", region="d2", answer="works", reply="sorry", reply_date="2026-11-25"),
]


def test_the_public_view_counts_everything_and_shows_only_approved_comments() -> None:
    fb = view.public_feedback(ROWS)
    assert fb.counts.to_dict("records") == [
        {"month": "2026-10", "works": 1, "partly": 0, "does_not": 1, "total": 2},
        {"month": "2026-11", "works": 1, "partly": 2, "does_not": 1, "total": 4},
    ]
    assert [c["feedback_id"] for c in fb.comments] == [6, 5, 1]
    assert [c["feedback_id"] for c in fb.replies] == [6, 5]  # newest reply first
    assert (fb.total, fb.answered("partly")) == (6, 2)
    district = view.public_feedback(ROWS, {"d2"})
    assert district.counts.to_dict("records") == [
        {"month": "2026-11", "works": 1, "partly": 1, "does_not": 0, "total": 2}
    ]
    assert [c["feedback_id"] for c in district.comments] == [6]
    assert view.public_feedback([]).total == 0


def test_open_data_has_approved_comments_only_and_the_moderation_queue_is_scoped() -> None:
    published = view.open_data_comments(ROWS)
    assert published["feedback_id"].tolist() == [1, 5, 6]
    assert "secret" not in published.to_csv() and "abuse" not in published.to_csv()
    assert [r["feedback_id"] for r in view.moderation_queue(ROWS, None, "pending")] == [2]
    assert [r["feedback_id"] for r in view.moderation_queue(ROWS, {"s1"}, None)] == [6, 5, 3, 2, 1]
    assert view.moderation_queue(ROWS, {"s2"}, None) == []


def test_moderation_checks_the_department_and_records_every_action(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "feedback.sqlite")
    fid = store.submit(Submission("s1", "d1", "works", "<b>hi</b>", "en"), "h")
    amina = Actor.official("amina", "Amina", frozenset({"health"}))
    depts = {"s1": "health", "s2": "roads"}
    other = store.submit(Submission("s2", "d1", "works", "x", "en"), "h2")
    with pytest.raises(FeedbackError) as e:
        act(store, tmp_path, other, "approve", amina, None, depts)
    assert e.value.code == "not_allowed"
    act(store, tmp_path, fid, "hide", amina, "rude", depts)
    act(store, tmp_path, fid, "approve", amina, "checked again", depts)
    row = act(store, tmp_path, fid, "reply", amina, "Thank you", depts)
    assert (row["state"], row["reply"]) == ("approved", "Thank you")
    append_refusal(tmp_path, {"reason": "stale", "by": {}})
    recs = read_records(tmp_path, "feedback")
    assert [(r["action"], r["feedback_id"], r["by"]["username"]) for r in recs] == [
        ("hide", fid, "amina"),
        ("approve", fid, "amina"),
        ("reply", fid, "amina"),
    ]
    assert (recs[0]["reason"], recs[2]["reply"]) == ("rude", "Thank you")
    assert [r["reason"] for r in read_refusals(tmp_path)] == ["stale"]  # the desk's list is unchanged


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_feedback_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHAFAF_FEEDBACK_DATABASE", raising=False)
    s = load_settings(_config(tmp_path, ""))
    assert (s.feedback_database, s.feedback_per_address_per_hour, s.feedback_per_service_per_hour) == ("", 5, 300)
    assert s.trusted_proxies == ()
    s = load_settings(
        _config(tmp_path, "feedback_database: postgresql://u@db:5432/f\ntrusted_proxies: [10.0.0.0/8, 127.0.0.1]\n")
    )
    assert (s.feedback_database, s.trusted_proxies) == ("postgresql://u@db:5432/f", ("10.0.0.0/8", "127.0.0.1"))
    for bad in [
        "feedback_database: /tmp/x.sqlite\n",
        "trusted_proxies: [not-an-ip]\n",
        "trusted_proxies: 10.0.0.1\n",
        "feedback_per_address_per_hour: 0\n",
    ]:
        with pytest.raises(SettingsError):
            load_settings(_config(tmp_path, bad))
    monkeypatch.setenv("SHAFAF_FEEDBACK_DATABASE", "mysql://x")
    with pytest.raises(SettingsError):
        load_settings(_config(tmp_path, ""))


def test_export_includes_approved_comments_and_counts_with_formulas_neutralised(tmp_path: Path) -> None:
    db = tmp_path / "d" / "shafaf.duckdb"
    assert load_package(copy_fixture(tmp_path / "pkg"), db).snapshot_id
    store = SqliteStore(tmp_path / "feedback.sqlite")
    a = store.submit(Submission("i1", "a", "works", '=HYPERLINK("http://x","y")', "en"), "h1")
    store.submit(Submission("i1", "a", "does_not", "pending text", "en"), "h2")
    store.moderate(a, "approved", "root", None)
    store.reply(a, "+we fixed it", "root")
    snap = open_snapshot(db)
    try:
        d = export_snapshot(snap, tmp_path / "out", feedback=store)
    finally:
        snap.close()
    names = [r["name"] for r in d["resources"]]
    assert names[-2:] == ["feedback-comments", "feedback-counts"]
    with (tmp_path / "out" / "feedback_comments.csv").open(encoding="utf-8") as f:
        comments = list(csv.DictReader(f))
    assert [(c["comment"], c["reply"], c["answer"]) for c in comments] == [
        ('\'=HYPERLINK("http://x","y")', "'+we fixed it", "works")
    ]
    with (tmp_path / "out" / "feedback_counts.csv").open(encoding="utf-8") as f:
        counts = [(r["answer"], r["count"]) for r in csv.DictReader(f)]
    assert sorted(counts) == [("does_not", "1"), ("works", "1")]
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").iterdir())
    assert "pending text" not in text and "address_hash" not in text and "h1" not in text
    assert json.loads((tmp_path / "out" / "datapackage.json").read_text())["resources"][-1]["rows"] == 2
    import frictionless

    report = frictionless.validate(str(tmp_path / "out" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
