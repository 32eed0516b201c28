"""Who publishes: the actor of a load or roll-back, and the deployment's log of refused attempts.

Successful publishes are recorded in the snapshot itself (`publishes` table and manifest.json);
attempts refused by the desk's rules (another department's rows, a stale preview) and every moderation
of citizens' feedback (`"kind": "feedback"`) are appended to `<deployment>/audit.jsonl`, one JSON object
per line, under an exclusive lock and fsynced.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

AUDIT_FILE = "audit.jsonl"
COMMAND_LINE = "command line"


@dataclass(frozen=True)
class Actor:
    """Who publishes: an official's account, or a person at the command line."""

    username: str  # account name, or the operating-system user at the command line
    display_name: str
    via: str  # "account" | "command line"
    departments: frozenset[str] | None = None  # departments they may publish; None = all

    @classmethod
    def command_line(cls, by: str | None = None) -> Actor:
        """The person running `python -m shafaf` (the OS user; `--by NAME` names them); unrestricted."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry (some containers)
            user = str(os.getuid())
        return cls(user, by or user, COMMAND_LINE, None)

    @classmethod
    def official(cls, username: str, display_name: str, departments: frozenset[str] | None) -> Actor:
        """A signed-in official (auth.Official's fields)."""
        return cls(username, display_name, "account", departments)

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form for the audit records."""
        return {
            "username": self.username,
            "display_name": self.display_name,
            "via": self.via,
            "departments": None if self.departments is None else sorted(self.departments),
        }


def now_utc() -> dt.datetime:
    """The time of an audit record: UTC, whole seconds, naive (as stored in the snapshots)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def append_refusal(folder: Path, record: dict[str, Any]) -> None:
    """Append one refused attempt to the deployment's audit.jsonl (locked, fsynced)."""
    append_record(folder, record)


def append_record(folder: Path, record: dict[str, Any]) -> None:
    """Append one record (a refused attempt, a moderation action) to the deployment's audit.jsonl (locked, fsynced)."""
    folder.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    fd = os.open(folder / AUDIT_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # two writers never interleave their lines
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def read_refusals(folder: Path) -> list[dict[str, Any]]:
    """Every refused attempt recorded in the deployment, oldest first (unreadable lines skipped)."""
    return [r for r in read_records(folder) if "kind" not in r]


def read_records(folder: Path, kind: str | None = None) -> list[dict[str, Any]]:
    """Every record of audit.jsonl (those of one `kind`, e.g. "feedback"), oldest first; refusals have no kind."""
    path = Path(folder) / AUDIT_FILE
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut by a crash mid-write; the rest still count
        if isinstance(rec, dict) and (kind is None or rec.get("kind") == kind):
            out.append(rec)
    return out
