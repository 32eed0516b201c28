"""Where feedback is kept: a SQLite file in the deployment folder (default) or PostgreSQL (several replicas).

Both implement FeedbackStore with the same SQL (values always bound parameters). A submission is
acknowledged only after its transaction has committed: SQLite runs in WAL mode with synchronous=FULL,
PostgreSQL with its default synchronous_commit. The schema is created on first use and versioned in
`feedback_schema`. Feedback never enters the snapshots; client addresses are kept only as salted
hashes in `feedback_rate`, deleted 24 hours after the submission.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from shafaf.feedback.model import (
    MAX_REASON,
    MAX_REPLY,
    RATE_KEEP_SECONDS,
    RATE_WINDOW_SECONDS,
    FeedbackError,
    Limits,
    Refused,
    Submission,
    clean_text,
    month_of,
    utc_iso,
)

SCHEMA_VERSION = 1
DEFAULT_LIMITS = Limits()
SQLITE_FILE = "feedback.sqlite"
SALT_FILE = "feedback.salt"
SALT_ENV = "SHAFAF_FEEDBACK_SALT"
COLUMNS = (
    "feedback_id",
    "initiative_id",
    "region_id",
    "answer",
    "comment",
    "lang",
    "submitted_at",
    "month",
    "state",
    "moderation_reason",
    "moderated_by",
    "moderated_at",
    "reply",
    "reply_date",
    "replied_by",
)

# {id} is the one difference between the two engines' DDL; filled from these constants only
_ID = {"sqlite": "INTEGER PRIMARY KEY AUTOINCREMENT", "postgresql": "BIGSERIAL PRIMARY KEY"}
_REAL = {"sqlite": "REAL", "postgresql": "DOUBLE PRECISION"}
DDL = (
    "CREATE TABLE IF NOT EXISTS feedback_schema (version INTEGER NOT NULL)",
    """CREATE TABLE IF NOT EXISTS feedback_submissions (
        feedback_id {id},
        initiative_id TEXT NOT NULL,
        region_id TEXT NOT NULL,
        answer TEXT NOT NULL CHECK (answer IN ('works', 'partly', 'does_not')),
        comment TEXT CHECK (comment IS NULL OR length(comment) <= 500),
        lang TEXT NOT NULL CHECK (lang IN ('en', 'ur', 'ps')),
        submitted_at TEXT NOT NULL,
        month TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'hidden')),
        moderation_reason TEXT,
        moderated_by TEXT,
        moderated_at TEXT,
        reply TEXT,
        reply_date TEXT,
        replied_by TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS feedback_by_initiative ON feedback_submissions (initiative_id, month)",
    "CREATE TABLE IF NOT EXISTS feedback_rate (address_hash TEXT NOT NULL, initiative_id TEXT NOT NULL, at {real} NOT NULL)",
    "CREATE INDEX IF NOT EXISTS feedback_rate_by_address ON feedback_rate (address_hash, at)",
    "CREATE INDEX IF NOT EXISTS feedback_rate_by_service ON feedback_rate (initiative_id, at)",
    "CREATE INDEX IF NOT EXISTS feedback_rate_by_time ON feedback_rate (at)",
)
PURGE_SQL = "DELETE FROM feedback_rate WHERE at < ?"
COUNT_ADDRESS_SQL = "SELECT count(*) FROM feedback_rate WHERE address_hash = ? AND at >= ?"
COUNT_SERVICE_SQL = "SELECT count(*) FROM feedback_rate WHERE initiative_id = ? AND at >= ?"
INSERT_RATE_SQL = "INSERT INTO feedback_rate (address_hash, initiative_id, at) VALUES (?, ?, ?)"
INSERT_SQL = (
    "INSERT INTO feedback_submissions (initiative_id, region_id, answer, comment, lang, submitted_at, month)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING feedback_id"
)
SELECT_ALL_SQL = "SELECT " + ", ".join(COLUMNS) + " FROM feedback_submissions ORDER BY feedback_id"
SELECT_ONE_SQL = "SELECT " + ", ".join(COLUMNS) + " FROM feedback_submissions WHERE feedback_id = ?"
SELECT_SERVICE_SQL = (
    "SELECT " + ", ".join(COLUMNS) + " FROM feedback_submissions WHERE initiative_id = ? ORDER BY feedback_id"
)
COUNTS_SQL = (
    "SELECT initiative_id, region_id, month, answer, count(*) FROM feedback_submissions"
    " GROUP BY initiative_id, region_id, month, answer ORDER BY initiative_id, region_id, month, answer"
)
MODERATE_SQL = (
    "UPDATE feedback_submissions SET state = ?, moderation_reason = ?, moderated_by = ?, moderated_at = ?"
    " WHERE feedback_id = ?"
)
REPLY_SQL = "UPDATE feedback_submissions SET reply = ?, reply_date = ?, replied_by = ? WHERE feedback_id = ?"
RATE_COUNT_SQL = "SELECT count(*) FROM feedback_rate"
VERSION_SQL = "SELECT max(version) FROM feedback_schema"
SET_VERSION_SQL = "INSERT INTO feedback_schema (version) VALUES (?)"


class FeedbackStoreError(Exception):
    """The feedback store cannot be used (unreachable, or written by a newer Shafaf)."""


class FeedbackStore(Protocol):
    """What the app, the moderation page and the export need from feedback storage."""

    def submit(self, sub: Submission, address_hash: str) -> int:
        """Record a validated submission (Refused when over a limit); its id once committed."""
        ...

    def rows(self, initiative_id: str | None = None) -> list[dict[str, Any]]:
        """Every submission (of one service), oldest first, as dicts of COLUMNS."""
        ...

    def get(self, feedback_id: int) -> dict[str, Any] | None:
        """One submission, or None."""
        ...

    def monthly_counts(self) -> list[tuple[str, str, str, str, int]]:
        """(initiative_id, region_id, month, answer, count) of every submission, moderated or not."""
        ...

    def moderate(self, feedback_id: int, state: str, by: str, reason: str | None) -> dict[str, Any]:
        """Approve or hide a comment (a reason is needed to hide); the row after the change."""
        ...

    def reply(self, feedback_id: int, text: str, by: str) -> dict[str, Any]:
        """Set the department's reply (dated today, UTC); the row after the change."""
        ...

    def purge_rate_limits(self) -> int:
        """Delete the address hashes older than 24 hours; how many went."""
        ...

    def rate_limit_count(self) -> int:
        """How many address hashes are kept right now."""
        ...


class _SqlStore:
    """The logic both engines share; subclasses open connections and begin write transactions."""

    engine = "sqlite"

    def __init__(self, limits: Limits, clock: Callable[[], float]) -> None:
        self.limits = limits
        self.clock = clock
        self._ready = False
        self._ready_lock = threading.Lock()

    # -- per engine --------------------------------------------------------------------------------
    @contextmanager
    def _tx(self, write: bool) -> Iterator[Any]:  # pragma: no cover - overridden
        raise NotImplementedError
        yield

    def _sql(self, sql: str) -> str:
        return sql

    def _exec(self, cur: Any, sql: str, params: tuple[Any, ...] = ()) -> Any:
        cur.execute(self._sql(sql), params)
        return cur

    # -- schema ------------------------------------------------------------------------------------
    def _ensure_schema(self, cur: Any) -> None:
        for statement in DDL:
            self._exec(cur, statement.replace("{id}", _ID[self.engine]).replace("{real}", _REAL[self.engine]))
        version = self._exec(cur, VERSION_SQL).fetchone()[0]
        if version is None:
            self._exec(cur, SET_VERSION_SQL, (SCHEMA_VERSION,))
        elif int(version) > SCHEMA_VERSION:
            raise FeedbackStoreError(
                f"the feedback store has schema version {version}; this Shafaf knows {SCHEMA_VERSION}"
            )

    def ready(self) -> None:
        """Create the schema on first use (once per store object)."""
        if self._ready:
            return
        with self._ready_lock:
            if not self._ready:
                with self._tx(write=True) as cur:
                    self._lock_schema(cur)
                    self._ensure_schema(cur)
                self._ready = True

    def _lock_schema(self, cur: Any) -> None:
        """Make concurrent first uses wait for each other (SQLite: the write transaction already does)."""

    def _lock_rate(self, cur: Any) -> None:
        """Serialise submissions, so two cannot both pass a limit (SQLite: BEGIN IMMEDIATE already does)."""

    # -- the protocol ------------------------------------------------------------------------------
    def submit(self, sub: Submission, address_hash: str) -> int:
        """Record a validated submission (Refused when over a limit); its id once committed."""
        self.ready()
        now = self.clock()
        at = dt.datetime.fromtimestamp(now, dt.UTC)
        with self._tx(write=True) as cur:
            self._lock_rate(cur)
            self._exec(cur, PURGE_SQL, (now - RATE_KEEP_SECONDS,))
            since = now - RATE_WINDOW_SECONDS
            if (
                self._exec(cur, COUNT_ADDRESS_SQL, (address_hash, since)).fetchone()[0]
                >= self.limits.per_address_per_hour
            ):
                raise Refused("address")
            if self._exec(cur, COUNT_SERVICE_SQL, (sub.initiative_id, since)).fetchone()[0] >= (
                self.limits.per_service_per_hour
            ):
                raise Refused("service")
            self._exec(cur, INSERT_RATE_SQL, (address_hash, sub.initiative_id, now))
            row = self._exec(
                cur,
                INSERT_SQL,
                (sub.initiative_id, sub.region_id, sub.answer, sub.comment, sub.lang, utc_iso(at), month_of(at)),
            ).fetchone()
        return int(row[0])  # the transaction has committed when _tx returns

    def rows(self, initiative_id: str | None = None) -> list[dict[str, Any]]:
        """Every submission (of one service), oldest first, as dicts of COLUMNS."""
        self.ready()
        with self._tx(write=False) as cur:
            if initiative_id is None:
                got = self._exec(cur, SELECT_ALL_SQL).fetchall()
            else:
                got = self._exec(cur, SELECT_SERVICE_SQL, (initiative_id,)).fetchall()
        return [dict(zip(COLUMNS, r, strict=True)) for r in got]

    def get(self, feedback_id: int) -> dict[str, Any] | None:
        """One submission, or None."""
        self.ready()
        with self._tx(write=False) as cur:
            r = self._exec(cur, SELECT_ONE_SQL, (int(feedback_id),)).fetchone()
        return None if r is None else dict(zip(COLUMNS, r, strict=True))

    def monthly_counts(self) -> list[tuple[str, str, str, str, int]]:
        """(initiative_id, region_id, month, answer, count) of every submission, moderated or not."""
        self.ready()
        with self._tx(write=False) as cur:
            return [(a, b, c, d, int(n)) for a, b, c, d, n in self._exec(cur, COUNTS_SQL).fetchall()]

    def moderate(self, feedback_id: int, state: str, by: str, reason: str | None) -> dict[str, Any]:
        """Approve or hide a comment (a reason is needed to hide); the row after the change."""
        if state not in ("approved", "hidden"):
            raise FeedbackError("bad_state")
        reason = clean_text(reason, MAX_REASON, "reason_too_long")
        if state == "hidden" and not reason:
            raise FeedbackError("reason_needed")
        self.ready()
        when = utc_iso(dt.datetime.fromtimestamp(self.clock(), dt.UTC))
        with self._tx(write=True) as cur:
            if self._exec(cur, MODERATE_SQL, (state, reason, by, when, int(feedback_id))).rowcount != 1:
                raise FeedbackError("not_found")
        return self.get(feedback_id) or {}

    def reply(self, feedback_id: int, text: str, by: str) -> dict[str, Any]:
        """Set the department's reply (dated today, UTC); the row after the change."""
        cleaned = clean_text(text, MAX_REPLY, "reply_too_long")
        if not cleaned:
            raise FeedbackError("reply_needed")
        self.ready()
        day = dt.datetime.fromtimestamp(self.clock(), dt.UTC).date().isoformat()
        with self._tx(write=True) as cur:
            if self._exec(cur, REPLY_SQL, (cleaned, day, by, int(feedback_id))).rowcount != 1:
                raise FeedbackError("not_found")
        return self.get(feedback_id) or {}

    def purge_rate_limits(self) -> int:
        """Delete the address hashes older than 24 hours; how many went."""
        self.ready()
        with self._tx(write=True) as cur:
            return int(self._exec(cur, PURGE_SQL, (self.clock() - RATE_KEEP_SECONDS,)).rowcount)

    def rate_limit_count(self) -> int:
        """How many address hashes are kept right now."""
        self.ready()
        with self._tx(write=False) as cur:
            return int(self._exec(cur, RATE_COUNT_SQL).fetchone()[0])


class _Pool:
    """A few idle connections kept for reuse (opening one per page view costs more than the query)."""

    KEEP = 4

    def __init__(self, connect: Callable[[], Any], healthy: Callable[[Any], bool]) -> None:
        self.connect, self.healthy = connect, healthy
        self.idle: list[Any] = []
        self.lock = threading.Lock()

    @contextmanager
    def connection(self) -> Iterator[Any]:
        with self.lock:
            con = self.idle.pop() if self.idle else None
        if con is None:
            con = self.connect()
        try:
            yield con
        finally:
            keep = self.healthy(con)
            with self.lock:
                if keep and len(self.idle) < self.KEEP:
                    self.idle.append(con)
                    con = None
            if con is not None:
                con.close()


class SqliteStore(_SqlStore):
    """Feedback in one SQLite file (WAL, synchronous=FULL): a committed write survives kill -9 and power loss."""

    engine = "sqlite"

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS, clock: Callable[[], float] = time.time) -> None:
        super().__init__(limits, clock)
        self.path = Path(path)
        self._pool = _Pool(self._connect, lambda con: not con.in_transaction)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")  # the commit returns only once the WAL is on disk
        return con

    @contextmanager
    def _tx(self, write: bool) -> Iterator[Any]:
        with self._pool.connection() as con:
            cur = con.cursor()
            # IMMEDIATE takes the write lock at once: two submissions never both pass a limit
            cur.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield cur
            except BaseException:
                con.rollback()
                raise
            con.commit()


class PostgresStore(_SqlStore):
    """Feedback in PostgreSQL (psycopg 3), for several replicas sharing one store."""

    engine = "postgresql"

    def __init__(self, url: str, limits: Limits = DEFAULT_LIMITS, clock: Callable[[], float] = time.time) -> None:
        super().__init__(limits, clock)
        self.url = url
        self._pool = _Pool(self._connect, lambda con: not con.closed and not con.broken)

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s")  # the same statements; psycopg's placeholder (no literal ? in them)

    def _connect(self) -> Any:
        import psycopg

        try:
            return psycopg.connect(self.url, connect_timeout=10, autocommit=True)
        except psycopg.OperationalError as e:
            raise FeedbackStoreError(f"cannot reach the feedback database: {e}") from e

    @contextmanager
    def _tx(self, write: bool) -> Iterator[Any]:
        import psycopg

        with self._pool.connection() as con:
            try:
                with con.transaction(), con.cursor() as cur:
                    yield cur  # the transaction commits when this block ends, before _tx returns
            except psycopg.OperationalError as e:
                raise FeedbackStoreError(f"the feedback database failed: {e}") from e

    def _lock_schema(self, cur: Any) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(4715015)")

    def _lock_rate(self, cur: Any) -> None:
        # SHARE ROW EXCLUSIVE conflicts with itself: submissions take turns, reads go on
        cur.execute("LOCK TABLE feedback_rate IN SHARE ROW EXCLUSIVE MODE")


def deployment_salt(folder: Path) -> bytes:
    """The secret salt of address hashes: $SHAFAF_FEEDBACK_SALT, else `feedback.salt` in the deployment
    folder (created with mode 0600 on first use; replicas sharing the folder share it)."""
    env = os.environ.get(SALT_ENV)
    if env:
        return env.encode("utf-8")
    path = Path(folder) / SALT_FILE
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_bytes().strip()
    try:
        os.write(fd, secrets.token_hex(32).encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return path.read_bytes().strip()


def open_store(
    database: str, folder: Path, limits: Limits = DEFAULT_LIMITS, clock: Callable[[], float] = time.time
) -> _SqlStore:
    """The store config.yaml names: PostgreSQL for a postgresql:// URL, else SQLite in the deployment folder."""
    if database.startswith(("postgresql://", "postgres://")):
        return PostgresStore(database, limits, clock)
    return SqliteStore(Path(folder) / SQLITE_FILE, limits, clock)


def store_for(settings: Any, clock: Callable[[], float] = time.time) -> _SqlStore:
    """The deployment's feedback store, with the limits config.yaml sets (settings: shafaf.settings.Settings)."""
    limits = Limits(settings.feedback_per_address_per_hour, settings.feedback_per_service_per_hour)
    return open_store(settings.feedback_database, Path(settings.database).absolute().parent, limits, clock)
