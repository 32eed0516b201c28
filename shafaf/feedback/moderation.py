"""Moderation: an official approves or hides a comment, or replies; each action is checked and audited."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from shafaf.feedback.model import ACTIONS, FeedbackError, may_moderate
from shafaf.feedback.store import FeedbackStore
from shafaf.store.audit import Actor, append_record, now_utc


def act(
    store: FeedbackStore,
    audit_folder: Path,
    feedback_id: int,
    action: str,
    actor: Actor,
    text: str | None,
    department_of: Mapping[str, str],
) -> dict[str, Any]:
    """Do one moderation action ("approve", "hide" with a reason, "reply" with its text); the row after it.

    FeedbackError("not_allowed") when the service is not of the official's departments. The action is
    appended to the deployment's audit.jsonl once the store has committed it.
    """
    if action not in ACTIONS:
        raise FeedbackError("bad_action")
    row = store.get(feedback_id)
    if row is None:
        raise FeedbackError("not_found")
    if not may_moderate(actor.departments, department_of, row["initiative_id"]):
        raise FeedbackError("not_allowed")
    if action == "reply":
        row = store.reply(feedback_id, text or "", actor.username)
    else:
        row = store.moderate(feedback_id, "approved" if action == "approve" else "hidden", actor.username, text)
    append_record(
        audit_folder,
        {
            "kind": "feedback",
            "action": action,
            "at": now_utc().isoformat() + "Z",
            "by": actor.as_dict(),
            "feedback_id": int(feedback_id),
            "initiative_id": row["initiative_id"],
            "state": row["state"],
            "reason": row["moderation_reason"] if action != "reply" else None,
            "reply": row["reply"] if action == "reply" else None,
        },
    )
    return row
